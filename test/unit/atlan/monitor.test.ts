import * as assert from 'node:assert/strict';
import { AtlanClient } from '../../../src/core/atlan/atlanClient';
import type { CrawlerBackend, CrawlerRun } from '../../../src/core/atlan/backend';
import { AuthenticationError, ServerError } from '../../../src/core/atlan/errors';
import { monitorRuns, type RunChange } from '../../../src/core/atlan/monitor';
import { pendingRunId } from '../../../src/core/atlan/submissionLedger';
import { valuesFor } from './fakeLegacyTenant';
import { FakeClock, runHit, searchAnswer, ScriptedServer } from './helpers';

async function collect(changes: AsyncIterable<RunChange>, limit = 1000): Promise<RunChange[]> {
  const out: RunChange[] = [];
  for await (const change of changes) {
    out.push(change);
    if (out.length >= limit) break;
  }
  return out;
}

/** A backend whose getRuns answers from a script, one entry per poll. */
function scriptedBackend(polls: (Map<string, CrawlerRun> | Error)[]): CrawlerBackend & { calls: string[][] } {
  const calls: string[][] = [];
  const backend = {
    calls,
    surface: 'workflows',
    getRuns: (refs: readonly { id: string }[]) => {
      calls.push(refs.map((r) => r.id));
      const next = polls[Math.min(calls.length - 1, polls.length - 1)];
      return next instanceof Error ? Promise.reject(next) : Promise.resolve(next ?? new Map<string, CrawlerRun>());
    },
  };
  return backend as unknown as CrawlerBackend & { calls: string[][] };
}

const run = (id: string, phase: string, progress = '1/3'): CrawlerRun => ({ id, workflowName: id.split('-r')[0] ?? id, phase, progress, failedSteps: [] });
const origin = 'https://acme.atlan.com';

