import * as assert from 'node:assert/strict';
import { CompressedClock, VirtualClock } from '../../../bench/lib/clocks';

describe('bench/clocks', () => {
  describe('VirtualClock', () => {
    it('moves only when slept on, by exactly the time slept', async () => {
      const clock = new VirtualClock(1_000);
      assert.equal(clock.now(), 1_000);
      await clock.sleep(5_000);
      await clock.sleep(250);
      assert.equal(clock.now(), 6_250);
    });

    it('ends the window: a sleep reaching it rejects, stops at it, and aborts the signal', async () => {
      const clock = new VirtualClock(0, 60_000);
      await clock.sleep(59_000);
      assert.equal(clock.signal.aborted, false);
      await assert.rejects(clock.sleep(1_000), /simulated window over/);
      assert.equal(clock.now(), 60_000);
      assert.equal(clock.signal.aborted, true);
      await assert.rejects(clock.sleep(1), /simulated window over/);
    });

    it('rejects at once when the caller signal is already aborted', async () => {
      const controller = new AbortController();
      controller.abort(new Error('cancelled by caller'));
      const clock = new VirtualClock();
      await assert.rejects(clock.sleep(10, controller.signal), /cancelled by caller/);
      assert.equal(clock.now(), 0);
    });
  });

  describe('CompressedClock', () => {
    it('sleeps the simulated time divided by the factor and reports time multiplied by it', async () => {
      const clock = new CompressedClock(1_000);
      const realStart = Date.now();
      await clock.sleep(20_000);
      const real = Date.now() - realStart;
      assert.ok(real >= 15 && real < 1_000, `20 s at x1000 took ${real} ms of real time`);
      assert.ok(clock.now() >= 15_000, `simulated time ${clock.now()} should be about 20,000`);
    });

    it('rejects a sleep when its signal aborts, and refuses a nonsensical factor', async () => {
      const clock = new CompressedClock(1);
      const controller = new AbortController();
      const sleeping = clock.sleep(60_000, controller.signal);
      controller.abort(new Error('stop'));
      await assert.rejects(sleeping, /stop/);
      assert.throws(() => new CompressedClock(0), /positive number/);
    });
  });
});
