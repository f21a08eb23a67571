/**
 * How often the run monitor may poll: a sliding-window budget of what polls cost. Its own module
 * (type imports only) so the extension can keep one budget per backend across monitor restarts
 * without loading the client bundle.
 */
import type { PollCost } from './backend';

/** Polls per open run allowed in a window of this many paces (a minute at the SDKs' 5 s). */
const POLLS_PER_WINDOW = 12;
/** Per-run backends: reads per open run in a window, and reads in all. */
const READS_PER_RUN_PER_WINDOW = 6;
const READS_PER_WINDOW = 30;

/** The monitor's defaults for a backend whose polls cost this. */
export function monitorDefaults(cost: PollCost | undefined): { minIntervalMs: number; maxIntervalMs: number } {
  return cost === 'per-run' ? { minIntervalMs: 5_000, maxIntervalMs: 60_000 } : { minIntervalMs: 2_000, maxIntervalMs: 20_000 };
}

/**
 * A sliding-window budget of what polls cost: over any window, the costs recorded add up to at
 * most `allowed(openRuns)`. A poll may not come before the oldest poll that would push the window
 * over has left it; a poll costing more than a whole window needs the window to itself.
 */
export class PollBudget {
  /** Newest last. */
  private readonly polls: { at: number; cost: number }[] = [];

  constructor(
    private readonly windowMs: number,
    /** What a poll costs with this many runs open. */
    private readonly costOf: (openRuns: number) => number,
    /** The most a window may hold with this many runs open. */
    private readonly allowed: (openRuns: number) => number,
  ) {}

  record(at: number, openRuns: number): void {
    this.polls.push({ at, cost: this.costOf(openRuns) });
    // Older entries can no longer decide anything: keep a bounded history.
    while (this.polls.length > 0 && this.polls[0].at <= at - this.windowMs) this.polls.shift();
  }

  /** The earliest time the next poll may happen with `openRuns` runs watched. */
  earliest(openRuns: number): number {
    const allowed = this.allowed(openRuns);
    let spent = this.costOf(openRuns);
    for (let i = this.polls.length - 1; i >= 0; i--) {
      spent += this.polls[i].cost;
      if (spent > allowed) return this.polls[i].at + this.windowMs;
    }
    return Number.NEGATIVE_INFINITY;
  }
}

/**
 * The budget for a backend whose polls cost `cost`, with a window of 12 paces: polls (12 per open
 * run) when a poll is one request, requests (6 per open run, 30 in all) when each run is one.
 */
export function createPollBudget(cost: PollCost | undefined, paceMs: number): PollBudget {
  const windowMs = Math.max(0, paceMs) * POLLS_PER_WINDOW;
  if (cost === 'per-run') {
    return new PollBudget(
      windowMs,
      (open) => Math.max(1, open),
      (open) => Math.min(READS_PER_RUN_PER_WINDOW * Math.max(1, open), READS_PER_WINDOW),
    );
  }
  return new PollBudget(windowMs, () => 1, (open) => POLLS_PER_WINDOW * Math.max(1, open));
}