describe('atlan/monitor', () => {
  describe('against the legacy backend', () => {
    let server: ScriptedServer;
    let client: AtlanClient;

    before(async () => {
      server = await ScriptedServer.start();
    });
    after(async () => {
      await client.close();
      await server.stop();
    });

    it('one request per poll for K runs, only changes, until all finish', async () => {
      const K = 25;
      const ids = Array.from({ length: K }, (_, i) => `w${i}-abcde`);
      let poll = 0;
      server.route('POST', 'runs/indexsearch', (req) => {
        poll++;
        const asked = valuesFor(req.body.query, '_id') ?? [];
        const phaseOf = (i: number): string => (poll >= 3 + (i % 3) ? 'Succeeded' : 'Running');
        return { body: searchAnswer(asked.map((id) => runHit(id, id.replace('-abcde', ''), phaseOf(Number(id.slice(1, id.indexOf('-')))), '2026-01-01T00:00:00Z'))) };
      });
      client = new AtlanClient({ baseUrl: server.url, token: 'tok-monitor', clock: new FakeClock() });
      const changes = await collect(monitorRuns(client.backend('workflows'), ids.map((id) => ({ id, workflowName: id.replace('-abcde', '') })), { clock: new FakeClock() }));
      assert.equal(server.count('POST', 'runs/indexsearch'), 5, 'polls 1..5, one request each');
      assert.equal(changes.length, 2 * K, 'first sight + the finish of each run');
      assert.ok(changes.every((c) => c.type === 'run'));
      const askedPerPoll = server.requests.map((r) => (valuesFor(r.body.query, '_id') ?? []).length);
      assert.deepEqual(askedPerPoll, [25, 25, 25, 16, 8], 'finished runs are no longer asked for');
    });
  });

  it('polls at once, then 2 s after a change, growing by a quarter of the quiet time up to 20 s', async () => {
    const polls: Map<string, CrawlerRun>[] = [];
    for (let i = 0; i < 70; i++) polls.push(new Map([['a-r1', run('a-r1', 'Running', i < 60 ? '1/3' : '2/3')]]));
    polls.push(new Map([['a-r1', run('a-r1', 'Succeeded', '3/3')]]));
    const clock = new FakeClock();
    const changes = await collect(monitorRuns(scriptedBackend(polls), [{ id: 'a-r1', workflowName: 'a' }], { clock }));
    assert.deepEqual(changes.map((c) => (c.type === 'run' ? c.run.progress : 'error')), ['1/3', '2/3', '3/3']);
    assert.deepEqual(clock.sleeps.slice(0, 4), [2000, 2500, 3125, 3906], '2 s + a quarter of the time since the change');
    assert.ok(clock.sleeps.every((s) => s >= 2000 && s <= 20_000));
    assert.equal(Math.max(...clock.sleeps), 20_000, 'reaches the ceiling while stuck');
    assert.equal(clock.sleeps[60], 2000, 'back to fast right after a change');
    for (let i = 1; i < 60; i++) assert.ok(clock.sleeps[i] >= clock.sleeps[i - 1], 'never speeds up without a change');
  });

  describe('never more requests than the SDK (each run every 5 s: 12 per run per minute)', () => {
    /** Runs the monitor for `minutes` simulated minutes; returns the clock time of every poll. */
    async function pollTimes(k: number, minutes: number, changeEveryPoll: boolean): Promise<number[]> {
      const clock = new FakeClock(0);
      const stop = new AbortController();
      const times: number[] = [];
      const backend = {
        surface: 'workflows',
        getRuns: (refs: readonly { id: string }[]) => {
          times.push(clock.now());
          if (clock.now() >= minutes * 60_000) stop.abort();
          const progress = changeEveryPoll ? `${times.length}/1000` : '1/3';
          return Promise.resolve(new Map(refs.map((r) => [r.id, run(r.id, 'Running', progress)])));
        },
      } as unknown as CrawlerBackend;
      const refs = Array.from({ length: k }, (_, i) => ({ id: `w${i}-r1`, workflowName: `w${i}` }));
      await collect(monitorRuns(backend, refs, { clock, signal: stop.signal }), 1_000_000);
      return times.filter((t) => t < minutes * 60_000);
    }
    const inMinute = (times: number[], m: number): number => times.filter((t) => t >= (m - 1) * 60_000 && t < m * 60_000).length;
    const busiestWindow = (times: number[]): number => Math.max(...times.map((t) => times.filter((u) => u >= t && u < t + 60_000).length));

    it('one quiet run: 10 polls in minute 1, 3 a minute from minute 2 on, first poll at once', async () => {
      const times = await pollTimes(1, 6, false);
      assert.equal(times[0], 0);
      assert.equal(times[1], 2000, 'fast right after the first sight');
      assert.equal(inMinute(times, 1), 10);
      for (let m = 2; m <= 6; m++) assert.equal(inMinute(times, m), 3, `minute ${m}`);
    });

    it('one run that changes at every poll is held to 12 polls in any 60 s', async () => {
      const times = await pollTimes(1, 5, true);
      assert.equal(inMinute(times, 1), 12);
      assert.ok(busiestWindow(times) <= 12, `${busiestWindow(times)} polls in 60 s`);
      assert.equal(times[1], 2000, 'still fast at first');
    });

    it('K runs share each poll, so even K = 3 changing at every poll is below the SDK (30 against 36)', async () => {
      const times = await pollTimes(3, 2, true);
      assert.equal(inMinute(times, 1), 30);
    });

    it('the budget follows a shorter minimum interval (2.5 x it), so fast test tunings are not throttled to real minutes', async () => {
      const clock = new FakeClock(0);
      let n = 0;
      const backend = scriptedBackend([]);
      (backend as unknown as { getRuns: () => Promise<Map<string, CrawlerRun>> }).getRuns = () =>
        Promise.resolve(new Map([['a-r1', run('a-r1', ++n < 40 ? 'Running' : 'Succeeded', `${n}/40`)]]));
      await collect(monitorRuns(backend, [{ id: 'a-r1', workflowName: 'a' }], { clock, minIntervalMs: 5, maxIntervalMs: 20 }));
      assert.equal(n, 40);
      assert.ok(clock.time < 1000, `${clock.time} ms of simulated time for 40 polls`);
    });
  });

  it('survives transient errors with backoff and reports them', async () => {
    const boom = new ServerError({ origin, status: 503 });
    const backend = scriptedBackend([new Map([['a-r1', run('a-r1', 'Running')]]), boom, boom, new Map([['a-r1', run('a-r1', 'Failed')]])]);
    const clock = new FakeClock();
    const changes = await collect(monitorRuns(backend, [{ id: 'a-r1', workflowName: 'a' }], { clock }));
    assert.deepEqual(
      changes.map((c) => (c.type === 'run' ? c.run.phase : `error:${c.fatal}:${c.retryInMs}`)),
      ['Running', 'error:false:4000', 'error:false:8000', 'Failed'],
    );
    assert.deepEqual(clock.sleeps, [2000, 4000, 8000]);
  });

  it('gives up with a fatal error event on an authentication error', async () => {
    const backend = scriptedBackend([new Map([['a-r1', run('a-r1', 'Running')]]), new AuthenticationError({ origin, status: 401 }), new Map()]);
    const changes = await collect(monitorRuns(backend, [{ id: 'a-r1', workflowName: 'a' }], { clock: new FakeClock() }));
    const last = changes[changes.length - 1];
    assert.ok(last?.type === 'error' && last.fatal && last.error instanceof AuthenticationError);
    assert.equal(backend.calls.length, 2, 'no poll after the fatal error');
  });

  it('stops when the signal aborts', async () => {
    const controller = new AbortController();
    const backend = scriptedBackend([new Map([['a-r1', run('a-r1', 'Running')]])]);
    const seen: RunChange[] = [];
    for await (const change of monitorRuns(backend, [{ id: 'a-r1', workflowName: 'a' }], { clock: new FakeClock(), signal: controller.signal })) {
      seen.push(change);
      controller.abort();
    }
    assert.equal(seen.length, 1);
    assert.equal(backend.calls.length, 1);
  });

  it('follows a placeholder run to its real id, keeping the key', async () => {
    const key = pendingRunId('w');
    const backend = scriptedBackend([
      new Map([[key, { ...run(key, 'Pending'), workflowName: 'w' }]]),
      new Map([[key, { ...run('w-kq7x2', 'Running'), workflowName: 'w' }]]),
      new Map([['w-kq7x2', { ...run('w-kq7x2', 'Succeeded'), workflowName: 'w' }]]),
    ]);
    const changes = await collect(monitorRuns(backend, [{ id: key, workflowName: 'w' }], { clock: new FakeClock() }));
    assert.deepEqual(changes.map((c) => (c.type === 'run' ? [c.key, c.run.id, c.run.phase] : [])), [
      [key, key, 'Pending'],
      [key, 'w-kq7x2', 'Running'],
      [key, 'w-kq7x2', 'Succeeded'],
    ]);
    assert.deepEqual(backend.calls, [[key], [key], ['w-kq7x2']]);
  });

  it('an unknown phase is followed while the run has no end time, and ends the watch once it has one (shown as it is)', async () => {
    const backend = scriptedBackend([
      new Map([['a-r1', run('a-r1', 'Archiving')]]),
      new Map([['a-r1', run('a-r1', 'Archiving', '2/3')]]),
      new Map([['a-r1', { ...run('a-r1', 'Archiving', '3/3'), finishedAt: '2026-01-01T00:05:00Z' }]]),
      new Map([['a-r1', run('a-r1', 'Succeeded')]]),
    ]);
    const changes = await collect(monitorRuns(backend, [{ id: 'a-r1', workflowName: 'a' }], { clock: new FakeClock() }));
    assert.deepEqual(changes.map((c) => (c.type === 'run' ? [c.run.phase, c.run.finishedAt ?? null] : [])), [
      ['Archiving', null],
      ['Archiving', null],
      ['Archiving', '2026-01-01T00:05:00Z'],
    ]);
    assert.equal(backend.calls.length, 3, 'no poll after the run ended');
  });

  it('ends at once for no runs', async () => {
    const backend = scriptedBackend([]);
    assert.deepEqual(await collect(monitorRuns(backend, [], { clock: new FakeClock() })), []);
    assert.equal(backend.calls.length, 0);
  });
});
