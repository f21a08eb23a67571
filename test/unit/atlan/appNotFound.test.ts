import * as assert from 'node:assert/strict';
import { AppBackend } from '../../../src/core/atlan/appBackend';
import type { BuiltCrawler } from '../../../src/core/atlan/backend';
import { NotFoundError } from '../../../src/core/atlan/errors';
import { AtlanHttp } from '../../../src/core/atlan/http';
import { FakeAppTenant } from './fakeAppTenant';
import { FakeClock, ScriptedServer } from './helpers';

const crawler: BuiltCrawler = { surface: 'apps', body: { app_id: 'postgres-crawler', name: 'prod-pg', inputs: { extraction_method: 'direct' } } };

describe('atlan/appBackend: unknown slug or run id (404) get specific messages', () => {
  let server: ScriptedServer;
  let http: AtlanHttp;
  let backend: AppBackend;
  let origin: string;
  const slug = 'gone-00000042';

  before(async () => {
    server = await ScriptedServer.start();
    origin = server.url;
  });
  beforeEach(() => {
    server.reset();
    new FakeAppTenant(server);
    http = new AtlanHttp({ baseUrl: server.url, token: 'tok-app-404', clock: new FakeClock(), random: () => 0.5 });
    backend = new AppBackend({ http, clock: new FakeClock() });
  });
  afterEach(async () => {
    await http.close();
  });
  after(async () => {
    await server.stop();
  });

  const esc = (text: string): string => text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  const unknownWorkflow = (): RegExp => new RegExp(`^There is no Postgres crawler workflow ${slug} on ${esc(origin)}: it may have been deleted\\. Refresh the workflow list\\.$`);

  /** Asserts a NotFoundError with this message that still names the request for the log. */
  async function rejectsWith(promise: Promise<unknown>, message: RegExp, method?: string, path?: string): Promise<void> {
    await assert.rejects(promise, (e: unknown) => {
      assert.ok(e instanceof NotFoundError, `not a NotFoundError: ${String(e)}`);
      assert.match(e.message, message);
      assert.equal(e.kind, 'notFound');
      if (method) assert.equal(e.method, method);
      if (path) assert.equal(e.path, `/api/service/${path}`);
      if (method) assert.equal(e.status, 404);
      return true;
    });
  }

  it('rerun (submit)', async () => {
    await rejectsWith(backend.rerun(slug, { idempotent: false }), unknownWorkflow(), 'POST', `v1/app/${slug}/submit`);
  });

  it('stop (cancel) of an unknown run', async () => {
    await rejectsWith(
      backend.stop({ id: 'r-nope', workflowName: slug }),
      new RegExp(`^Atlan has no run r-nope of workflow ${slug} on ${esc(origin)}: it may have been deleted\\. Refresh the workflow list\\.$`),
      'POST',
      'v1/app/runs/r-nope/cancel',
    );
  });

  it('get run: an unknown run id is absent, not an error (the watcher reports it as gone)', async () => {
    const runs = await backend.getRuns([{ id: 'r-nope', workflowName: slug }]);
    assert.equal(runs.size, 0);
  });

  it('update: the schedules read before the PUT finds no workflow; a 404 on the PUT itself says the same', async () => {
    await rejectsWith(backend.update(slug, crawler), unknownWorkflow(), 'GET', `v1/app/${slug}`);
    assert.equal(server.requests.filter((r) => r.method === 'PUT').length, 0);
    server.route('GET', `v1/app/${slug}`, { body: { slug, name: 'prod-pg', app_id: 'postgres-crawler', inputs: {} } });
    await rejectsWith(backend.update(slug, crawler), unknownWorkflow(), 'PUT', `v1/app/${slug}`);
  });

  it('archive', async () => {
    await rejectsWith(backend.archive(slug), unknownWorkflow(), 'DELETE', `v1/app/${slug}`);
  });

  it('schedule add', async () => {
    await rejectsWith(backend.addSchedule(slug, { cron: '0 9 * * *', timezone: 'UTC' }), unknownWorkflow(), 'POST', `v1/app/${slug}/schedule`);
  });

  it('schedule remove', async () => {
    await rejectsWith(
      backend.removeSchedule(slug, { cron: '0 9 * * *', timezone: 'UTC', triggerId: 't-9' }),
      new RegExp(`^Atlan has no schedule t-9 \\("0 9 \\* \\* \\*"\\) on workflow ${slug} on ${esc(origin)}, or no longer that workflow: it may have been removed already\\. Refresh the workflow list\\.$`),
      'DELETE',
      `v1/app/${slug}/schedule/t-9`,
    );
  });

  it('schedules and definition of an unknown slug', async () => {
    await rejectsWith(backend.getSchedules(slug), unknownWorkflow(), 'GET', `v1/app/${slug}`);
    await rejectsWith(backend.getDefinition(slug), unknownWorkflow(), 'GET', `v1/app/${slug}`);
  });

  it('other failures are not dressed as unknown workflows', async () => {
    server.route('GET', `v1/app/${slug}`, { body: { slug, name: 'prod-pg', app_id: 'postgres-crawler', inputs: {} } });
    server.route('PUT', `v1/app/${slug}`, { status: 500 });
    await assert.rejects(backend.update(slug, crawler), (e: unknown) => e instanceof Error && !(e instanceof NotFoundError) && /HTTP 500/.test(e.message));
  });
});
