import * as assert from 'node:assert/strict';
import type { AppBackend } from '../../../src/core/atlan/appBackend';
import type { BuiltCrawler } from '../../../src/core/atlan/backend';
import { InvalidArgumentError } from '../../../src/core/atlan/errors';
import { CrawlerConfigSchema } from '../../../src/core/config/model';
import { buildCrawler } from '../../../src/core/workflow/build';
import { detectDrift } from '../../../src/core/workflow/drift';
import { GOLDEN_CASES, ROLE_NAMES, goldenContext } from '../workflow/goldenCases';
import { useFakeAppTenant, type FakeAppTenant } from './fakeAppTenant';
import type { ScriptedServer } from './helpers';

const inputs = { connection: { typeName: 'Connection', attributes: { name: 'prod-pg', qualifiedName: 'default/postgres/1' } }, credential_guid: 'g-1' };

function crawler(schedule?: { cron: string; timezone?: string }): BuiltCrawler {
  return { surface: 'apps', body: { app_id: 'postgres-crawler', name: 'prod-pg', inputs, ...(schedule ? { schedule } : {}) } };
}

describe('atlan/appBackend: schedules in the definition and in update', () => {
  const suite = useFakeAppTenant('tok-app-schedules');
  let server: ScriptedServer;
  let tenant: FakeAppTenant;
  let backend: AppBackend;
  beforeEach(() => ({ server, tenant, backend } = suite));

  const scheduleRequests = () => server.requests.filter((r) => r.path.includes('/schedule')).map((r) => `${r.method} ${r.path.replace(/^v1\/app\/[^/]+/, '')}`);

  it('a workflow created from a configuration with a schedule does not drift on it', async () => {
    const basic = GOLDEN_CASES[0];
    assert.ok(basic);
    const config = CrawlerConfigSchema.parse({
      ...basic.config,
      extraction: { method: 'direct', host: 'test.com', database: 'test-db', auth: { type: 'basic', username: 'test-user', password: { secret: 'pg-password' } } },
      schedule: { cron: '45 4 * * *', timezone: 'Europe/Paris' },
    });
    const built = buildCrawler(config, goldenContext(basic.secrets), 'apps');
    const { workflow } = await backend.create(built, { run: false });
    const definition = await backend.getDefinition(workflow.name);
    assert.ok(definition.surface === 'apps');
    assert.deepEqual(definition.body.schedule, { cron: '45 4 * * *', timezone: 'Europe/Paris' });
    const report = detectDrift(config, definition, { roleNamesById: ROLE_NAMES, workflowName: workflow.name });
    assert.deepEqual(report.differences.map((d) => d.path), []);
  });

  it("the definition carries the tenant's own listed schedule, and none when there is none", async () => {
    tenant.listsSchedules = true;
    const app = tenant.addApp('prod-pg', 'postgres-crawler', inputs);
    const plain = await backend.getDefinition(app.slug);
    assert.ok(plain.surface === 'apps' && !('schedule' in plain.body));
    tenant.schedules.set(app.slug, [{ trigger_id: 't-77', cron: '0 6 * * 1', timezone: 'Asia/Kolkata' }]);
    const scheduled = await backend.getDefinition(app.slug);
    assert.ok(scheduled.surface === 'apps');
    assert.deepEqual(scheduled.body.schedule, { cron: '0 6 * * 1', timezone: 'Asia/Kolkata' });
  });

  it('update with a changed cron adds the new trigger after the PUT and removes the old one', async () => {
    const { workflow } = await backend.create(crawler({ cron: '0 9 * * *', timezone: 'UTC' }), { run: false });
    const oldTrigger = tenant.schedules.get(workflow.name)?.[0]?.trigger_id;
    assert.ok(oldTrigger);
    server.requests.length = 0;
    const updated = await backend.update(workflow.name, crawler({ cron: '30 9 * * *', timezone: 'UTC' }));
    assert.deepEqual(
      server.requests.filter((r) => r.method !== 'GET').map((r) => `${r.method} ${r.path.replace(workflow.name, 'SLUG')}`),
      ['PUT v1/app/SLUG', 'POST v1/app/SLUG/schedule', `DELETE v1/app/SLUG/schedule/${oldTrigger}`],
    );
    assert.deepEqual(tenant.schedules.get(workflow.name)?.map((t) => [t.cron, t.timezone]), [['30 9 * * *', 'UTC']]);
    assert.equal(updated.schedule?.cron, '30 9 * * *');
    assert.deepEqual((await backend.getSchedules(workflow.name)).map((s) => s.cron), ['30 9 * * *']);
    const definition = await backend.getDefinition(workflow.name);
    assert.ok(definition.surface === 'apps');
    assert.deepEqual(definition.body.schedule, { cron: '30 9 * * *', timezone: 'UTC' });
  });

  it('update with a changed time zone only replaces the trigger too', async () => {
    const { workflow } = await backend.create(crawler({ cron: '0 9 * * *', timezone: 'UTC' }), { run: false });
    server.requests.length = 0;
    await backend.update(workflow.name, crawler({ cron: '0 9 * * *', timezone: 'Europe/Paris' }));
    assert.deepEqual(scheduleRequests().map((r) => r.split(' ')[0]), ['POST', 'DELETE']);
    assert.deepEqual(tenant.schedules.get(workflow.name)?.map((t) => t.timezone), ['Europe/Paris']);
  });

  it('update without a schedule removes the known one; with the same schedule it touches none', async () => {
    const { workflow } = await backend.create(crawler({ cron: '0 9 * * *', timezone: 'UTC' }), { run: false });
    server.requests.length = 0;
    const same = await backend.update(workflow.name, crawler({ cron: '0  9 * * *' }));
    assert.deepEqual(scheduleRequests(), [], 'same cron (spacing aside) and time zone (UTC by default)');
    assert.equal(same.schedule?.cron, '0 9 * * *');
    const removed = await backend.update(workflow.name, crawler());
    assert.deepEqual(scheduleRequests().map((r) => r.split(' ')[0]), ['DELETE']);
    assert.equal(tenant.schedules.get(workflow.name)?.length, 0);
    assert.equal(removed.schedule, undefined);
    const definition = await backend.getDefinition(workflow.name);
    assert.ok(definition.surface === 'apps' && definition.body.schedule === undefined);
  });

  it('update adds a schedule to a workflow that had none', async () => {
    const app = tenant.addApp('prod-pg', 'postgres-crawler', inputs);
    const updated = await backend.update(app.slug, crawler({ cron: '15 2 * * *', timezone: 'UTC' }));
    assert.deepEqual(scheduleRequests().map((r) => r.split(' ')[0]), ['POST']);
    assert.ok(updated.schedule?.triggerId);
  });

  it('a schedule that would have to go but has no trigger id is refused before anything is written', async () => {
    tenant.listsSchedules = true;
    const app = tenant.addApp('prod-pg', 'postgres-crawler', inputs);
    server.route('GET', `v1/app/${app.slug}`, { body: { slug: app.slug, name: 'prod-pg', app_id: 'postgres-crawler', inputs, schedules: [{ cron: '0 1 * * *', timezone: 'UTC' }] } });
    await assert.rejects(backend.update(app.slug, crawler({ cron: '0 2 * * *', timezone: 'UTC' })), (e: unknown) => e instanceof InvalidArgumentError && /without a trigger id/.test(e.message));
    assert.equal(server.requests.filter((r) => r.method !== 'GET').length, 0);
  });

  it('a schedule change that fails after the PUT says the inputs were updated', async () => {
    const { workflow } = await backend.create(crawler({ cron: '0 9 * * *', timezone: 'UTC' }), { run: false });
    server.route('POST', `v1/app/${workflow.name}/schedule`, { status: 500 });
    await assert.rejects(backend.update(workflow.name, crawler({ cron: '0 10 * * *', timezone: 'UTC' })), /The inputs of .* were updated, but its schedule may not match/);
    assert.equal(tenant.apps[0]?.version, 2);
  });
});
