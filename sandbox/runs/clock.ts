/**
 * The sandbox's sense of time. Timestamps are real wall-clock time; durations (how long a run
 * stays Pending, how long each step takes) are "simulated" and divided by the clock speed, so
 * `clockSpeed: 1000` turns a 40 s crawl into 40 ms for tests.
 */

export class AbortedError extends Error {
  constructor() {
    super('aborted');
    this.name = 'AbortedError';
  }
}

export class ScaledClock {
  private readonly timers = new Set<{ timer: NodeJS.Timeout; reject: (err: Error) => void }>();
  private speedFactor: number;

  constructor(speed: number) {
    this.speedFactor = ScaledClock.check(speed);
  }

  private static check(speed: number): number {
    if (!Number.isFinite(speed) || speed <= 0) throw new RangeError(`clock speed must be a positive number, got ${speed}`);
    return speed;
  }

  get speed(): number {
    return this.speedFactor;
  }

  set speed(value: number) {
    this.speedFactor = ScaledClock.check(value);
  }

  now(): number {
    return Date.now();
  }

  /** Waits `simulatedMs / speed` real milliseconds; rejects with AbortedError when aborted or disposed. */
  sleep(simulatedMs: number, signal?: AbortSignal): Promise<void> {
    return new Promise((resolve, reject) => {
      if (signal?.aborted) {
        reject(new AbortedError());
        return;
      }
      const entry = {
        timer: setTimeout(() => {
          this.timers.delete(entry);
          signal?.removeEventListener('abort', onAbort);
          resolve();
        }, Math.max(0, simulatedMs / this.speedFactor)),
        reject: (err: Error) => {
          clearTimeout(entry.timer);
          this.timers.delete(entry);
          signal?.removeEventListener('abort', onAbort);
          reject(err);
        },
      };
      const onAbort = (): void => entry.reject(new AbortedError());
      signal?.addEventListener('abort', onAbort, { once: true });
      this.timers.add(entry);
    });
  }

  /** Cancels every pending sleep so no timer outlives the server. */
  dispose(): void {
    for (const entry of [...this.timers]) entry.reject(new AbortedError());
  }
}
