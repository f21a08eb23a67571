 
import * as assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { startSandbox } from '../../../sandbox/server';
import { call, fastSandbox, fixture, runsOf, waitFor } from './helpers';

describe('sandbox persistence', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'sandbox-state-'));
  });
  after(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('keeps workflows, runs, apps and credentials across a restart', async () => {
    const stateFile = path.join(dir, 'round-trip.json');
    const first = await fastSandbox({ stateFile });
    await call(first, 'POST', 'workflows?submit=false', { body: fixture('postgres_direct_basic', 1_700_000_100) });
    const app = await call(first, 'POST', 'v1/app', {
      body: {
        app_id: 'postgres-crawler',
        name: 'persisted',
        run: false,
        inputs: {
          connection: { typeName: 'Connection', attributes: { qualifiedName: 'default/postgres/1700000100', connectorName: 'postgres', adminRoles: ['r'] } },
          credential: { authType: 'basic', host: 'h', port: 5432, username: 'u', password: 'test-password', extra: { database: 'd' } },
        },
      },
    });
    await first.stop();
    const text = readFileSync(stateFile, 'utf8');
    assert.ok(text.includes('atlan-postgres-1700000100'));
    assert.equal(statSync(stateFile).mode & 0o777, 0o600);
    assert.deepEqual(readdirSync(dir).filter((f) => f.endsWith('.tmp')), []);

    const second = await fastSandbox({ stateFile });
    try {
      const state = await second.admin.state();
      assert.equal(state.workflows, 1);
      assert.equal(state.apps, 1);
      assert.equal(state.credentials, 2);
      // The vaulted credential still works: a rerun succeeds with it.
      await call(second, 'POST', 'workflows/submit', { body: { resourceName: 'atlan-postgres-1700000100' } });
      const run = await waitFor(async () => {
        const hit = (await call(second, 'POST', 'runs/indexsearch', { body: runsOf('atlan-postgres-1700000100', 1) })).json.hits.hits[0];
        return hit?._source.status.phase === 'Succeeded' ? hit : undefined;
      });
      assert.ok(run);
      assert.equal((await call(second, 'GET', `v1/app/${app.json.slug as string}`)).json.name, 'persisted');
    } finally {
      await second.stop();
    }
  });

  it('ends runs that were in flight when the sandbox stopped as Failed', async () => {
    const stateFile = path.join(dir, 'in-flight.json');
    const first = await fastSandbox({ stateFile, clockSpeed: 1 });
    const run = await call(first, 'POST', 'workflows?submit=true', { body: fixture('postgres_direct_basic', 1_700_000_200) });
    assert.equal(run.status, 200);
    await first.stop();
    const second = await fastSandbox({ stateFile });
    try {
      const hit = (await call(second, 'POST', 'runs/indexsearch', { body: runsOf('atlan-postgres-1700000200', 1) })).json.hits.hits[0];
      assert.equal(hit._source.status.phase, 'Failed');
      assert.match(hit._source.status.message, /stopped while this run was in flight/);
      assert.equal(hit._source.metadata.labels['workflows.argoproj.io/phase'], 'Failed');
    } finally {
      await second.stop();
    }
  });

  it('does not seed again over restored state', async () => {
    const stateFile = path.join(dir, 'seeded.json');
    const first = await fastSandbox({ stateFile, seed: { workflows: 3, runsPerWorkflow: 1 } });
    await first.stop();
    const second = await fastSandbox({ stateFile, seed: { workflows: 3, runsPerWorkflow: 1 } });
    try {
      assert.equal((await second.admin.state()).workflows, 4, 'the 3 crawlers and the miner seeded beside them');
    } finally {
      await second.stop();
    }
  });

  it('refuses a corrupt state file with a message naming it', async () => {
    const stateFile = path.join(dir, 'corrupt.json');
    writeFileSync(stateFile, '{"version": 1, "workflows": ');
    await assert.rejects(() => startSandbox({ stateFile, log: () => undefined }), /corrupt\.json is not valid JSON/);
    writeFileSync(stateFile, '{"version": 2}');
    await assert.rejects(() => startSandbox({ stateFile, log: () => undefined }), /not a sandbox state file/);
  });
});
