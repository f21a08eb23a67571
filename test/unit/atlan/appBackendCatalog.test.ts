import * as assert from 'node:assert/strict';
import { AppBackend } from '../../../src/core/atlan/appBackend';
import { isFinished, type CrawlerRun } from '../../../src/core/atlan/backend';
import { AtlanHttp } from '../../../src/core/atlan/http';
import { DEFAULT_RETRY_POLICY } from '../../../src/core/atlan/retry';
import { startSandbox, type SandboxHandle } from '../../../sandbox/server';
import { UI_RUN_USERS } from '../../../sandbox/state/seed';

const SEARCH = 'POST /api/meta/search/indexsearch';
const DAY_MS = 86_400_000;

/** Run reads of the App API backend against the sandbox, whose catalog holds every App run. */
describe('atlan/appBackend: runs from the catalog', () => {
  let sandbox: SandboxHandle;
  let http: AtlanHttp;
  let backend: AppBackend;
  let slugs: string[];
  const notes: string[] = [];

  /** Requests since the last call, as "METHOD path". */
  async function requests(): Promise<string[]> {
    const log = await sandbox.admin.requests();
    await sandbox.admin.clearRequests();
    return log.map((r) => `${r.method} ${r.path}`);
  }

  /** The run as the App API reports it by id: the ground truth. */
  async function truth(id: string): Promise<{ status: string; started_at: string }> {
    const res = await fetch(`${sandbox.url}/api/service/v1/app/runs/${id}`, { headers: { authorization: `Bearer ${sandbox.tokens.apiToken}` } });
    return (await res.json()) as { status: string; started_at: string };
  }

  before(async () => {
    // Runs stay in flight (slow clock) unless a test speeds the clock up.
    sandbox = await startSandbox({ clockSpeed: 0.001, surfaces: 'apps', log: () => {} });
  });
  beforeEach(async () => {
    await sandbox.admin.reset();
    await sandbox.admin.setIndexLag(0);
    await sandbox.admin.setAppAssets(true);
    await sandbox.admin.seed({ workflows: 5, runsPerWorkflow: 4, inFlight: 2, surface: 'apps' });
    // Read retries as in production, minus the waiting.
    http = new AtlanHttp({ baseUrl: sandbox.url, token: sandbox.tokens.apiToken, random: () => 0.5, retryPolicy: { ...DEFAULT_RETRY_POLICY, baseDelayMs: 1, maxDelayMs: 1 } });
    backend = new AppBackend({ http, catalogLagMs: 60_000 });
    notes.length = 0;
    backend.onNote = (note) => notes.push(note);
    slugs = (await backend.listWorkflows({ size: 10 })).items.map((w) => w.name);
    await sandbox.admin.clearRequests();
  });
  afterEach(async () => {
    await http.close();
  });
  after(async () => {
    await sandbox.admin.setAppAssets(true);
    await sandbox.stop();
  });

  it('reads the latest run of every workflow in one request, whoever started it, right by id', async () => {
    const latest = await backend.latestRuns(slugs);
    assert.deepEqual(await requests(), [SEARCH]);
    assert.equal(latest.size, 5);
    assert.equal(backend.runScope, 'all');
    assert.equal(backend.pollCost, 'one-request');
    for (const slug of slugs) {
      const run = latest.get(slug);
      assert.ok(run, `${slug} has a latest run`);
      const all = await backend.listRuns(slug, { size: 10 });
      assert.equal(run.id, all.items[0]?.id, `${slug}: the latest is the newest of its runs`);
      const byId = await truth(run.id);
      assert.equal(run.phase, byId.status);
      // The App API gives whole seconds, the catalog milliseconds.
      assert.equal(Math.floor(Date.parse(run.startedAt ?? '') / 1000), Date.parse(byId.started_at) / 1000);
      assert.ok(run.startedBy, 'who started it');
      assert.equal(run.finishedAt === undefined, !isFinished(run.phase), 'finished runs have a completion, runs in flight none');
    }
    assert.equal([...latest.values()].filter((r) => !isFinished(r.phase)).length, 2, 'the two seeded in flight');
    assert.deepEqual(notes, []);
  });

  it('lists the runs of a workflow newest first with their steps, the UI-started ones included, in one request a page', async () => {
    const slug = slugs[0];
    const first = await backend.listRuns(slug, { size: 3 });
    assert.deepEqual(await requests(), [SEARCH]);
    assert.equal(first.total, 4);
    assert.equal(first.items.length, 3);
    assert.ok(first.next);
    const second = await backend.listRuns(slug, { size: 3, cursor: first.next });
    const all = [...first.items, ...second.items];
    assert.equal(all.length, 4);
    assert.equal(second.next, undefined);
    const starts = all.map((r) => Date.parse(r.startedAt ?? ''));
    assert.deepEqual([...starts].sort((a, b) => b - a), starts);
    assert.ok(all.some((r) => (UI_RUN_USERS as readonly string[]).includes(r.startedBy ?? '')), `a UI-started run among ${all.map((r) => r.startedBy).join(', ')}`);
    const finished = all.find((r) => r.phase === 'Succeeded');
    assert.deepEqual(finished?.steps?.map((s) => [s.name, s.phase, Boolean(s.startedAt && s.finishedAt)]), [
      ['preflight-check', 'Succeeded', true],
      ['extract', 'Succeeded', true],
      ['publish', 'Succeeded', true],
    ]);
  });

  it('shows runs started elsewhere (another person in the UI) as the latest, and watches many runs in one request a poll', async () => {
    const started = await Promise.all(slugs.map((slug) => sandbox.admin.startAppRun({ slug, startedBy: 'edsger.dijkstra' })));
    const latest = await backend.latestRuns(slugs);
    for (const s of started) {
      assert.equal(latest.get(s.slug)?.id, s.run_id);
      assert.equal(latest.get(s.slug)?.startedBy, 'edsger.dijkstra');
    }
    await requests();
    const polled = await backend.getRuns(started.map((s) => ({ id: s.run_id, workflowName: s.slug })));
    assert.deepEqual(await requests(), [SEARCH], 'five runs, one request');
    assert.equal(polled.size, 5);
  });

  it("merges the runs this client started until the catalog shows them (index lag), then reads the catalog's", async () => {
    await sandbox.admin.setIndexLag(60_000);
    const slug = slugs[1];
    const { run } = await backend.rerun(slug, { idempotent: false });
    const latest = await backend.latestRuns([slug]);
    assert.equal(latest.get(slug)?.id, run.id, 'the submitted run is the latest although the catalog does not show it yet');
    const listed = await backend.listRuns(slug, { size: 10 });
    assert.equal(listed.items[0]?.id, run.id);
    assert.equal(listed.total, 5);
    await requests();
    const polled = await backend.getRuns([{ id: run.id, workflowName: slug }]);
    assert.equal(polled.get(run.id)?.id, run.id);
    assert.deepEqual(await requests(), [SEARCH, `GET /api/service/v1/app/runs/${run.id}`], 'not in the catalog yet: read by id');
    assert.equal(backend.runScope, 'all');
    await sandbox.admin.setIndexLag(0);
    const next = (await backend.rerun(slug, { idempotent: false })).run;
    await requests();
    const again = await backend.getRuns([{ id: next.id, workflowName: slug }]);
    assert.equal(again.get(next.id)?.startedBy, 'service-account-apikey-5c1b7a52-3c0d-4a5e-9e55-7f3f0c6a0001', 'read from the catalog, which says who started it');
    assert.deepEqual(await requests(), [SEARCH], 'catalogued: the search alone');
  });

  it('falls back to the runs it knows when the tenant catalogues no App run, and says so once', async () => {
    await sandbox.admin.setAppAssets(false);
    const slug = slugs[2];
    // A run this client started in an earlier session (persisted), long before the catalog's lag.
    const known: CrawlerRun = { id: `${slug}-run-0`, workflowName: slug, phase: 'Succeeded', startedAt: new Date(Date.now() - 3 * DAY_MS).toISOString(), failedSteps: [] };
    backend.rememberRuns([known]);
    const latest = await backend.latestRuns(slugs);
    assert.deepEqual(await requests(), [SEARCH, SEARCH], 'the runs search, then one probe for any App run at all');
    assert.equal(backend.runScope, 'own');
    assert.match(backend.runScopeReason ?? '', new RegExp(`no App run at all, although run ${known.id} of ${slug}`));
    assert.equal(backend.pollCost, 'per-run');
    assert.deepEqual([...latest.keys()], [slug], 'only what it knows, as before the catalog');
    assert.equal(notes.filter((n) => /not visible/.test(n)).length, 1);
    const listed = await backend.listRuns(slug, { size: 10 });
    await backend.latestRuns(slugs);
    assert.deepEqual(listed.items.map((r) => r.id), [known.id]);
    assert.deepEqual(await requests(), [], 'remembered and finished: nothing to ask, and the catalog is not asked again');
    assert.equal(notes.filter((n) => /not visible/.test(n)).length, 1, 'said once');
  });

  it('falls back when the asset search answers 404 (no metastore search for this client)', async () => {
    await sandbox.admin.addFault({ path: 'search/indexsearch', status: 404 });
    try {
      const { run } = await backend.rerun(slugs[0], { idempotent: false });
      const polled = await backend.getRuns([{ id: run.id, workflowName: slugs[0] }]);
      assert.equal(polled.get(run.id)?.id, run.id);
      assert.equal(backend.runScope, 'own');
      assert.match(backend.runScopeReason ?? '', /answered 404/);
    } finally {
      await sandbox.admin.clearFaults();
    }
  });

  it('does not fall back on an empty catalog without evidence, nor when the tenant has runs elsewhere', async () => {
    await sandbox.admin.reset();
    await sandbox.admin.seed({ workflows: 2, runsPerWorkflow: 0, surface: 'apps' });
    const fresh = (await backend.listWorkflows({ size: 10 })).items.map((w) => w.name);
    assert.equal((await backend.latestRuns(fresh)).size, 0);
    assert.equal(backend.runScope, 'all', 'a tenant where nothing ran yet');
    // A remembered old run the catalog does not show, on a tenant that does catalogue runs: trust the catalog.
    await sandbox.admin.startAppRun({ slug: fresh[1], startedBy: 'grace.hopper' });
    backend.rememberRuns([{ id: 'forgotten-run', workflowName: fresh[0], phase: 'Succeeded', startedAt: new Date(Date.now() - DAY_MS).toISOString(), failedSteps: [] }]);
    await requests();
    await backend.latestRuns(fresh);
    assert.equal(backend.runScope, 'all');
    assert.equal((await requests()).length, 1, 'no probe: this answer already shows a run');
  });

  it('forgets a remembered run in flight that the tenant no longer knows, instead of reading it on every refresh', async () => {
    const slug = slugs[3];
    backend.rememberRuns([{ id: 'deleted-run', workflowName: slug, phase: 'Running', startedAt: new Date(Date.now() - 3_600_000).toISOString(), failedSteps: [] }]);
    await backend.latestRuns([slug]);
    assert.deepEqual(await requests(), [SEARCH, 'GET /api/service/v1/app/runs/deleted-run']);
    await backend.latestRuns([slug]);
    assert.deepEqual(await requests(), [SEARCH]);
    assert.equal(backend.knownRuns().some((r) => r.id === 'deleted-run'), false);
  });

  it('keeps a transient search failure an error, not a fallback', async () => {
    await sandbox.admin.addFault({ path: 'search/indexsearch', status: 503 });
    try {
      await assert.rejects(backend.latestRuns(slugs), (e: Error) => /503/.test(e.message));
      assert.equal(backend.runScope, undefined);
    } finally {
      await sandbox.admin.clearFaults();
    }
  });
});
