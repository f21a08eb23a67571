import * as assert from 'node:assert/strict';
import { AppBackend } from '../../../src/core/atlan/appBackend';
import type { BuiltCrawler } from '../../../src/core/atlan/backend';
import { ConflictError, InvalidArgumentError, NotFoundError, ServerError } from '../../../src/core/atlan/errors';
import type { AtlanHttp } from '../../../src/core/atlan/http';
import { useFakeAppTenant, type FakeAppTenant } from './fakeAppTenant';
import type { FakeClock, ScriptedServer } from './helpers';

const inputs = {
  connection: { typeName: 'Connection', attributes: { qualifiedName: 'default/postgres/1700000000', connectorName: 'postgres', name: 'prod-pg', adminRoles: ['r-1'] } },
  extraction_method: 'direct',
  credential_guid: '',
  include_filter: '{}',
  credential: { authType: 'basic', username: 'u', password: 'pw-secret', host: 'db', port: 5432, extra: { database: 'd' } },
};

function crawler(name = 'prod-pg', extra: Partial<{ entrypoint: string; run: boolean; schedule: { cron: string; timezone?: string } }> = {}): BuiltCrawler {
  return { surface: 'apps', body: { app_id: 'postgres-crawler', name, inputs, entrypoint: 'crawler', ...extra } };
}

