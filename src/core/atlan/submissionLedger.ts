/**
 * What this client submitted that Atlan's search index may not show yet.
 *
 * The runs index lags behind submits by seconds. Without this ledger a rerun would vanish from
 * the tree right after it was started, a monitor would see "no such run", and an idempotent
 * rerun could start a second run because one search came back empty. So every submit is recorded
 * here and merged into what the index says, until the index shows the run (or `ttlMs` passes,
 * after which the index is trusted again, so a lost submit cannot mask reality forever).
 *
 * A legacy create answers with the template, not the run, so its first run has no name yet: it is
 * represented by a placeholder id (`pendingRunId`) that resolves to the workflow's newest run as
 * soon as the index has one.
 */
import { isFinished, type CrawlerRun } from './backend';
import type { Clock } from './clock';

const PENDING_PREFIX = 'submitted:';

/** Placeholder id of the first run of a workflow created by this client, until its name is known. */
export function pendingRunId(workflowName: string): string {
  return `${PENDING_PREFIX}${workflowName}`;
}

export function isPendingRunId(id: string): boolean {
  return id.startsWith(PENDING_PREFIX);
}

export function workflowOfPendingRunId(id: string): string {
  return id.slice(PENDING_PREFIX.length);
}

interface Entry {
  /** The run the submit returned, or a placeholder for a create. */
  run: CrawlerRun;
  submittedAt: number;
}

export class SubmissionLedger {
  /** Keyed by workflow name: only the newest submit per workflow matters. */
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly clock: Clock,
    private readonly ttlMs = 10 * 60_000,
  ) {}

  /** A rerun (or submit) answered with this run. */
  recordRun(run: CrawlerRun): void {
    this.entries.set(run.workflowName, { run, submittedAt: this.clock.now() });
  }

  /** A create started a run whose name we do not know; returns its placeholder. */
  recordCreate(workflowName: string): CrawlerRun {
    const run: CrawlerRun = {
      id: pendingRunId(workflowName),
      workflowName,
      phase: 'Pending',
      message: 'Submitted; Atlan has not reported this run yet.',
      failedSteps: [],
    };
    this.entries.set(workflowName, { run, submittedAt: this.clock.now() });
    return run;
  }

  /** The unconfirmed submit of a workflow, if any (expired entries are dropped). */
  get(workflowName: string): CrawlerRun | undefined {
    const entry = this.entries.get(workflowName);
    if (!entry) return undefined;
    if (this.clock.now() - entry.submittedAt > this.ttlMs) {
      this.entries.delete(workflowName);
      return undefined;
    }
    return entry.run;
  }

  /** The unconfirmed submit, when it is not known to be finished: an idempotent rerun must reuse it. */
  inFlight(workflowName: string): CrawlerRun | undefined {
    const run = this.get(workflowName);
    return run && !isFinished(run) ? run : undefined;
  }

  /** Keeps the ledger's copy of a run up to date (e.g. after stop). */
  update(run: CrawlerRun): void {
    const entry = this.entries.get(run.workflowName);
    if (entry && entry.run.id === run.id) entry.run = run;
  }

  /**
   * Merges the index's runs of one workflow (newest first) with the ledger: returns the run to
   * show as that workflow's latest. Forgets the entry once the index shows the submitted run.
   */
  latest(workflowName: string, indexedRunsNewestFirst: readonly CrawlerRun[]): CrawlerRun | undefined {
    const pending = this.get(workflowName);
    const newest = indexedRunsNewestFirst[0];
    if (!pending) return newest;
    const indexed = isPendingRunId(pending.id)
      ? newest !== undefined
      : indexedRunsNewestFirst.some((r) => r.id === pending.id);
    if (indexed) {
      this.entries.delete(workflowName);
      return newest;
    }
    return pending;
  }

  /** Forget entries whose run the index now shows. */
  confirm(runs: Iterable<CrawlerRun>): void {
    for (const run of runs) {
      const entry = this.entries.get(run.workflowName);
      if (entry && (entry.run.id === run.id || isPendingRunId(entry.run.id))) this.entries.delete(run.workflowName);
    }
  }
}
