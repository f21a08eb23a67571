/* eslint-disable @typescript-eslint/no-explicit-any -- these tests read the sandbox's untyped JSON replies, as a client would before validating them. */
/**
 * End to end through HTTP: workflows created on the sandbox are crawled by the real crawler
 * against a real (embedded) Postgres, and credentials/test answers from the same checks.
 */
import * as assert from 'node:assert/strict';
import { crawlPostgres, testPostgresCredential } from '../../../../sandbox/crawler';
import { findFreePort } from '../../../../sandbox/postgres';
import type { SandboxHandle } from '../../../../sandbox/server';
import { useDemoPostgres } from '../../postgres/demoServer';
import { assertNoSecrets, call, fastSandbox, fixture, runsOf, waitFor } from '../helpers';

const WRONG_PASSWORD = 'test-password'; // one of helpers' SECRETS: assertNoSecrets proves it never leaks

describe('sandbox: real crawls of the demo Postgres, through HTTP', function () {
  this.timeout(15_000); // real Postgres round trips on a loaded machine
  const demo = useDemoPostgres();
  let sandbox: SandboxHandle;
  let epoch = 1_710_000_000;

  before(async () => {
    sandbox = await fastSandbox({ crawler: { crawlPostgres, testPostgresCredential } });
  });
  after(async () => {
    await sandbox.stop();
  });

  /** pyatlan's direct basic-auth workflow, pointed at the demo server. */
  function workflow(cred: { database?: string; password?: string; port?: number } = {}, excludeRegex = '.*_TEST'): { name: string; body: any } {
    const d = demo();
    const name = `atlan-postgres-${++epoch}`;
    const body = fixture('postgres_direct_basic', epoch);
    Object.assign(body.payload[0].body, {
      host: d.host,
      port: cred.port ?? d.port,
      username: d.user,
      password: cred.password ?? d.password,
      extra: { database: cred.database ?? 'analytics' },
    });
    const params: { name: string; value: unknown }[] = body.spec.templates[0].dag.tasks[0].arguments.parameters;
    const set = (param: string, value: string): void => {
      const found = params.find((p) => p.name === param);
      assert.ok(found, `the fixture has no parameter ${param}`);
      found.value = value;
    };
    set('include-filter', '{}');
    set('exclude-filter', '{}');
    set('temp-table-regex', excludeRegex);
    return { name, body };
  }

  async function createAndRun(wf: { name: string; body: any }): Promise<any> {
    const created = await call(sandbox, 'POST', 'workflows?submit=true', { body: wf.body });
    assert.equal(created.status, 200, created.text);
    assert.equal(created.json.metadata.name, wf.name);
    return waitFor(async () => {
      const res = await call(sandbox, 'POST', 'runs/indexsearch', { body: runsOf(wf.name, 1) });
      assertNoSecrets(res.text);
      const run = res.json.hits.hits[0]?._source;
      return run && ['Succeeded', 'Failed'].includes(run.status.phase) ? run : undefined;
    }, 10_000, `a finished run of ${wf.name}`);
  }

  async function credentialTest(cred: { database?: string; password?: string; port?: number }): Promise<any> {
    const res = await call(sandbox, 'POST', 'credentials/test', { body: workflow(cred).body.payload[0].body });
    assert.equal(res.status, 200, res.text);
    assertNoSecrets(res.text);
    return res.json;
  }

  it('crawls the demo schema and drops the tables the exclude regex matches', async () => {
    const run = await createAndRun(workflow());
    assert.equal(run.status.phase, 'Succeeded');
    // ORDERS_TEST, customers_TEST and raw_orders_TEST go, with their 2 + 2 + 1 columns.
    assert.equal(run.status.message, 'Crawled 1 database, 4 schemas, 9 tables, 3 views, 37 columns, 1 function');
  });

  it('keeps every table when no exclude regex is set', async () => {
    const run = await createAndRun(workflow({}, ''));
    assert.equal(run.status.phase, 'Succeeded');
    assert.equal(run.status.message, 'Crawled 1 database, 4 schemas, 12 tables, 3 views, 42 columns, 1 function');
  });

  it('crawls whichever database the credential names', async () => {
    const run = await createAndRun(workflow({ database: 'inventory' }));
    assert.equal(run.status.phase, 'Succeeded');
    // ITEMS_TEST goes with its 2 columns.
    assert.equal(run.status.message, 'Crawled 1 database, 3 schemas, 3 tables, 1 view, 12 columns, 0 functions');
  });

  it('fails a run with a wrong password, saying so without the password', async () => {
    const run = await createAndRun(workflow({ password: WRONG_PASSWORD }));
    assert.equal(run.status.phase, 'Failed');
    assert.match(run.status.message, /password authentication failed for user "postgres"/);
  });

  it('fails a run on an unknown database', async () => {
    const run = await createAndRun(workflow({ database: 'no_such_db' }));
    assert.equal(run.status.phase, 'Failed');
    assert.match(run.status.message, /database "no_such_db" does not exist/);
  });

  it('fails a run on a closed port', async () => {
    const port = await findFreePort();
    const run = await createAndRun(workflow({ port }));
    assert.equal(run.status.phase, 'Failed');
    assert.match(run.status.message, new RegExp(`connection refused at 127\\.0\\.0\\.1:${port}`));
  });

  it('gives the same outcomes from credentials/test', async () => {
    assert.deepEqual(await credentialTest({}), { message: 'successful' });
    assert.match((await credentialTest({ password: WRONG_PASSWORD })).message, /password authentication failed for user "postgres"/);
    assert.match((await credentialTest({ database: 'no_such_db' })).message, /database "no_such_db" does not exist/);
    const port = await findFreePort();
    assert.match((await credentialTest({ port })).message, new RegExp(`connection refused at 127\\.0\\.0\\.1:${port}`));
  });
});
