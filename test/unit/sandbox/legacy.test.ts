/* eslint-disable @typescript-eslint/no-explicit-any -- these tests read the sandbox's untyped JSON replies, as a client would before validating them. */
import * as assert from 'node:assert/strict';
import { CrawlError, type CrawlerPort } from '../../../sandbox/crawlerPort';
import type { SandboxHandle } from '../../../sandbox/server';
import { assertNoSecrets, call, fastSandbox, fixture, runsOf, waitFor } from './helpers';

async function latestRun(sandbox: SandboxHandle, template: string): Promise<any> {
  const res = await call(sandbox, 'POST', 'runs/indexsearch', { body: runsOf(template, 1) });
  return res.json.hits.hits[0]?._source;
}

async function finishedRun(sandbox: SandboxHandle, template: string): Promise<any> {
  return waitFor(async () => {
    const run = await latestRun(sandbox, template);
    return run && ['Succeeded', 'Failed'].includes(run.status.phase) ? run : undefined;
  }, 3000, `a finished run of ${template}`);
}

describe('sandbox legacy package workflows', () => {
  let sandbox: SandboxHandle;
  const tested: unknown[] = [];
  const crawler: CrawlerPort = {
    crawlPostgres(cred, filters) {
      if (cred.database === 'broken-db') return Promise.reject(new CrawlError(`Check failed for broken-db (password ${cred.password ?? ''})`));
      return Promise.resolve({ databases: 1, schemas: Object.keys(filters.include).length, tables: 4, views: 1, columns: 20, summary: `Crawled ${cred.database}: 4 tables` });
    },
    testPostgresCredential(cred) {
      tested.push(cred);
      return Promise.resolve(cred.username === 'bad-user' ? { ok: false, message: `password authentication failed for user "bad-user" (${cred.password ?? ''})` } : { ok: true });
    },
  };

  before(async () => {
    sandbox = await fastSandbox({ crawler });
  });
  after(async () => {
    await sandbox.stop();
  });

  it('creates and runs a workflow, vaulting the credential and never echoing it', async () => {
    const res = await call(sandbox, 'POST', 'workflows?submit=true', { body: fixture('postgres_direct_basic', 1_700_000_001) });
    assert.equal(res.status, 200);
    assertNoSecrets(res.text);
    assert.equal(res.json.metadata.name, 'atlan-postgres-1700000001');
    assert.ok(res.json.spec.templates);
    const params = res.json.spec.templates[0].dag.tasks[0].arguments.parameters;
    const guid = params.find((p: { name: string }) => p.name === 'credential-guid').value;
    assert.match(guid, /^[0-9a-f-]{36}$/);
    const connection = JSON.parse(params.find((p: { name: string }) => p.name === 'connection').value);
    assert.equal(connection.attributes.defaultCredentialGuid, guid);
    assert.equal(res.json.payload[0].body.guid, guid);
    assert.equal(res.json.payload[0].body.password, undefined);

    const run = await finishedRun(sandbox, 'atlan-postgres-1700000001');
    assert.equal(run.status.phase, 'Succeeded');
    assert.equal(run.status.message, 'Crawled test-db: 4 tables');
    assert.equal(run.status.progress, '3/3');
    assert.match(run.metadata.name, /^atlan-postgres-1700000001-[a-z0-9]{5}$/);
    assert.equal(run.metadata.labels['workflows.argoproj.io/workflow-template'], 'atlan-postgres-1700000001');
    assert.equal(run.metadata.labels['workflows.argoproj.io/completed'], 'true');
    assert.equal(run.metadata.labels['workflows.argoproj.io/creator-preferred-username'].startsWith('service-account-apikey-'), true);
    assert.equal(run.spec.workflowTemplateRef.name, 'atlan-postgres-1700000001');
    // The crawler got the real secret server-side.
    assert.equal((tested.at(-1) as { password: string }).password, 'test-password');

    const search = await call(sandbox, 'POST', 'workflows/indexsearch', {
      body: { query: { bool: { filter: [{ nested: { path: 'metadata', query: { bool: { must: [{ term: { 'metadata.name.keyword': 'atlan-postgres-1700000001' } }] } } } }] } }, size: 1 },
    });
    assertNoSecrets(search.text);
    assert.equal(search.json.hits.hits[0]._source.kind, 'WorkflowTemplate');
  });

  it('never echoes IAM secrets either', async () => {
    for (const [i, name] of (['postgres_direct_iam_user', 'postgres_direct_iam_role'] as const).entries()) {
      const res = await call(sandbox, 'POST', 'workflows?submit=true', { body: fixture(name, 1_700_000_010 + i) });
      assert.equal(res.status, 200);
      assertNoSecrets(res.text);
      assert.equal(res.text.includes('test-access-key'), false);
    }
    const all = await call(sandbox, 'POST', 'workflows/indexsearch', { body: { size: 100 } });
    assertNoSecrets(all.text);
  });

  it('answers 409 when the workflow name already exists', async () => {
    await call(sandbox, 'POST', 'workflows?submit=false', { body: fixture('postgres_direct_basic', 1_700_000_002) });
    const again = await call(sandbox, 'POST', 'workflows?submit=true', { body: fixture('postgres_direct_basic', 1_700_000_002) });
    assert.equal(again.status, 409);
    assert.match(again.json.errorMessage, /already exists/);
    // submit=false created no run.
    assert.equal(await latestRun(sandbox, 'atlan-postgres-1700000002'), undefined);
  });

  it('progresses Pending -> Running -> Succeeded with 1/3, 2/3 steps', async () => {
    await sandbox.admin.setClockSpeed(100);
    try {
      await call(sandbox, 'POST', 'workflows?submit=true', { body: fixture('postgres_direct_basic', 1_700_000_003) });
      const seen = new Set<string>();
      const progress = new Set<string>();
      await waitFor(async () => {
        const run = await latestRun(sandbox, 'atlan-postgres-1700000003');
        if (run) {
          seen.add(run.status.phase);
          progress.add(run.status.progress);
        }
        return run?.status.phase === 'Succeeded' ? run : undefined;
      }, 5000);
      assert.ok(seen.has('Pending') || seen.has('Running'));
      assert.ok(seen.has('Running'));
      assert.ok(progress.has('1/3') || progress.has('2/3'), `progress seen: ${[...progress].join(',')}`);
    } finally {
      await sandbox.admin.setClockSpeed(2000);
    }
  });

  it('fails a run with the crawler reason, also in the failed step node, and redacts secrets', async () => {
    const body = fixture('postgres_direct_basic', 1_700_000_004);
    body.payload[0].body.extra.database = 'broken-db';
    await call(sandbox, 'POST', 'workflows?submit=true', { body });
    const run = await finishedRun(sandbox, 'atlan-postgres-1700000004');
    assert.equal(run.status.phase, 'Failed');
    assert.match(run.status.message, /Check failed for broken-db/);
    assert.equal(run.status.message.includes('test-password'), false);
    const failed = Object.values(run.status.nodes as Record<string, { phase: string; displayName: string; message?: string }>).filter((n) => n.phase === 'Failed' && n.displayName === 'extract');
    assert.equal(failed.length, 1);
    assert.match(failed[0].message!, /Check failed for broken-db/);
  });

  it('fails offline S3 extraction: the sandbox cannot reach S3', async () => {
    await call(sandbox, 'POST', 'workflows?submit=true', { body: fixture('postgres_s3_offline', 1_700_000_005) });
    const run = await finishedRun(sandbox, 'atlan-postgres-1700000005');
    assert.equal(run.status.phase, 'Failed');
    assert.match(run.status.message, /NoSuchBucket.*cannot reach S3/);
  });

  it('reruns an existing workflow and returns the new run', async () => {
    await call(sandbox, 'POST', 'workflows?submit=false', { body: fixture('postgres_direct_basic', 1_700_000_006) });
    const res = await call(sandbox, 'POST', 'workflows/submit', { body: { namespace: 'default', resourceKind: 'WorkflowTemplate', resourceName: 'atlan-postgres-1700000006' } });
    assert.equal(res.status, 200);
    assert.match(res.json.metadata.name, /^atlan-postgres-1700000006-[a-z0-9]{5}$/);
    assert.equal(res.json.status.phase, 'Pending');
    assert.equal(res.json.spec.workflowTemplateRef.name, 'atlan-postgres-1700000006');
    const missing = await call(sandbox, 'POST', 'workflows/submit', { body: { resourceName: 'atlan-postgres-9999999999' } });
    assert.equal(missing.status, 404);
    assert.match(missing.json.errorMessage, /atlan-postgres-9999999999/);
  });

  it('stops a run: it is still Running in the response and ends Failed', async () => {
    await sandbox.admin.setClockSpeed(20);
    try {
      await call(sandbox, 'POST', 'workflows?submit=true', { body: fixture('postgres_direct_basic', 1_700_000_007) });
      const running = await waitFor(async () => {
        const run = await latestRun(sandbox, 'atlan-postgres-1700000007');
        return run?.status.phase === 'Running' ? run : undefined;
      });
      await sandbox.admin.setClockSpeed(2000);
      const stopped = await call(sandbox, 'POST', `runs/${running.metadata.name}/stop`);
      assert.equal(stopped.status, 200);
      assert.equal(stopped.json.status.phase, 'Running');
      const ended = await finishedRun(sandbox, 'atlan-postgres-1700000007');
      // Argo has no Stopped phase: exactly its message on the run, and its shutdown message on the step it cut short.
      assert.equal(ended.status.phase, 'Failed');
      assert.equal(ended.status.message, "Stopped with strategy 'Stop'");
      const steps = Object.values(ended.status.nodes as Record<string, { type: string; phase: string; message?: string }>).filter((n) => n.type === 'Pod');
      assert.deepEqual(steps.filter((n) => n.phase === 'Failed').map((n) => n.message), ['workflow shutdown with strategy:  Stop']);
      // Who asked, as Argo 3.6.5+ labels the latest action ("@" is not allowed in a label value).
      const labels = ended.metadata.labels;
      assert.equal(labels['workflows.argoproj.io/action'], 'Stop');
      assert.equal(labels['workflows.argoproj.io/actor-preferred-username'], 'service-account-apikey-5c1b7a52-3c0d-4a5e-9e55-7f3f0c6a0001');
      assert.equal(labels['workflows.argoproj.io/actor-email'], 'service-account-apikey.at.sandbox.atlan.local');
      const again = await call(sandbox, 'POST', `runs/${running.metadata.name}/stop`);
      assert.equal(again.status, 409);
      assert.equal((await call(sandbox, 'POST', 'runs/atlan-postgres-1-zzzzz/stop')).status, 404);
    } finally {
      await sandbox.admin.setClockSpeed(2000);
    }
  });

  it('creates a crawler as Atlan UI does: its name, the package identity, a person as creator, a first run', async () => {
    const created = await sandbox.admin.createUiCrawler({
      connectionName: 'made-in-the-ui',
      credential: { host: 'db.internal', database: 'analytics', username: 'crawler', password: 'ui-secret-1' },
      include: { analytics: ['public'] },
      epoch: 1_653_533_778,
      run: true,
    });
    assert.deepEqual({ name: created.name, connectionQualifiedName: created.connectionQualifiedName }, {
      name: 'atlan-postgres-default-postgres-1653533778',
      connectionQualifiedName: 'default/postgres/1653533778',
    });
    assert.match(created.run ?? '', /^atlan-postgres-default-postgres-1653533778-[a-z0-9]{5}$/);
    const byName = { query: { nested: { path: 'metadata', query: { term: { 'metadata.name.keyword': created.name } } } } };
    const template = (await call(sandbox, 'POST', 'workflows/indexsearch', { body: byName })).json.hits.hits[0]._source;
    assert.equal(template.metadata.labels['package.argoproj.io/name'], 'a-t-ratlans-l-a-s-hpostgres');
    assert.equal(template.metadata.labels['orchestration.atlan.com/atlan-ui'], 'true');
    assert.equal(template.metadata.annotations['package.argoproj.io/name'], '@atlan/postgres');
    assert.equal(template.metadata.labels['workflows.argoproj.io/creator-preferred-username'], 'demo.user');
    assert.doesNotMatch(JSON.stringify(template), /ui-secret-1/, 'the password is vaulted');
    const run = await finishedRun(sandbox, created.name);
    assert.equal(run.status.phase, 'Succeeded', run.status.message);
    // The next one takes the next free second; an explicit epoch already used is refused.
    const next = await sandbox.admin.createUiCrawler({ connectionName: 'made-in-the-ui-2', epoch: 1_653_533_779 });
    assert.equal(next.name, 'atlan-postgres-default-postgres-1653533779');
    assert.equal(next.run, undefined);
    await assert.rejects(sandbox.admin.createUiCrawler({ connectionName: 'again', epoch: 1_653_533_778 }), /409.*already exists/);
    // A connection an SDK-made crawler holds is taken too (qualified names are unique on a tenant).
    await call(sandbox, 'POST', 'workflows?submit=false', { body: fixture('postgres_direct_basic', 1_653_533_790) });
    await assert.rejects(sandbox.admin.createUiCrawler({ connectionName: 'beside-a-script', epoch: 1_653_533_790 }), /409.*connection 'default\/postgres\/1653533790' already exists/);
    await assert.rejects(sandbox.admin.createUiCrawler({ connectionName: '' }), /400/);
  });

  it('updates a workflow (schedule annotations become a cron) and archives it', async () => {
    const created = await call(sandbox, 'POST', 'workflows?submit=false', { body: fixture('postgres_direct_basic', 1_700_000_008) });
    const template = { metadata: created.json.metadata, spec: created.json.spec, payload: [] };
    template.metadata.annotations['orchestration.atlan.com/schedule'] = '45 4 * * *';
    template.metadata.annotations['orchestration.atlan.com/timezone'] = 'Europe/Paris';
    const updated = await call(sandbox, 'POST', 'workflows/atlan-postgres-1700000008', { body: template });
    assert.equal(updated.status, 200);
    assert.equal(updated.json.metadata.generation, 2);
    assert.equal(updated.json.metadata.uid, created.json.metadata.uid);

    const cron = await call(sandbox, 'GET', 'runs/cron/atlan-postgres-1700000008-cron');
    assert.equal(cron.status, 200);
    assert.equal(cron.json.spec.schedule, '45 4 * * *');
    assert.equal(cron.json.spec.timezone, 'Europe/Paris');
    assert.ok('lastScheduledTime' in cron.json.status);
    const all = await call(sandbox, 'GET', 'runs/cron');
    assert.ok(all.json.items.some((c: { metadata: { name: string } }) => c.metadata.name === 'atlan-postgres-1700000008-cron'));
    assert.equal((await call(sandbox, 'GET', 'runs/cron/atlan-postgres-1700000001-cron')).status, 404);

    const bad = structuredClone(template);
    bad.metadata.annotations['orchestration.atlan.com/timezone'] = 'Mars/Olympus';
    assert.match((await call(sandbox, 'POST', 'workflows/atlan-postgres-1700000008', { body: bad })).json.errorMessage, /IANA time zone/);
    const renamed = await call(sandbox, 'POST', 'workflows/atlan-postgres-1700000009', { body: template });
    assert.equal(renamed.status, 400);
    assert.match(renamed.json.errorMessage, /does not match/);

    const archived = await call(sandbox, 'POST', 'workflows/atlan-postgres-1700000008/archive');
    assert.equal(archived.status, 200);
    assert.equal((await call(sandbox, 'POST', 'workflows/atlan-postgres-1700000008/archive')).status, 404);
    assert.equal((await call(sandbox, 'POST', 'workflows/atlan-postgres-1700000008', { body: template })).status, 404);
  });

  it('tests credentials: successful, failed (redacted) and malformed', async () => {
    const body = fixture('postgres_direct_basic').payload[0].body;
    const ok = await call(sandbox, 'POST', 'credentials/test', { body });
    assert.deepEqual(ok.json, { message: 'successful' });
    const failed = await call(sandbox, 'POST', 'credentials/test', { body: { ...body, username: 'bad-user' } });
    assert.equal(failed.status, 200);
    assert.match(failed.json.message, /password authentication failed/);
    assertNoSecrets(failed.text);
    const malformed = await call(sandbox, 'POST', 'credentials/test', { body: { ...body, authType: 'kerberos', host: '' } });
    assert.equal(malformed.status, 400);
    assert.match(malformed.json.errorMessage, /authType/);
    assert.match(malformed.json.errorMessage, /host/);
  });

  it('rejects invalid workflows with the field named', async () => {
    const body = fixture('postgres_direct_basic', 1_700_000_020);
    body.metadata.name = 'Not A Valid Name';
    const res = await call(sandbox, 'POST', 'workflows?submit=true', { body });
    assert.equal(res.status, 400);
    assert.match(res.json.errorMessage, /metadata\.name/);
    const noSpec = await call(sandbox, 'POST', 'workflows?submit=true', { body: { metadata: { name: 'x' } } });
    assert.match(noSpec.json.errorMessage, /spec/);
    const badCred = fixture('postgres_direct_basic', 1_700_000_021);
    badCred.payload[0].body.port = 'abc';
    assert.match((await call(sandbox, 'POST', 'workflows?submit=true', { body: badCred })).json.errorMessage, /payload\[0\]\.body\.port/);
    assert.match((await call(sandbox, 'POST', 'workflows?submit=maybe', { body: badCred })).json.errorMessage, /'submit'/);
  });

  it('makes new workflows and runs visible to search only after the index lag', async () => {
    await sandbox.admin.setIndexLag(150);
    try {
      await call(sandbox, 'POST', 'workflows?submit=true', { body: fixture('postgres_direct_basic', 1_700_000_030) });
      const byName = { query: { nested: { path: 'metadata', query: { term: { 'metadata.name.keyword': 'atlan-postgres-1700000030' } } } } };
      const immediately = await call(sandbox, 'POST', 'workflows/indexsearch', { body: byName });
      assert.equal(immediately.json.hits.total.value, 0);
      assert.equal(await latestRun(sandbox, 'atlan-postgres-1700000030'), undefined);
      await waitFor(async () => ((await call(sandbox, 'POST', 'workflows/indexsearch', { body: byName })).json.hits.total.value === 1 ? true : undefined), 10_000, 'the workflow to become searchable');
      // The run is indexed on its own clock, a moment after its workflow: wait for it too.
      assert.ok(await waitFor(() => latestRun(sandbox, 'atlan-postgres-1700000030'), 10_000, 'the run to become searchable'));
    } finally {
      await sandbox.admin.setIndexLag(0);
    }
  });

  it('answers unsupported search shapes with a 400 naming the clause', async () => {
    const res = await call(sandbox, 'POST', 'runs/indexsearch', { body: { query: { query_string: { query: 'x' } } } });
    assert.equal(res.status, 400);
    assert.match(res.json.errorMessage, /unsupported query clause 'query_string'/);
  });
});
