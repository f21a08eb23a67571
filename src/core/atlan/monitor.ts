/**
 * Watches runs until they finish: one `getRuns` call per poll for all of them (one request on
 * the legacy surface), polling fast right after a change and slowing down while nothing moves.
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
  /** Interval right after a change. Default 1 s. */
  minIntervalMs?: number;
  /** Longest interval while nothing changes, and longest pause after errors. Default 20 s. */
  maxIntervalMs?: number;
}

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
 * ends), or a fatal error (reported as a last `error` event). The interval grows with the time
 * since the last change: a tenth of it, between `minIntervalMs` and `maxIntervalMs`.
 */
export async function* monitorRuns(
  backend: CrawlerBackend,
  runs: readonly { id: string; workflowName: string }[],
  options: MonitorOptions = {},
): AsyncGenerator<RunChange, void, undefined> {
  const clock = options.clock ?? systemClock;
  const minMs = options.minIntervalMs ?? 1_000;
  const maxMs = Math.max(minMs, options.maxIntervalMs ?? 20_000);
  const signal = options.signal;
  const tracked: Tracked[] = [...new Map(runs.map((r) => [r.id, r])).values()].map((r) => ({
    key: r.id,
    ref: { id: r.id, workflowName: r.workflowName },
    done: false,
  }));
  let lastChangeAt = clock.now();
  let consecutiveErrors = 0;

  while (!signal?.aborted) {
    const open = tracked.filter((t) => !t.done);
    if (open.length === 0) return;
    let delay: number;
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
      delay = Math.round(Math.min(maxMs, Math.max(minMs, (clock.now() - lastChangeAt) / 10)));
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
      yield { type: 'error', error: err, fatal: false, retryInMs: delay };
    }
    try {
      await clock.sleep(delay, signal);
    } catch {
      return;
    }
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
