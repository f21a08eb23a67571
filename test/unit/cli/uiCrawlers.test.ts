/**
 * The CLI next to crawlers made in Atlan's UI (`atlan-postgres-default-postgres-<epoch>`), and on
 * runs someone stopped: an in-process sandbox of the package-workflow surface.
 */
import assert from 'node:assert/strict';
import { request } from 'undici';
import { ExitCode } from '../../../src/cli/exitCodes';
import { cli, configText, readConfig, startTestTenant, writeConfig, type TestTenant } from './cliHarness';

describe('atlan-postgres next to crawlers made in Atlan UI (legacy sandbox)', function () {
  this.timeout(10_000);
  let tenant: TestTenant;
  let counter = 0;
  let epoch = 1_653_533_778;

  before(async () => {
    tenant = await startTestTenant('legacy');
  });
  after(async () => {
    await tenant.stop();
  });
  afterEach(() => tenant.crawler.release());

  /** A crawler of `connection` as a person creates it in Atlan's UI, with its first run. */
  async function madeInUi(connection = `ui-made-${++counter}`, connectionParameter: 'json' | 'qualifiedName' = 'json'): Promise<{ name: string; connection: string }> {
    const created = await tenant.sandbox.admin.createUiCrawler({
      connectionName: connection,
      connectionParameter,
      credential: { host: 'db.internal', database: 'analytics', username: 'crawler', password: 'ui-password' },
      include: { analytics: ['public'] },
      epoch: epoch++,
      run: true,
    });
    assert.match(created.name, /^atlan-postgres-default-postgres-\d{10}$/);
    return { name: created.name, connection };
  }

  async function templateCount(): Promise<number> {
    return (await tenant.sandbox.admin.state()).workflows;
  }

  /** Submit of a file of `made`'s connection is refused as a duplicate, pointing at a rerun; nothing is created. */
  async function refusesDuplicate(made: { name: string; connection: string }): Promise<string> {
    const { name, connection } = made;
    const file = writeConfig(tenant, connection, configText(connection));
    const before = await templateCount();
    const result = await cli(tenant, ['submit', file, '--json']);
    assert.equal(result.code, ExitCode.invalid, result.err);
    const doc = JSON.parse(result.out);
    assert.equal(doc.error.kind, 'duplicate');
    assert.deepEqual(doc.error.duplicates.map((w: { name: string }) => w.name), [name]);
    assert.match(result.err, new RegExp(`already has workflow ${name} for connection "${connection}"`));
    assert.match(result.err, new RegExp(`atlan-postgres rerun ${name}`));
    assert.equal(await templateCount(), before, 'no second connection');
    return file;
  }

  it('refuses to submit a file of the same connection: exit 2, kind duplicate, nothing created', async () => {
    const file = await refusesDuplicate(await madeInUi());
    assert.doesNotMatch(readConfig(file), /"workflow"/);
  });

  it('refuses the same for an old UI crawler whose connection parameter is plain text, found through its Connection asset', async () => {
    await refusesDuplicate(await madeInUi(`ui-old-${++counter}`, 'qualifiedName'));
  });

  it('plans a file of an old UI crawler\'s connection against that crawler, never create: apply creates nothing', async () => {
    const { name, connection } = await madeInUi(`ui-old-${++counter}`, 'qualifiedName');
    const file = writeConfig(tenant, connection, configText(connection));
    const result = await cli(tenant, ['plan', file, '--json']);
    assert.equal(result.code, ExitCode.invalid, result.err);
    const doc = JSON.parse(result.out) as { files: { action: string; conflict?: string; workflow?: string; reason?: string }[] };
    assert.deepEqual(doc.files.map((f) => [f.action, f.conflict, f.workflow]), [['conflict', 'unreadableWorkflow', name]]);
    assert.ok(doc.files[0].reason?.includes(`already crawls connection "${connection}": rerun it as it is`), `the reason says the crawler exists and may be rerun: ${doc.files[0].reason ?? ''}`);
    const before = await templateCount();
    const applied = await cli(tenant, ['apply', file, '--yes']);
    assert.equal(applied.code, ExitCode.invalid, applied.err);
    assert.equal(await templateCount(), before, 'no second crawler of the connection');
    assert.doesNotMatch(readConfig(file), /"workflow"/);
  });

  it('lists, reruns and monitors it by name', async () => {
    const { name } = await madeInUi();
    const first = await cli(tenant, ['monitor', name]);
    assert.equal(first.code, ExitCode.ok, first.err);
    assert.match(first.out, new RegExp(`${name}-[a-z0-9]{5}  Succeeded`));

    const rerun = await cli(tenant, ['rerun', name, '--wait']);
    assert.equal(rerun.code, ExitCode.ok, rerun.err);
    assert.match(rerun.out, new RegExp(`Started run ${name}-[a-z0-9]{5} of ${name}`));

    const runs = await cli(tenant, ['runs', name, '--json']);
    assert.equal(runs.code, ExitCode.ok, runs.err);
    const listed = JSON.parse(runs.out).runs as { id: string; phase: string; workflowName: string }[];
    assert.equal(listed.length, 2);
    assert.ok(listed.every((r) => r.workflowName === name && r.phase === 'Succeeded'), runs.out);
    // The first run was started by the person who made it in the UI.
    assert.match((await cli(tenant, ['runs', name])).out, /demo\.user/);
  });

  it('compares a file that records it with diff', async () => {
    const { name, connection } = await madeInUi();
    const file = writeConfig(tenant, connection, configText(connection, { workflow: name }));
    const result = await cli(tenant, ['diff', file, '--json']);
    assert.equal(result.code, ExitCode.differs, result.err);
    const doc = JSON.parse(result.out);
    assert.equal(doc.workflow, name);
    // The UI made demo.user its admin; the file names jane.
    assert.deepEqual(doc.differences.map((d: { path: string }) => d.path), ['admins.users']);
    assert.match(doc.diff, new RegExp(`^--- ${name} \\(on http://127\\.0\\.0\\.1:\\d+\\)$`, 'm'));
  });

  it('reports a run someone stopped as Stopped, with who stopped it; monitor exits 4 with outcome "stopped"', async () => {
    tenant.crawler.mode = 'hold';
    const { name } = await madeInUi();
    let stopping: Promise<unknown> | undefined;
    const result = await cli(tenant, ['monitor', name, '--json'], {
      onOutput: (text) => {
        const running = new RegExp(`(${name}-[a-z0-9]{5})  Running`).exec(text);
        if (running && !stopping) stopping = stopRun(running[1]);
      },
    });
    assert.ok(stopping, 'the run was seen Running');
    assert.equal(await stopping, 200);
    assert.equal(result.code, ExitCode.runFailed, result.err);
    const doc = JSON.parse(result.out);
    assert.equal(doc.outcome, 'stopped');
    assert.equal(doc.run.phase, 'Stopped');
    assert.equal(doc.run.stoppedBy, 'service-account-apikey-5c1b7a52-3c0d-4a5e-9e55-7f3f0c6a0001');
    assert.match(result.err, /\sStopped after \d+s by service-account-apikey-\S+$/m);
    assert.doesNotMatch(result.err, /Failed|step /, 'not a failure, and no failed step');

    const table = await cli(tenant, ['runs', name]);
    assert.match(table.out.split('\n')[1] ?? '', /^\S+ +Stopped +/);
  });

  async function stopRun(runName: string): Promise<number> {
    const res = await request(`${tenant.sandbox.url}/api/service/runs/${runName}/stop`, {
      method: 'POST',
      headers: { authorization: `Bearer ${tenant.sandbox.tokens.apiToken}` },
    });
    await res.body.text();
    return res.statusCode;
  }
});
