/* eslint-disable @typescript-eslint/no-explicit-any -- these tests read the sandbox's untyped JSON replies, as a client would before validating them. */
import * as assert from 'node:assert/strict';
import type { SandboxHandle } from '../../../sandbox/server';
import { assertNoSecrets, call, fastSandbox, waitFor } from './helpers';

function inputs(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    connection: { typeName: 'Connection', attributes: { qualifiedName: 'default/postgres/1700000000', connectorName: 'postgres', name: 'prod-pg', adminUsers: ['demo.admin'] } },
    extraction_method: 'direct',
    credential_guid: '',
    include_filter: '{"^db$": ["^public$"]}',
    exclude_filter: '{}',
    temp_table_regex: '',
    advanced_config: 'default',
    use_source_schema_filtering: 'false',
    control_config_strategy: 'default',
    control_config: '{}',
    use_jdbc_internal_methods: 'true',
    credential: {
      authType: 'basic',
      name: 'default-postgres-1700000000-0',
      connectorConfigName: 'atlan-connectors-postgres',
      connectorType: 'postgres',
      host: 'db.example.com',
      port: 5432,
      username: 'crawler',
      password: 'test-password',
      extra: { database: 'db' },
    },
    ...overrides,
  };
}

async function runStatus(sandbox: SandboxHandle, runId: string): Promise<any> {
  return (await call(sandbox, 'GET', `v1/app/runs/${runId}`)).json;
}

