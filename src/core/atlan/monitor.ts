/**
 * Watches runs until they finish: one `getRuns` call per poll for all of them (one request on
 * the legacy surface), polling fast right after a change and slowing down while nothing moves,
 * and never more often than the SDKs' own loop would (each run every 5 s) over any minute.
 *
 * On a backend whose poll costs one request per run (the App API), the budget counts requests:
 * the first interval is 5 s, backing off to 60 s, and a minute holds at most 6 reads per run and
 * 30 in all (so 10 runs get 3 reads each). A poll of more runs than that is one poll a minute.
 */
import { isFinished, type CallOptions, type CrawlerBackend, type CrawlerRun } from './backend';
import { systemClock, type Clock } from './clock';
import { AtlanError, RateLimitError, ServerError } from './errors';
import { createPollBudget, monitorDefaults, type PollBudget } from './pollBudget';

export type RunChange =
  /** A run was seen for the first time, or changed. `key` is the id it was asked for (a placeholder id stays the key once resolved). */
  | { type: 'run'; key: string; run: CrawlerRun; previous?: CrawlerRun }
  /** A poll failed. Transient errors are retried after `retryInMs`; a fatal one ends the monitor. */
  | { type: 'error'; error: Error; fatal: boolean; retryInMs?: number };

export interface MonitorOptions extends CallOptions {
  clock?: Clock;
  /** Interval right after a change (and before the second poll). Default 2 s; 5 s when each run costs a request. */
  minIntervalMs?: number;
  /** Longest interval while nothing changes, and longest pause after errors. Default 20 s; 60 s when each run costs a request. */
  maxIntervalMs?: number;
  /**
   * The budget's unit of time: it holds any window of 12 paces. One request per poll: at most 12
   * polls per open run in a window; default 2.5 x minIntervalMs (5 s with the defaults: the SDKs
   * poll each run every 5 s, so watching K runs never costs more than their K loops). One request
   * per run: at most 6 reads per open run and 30 in all in a window; default minIntervalMs (a
   * 60 s window with the defaults). Fast test tunings scale with it.
   */
  paceMs?: number;
  /**
   * A budget shared by successive monitors of one backend (`createPollBudget`), so that
   * restarting the monitor (the watched set changed) does not start from an empty budget.
   */
  budget?: PollBudget;
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
 * ends), or a fatal error (reported as a last `error` event). The first poll is immediate (unless a
 * shared `budget` is spent); then the interval is `minIntervalMs` plus a quarter of the time since
 * the last change, at most `maxIntervalMs`: 2 s, 2.5 s, 3.1 s... after a change, 10 polls in a
 * quiet first minute and 3 a minute once things have been quiet for a while (App API: 5 s, 6.3 s,
 * 7.8 s... up to 60 s). A poll budget (`paceMs`) caps bursts of changes.
 */
export async function* monitorRuns(
  backend: CrawlerBackend,
  runs: readonly { id: string; workflowName: string }[],
  options: MonitorOptions = {},
): AsyncGenerator<RunChange, void, undefined> {
  const clock = options.clock ?? systemClock;
  const perRun = backend.pollCost === 'per-run';
  const defaults = monitorDefaults(backend.pollCost);
  const minMs = options.minIntervalMs ?? defaults.minIntervalMs;
  const maxMs = Math.max(minMs, options.maxIntervalMs ?? defaults.maxIntervalMs);
  const budget = options.budget ?? createPollBudget(backend.pollCost, options.paceMs ?? (perRun ? minMs : minMs * 2.5));
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

  // A shared budget may already be spent by an earlier monitor of the same backend.
  const firstWait = tracked.length > 0 ? withinBudget(0) : 0;
  if (firstWait > 0) {
    try {
      await clock.sleep(firstWait, signal);
    } catch {
      return;
    }
  }

  while (!signal?.aborted) {
    const open = tracked.filter((t) => !t.done);
    if (open.length === 0) return;
    let delay: number;
    budget.record(clock.now(), open.length);
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
        if (isFinished(run)) t.done = true;
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
      // 429 and 503 may say how long to wait (capped: a wild value must not park the watch for hours).
      const retryAfterMs = err instanceof RateLimitError || err instanceof ServerError ? err.retryAfterMs : undefined;
      if (retryAfterMs !== undefined) delay = Math.max(delay, Math.min(retryAfterMs, 120_000));
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

function hasChanged(a: CrawlerRun, b: CrawlerRun): boolean {
  return (
    a.id !== b.id ||
    a.phase !== b.phase ||
    a.progress !== b.progress ||
    a.message !== b.message ||
    a.startedAt !== b.startedAt ||
    a.finishedAt !== b.finishedAt ||
    a.failedSteps.length !== b.failedSteps.length ||
    stepsSignature(a) !== stepsSignature(b)
  );
}

/** A step that starts or ends is a change Run details shows, even when the progress count stays. */
function stepsSignature(run: CrawlerRun): string {
  return (run.steps ?? []).map((s) => `${s.name} ${s.phase} ${s.startedAt ?? ''} ${s.finishedAt ?? ''}`).join('\n');
}
