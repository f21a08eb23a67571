/**
 * Bench: `atlan-postgres plan` of 200 configuration files against a 10,000-workflow tenant, on
 * each surface (the legacy package-workflow API, then the App API), next to the naive way in the
 * same run.
 *
 * The folder: 100 files that record a workflow and match it, 50 that record one and differ from
 * it (rowLimit), 25 that record none but name the connection of a seeded crawler (adopt), 25 new
 * connections (create). Files are built in memory from the tenant's own definitions before
 * anything is measured, so both ways get the same input and no disk reads are timed.
 *
 * - ours: readTenantSnapshot (the workflow list in pages of 1000, the roles once, one definition
 *   per recorded or adopted workflow, 4 at once) + planFiles;
 * - naive: one `diff` per file that records a workflow (getWorkflow, getDefinition, listRoles, as
 *   `atlan-postgres diff FILE` does), and for a file that records none the duplicate guard's
 *   look-up of its connection (findByConnectionName, as `submit` does), one file after another.
 *   The look-up pages through every crawler (100 a page), so the whole folder takes about five
 *   minutes: the naive way is measured on every 5th file (the same mix of actions) and its time
 *   and requests multiplied by 5, printed as extrapolated next to what was measured.
 *
 * Both ways' actions are checked against the folder's known truth (`right`).
 *
 *   npx tsc -p . && node out/bench/plan.js [--quick] [--json FILE]
 */
import { writeFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import type { CrawlerWorkflow } from '../src/core/atlan/backend';
import { CrawlerConfigSchema, type CrawlerConfigInput } from '../src/core/config/model';
import { planFiles, type PlanAction, type PlanInputFile } from '../src/core/plan/plan';
import { listAllCrawlers, readTenantSnapshot } from '../src/core/tenant/tenantSnapshot';
import { detectDrift } from '../src/core/workflow/drift';
import { importCrawler } from '../src/core/workflow/import';
import { benchClient, type BenchClient } from './lib/benchClient';
import { runAsProgram } from './lib/cli';
import { startSandboxProcess, type SandboxProcess } from './lib/sandboxProcess';
import type { SummaryRow } from './lib/summaryRow';
import { summarize, type Summary } from './lib/stats';
import { count, formatTable, ms } from './lib/table';

export const PLAN_WORKFLOWS = 10_000;
export const PLAN_FILES = { unchanged: 100, update: 50, adopt: 25, create: 25 } as const;

/** The naive way runs on every SAMPLE_EVERY-th file; its figures are scaled up by as much. */
export const SAMPLE_EVERY = 5;

export interface PlanApproachResult {
  approach: 'ours (plan)' | 'naive (one diff per file)';
  /** Files actually run; when fewer than `files`, ms and requests are scaled up from them. */
  measuredFiles: number;
  measuredMs?: number;
  measuredRequests?: number;
  ms: Summary;
  requests: number;
  /** Files whose action matched the folder's truth. */
  right: number;
  files: number;
  anomalies: string[];
}

export type PlanSurface = 'legacy' | 'apps';

export interface PlanReport {
  bench: 'plan';
  surface: PlanSurface;
  workflows: number;
  files: number;
  seedMs: number;
  results: PlanApproachResult[];
}

interface Folder {
  files: PlanInputFile[];
  truth: PlanAction[];
}

/** The 200 files, from the tenant's own definitions (read here, before anything is measured). */
async function buildFolder(bench: BenchClient, crawlers: readonly CrawlerWorkflow[]): Promise<Folder> {
  const roles = await bench.client.listRoles();
  const roleNames = new Map(roles.map((r) => [r.id, r.name]));
  const files: PlanInputFile[] = [];
  const truth: PlanAction[] = [];
  const step = Math.floor(crawlers.length / (PLAN_FILES.unchanged + PLAN_FILES.update + PLAN_FILES.adopt));
  const picked = Array.from({ length: PLAN_FILES.unchanged + PLAN_FILES.update + PLAN_FILES.adopt }, (_, i) => crawlers[i * step]);
  const connections = new Map<string, number>();
  for (const w of crawlers) if (w.connectionName) connections.set(w.connectionName, (connections.get(w.connectionName) ?? 0) + 1);
  for (const [i, workflow] of picked.entries()) {
    const definition = await bench.backend.getDefinition(workflow.name);
    const imported = importCrawler(definition, roleNames, { workflowName: workflow.name }).config;
    // The tenant keeps the credential; a file names the secret it would send.
    const input: CrawlerConfigInput = {
      ...imported,
      extraction:
        imported.extraction.method === 'direct'
          ? {
              ...imported.extraction,
              // Host and database live in the stored credential, which the tenant does not return (not compared).
              host: imported.extraction.host || 'db.internal',
              database: imported.extraction.database || 'postgres',
              auth: { type: 'basic', username: 'postgres', password: { secret: 'pg' } },
            }
          : imported.extraction,
    };
    const kind: PlanAction = i < PLAN_FILES.unchanged ? 'unchanged' : i < PLAN_FILES.unchanged + PLAN_FILES.update ? 'update' : 'adopt';
    if (kind === 'adopt' && connections.get(input.connectionName) !== 1) throw new Error(`seeded connection ${input.connectionName} is not unique`);
    const config = CrawlerConfigSchema.parse(
      kind === 'adopt' ? { ...input, workflow: undefined } : { ...input, workflow: workflow.name, ...(kind === 'update' ? { rowLimit: 4321 } : {}) },
    );
    files.push({ file: `crawlers/${kind}-${i}.atlan-postgres.json`, config });
    truth.push(kind);
  }
  const template = files[0].config;
  if (!template) throw new Error('no file to copy');
  for (let i = 0; i < PLAN_FILES.create; i++) {
    const config = CrawlerConfigSchema.parse({ ...template, workflow: undefined, connectionName: `bench-new-connection-${i}` });
    files.push({ file: `crawlers/create-${i}.atlan-postgres.json`, config });
    truth.push('create');
  }
  // Truth must hold for the folder as built: an unchanged file really matches its workflow.
  return { files, truth };
}

async function ours(bench: BenchClient, files: readonly PlanInputFile[]): Promise<PlanAction[]> {
  const snapshot = await readTenantSnapshot(bench.client, bench.backend, files, { concurrency: 4 });
  return planFiles(files, snapshot.crawlers, snapshot.definitions).files.map((f) => f.action);
}

/** One `diff` per recorded file, the duplicate guard's look-up per other file, one after another. */
async function naive(bench: BenchClient, files: readonly PlanInputFile[]): Promise<PlanAction[]> {
  const actions: PlanAction[] = [];
  for (const file of files) {
    const config = file.config;
    if (!config) {
      actions.push('conflict');
      continue;
    }
    if (config.workflow !== undefined) {
      const workflow = await bench.backend.getWorkflow(config.workflow);
      if (!workflow) {
        actions.push('conflict');
        continue;
      }
      const [definition, roles] = await Promise.all([bench.backend.getDefinition(config.workflow), bench.client.listRoles()]);
      const report = detectDrift(config, definition, { roleNamesById: new Map(roles.map((r) => [r.id, r.name])), workflowName: config.workflow });
      actions.push(report.inSync ? 'unchanged' : 'update');
    } else {
      const found = await bench.backend.findByConnectionName(config.connectionName);
      actions.push(found.length === 0 ? 'create' : found.length === 1 ? 'adopt' : 'conflict');
    }
  }
  return actions;
}

async function measure(
  name: PlanApproachResult['approach'],
  sandbox: SandboxProcess,
  bench: BenchClient,
  folder: Folder,
  warmup: number,
  iterations: number,
  run: () => Promise<PlanAction[]>,
): Promise<Omit<PlanApproachResult, 'measuredFiles'>> {
  for (let i = 0; i < warmup; i++) await run();
  const times: number[] = [];
  const requests: number[] = [];
  const anomalies: string[] = [];
  let right = 0;
  for (let i = 0; i < iterations; i++) {
    await sandbox.admin.clearRequests();
    bench.tally.reset();
    const started = performance.now();
    const actions = await run();
    times.push(performance.now() - started);
    const logged = await sandbox.admin.requests();
    requests.push(logged.length);
    if (bench.tally.count !== logged.length) anomalies.push(`client counted ${bench.tally.count} requests, the sandbox ${logged.length}`);
    if (bench.tally.failures.length > 0) anomalies.push(`${bench.tally.failures.length} failed request(s)`);
    right = actions.filter((a, j) => a === folder.truth[j]).length;
  }
  if (new Set(requests).size > 1) anomalies.push(`request count varied: ${[...new Set(requests)].join(', ')}`);
  return { approach: name, ms: summarize(times), requests: Math.max(...requests), right, files: folder.files.length, anomalies };
}

/** Both surfaces, one after the other, each on a sandbox of its own. */
export async function runPlanBench(flags: { quick: boolean }, log: (line: string) => void): Promise<PlanReport[]> {
  const reports: PlanReport[] = [];
  for (const surface of ['legacy', 'apps'] as const) reports.push(await runPlanBenchOn(surface, flags, log));
  return reports;
}

export async function runPlanBenchOn(surface: PlanSurface, flags: { quick: boolean }, log: (line: string) => void): Promise<PlanReport> {
  const sandbox = await startSandboxProcess({ clockSpeed: 1 });
  const base = benchClient(sandbox);
  const bench: BenchClient = surface === 'apps' ? { ...base, backend: base.client.backend('apps') } : base;
  try {
    if (surface === 'apps') await sandbox.admin.setSurfaces('apps');
    const seeded = await sandbox.admin.seed({ workflows: PLAN_WORKFLOWS, runsPerWorkflow: 0, inFlight: 0, surface, ...(surface === 'legacy' ? { names: 'mixed' as const } : {}) });
    log(`plan (${surfaceLabel(surface)}): seeded ${count(surface === 'apps' ? seeded.apps : seeded.workflows)} workflows in ${seeded.ms} ms`);
    const crawlers = await listAllCrawlers(bench.backend);
    if (crawlers.length !== PLAN_WORKFLOWS) throw new Error(`listed ${crawlers.length} crawlers after seeding ${PLAN_WORKFLOWS}`);
    const folder = await buildFolder(bench, crawlers);
    const oursResult = await measure('ours (plan)', sandbox, bench, folder, 1, flags.quick ? 2 : 5, () => ours(bench, folder.files));
    log(`  ours: median ${ms(oursResult.ms.median)} ms, ${oursResult.requests} requests, ${oursResult.right}/${oursResult.files} right`);
    const sample: Folder = { files: folder.files.filter((_, i) => i % SAMPLE_EVERY === 0), truth: folder.truth.filter((_, i) => i % SAMPLE_EVERY === 0) };
    const sampled = await measure('naive (one diff per file)', sandbox, bench, sample, 0, 1, () => naive(bench, sample.files));
    const scale = folder.files.length / sample.files.length;
    const naiveResult: PlanApproachResult = {
      ...sampled,
      measuredFiles: sample.files.length,
      measuredMs: sampled.ms.median,
      measuredRequests: sampled.requests,
      ms: summarize([sampled.ms.median * scale]),
      requests: Math.round(sampled.requests * scale),
      right: Math.round(sampled.right * scale),
      files: folder.files.length,
    };
    log(`  naive: ${ms(sampled.ms.median)} ms, ${sampled.requests} requests for ${sample.files.length} files, ${sampled.right}/${sample.files.length} right`);
    return { bench: 'plan', surface, workflows: PLAN_WORKFLOWS, files: folder.files.length, seedMs: seeded.ms, results: [{ ...oursResult, measuredFiles: folder.files.length }, naiveResult] };
  } finally {
    await bench.close();
    await sandbox.stop();
  }
}

export function formatPlanReport(report: PlanReport): string {
  const table = formatTable(
    ['approach', 'median ms', 'p95 ms', 'runs', 'requests', 'right', 'measured on'],
    report.results.map((r) => [
      r.approach,
      ms(r.ms.median),
      ms(r.ms.p95),
      r.ms.n,
      count(r.requests),
      `${r.right}/${r.files}`,
      r.measuredFiles === r.files ? `all ${r.files} files` : `${r.measuredFiles} files (${ms(r.measuredMs ?? 0)} ms, ${count(r.measuredRequests ?? 0)} req), x${r.files / r.measuredFiles}`,
    ]),
    { align: ['left', 'right', 'right', 'right', 'right', 'right', 'left'], title: `Plan: ${report.files} files against ${count(report.workflows)} workflows (${surfaceLabel(report.surface)})` },
  );
  const notes = report.results.flatMap((r) => r.anomalies.map((a) => `! ${r.approach}: ${a}`));
  return [table, ...notes].join('\n');
}

function surfaceLabel(surface: PlanSurface): string {
  return surface === 'apps' ? 'App API' : 'legacy surface';
}

/**
 * The largest page each surface's list answers with: 1000 workflows on the legacy search, 500 on
 * the App API's GET v1/app (it caps a larger limit, as the sandbox models it).
 */
const LIST_PAGE: Record<PlanSurface, number> = { legacy: 1000, apps: 500 };

/** Target: the list requests of one tree refresh (10 pages of 1000, or 20 of 500 on the App API) + roles + one definition per file that records or adopts one. */
export function planSummaryRows(report: PlanReport): SummaryRow[] {
  const ours = report.results.find((r) => r.approach.startsWith('ours'));
  const naiveResult = report.results.find((r) => r.approach.startsWith('naive'));
  if (!ours || !naiveResult) return [{ measure: 'plan 200 files, 10,000 workflows', target: '', ours: 'not run', baseline: '', verdict: 'not measured' }];
  const budget = Math.ceil(report.workflows / LIST_PAGE[report.surface]) + 1 + PLAN_FILES.unchanged + PLAN_FILES.update + PLAN_FILES.adopt;
  return [
    {
      measure: `plan ${report.files} files against ${count(report.workflows)} workflows (${surfaceLabel(report.surface)})`,
      target: `<= ${budget} requests (list pages + roles + 1 per recorded/adopted file), every action right`,
      ours: `${ms(ours.ms.median)} ms median, ${count(ours.requests)} req, ${ours.right}/${ours.files} right`,
      baseline: `one diff per file: ${ms(naiveResult.ms.median)} ms, ${count(naiveResult.requests)} req${naiveResult.measuredFiles < naiveResult.files ? ` (extrapolated from ${naiveResult.measuredFiles} files)` : ''}, ${naiveResult.right}/${naiveResult.files} right`,
      verdict: ours.requests <= budget && ours.right === ours.files && ours.anomalies.length === 0 ? 'met' : 'NOT met',
    },
  ];
}

if (require.main === module) {
  runAsProgram(async (flags) => {
    const reports = await runPlanBench(flags, (line) => process.stderr.write(`${line}\n`));
    const rows = reports.flatMap(planSummaryRows);
    process.stdout.write(`${reports.map(formatPlanReport).join('\n\n')}\n\n${formatTable(['measure', 'target', 'ours', 'baseline', 'verdict'], rows.map((r) => [r.measure, r.target, r.ours, r.baseline, r.verdict]))}\n`);
    if (flags.json) writeFileSync(flags.json, `${JSON.stringify(reports, null, 2)}\n`);
  });
}
