/**
 * Watches runs until they finish: one `getRuns` call per poll for all of them (one request on
 * the legacy surface), polling fast right after a change and slowing down while nothing moves,
 * and never more often than the SDKs' own loop would (each run every 5 s) over any minute.
 */
import { isFinished, type CallOptions, type CrawlerBackend, type CrawlerRun } from './backend';
import { systemClock, type Clock } from './clock';
import { AtlanError, RateLimitError } from './errors';

export type RunChange =
  /** A run was seen for the first time, or changed. `key` is the id it was asked for (a placeholder id stays the key once resolved). */
  | { type: 'run'; key: string; run: CrawlerRun; previous?: CrawlerRun }
  /** A poll failed. Transient errors are retried after `retryInMs`; a fatal one ends the monitor. */
  | { type: 'error'; error: Error; fatal: boolean; retryInMs?: number };

export interface MonitorOptions extends CallOptions {
  clock?: Clock;
  /** Interval right after a change (and before the second poll). Default 2 s. */
  minIntervalMs?: number;
  /** Longest interval while nothing changes, and longest pause after errors. Default 20 s. */
  maxIntervalMs?: number;
  /**
   * The pace not to exceed on average, per run being watched: over any window of 12 paces there
   * are at most 12 polls per open run. Default 2.5 x minIntervalMs (5 s with the defaults: the
   * SDKs poll each run every 5 s, so watching K runs never costs more than their K loops).
   */
  paceMs?: number;
}

/** Polls per open run allowed in a window of this many paces (a minute at the SDKs' 5 s). */
const POLLS_PER_WINDOW = 12;

/** Errors that may go away by themselves; anything else (401, 403, a bad answer) ends the monitor. */
const TRANSIENT_KINDS: ReadonlySet<string> = new Set(['network', 'timeout', 'server', 'rateLimited', 'notFound']);

interface Tracked {
  key: string;
  ref: { id: string; workflowName: string };
  last?: CrawlerRun;
  done: boolean;
}

/**
 * Yields each change of the given runs until all are finished, `signal` aborts (the iteration just
 * ends), or a fatal error (reported as a last `error` event). The first poll is immediate; then the
 * interval is `minIntervalMs` plus a quarter of the time since the last change, at most
 * `maxIntervalMs`: 2 s, 2.5 s, 3.1 s... after a change, 10 polls in a quiet first minute and 3 a
 * minute once things have been quiet for a while. A poll budget (`paceMs`) caps bursts of changes.
 */
export async function* monitorRuns(
  backend: CrawlerBackend,
  runs: readonly { id: string; workflowName: string }[],
  options: MonitorOptions = {},
): AsyncGenerator<RunChange, void, undefined> {
  const clock = options.clock ?? systemClock;
  const minMs = options.minIntervalMs ?? 2_000;
  const maxMs = Math.max(minMs, options.maxIntervalMs ?? 20_000);
  const budget = new PollBudget(options.paceMs ?? minMs * 2.5);
  const signal = options.signal;
  const tracked: Tracked[] = [...new Map(runs.map((r) => [r.id, r])).values()].map((r) => ({
    key: r.id,
    ref: { id: r.id, workflowName: r.workflowName },
    done: false,
  }));
  let lastChangeAt = clock.now();
  let consecutiveErrors = 0;
  /** `ms`, or longer when polling sooner would exceed the budget. */
  const withinBudget = (ms: number): number => {
    const open = tracked.filter((t) => !t.done).length;
    return Math.max(ms, Math.ceil(budget.earliest(open) - clock.now()));
  };

  while (!signal?.aborted) {
    const open = tracked.filter((t) => !t.done);
    if (open.length === 0) return;
    let delay: number;
    budget.record(clock.now());
    try {
      const current = await backend.getRuns(
        open.map((t) => t.ref),
        { signal },
      );
      consecutiveErrors = 0;
      for (const t of open) {
        const run = current.get(t.ref.id);
        if (!run) continue;
        if (run.id !== t.ref.id) t.ref = { id: run.id, workflowName: run.workflowName };
        if (!t.last || hasChanged(t.last, run)) {
          const previous = t.last;
          t.last = run;
          lastChangeAt = clock.now();
          yield previous ? { type: 'run', key: t.key, run, previous } : { type: 'run', key: t.key, run };
        }
        if (isFinished(run.phase)) t.done = true;
      }
      if (tracked.every((t) => t.done)) return;
      delay = withinBudget(Math.round(Math.min(maxMs, minMs + (clock.now() - lastChangeAt) / 4)));
    } catch (error) {
      if (signal?.aborted) return;
      const err = error instanceof Error ? error : new Error(String(error));
      const transient = err instanceof AtlanError && TRANSIENT_KINDS.has(err.kind);
      if (!transient) {
        yield { type: 'error', error: err, fatal: true };
        return;
      }
      consecutiveErrors++;
      delay = Math.min(maxMs, minMs * 2 ** consecutiveErrors);
      if (err instanceof RateLimitError && err.retryAfterMs !== undefined) delay = Math.max(delay, Math.min(err.retryAfterMs, 120_000));
      delay = withinBudget(delay);
      yield { type: 'error', error: err, fatal: false, retryInMs: delay };
    }
    try {
      await clock.sleep(delay, signal);
    } catch {
      return;
    }
  }
}

/**
 * At most POLLS_PER_WINDOW polls per open run in any window of POLLS_PER_WINDOW paces: a poll may
 * not come sooner than one window after the poll that many polls before it.
 */
class PollBudget {
  private readonly times: number[] = [];
  private readonly windowMs: number;

  constructor(paceMs: number) {
    this.windowMs = Math.max(0, paceMs) * POLLS_PER_WINDOW;
  }

  record(at: number): void {
    this.times.push(at);
  }

  /** The earliest time the next poll may happen with `openRuns` runs watched. */
  earliest(openRuns: number): number {
    const allowed = POLLS_PER_WINDOW * Math.max(1, openRuns);
    if (this.times.length > allowed) this.times.splice(0, this.times.length - allowed);
    return this.times.length < allowed ? Number.NEGATIVE_INFINITY : this.times[0] + this.windowMs;
  }
}

function hasChanged(a: CrawlerRun, b: CrawlerRun): boolean {
  return (
    a.id !== b.id ||
    a.phase !== b.phase ||
    a.progress !== b.progress ||
    a.message !== b.message ||
    a.startedAt !== b.startedAt ||
    a.finishedAt !== b.finishedAt ||
    a.failedSteps.length !== b.failedSteps.length
  );
}
