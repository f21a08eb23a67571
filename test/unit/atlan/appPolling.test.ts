import * as assert from 'node:assert/strict';
import type { AppBackend } from '../../../src/core/atlan/appBackend';
import type { CrawlerBackend, CrawlerRun } from '../../../src/core/atlan/backend';
import type { AtlanHttp } from '../../../src/core/atlan/http';
import { LegacyBackend } from '../../../src/core/atlan/legacyBackend';
import { monitorRuns } from '../../../src/core/atlan/monitor';
import { createPollBudget } from '../../../src/core/atlan/pollBudget';
import { useFakeAppTenant, type FakeAppTenant } from './fakeAppTenant';
import { FakeClock, type ScriptedServer } from './helpers';

/** A FakeClock that aborts `controller` instead of sleeping past `limitMs` (the simulated minute ends). */
class LimitedClock extends FakeClock {
  constructor(
    private readonly limitMs: number,
    private readonly controller: AbortController,
  ) {
    super(0);
  }
  override sleep(ms: number, signal?: AbortSignal): Promise<void> {
    if (this.time + ms >= this.limitMs) this.controller.abort();
    return super.sleep(ms, signal);
  }
}

describe('atlan/App API polling (one request per run)', () => {
  const suite = useFakeAppTenant('tok-app-polling');
  let server: ScriptedServer;
  let tenant: FakeAppTenant;
  let http: AtlanHttp;
  let backend: AppBackend;
  beforeEach(() => ({ server, tenant, http, backend } = suite));

  /** The paths of every `GET v1/app/runs/{id}` so far. */
  const runReads = (): string[] => server.requests.filter((r) => r.method === 'GET' && r.path.startsWith('v1/app/runs/')).map((r) => r.path);

  /** Starts K runs that stay Running, then monitors them for one simulated minute; returns the clock. */
  async function watchForAMinute(k: number, watcherBudget = false): Promise<LimitedClock> {
    const refs = Array.from({ length: k }, (_, i) => {
      const app = tenant.addApp(`pg-${i}`);
      const run = tenant.startRun(app.slug);
      tenant.runs.get(run.run_id)!.status = 'Running';
      return { id: run.run_id, workflowName: app.slug };
    });
    const stop = new AbortController();
    const clock = new LimitedClock(60_000, stop);
    const options = { clock, signal: stop.signal, ...(watcherBudget ? { budget: createPollBudget('per-run', 5_000) } : {}) };
    for await (const change of monitorRuns(backend, refs, options)) void change;
    return clock;
  }

  it('declares what a poll costs, so the monitor budgets requests without instanceof', () => {
    assert.equal(backend.pollCost, 'per-run');
    const legacy = new LegacyBackend({ http, endpoints: () => Promise.resolve('workflows') });
    assert.equal(legacy.pollCost, 'one-request');
  });

  it('K = 1 run in flight: at most 6 run reads in a simulated minute, first after 5 s', async () => {
    const clock = await watchForAMinute(1);
    assert.equal(runReads().length, 6, '6 reads of the one run');
    assert.equal(clock.sleeps[0], 5_000, 'first interval 5 s');
    assert.ok(clock.sleeps.every((ms) => ms >= 5_000 && ms <= 60_000), `${clock.sleeps.join(', ')}`);
  });

  it('K = 10 runs in flight: 30 run reads in a simulated minute (3 per run), never more', async () => {
    await watchForAMinute(10);
    const reads = runReads();
    assert.equal(reads.length, 30);
    const perRun = new Map<string, number>();
    for (const path of reads) perRun.set(path, (perRun.get(path) ?? 0) + 1);
    assert.deepEqual([...new Set(perRun.values())], [3], 'each run read 3 times');
  });

  it('a shared budget survives a monitor restart: the second monitor waits instead of reading at once', async () => {
    const app = tenant.addApp('pg');
    const run = tenant.startRun(app.slug);
    tenant.runs.get(run.run_id)!.status = 'Running';
    const budget = createPollBudget('per-run', 5_000);
    const clock = new FakeClock(0);
    for (let restart = 0; restart < 10; restart++) {
      const stop = new AbortController();
      // Each monitor polls once, then is replaced (as RunWatcher does when the watched set changes).
      for await (const change of monitorRuns(backend, [{ id: run.run_id, workflowName: app.slug }], { clock, signal: stop.signal, budget })) {
        void change;
        stop.abort();
      }
      for await (const change of monitorRuns(backend, [{ id: run.run_id, workflowName: app.slug }], { clock, signal: stop.signal, budget })) void change;
    }
    const reads = server.requests.filter((r) => r.path === `v1/app/runs/${run.run_id}`).length;
    assert.equal(reads, 10);
    assert.ok(clock.time >= 60_000, `10 reads of one run took ${clock.time} ms of simulated time (6 a minute at most)`);
  });

  it('finished runs cost 0 requests on refresh: latestRuns, listRuns and getRuns serve them from memory', async () => {
    const app = tenant.addApp('pg');
    const first = await backend.rerun(app.slug);
    tenant.runs.get(first.run.id)!.status = 'Succeeded';
    assert.equal((await backend.latestRuns([app.slug])).get(app.slug)?.phase, 'Succeeded', 'read once, while it was in flight');
    server.requests.length = 0;
    for (let i = 0; i < 3; i++) {
      assert.equal((await backend.latestRuns([app.slug])).get(app.slug)?.phase, 'Succeeded');
      assert.equal((await backend.listRuns(app.slug, { size: 10 })).items[0]?.phase, 'Succeeded');
      assert.equal((await backend.getRuns([{ id: first.run.id, workflowName: app.slug }])).get(first.run.id)?.phase, 'Succeeded');
    }
    assert.equal(runReads().length, 0);

    // A run remembered from an earlier session as finished is final too; an unfinished one is read.
    backend.rememberRuns([
      { id: 'r-old', workflowName: app.slug, phase: 'Failed', failedSteps: [] } satisfies CrawlerRun,
      { id: 'r-open', workflowName: app.slug, phase: 'Running', failedSteps: [] } satisfies CrawlerRun,
    ]);
    const both = await backend.getRuns([
      { id: 'r-old', workflowName: app.slug },
      { id: 'r-open', workflowName: app.slug },
    ]);
    assert.equal(both.get('r-old')?.phase, 'Failed');
    assert.deepEqual(runReads(), ['v1/app/runs/r-open']);
  });

  it('a legacy-style backend keeps its one-request-per-poll schedule (2 s first interval)', async () => {
    const clock = new FakeClock(0);
    let polls = 0;
    const legacyLike = {
      surface: 'workflows',
      pollCost: 'one-request',
      getRuns: (refs: readonly { id: string; workflowName: string }[]) => {
        polls++;
        return Promise.resolve(new Map(refs.map((r) => [r.id, { ...r, phase: polls < 3 ? 'Running' : 'Succeeded', failedSteps: [] }])));
      },
    } as unknown as CrawlerBackend;
    for await (const change of monitorRuns(legacyLike, [{ id: 'a-r1', workflowName: 'a' }], { clock })) void change;
    assert.deepEqual(clock.sleeps, [2000, 2500], '2 s after the first sight, then a quarter of the quiet time more');
  });
});
