import type { CrawlerBackend, CrawlerRun, CrawlerWorkflow, Page } from '../../../src/core/atlan/backend';

/** An in-memory CrawlerBackend for testing what sits on top of the interface; counts calls. */
export function fakeBackend(workflows: CrawlerWorkflow[], runs: CrawlerRun[]): CrawlerBackend & { calls: string[] } {
  const calls: string[] = [];
  const page = <T>(items: T[], cursor: string | undefined, size: number): Page<T> => {
    const from = Number(cursor ?? 0);
    const slice = items.slice(from, from + size);
    return { items: slice, total: items.length, next: from + size < items.length ? String(from + size) : undefined };
  };
  const byStart = (a: CrawlerRun, b: CrawlerRun): number => (b.startedAt ?? '').localeCompare(a.startedAt ?? '');
  const unsupported = (): never => {
    throw new Error('not used by this test');
  };
  return {
    calls,
    surface: 'workflows',
    listWorkflows: (q) => {
      calls.push('listWorkflows');
      return Promise.resolve(page(workflows, q.cursor, q.size));
    },
    latestRuns: (names) => {
      calls.push('latestRuns');
      const latest = new Map<string, CrawlerRun>();
      for (const run of [...runs].sort(byStart)) if (names.includes(run.workflowName) && !latest.has(run.workflowName)) latest.set(run.workflowName, run);
      return Promise.resolve(latest);
    },
    listRuns: (name, q) => {
      calls.push('listRuns');
      return Promise.resolve(page(runs.filter((r) => r.workflowName === name).sort(byStart), q.cursor, q.size));
    },
    getWorkflow: unsupported,
    findByConnectionName: unsupported,
    getRuns: unsupported,
    create: unsupported,
    rerun: unsupported,
    update: unsupported,
    archive: unsupported,
    stop: unsupported,
    getSchedules: unsupported,
    addSchedule: unsupported,
    removeSchedule: unsupported,
    getDefinition: unsupported,
  };
}

export function workflow(n: number): CrawlerWorkflow {
  return { name: `atlan-postgres-${1700000000 + n}`, connectionName: `conn-${n}`, surface: 'workflows' };
}

export function run(w: CrawlerWorkflow, suffix: string, phase: string, startedAt?: string): CrawlerRun {
  return { id: `${w.name}-${suffix}`, workflowName: w.name, phase, startedAt, failedSteps: [] };
}
