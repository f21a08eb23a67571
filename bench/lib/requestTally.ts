/**
 * Counts the HTTP requests the client under test sends (its `onRequest` hook: one entry per
 * attempt, retries included), stamped with a clock so windows of simulated time can be counted.
 */
import type { Clock } from '../../src/core/atlan/clock';
import type { RequestLogEntry } from '../../src/core/atlan/http';

export interface TalliedRequest {
  /** Time on the stamping clock when the answer (or failure) arrived. */
  at: number;
  method: string;
  path: string;
  status?: number;
  /** Real milliseconds the attempt took, as the client measured it. */
  ms: number;
}

export class RequestTally {
  private entries: TalliedRequest[] = [];

  constructor(private stampClock: Pick<Clock, 'now'> = { now: () => Date.now() }) {}

  /** Pass as `onRequest` to the AtlanClient. */
  readonly onRequest = (entry: RequestLogEntry): void => {
    this.entries.push({ at: this.stampClock.now(), method: entry.method, path: entry.path, status: entry.status, ms: entry.ms });
  };

  /** Stamps later entries with this clock (e.g. a VirtualClock for one scenario). */
  stampWith(clock: Pick<Clock, 'now'>): void {
    this.stampClock = clock;
  }

  get count(): number {
    return this.entries.length;
  }

  /** Requests that did not get a 2xx answer (should be none in a bench). */
  get failures(): TalliedRequest[] {
    return this.entries.filter((e) => e.status === undefined || e.status < 200 || e.status > 299);
  }

  all(): readonly TalliedRequest[] {
    return this.entries;
  }

  /** Requests stamped in [fromMs, toMs). */
  between(fromMs: number, toMs: number): TalliedRequest[] {
    return this.entries.filter((e) => e.at >= fromMs && e.at < toMs);
  }

  reset(): void {
    this.entries = [];
  }
}
