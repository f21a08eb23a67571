/**
 * Client-side time for the monitor bench, as `Clock`s the run monitor accepts.
 *
 * - VirtualClock: time moves only when someone sleeps, so a simulated minute of polling costs
 *   just the requests themselves. Used where the sandbox's runs are frozen (clock slowed down),
 *   so nothing on the server depends on the client's notion of time.
 * - CompressedClock: real time sped up by a factor, for runs that really progress on a sandbox
 *   whose clock runs at the same factor.
 */
import { abortReason, abortableSleep, type Clock } from '../../src/core/atlan/clock';

export class VirtualClock implements Clock {
  private t: number;
  private readonly stop = new AbortController();

  /**
   * @param untilMs once a sleep would reach this time, `signal` aborts and the sleep rejects,
   *   which ends a run monitor cleanly at the end of the simulated window.
   */
  constructor(
    startMs = 0,
    private readonly untilMs = Number.POSITIVE_INFINITY,
  ) {
    this.t = startMs;
  }

  /** Aborts when simulated time reaches `untilMs`. */
  get signal(): AbortSignal {
    return this.stop.signal;
  }

  now(): number {
    return this.t;
  }

  async sleep(ms: number, signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) throw abortReason(signal);
    if (this.stop.signal.aborted) throw abortReason(this.stop.signal);
    if (this.t + ms >= this.untilMs) {
      this.t = this.untilMs;
      this.stop.abort(new Error('simulated window over'));
      throw abortReason(this.stop.signal);
    }
    this.t += Math.max(0, ms);
    // Yield to the event loop so a sleep is still asynchronous, as the real one is.
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
}

export class CompressedClock implements Clock {
  private readonly realStart = Date.now();

  /** @param factor simulated milliseconds per real millisecond (e.g. 30: a minute takes 2 s). */
  constructor(
    readonly factor: number,
    private readonly simulatedStart = 0,
  ) {
    if (!(factor > 0 && Number.isFinite(factor))) throw new RangeError(`compression factor must be a positive number, got ${factor}`);
  }

  now(): number {
    return this.simulatedStart + (Date.now() - this.realStart) * this.factor;
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    return abortableSleep(ms / this.factor, signal);
  }
}