describe('sandbox App API', () => {
  let sandbox: SandboxHandle;
  before(async () => {
    sandbox = await fastSandbox();
  });
  after(async () => {
    await sandbox.stop();
  });

  it('describes the postgres-crawler app and publishes its input contract', async () => {
    const info = await call(sandbox, 'GET', 'v1/apps/postgres-crawler');
    assert.deepEqual(info.json, { app_id: 'postgres-crawler', name: 'Postgres', native_ready: true, execution_mode: 'native', entrypoints: [{ name: 'crawler' }] });
    const contract = await call(sandbox, 'GET', 'v1/apps/postgres-crawler/inputs?entrypoint=crawler');
    assert.equal(contract.json.title, 'AppInputContract');
    assert.equal(contract.json.type, 'object');
    assert.ok(contract.json.properties.connection);
    assert.equal(contract.json.properties.include_filter.default, '{}');
    assert.ok(contract.json.required.includes('connection'));
    const unknown = await call(sandbox, 'GET', 'v1/apps/bigquery-crawler');
    assert.equal(unknown.status, 404);
    assert.equal(unknown.json.code, 1003);
    assert.equal((await call(sandbox, 'GET', 'v1/apps/postgres-crawler/inputs?entrypoint=miner')).json.code, 1003);
  });

  it('creates and runs an app, vaulting the inline credential into credential_guid', async () => {
    const res = await call(sandbox, 'POST', 'v1/app', { body: { app_id: 'postgres-crawler', name: 'Prod PG', inputs: inputs(), entrypoint: 'crawler' } });
    assert.equal(res.status, 200);
    assertNoSecrets(res.text);
    assert.match(res.json.slug, /^prod-pg-[0-9a-f]{8}$/);
    assert.equal(res.json.execution_mode, 'native');
    assert.equal(typeof res.json.version, 'number');
    assert.ok(res.json.run_id);
    const app = await call(sandbox, 'GET', `v1/app/${res.json.slug}`);
    assertNoSecrets(app.text);
    assert.equal(app.json.name, 'Prod PG');
    assert.equal(app.json.app_id, 'postgres-crawler');
    assert.equal(app.json.owner.startsWith('service-account-apikey-'), true);
    assert.match(app.json.inputs.credential_guid, /^[0-9a-f-]{36}$/);
    assert.equal(app.json.inputs.credential, undefined);
    assert.equal(app.json.schedules, null);

    const done = await waitFor(async () => {
      const s = await runStatus(sandbox, res.json.run_id);
      return s.status === 'Succeeded' || s.status === 'Failed' ? s : undefined;
    });
    assert.equal(done.status, 'Succeeded');
    assert.equal(done.slug, res.json.slug);
    assert.ok(done.started_at);
  });

  it('creates without running when run=false, and attaches a schedule on create', async () => {
    const res = await call(sandbox, 'POST', 'v1/app', { body: { app_id: 'postgres-crawler', name: 'quiet', inputs: inputs(), run: false, schedule: { cron: '0 9 * * *', timezone: 'Asia/Kolkata' } } });
    assert.equal(res.status, 200);
    assert.equal(res.json.run_id, undefined);
    assert.match(res.json.schedule_trigger_id, /^trg-/);
  });

  it('answers 409 {message, slug, version} for a duplicate name', async () => {
    const first = await call(sandbox, 'POST', 'v1/app', { body: { app_id: 'postgres-crawler', name: 'dup', inputs: inputs(), run: false } });
    const again = await call(sandbox, 'POST', 'v1/app', { body: { app_id: 'postgres-crawler', name: 'dup', inputs: inputs(), run: false } });
    assert.equal(again.status, 409);
    assert.deepEqual(again.json, { message: 'a workflow with that name already exists', slug: first.json.slug, version: first.json.version });
  });

  it('rejects inputs that violate the contract with code 1000 naming the field', async () => {
    const bad = async (over: Record<string, unknown>, field: RegExp): Promise<void> => {
      const res = await call(sandbox, 'POST', 'v1/app', { body: { app_id: 'postgres-crawler', name: `bad-${Math.random()}`, inputs: inputs(over), run: false } });
      assert.equal(res.status, 400);
      assert.equal(res.json.code, 1000);
      assert.match(res.json.message, field);
      assertNoSecrets(res.text);
    };
    await bad({ include_filter: '{"^db$": "public"}' }, /inputs\.include_filter/);
    await bad({ use_source_schema_filtering: true }, /inputs\.use_source_schema_filtering/);
    await bad({ connection: { typeName: 'Connection', attributes: { qualifiedName: 'default/snowflake/1', connectorName: 'postgres', adminUsers: ['x'] } } }, /qualifiedName/);
    await bad({ conection: {} }, /conection/);
    await bad({ credential: undefined }, /credential_guid/);
    await bad({ credential: undefined, credential_guid: 'no-such-guid' }, /no credential 'no-such-guid'/);
  });

  it('rejects unknown apps and entrypoints with code 1003', async () => {
    const app = await call(sandbox, 'POST', 'v1/app', { body: { app_id: 'snowflake-crawler', name: 'x', inputs: inputs() } });
    assert.equal(app.json.code, 1003);
    const entry = await call(sandbox, 'POST', 'v1/app', { body: { app_id: 'postgres-crawler', name: 'x', inputs: inputs(), entrypoint: 'miner' } });
    assert.equal(entry.json.code, 1003);
    assert.match(entry.json.message, /unknown entrypoint/);
  });

  it('lists with limit, opaque cursor and exact name filter', async () => {
    for (const n of ['list-a', 'list-b', 'list-c']) {
      await call(sandbox, 'POST', 'v1/app', { body: { app_id: 'postgres-crawler', name: n, inputs: inputs(), run: false } });
    }
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const q: string = cursor ? `v1/app?limit=2&cursor=${encodeURIComponent(cursor)}` : 'v1/app?limit=2';
      const page: any = (await call(sandbox, 'GET', q)).json;
      assert.ok(page.workflows.length <= 2);
      seen.push(...page.workflows.map((w: { slug: string }) => w.slug));
      assert.equal(page.has_more, page.next_cursor !== null);
      cursor = page.next_cursor;
      pages++;
    } while (cursor && pages < 20);
    assert.equal(new Set(seen).size, seen.length);
    const total = (await call(sandbox, 'GET', 'v1/app?limit=500')).json.workflows.length;
    assert.equal(seen.length, total);
    const byName = (await call(sandbox, 'GET', 'v1/app?name=list-b')).json;
    assert.deepEqual(byName.workflows.map((w: { name: string }) => w.name), ['list-b']);
    assert.equal((await call(sandbox, 'GET', 'v1/app?cursor=garbage')).status, 400);
  });

  it('updates to a new version keeping the stored credential, then deletes', async () => {
    const created = await call(sandbox, 'POST', 'v1/app', { body: { app_id: 'postgres-crawler', name: 'upd', inputs: inputs(), run: false } });
    const slug = created.json.slug as string;
    const before = (await call(sandbox, 'GET', `v1/app/${slug}`)).json;
    const { credential: _dropped, ...rest } = inputs({ temp_table_regex: '.*_tmp' });
    const updated = await call(sandbox, 'PUT', `v1/app/${slug}`, { body: { inputs: { ...rest, credential_guid: '' } } });
    assert.equal(updated.status, 200);
    assert.equal(updated.json.slug, slug);
    assert.ok(updated.json.version > created.json.version);
    const after = (await call(sandbox, 'GET', `v1/app/${slug}`)).json;
    assert.equal(after.inputs.credential_guid, before.inputs.credential_guid);
    assert.equal(after.inputs.temp_table_regex, '.*_tmp');
    assert.equal(after.owner, before.owner);

    const deleted = await call(sandbox, 'DELETE', `v1/app/${slug}`);
    assert.deepEqual(deleted.json, { slug, archived: true });
    const gone = await call(sandbox, 'GET', `v1/app/${slug}`);
    assert.equal(gone.status, 404);
    assert.match(gone.json.errorMessage, new RegExp(slug));
  });

  it('submits, cancels (Stopped) and reports 404 for unknown runs and slugs', async () => {
    const created = await call(sandbox, 'POST', 'v1/app', { body: { app_id: 'postgres-crawler', name: 'cancel-me', inputs: inputs(), run: false } });
    const slug = created.json.slug as string;
    await sandbox.admin.setClockSpeed(10);
    try {
      const submitted = await call(sandbox, 'POST', `v1/app/${slug}/submit`);
      assert.equal(submitted.json.slug, slug);
      const runId = submitted.json.run_id as string;
      assert.equal((await runStatus(sandbox, runId)).status, 'Pending');
      const cancelled = await call(sandbox, 'POST', `v1/app/runs/${runId}/cancel`);
      assert.deepEqual(cancelled.json, { run_id: runId, cancelled: true, status: 'Stopped', slug });
      await sandbox.admin.setClockSpeed(2000);
      const final = await waitFor(async () => {
        const s = await runStatus(sandbox, runId);
        return s.finished_at ? s : undefined;
      });
      assert.equal(final.status, 'Stopped');
      const twice = await call(sandbox, 'POST', `v1/app/runs/${runId}/cancel`);
      assert.equal(twice.json.cancelled, false);
    } finally {
      await sandbox.admin.setClockSpeed(2000);
    }
    assert.equal((await call(sandbox, 'GET', 'v1/app/runs/no-such-run')).status, 404);
    assert.equal((await call(sandbox, 'POST', 'v1/app/no-such-slug/submit')).status, 404);
  });

  it('adds and removes schedules, validating cron and timezone', async () => {
    const created = await call(sandbox, 'POST', 'v1/app', { body: { app_id: 'postgres-crawler', name: 'sched', inputs: inputs(), run: false } });
    const slug = created.json.slug as string;
    const added = await call(sandbox, 'POST', `v1/app/${slug}/schedule`, { body: { cron: '0 9 * * *', timezone: 'Asia/Kolkata' } });
    assert.equal(added.json.cron, '0 9 * * *');
    assert.equal(added.json.timezone, 'Asia/Kolkata');
    const second = await call(sandbox, 'POST', `v1/app/${slug}/schedule`, { body: { cron: '30 1 * * 1-5', timezone: 'UTC' } });
    assert.notEqual(second.json.trigger_id, added.json.trigger_id);
    assert.match((await call(sandbox, 'POST', `v1/app/${slug}/schedule`, { body: { cron: '0 9 * *', timezone: 'UTC' } })).json.errorMessage, /5 fields/);
    assert.match((await call(sandbox, 'POST', `v1/app/${slug}/schedule`, { body: { cron: '0 9 * * *', timezone: null } })).json.errorMessage, /timezone/);
    const removed = await call(sandbox, 'DELETE', `v1/app/${slug}/schedule/${added.json.trigger_id}`);
    assert.deepEqual(removed.json, { trigger_id: added.json.trigger_id, deleted: true });
    assert.equal((await call(sandbox, 'DELETE', `v1/app/${slug}/schedule/${added.json.trigger_id}`)).status, 404);
  });

  it('fails agent extraction: the sandbox has no agent', async () => {
    const { credential: _c, ...rest } = inputs();
    const res = await call(sandbox, 'POST', 'v1/app', { body: { app_id: 'postgres-crawler', name: 'agent', inputs: { ...rest, extraction_method: 'agent', agent_json: { 'agent-name': 'a' } } } });
    assert.equal(res.status, 200);
    const final = await waitFor(async () => {
      const s = await runStatus(sandbox, res.json.run_id);
      return s.status === 'Failed' ? s : undefined;
    });
    assert.match(final.message, /no secure agent/);
  });
});