describe('atlan/appBackend', () => {
  const suite = useFakeAppTenant('tok-app-test', { indexLagMs: 1000, createLookupAttempts: 2 });
  let server: ScriptedServer;
  let tenant: FakeAppTenant;
  let http: AtlanHttp;
  let clock: FakeClock;
  let backend: AppBackend;
  beforeEach(() => ({ server, tenant, http, clock, backend } = suite));

  const posts = (path: string) => server.requests.filter((r) => r.method === 'POST' && r.path === path);

  describe('workflows', () => {
    it('lists only postgres-crawler workflows, with cursor paging', async () => {
      tenant.addApp('prod-pg', 'postgres-crawler', inputs);
      tenant.addApp('bq', 'bigquery-crawler');
      tenant.addApp('dev-pg', 'postgres-crawler');
      const first = await backend.listWorkflows({ size: 2 });
      assert.deepEqual(first.items.map((w) => [w.name.startsWith('prod-pg-'), w.connectionName, w.connectionQualifiedName, w.surface]), [
        [true, 'prod-pg', 'default/postgres/1700000000', 'apps'],
      ]);
      assert.equal(first.next, '2');
      const second = await backend.listWorkflows({ size: 2, cursor: first.next });
      assert.deepEqual(second.items.map((w) => w.connectionName), ['dev-pg']);
      assert.equal(second.next, undefined);
      assert.equal(server.requests[0]?.query.get('limit'), '2');
    });

    it('passes the name filter and finds by connection name', async () => {
      tenant.addApp('prod-pg', 'postgres-crawler', inputs);
      tenant.addApp('other', 'postgres-crawler');
      const found = await backend.findByConnectionName('prod-pg');
      assert.equal(found.length, 1);
      assert.equal(server.requests[0]?.query.get('name'), 'prod-pg');
    });

    it('gets one workflow; unknown slugs and other apps are undefined', async () => {
      const app = tenant.addApp('prod-pg', 'postgres-crawler', inputs);
      const bq = tenant.addApp('bq', 'bigquery-crawler');
      assert.equal((await backend.getWorkflow(app.slug))?.connectionName, 'prod-pg');
      assert.equal(await backend.getWorkflow('nope-00000000'), undefined);
      assert.equal(await backend.getWorkflow(bq.slug), undefined);
    });
  });

  describe('create', () => {
    it('creates and runs: body in the SDK key order, first run returned and remembered', async () => {
      const created = await backend.create(crawler('prod-pg', { schedule: { cron: '0 9 * * *', timezone: 'Asia/Kolkata' } }));
      const post = posts('v1/app')[0];
      assert.deepEqual(Object.keys(post?.body as object), ['app_id', 'name', 'inputs', 'entrypoint', 'schedule']);
      assert.equal(post?.body.inputs.credential.password, 'pw-secret');
      assert.ok(created.workflow.name.startsWith('prod-pg-'));
      assert.equal(created.workflow.connectionName, 'prod-pg');
      assert.equal(created.workflow.schedule?.cron, '0 9 * * *');
      assert.ok(created.workflow.schedule?.triggerId);
      assert.equal(created.run?.phase, 'Pending');
      tenant.runs.get(created.run.id)!.status = 'Running';
      const latest = await backend.latestRuns([created.workflow.name]);
      assert.equal(latest.get(created.workflow.name)?.phase, 'Running');
    });

    it('creates without running when asked', async () => {
      const created = await backend.create(crawler(), { run: false });
      assert.equal(posts('v1/app')[0]?.body.run, false);
      assert.equal(created.run, undefined);
    });

    it('a duplicate name is a conflict naming the slug, never a reuse', async () => {
      const app = tenant.addApp('prod-pg');
      await assert.rejects(backend.create(crawler()), (e: unknown) => {
        assert.ok(e instanceof ConflictError);
        assert.match(e.message, new RegExp(`a workflow named prod-pg already exists \\(slug ${app.slug}\\): rerun it or update it`));
        assert.equal(e.slug, app.slug);
        return true;
      });
      assert.equal(posts('v1/app').length, 0);
    });

    it("turns the tenant's 409 (a race) into the same conflict, and its slugs form too", async () => {
      server.queue('POST', 'v1/app', { status: 409, body: { message: 'a workflow with that name already exists', slug: 'prod-pg-aaaa', version: 2 } });
      await assert.rejects(backend.create(crawler()), /already exists \(slug prod-pg-aaaa\): rerun it or update it/);
      server.queue('POST', 'v1/app', { status: 409, body: { message: 'dup', slugs: ['p-1', 'p-2'] } });
      await assert.rejects(backend.create(crawler()), (e: unknown) => e instanceof ConflictError && /\(slugs p-1, p-2\)/.test(e.message));
      assert.equal(posts('v1/app').length, 2);
      assert.equal(tenant.apps.length, 0);
    });

    it('drops an unknown entrypoint once (code 1003), as the SDK does', async () => {
      tenant.entrypoints.clear();
      const created = await backend.create(crawler());
      assert.equal(posts('v1/app').length, 2);
      assert.equal('entrypoint' in posts('v1/app')[1].body, false);
      assert.ok(created.workflow.name.startsWith('prod-pg-'));
    });

    it('after a reset, finds the workflow the request created instead of creating another', async () => {
      server.queue('POST', 'v1/app', { reset: true });
      server.route('POST', 'v1/app', () => ({ status: 500 }));
      // The tenant creates it although the answer is lost.
      const original = server.fallback!;
      server.fallback = (req) => {
        if (req.method === 'GET' && req.path === 'v1/app' && posts('v1/app').length > 0 && tenant.apps.length === 0) tenant.addApp('prod-pg', 'postgres-crawler', inputs);
        return original(req);
      };
      const created = await backend.create(crawler());
      assert.equal(posts('v1/app').length, 1, 'never sent twice');
      assert.equal(created.run, undefined, 'the run id was lost with the answer');
      assert.ok(created.workflow.name.startsWith('prod-pg-'));
    });

    it('after a 503 with nothing created, says it was most likely not created', async () => {
      server.route('POST', 'v1/app', { status: 503 });
      await assert.rejects(backend.create(crawler()), (e: unknown) => e instanceof ServerError && /most likely not created/.test(e.message));
      assert.equal(posts('v1/app').length, 1);
      assert.deepEqual(clock.sleeps, [1000]);
    });

    it('rejects a crawler built for package workflows', async () => {
      await assert.rejects(
        backend.create({ surface: 'workflows', workflow: { metadata: { name: 'x', namespace: 'default', labels: {}, annotations: {} }, spec: {}, payload: [] } }),
        InvalidArgumentError,
      );
    });
  });

  describe('runs', () => {
    it('reads runs one request each; unknown ids are absent; unknown statuses kept', async () => {
      const app = tenant.addApp('prod-pg');
      const r1 = tenant.startRun(app.slug);
      const r2 = tenant.startRun(app.slug);
      tenant.runs.get(r2.run_id)!.status = 'Quiescing';
      const runs = await backend.getRuns([
        { id: r1.run_id, workflowName: app.slug },
        { id: r2.run_id, workflowName: app.slug },
        { id: 'r-missing', workflowName: app.slug },
      ]);
      // This tenant has no asset search (404): one look, then one request per run, as before the catalog.
      assert.deepEqual(server.requests.map((r) => r.path).filter((p) => !p.startsWith('v1/app/runs/')), ['/api/meta/search/indexsearch']);
      assert.equal(server.requests.length, 4);
      assert.equal(backend.runScope, 'own');
      assert.equal(backend.pollCost, 'per-run');
      assert.equal(runs.get(r1.run_id)?.startedAt, '2026-03-01T00:00:00Z');
      assert.equal(runs.get(r2.run_id)?.phase, 'Quiescing');
      assert.equal(runs.has('r-missing'), false);
    });

    it('rerun reuses a remembered run in flight, submits once it finished', async () => {
      const app = tenant.addApp('prod-pg');
      const first = await backend.rerun(app.slug);
      assert.equal(first.reused, false);
      const again = await backend.rerun(app.slug);
      assert.deepEqual([again.reused, again.run.id], [true, first.run.id]);
      assert.equal(posts(`v1/app/${app.slug}/submit`).length, 1);
      tenant.runs.get(first.run.id)!.status = 'Succeeded';
      const third = await backend.rerun(app.slug);
      assert.equal(third.reused, false);
      assert.notEqual(third.run.id, first.run.id);
      assert.equal(posts(`v1/app/${app.slug}/submit`).length, 2);
      const listed = await backend.listRuns(app.slug, { size: 10 });
      assert.deepEqual(listed.items.map((r) => r.id), [third.run.id, first.run.id]);
    });

    it('a failed submit is not retried and says a run may have started', async () => {
      const app = tenant.addApp('prod-pg');
      server.route('POST', `v1/app/${app.slug}/submit`, { status: 502 });
      await assert.rejects(backend.rerun(app.slug, { idempotent: false }), /may have started anyway/);
      assert.equal(posts(`v1/app/${app.slug}/submit`).length, 1);
    });

    it('stops a run by cancelling it', async () => {
      const app = tenant.addApp('prod-pg');
      const run = tenant.startRun(app.slug);
      const stopped = await backend.stop({ id: run.run_id, workflowName: app.slug });
      assert.equal(stopped.phase, 'Stopped');
      assert.equal(posts(`v1/app/runs/${run.run_id}/cancel`).length, 1);
    });
  });

  describe('update, archive, schedules, definition', () => {
    it('updates with PUT on the same slug, keeping the stored credential when none is sent', async () => {
      const app = tenant.addApp('prod-pg', 'postgres-crawler', inputs);
      const { credential: _c, credential_guid: _g, ...withoutCredential } = inputs;
      const updated = await backend.update(app.slug, { surface: 'apps', body: { app_id: 'postgres-crawler', name: 'prod-pg', inputs: withoutCredential } });
      const put = server.requests.find((r) => r.method === 'PUT');
      assert.equal(put?.path, `v1/app/${app.slug}`);
      assert.equal(put?.body.inputs.credential_guid, '');
      assert.equal(Object.keys((put?.body.inputs ?? {}) as object).includes('credential'), false);
      assert.equal(updated.name, app.slug);
      assert.equal(tenant.apps[0]?.version, 2);
    });

    it('archives with DELETE', async () => {
      const app = tenant.addApp('prod-pg');
      await backend.archive(app.slug);
      assert.equal(tenant.apps.length, 0);
    });

    it('adds, lists and removes schedules by trigger id', async () => {
      const app = tenant.addApp('prod-pg');
      const added = await backend.addSchedule(app.slug, { cron: '0 9 * * *', timezone: 'Asia/Kolkata' });
      assert.deepEqual(posts(`v1/app/${app.slug}/schedule`)[0]?.body, { cron: '0 9 * * *', timezone: 'Asia/Kolkata' });
      assert.ok(added.triggerId);
      assert.deepEqual(await backend.getSchedules(app.slug), [added]);
      await assert.rejects(backend.removeSchedule(app.slug, { cron: '0 9 * * *', timezone: 'UTC' }), /no trigger id/);
      await backend.removeSchedule(app.slug, added);
      assert.equal(tenant.schedules.get(app.slug)?.length, 0);
      assert.deepEqual(await backend.getSchedules(app.slug), []);
    });

    it('the schedules it attached outlive the session: saved on every change, and a later update removes the replaced trigger', async () => {
      const app = tenant.addApp('prod-pg', 'postgres-crawler', inputs);
      let saved: Record<string, { cron: string; timezone: string; triggerId?: string }[]> = {};
      backend.onDidChangeSchedules = (known) => (saved = structuredClone(known));
      const added = await backend.addSchedule(app.slug, { cron: '0 9 * * *', timezone: 'UTC' });
      assert.deepEqual(saved, { [app.slug]: [added] });

      const next = new AppBackend({ http, clock, indexLagMs: 1000, createLookupAttempts: 2 });
      next.rememberSchedules(saved);
      assert.deepEqual((await next.getWorkflow(app.slug))?.schedule, added);
      const { credential: _c, credential_guid: _g, ...withoutCredential } = inputs;
      await next.update(app.slug, { surface: 'apps', body: { app_id: 'postgres-crawler', name: 'prod-pg', inputs: withoutCredential } });
      assert.deepEqual(tenant.schedules.get(app.slug) ?? [], [], 'the update without a schedule removed the trigger of the earlier session');
    });

    it('returns the stored definition, and NotFound for an unknown slug', async () => {
      const app = tenant.addApp('prod-pg', 'postgres-crawler', { connection: inputs.connection, credential_guid: 'g-1' });
      const def = await backend.getDefinition(app.slug);
      assert.ok(def.surface === 'apps');
      assert.deepEqual(def.body, { app_id: 'postgres-crawler', name: 'prod-pg', inputs: { connection: inputs.connection, credential_guid: 'g-1' } });
      await assert.rejects(backend.getDefinition('nope-0'), NotFoundError);
    });
  });
});
