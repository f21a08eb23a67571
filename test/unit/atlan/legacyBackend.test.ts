import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { applySourceFilter, parseSourceFilter } from '../../../sandbox/search/sourceFilter';
import { AtlanClient } from '../../../src/core/atlan/atlanClient';
import type { BuiltCrawler, CrawlerBackend, LegacyWorkflowJson } from '../../../src/core/atlan/backend';
import { CancelledError, ConflictError, InvalidArgumentError, NetworkError, NotFoundError, ServerError } from '../../../src/core/atlan/errors';
import type { LegacyBackend } from '../../../src/core/atlan/legacyBackend';
import { TEMPLATE_SOURCE_FIELDS, workflowFromTemplate } from '../../../src/core/atlan/legacyMapping';
import type { WorkflowTemplateDoc } from '../../../src/core/atlan/models';
import { postgresWorkflowsSearch } from '../../../src/core/atlan/searchQueries';
import { isPendingRunId, pendingRunId } from '../../../src/core/atlan/submissionLedger';
import { FakeLegacyTenant, valuesFor } from './fakeLegacyTenant';
import { FakeClock, runHit, searchAnswer, ScriptedServer } from './helpers';

const fixtures = path.join(__dirname, '../../../../test/fixtures/sdk-payloads');

/** A crawler template of the SDK payload's shape (package labels, annotation, DAG task) under any name. */
function crawlerSource(name: string, connectionName: string): Record<string, unknown> {
  const built = sdkWorkflow(name);
  const workflow = built.surface === 'workflows' ? built.workflow : undefined;
  const epoch = /(\d{10})$/.exec(name)?.[1] ?? '1700000000';
  const spec = JSON.parse(JSON.stringify(workflow?.spec).replace('test-sdk-postgresql', connectionName).replace('default/postgres/123456', `default/postgres/${epoch}`)) as Record<string, unknown>;
  return { metadata: { ...workflow?.metadata, name, creationTimestamp: '2026-01-02T00:00:00Z' }, spec };
}

/** A Postgres miner template that even names a connection the way a crawler does. */
function minerSource(name: string, connectionName: string): Record<string, unknown> {
  const crawler = crawlerSource(name, connectionName) as { metadata: { labels: Record<string, string>; annotations: Record<string, string> }; spec: { templates: { dag: { tasks: { templateRef: { name: string } }[] } }[] } };
  crawler.metadata.labels = { ...crawler.metadata.labels, 'package.argoproj.io/name': 'a-t-ratlans-l-a-s-hpostgres-miner' };
  crawler.metadata.annotations = { ...crawler.metadata.annotations, 'package.argoproj.io/name': '@atlan/postgres-miner' };
  crawler.spec.templates[0].dag.tasks[0].templateRef.name = 'atlan-postgres-miner';
  return crawler;
}

function sdkWorkflow(name: string): BuiltCrawler {
  const workflow = JSON.parse(fs.readFileSync(path.join(fixtures, 'postgres_direct_basic.json'), 'utf8')) as LegacyWorkflowJson;
  workflow.metadata.name = name;
  return { surface: 'workflows', workflow };
}

describe('atlan/legacyBackend', () => {
  let server: ScriptedServer;
  let tenant: FakeLegacyTenant;
  let clock: FakeClock;
  let client: AtlanClient;
  let backend: CrawlerBackend;

  before(async () => {
    server = await ScriptedServer.start();
  });
  beforeEach(() => {
    server.reset();
    tenant = new FakeLegacyTenant(server);
    clock = new FakeClock();
    client = new AtlanClient({ baseUrl: server.url, token: 'tok-legacy-test', clock, random: () => 0.5, indexLagMs: 2000, createLookupAttempts: 3 });
    backend = client.backend('workflows');
  });
  afterEach(async () => {
    await client.close();
  });
  after(async () => {
    await server.stop();
  });

  const searches = (kind: 'workflows' | 'runs') => server.requests.filter((r) => r.path === `${kind}/indexsearch`);

  describe('workflows', () => {
    it('lists Postgres workflows newest first with connection and schedule, paged', async () => {
      tenant.addTemplate('atlan-postgres-1700000002', 'prod', { 'orchestration.atlan.com/schedule': '45 4 * * *', 'orchestration.atlan.com/timezone': 'Europe/Paris' });
      tenant.addTemplate('atlan-postgres-1700000001', 'dev');
      tenant.addTemplate('atlan-snowflake-1700000000', 'other');
      const page = await backend.listWorkflows({ size: 1 });
      assert.deepEqual(page, {
        items: [
          {
            name: 'atlan-postgres-1700000002',
            surface: 'workflows',
            connectionName: 'prod',
            connectionQualifiedName: 'default/postgres/1700000002',
            createdAt: '2026-01-01T00:00:00Z',
            schedule: { cron: '45 4 * * *', timezone: 'Europe/Paris' },
          },
        ],
        total: 2,
        next: '1',
      });
      const second = await backend.listWorkflows({ size: 1, cursor: page.next });
      assert.equal(second.items[0]?.connectionName, 'dev');
      assert.equal(second.next, undefined);
      const body = searches('workflows')[0]?.body;
      assert.deepEqual(body.query, postgresWorkflowsSearch(0, 1).query);
      assert.equal(body.track_total_hits, true);
    });

    it('lists crawlers made in Atlan UI and named anyhow next to SDK-made ones; never another package', async () => {
      tenant.addTemplate('atlan-postgres-1700000001', 'sdk-made');
      tenant.addTemplateSource(crawlerSource('atlan-postgres-default-postgres-1653533778', 'ui-made'));
      tenant.addTemplateSource(crawlerSource('nightly-warehouse', 'renamed'));
      tenant.addTemplateSource(minerSource('atlan-postgres-miner-1653533779', 'ui-made'));
      const page = await backend.listWorkflows({ size: 10 });
      assert.deepEqual(page.items.map((w) => w.name).sort(), ['atlan-postgres-1700000001', 'atlan-postgres-default-postgres-1653533778', 'nightly-warehouse']);
      assert.equal(page.items.find((w) => w.name === 'atlan-postgres-default-postgres-1653533778')?.connectionQualifiedName, 'default/postgres/1653533778');
    });

    it('leaves out other packages a tenant returns despite the query, and pages by what it returned', async () => {
      tenant.ignoresTemplateQuery = true;
      tenant.addTemplateSource(minerSource('atlan-postgres-miner-1653533779', 'ui-made'));
      tenant.addTemplateSource(crawlerSource('atlan-postgres-default-postgres-1653533778', 'ui-made'));
      tenant.addTemplateSource(minerSource('atlan-postgres-miner-1653533780', 'other'));
      const first = await backend.listWorkflows({ size: 2 });
      assert.deepEqual(first.items.map((w) => w.name), ['atlan-postgres-default-postgres-1653533778']);
      assert.equal(first.next, '2', 'the next page starts after both hits returned, not after the one kept');
      const second = await backend.listWorkflows({ size: 2, cursor: first.next });
      assert.deepEqual(second.items, []);
      assert.equal(second.next, undefined);
      assert.deepEqual(await backend.findByConnectionName('ui-made').then((found) => found.map((w) => w.name)), ['atlan-postgres-default-postgres-1653533778']);
      assert.equal(await backend.getWorkflow('atlan-postgres-miner-1653533779'), undefined, 'a miner is no Postgres crawler, even by name');
      assert.equal((await backend.getWorkflow('atlan-postgres-default-postgres-1653533778'))?.connectionName, 'ui-made');
    });

    it('asks for just the fields a listing reads; a tenant that ignores that still lists right, and is not asked again', async () => {
      const workflow = sdkWorkflow('atlan-postgres-1700000003');
      const whole = { ...(workflow.surface === 'workflows' ? workflow.workflow : {}), apiVersion: 'argoproj.io/v1alpha1', kind: 'WorkflowTemplate' } as Record<string, unknown>;
      const trimmed = applySourceFilter(whole, parseSourceFilter({ includes: TEMPLATE_SOURCE_FIELDS }))!;
      assert.deepEqual(workflowFromTemplate(trimmed as WorkflowTemplateDoc), workflowFromTemplate(whole as WorkflowTemplateDoc));
      assert.equal(workflowFromTemplate(trimmed as WorkflowTemplateDoc).connectionName, 'test-sdk-postgresql');
      assert.ok(JSON.stringify(trimmed).length * 2 < JSON.stringify(whole).length, 'less than half the bytes');

      tenant.addTemplate('atlan-postgres-1700000001', 'dev');
      assert.equal((await backend.listWorkflows({ size: 5 })).items[0]?.connectionName, 'dev');
      assert.deepEqual(searches('workflows')[0]?.body._source, { includes: TEMPLATE_SOURCE_FIELDS });
      assert.equal((backend as LegacyBackend).templateSearchFeatureVerdicts()._source, 'ignored', 'the fake tenant sends whole documents');
      await backend.listWorkflows({ size: 5 });
      assert.equal(searches('workflows')[1]?.body._source, undefined);
    });

    it('rejects bad page sizes and cursors without a request', async () => {
      await assert.rejects(backend.listWorkflows({ size: 0 }), InvalidArgumentError);
      await assert.rejects(backend.listWorkflows({ size: 10, cursor: 'abc' }), /not one this client handed out/);
      assert.equal(server.requests.length, 0);
    });

    it('gets one workflow by name, or undefined', async () => {
      tenant.addTemplate('atlan-postgres-1700000001', 'dev');
      assert.equal((await backend.getWorkflow('atlan-postgres-1700000001'))?.connectionName, 'dev');
      assert.equal(await backend.getWorkflow('atlan-postgres-1799999999'), undefined);
      assert.equal((await backend.listWorkflows({ size: 5, name: 'atlan-postgres-1700000001' })).items.length, 1);
    });

    it('finds workflows by connection name across pages', async () => {
      for (let i = 0; i < 150; i++) tenant.addTemplate(`atlan-postgres-${1700000000 + i}`, i === 120 || i === 3 ? 'dup' : `c${i}`);
      const found = await backend.findByConnectionName('dup');
      assert.deepEqual(found.map((w) => w.name).sort(), ['atlan-postgres-1700000003', 'atlan-postgres-1700000120']);
      assert.equal(searches('workflows').length, 2);
    });
  });

  describe('runs', () => {
    it('a workflow that never ran is absent; one request when the answer was not full', async () => {
      tenant.addRun('ran-aaaaa', 'ran', 'Succeeded', '2026-01-01T00:00:00Z');
      const latest = await backend.latestRuns(['ran', 'never']);
      assert.deepEqual([...latest.keys()], ['ran']);
      assert.deepEqual(latest.unknown, []);
      assert.equal(searches('runs').length, 1);
    });

    it('latestRuns of nothing sends nothing', async () => {
      assert.equal((await backend.latestRuns([])).size, 0);
      assert.equal(server.requests.length, 0);
    });

    it('getRuns for many runs is one request on _id; unknown phases and failed steps are kept', async () => {
      tenant.addRun('w1-aaaaa', 'w1', 'Succeeded', '2026-01-01T00:00:00Z');
      tenant.addRun('w2-bbbbb', 'w2', 'Failed', '2026-01-01T00:00:00Z', {
        message: 'child failed',
        nodes: {
          'w2-bbbbb': { id: 'w2-bbbbb', name: 'w2-bbbbb', type: 'DAG', phase: 'Failed', message: 'child failed' },
          n1: { id: 'n1', name: 'w2-bbbbb.extract', displayName: 'extract', type: 'Pod', phase: 'Failed', message: 'password authentication failed' },
          n2: { id: 'n2', displayName: 'publish', type: 'Pod', phase: 'Omitted' },
        },
      });
      tenant.addRun('w3-ccccc', 'w3', 'Hibernating', '2026-01-01T00:00:00Z');
      const runs = await backend.getRuns([
        { id: 'w1-aaaaa', workflowName: 'w1' },
        { id: 'w2-bbbbb', workflowName: 'w2' },
        { id: 'w3-ccccc', workflowName: 'w3' },
        { id: 'gone-zzzzz', workflowName: 'gone' },
      ]);
      assert.equal(searches('runs').length, 1);
      assert.deepEqual(valuesFor(searches('runs')[0]?.body.query, '_id'), ['w1-aaaaa', 'w2-bbbbb', 'w3-ccccc', 'gone-zzzzz']);
      assert.equal(runs.get('w3-ccccc')?.phase, 'Hibernating');
      assert.deepEqual(runs.get('w2-bbbbb')?.failedSteps, [{ name: 'extract', phase: 'Failed', message: 'password authentication failed' }]);
      assert.equal(runs.get('w1-aaaaa')?.startedBy, 'jane');
      assert.equal(runs.has('gone-zzzzz'), false);
    });

    it('lists the runs of one workflow, newest first, paged', async () => {
      for (let i = 0; i < 5; i++) tenant.addRun(`w-r${i}`, 'w', 'Succeeded', `2026-01-0${i + 1}T00:00:00Z`);
      const first = await backend.listRuns('w', { size: 2 });
      assert.deepEqual(first.items.map((r) => r.id), ['w-r4', 'w-r3']);
      assert.equal(first.total, 5);
      const last = await backend.listRuns('w', { size: 2, cursor: '4' });
      assert.deepEqual(last.items.map((r) => r.id), ['w-r0']);
      assert.equal(last.next, undefined);
    });
  });

  describe('create', () => {
    it('POSTs workflows?submit=true for an API-token user and returns a placeholder first run', async () => {
      const name = 'atlan-postgres-1700000100';
      const created = await backend.create(sdkWorkflow(name));
      const post = server.requests.find((r) => r.method === 'POST' && r.path === 'workflows');
      assert.equal(post?.query.get('submit'), 'true');
      assert.equal(post?.body.metadata.name, name);
      assert.equal(post?.body.payload[0].body.password, 'test-password', 'the credential travels in the payload');
      assert.equal(server.count('POST', 'workflows'), 1);
      assert.equal(created.workflow.name, name);
      assert.equal(created.workflow.connectionName, 'test-sdk-postgresql');
      assert.equal(created.run?.id, pendingRunId(name));
      assert.equal(created.run?.phase, 'Pending');
    });

    it('uses package-workflows for other users, deciding once per client', async () => {
      tenant.roles = [{ name: '$member' }];
      tenant.username = 'jane';
      await backend.create(sdkWorkflow('atlan-postgres-1700000101'));
      tenant.addRun('atlan-postgres-1700000101-aaaaa', 'atlan-postgres-1700000101', 'Succeeded', '2026-01-01T00:00:00Z');
      await backend.rerun('atlan-postgres-1700000101');
      assert.equal(server.count('POST', 'package-workflows'), 1);
      assert.equal(server.count('POST', 'package-workflows/submit'), 1);
      assert.equal(server.count('POST', 'workflows'), 0);
      assert.equal(server.count('GET', 'whoami'), 1);
    });

    it('refuses to create a workflow whose name exists', async () => {
      tenant.addTemplate('atlan-postgres-1700000102', 'x');
      await assert.rejects(backend.create(sdkWorkflow('atlan-postgres-1700000102')), (e: unknown) => e instanceof ConflictError && /already exists/.test(e.message));
      assert.equal(server.count('POST', 'workflows'), 0);
    });

    it('knows the workflow it created while the index lags: found by name, and never created twice', async () => {
      const name = 'atlan-postgres-1700000103';
      server.route('POST', 'workflows', (req) => {
        tenant.hiddenTemplates.add(name);
        return { body: tenant.create(req) };
      });
      await backend.create(sdkWorkflow(name));
      assert.equal((await backend.getWorkflow(name))?.connectionName, 'test-sdk-postgresql');
      await assert.rejects(backend.create(sdkWorkflow(name)), (e: unknown) => e instanceof ConflictError && /already exists/.test(e.message));
      assert.equal(server.count('POST', 'workflows'), 1);
      clock.time += 11 * 60_000;
      assert.equal(await backend.getWorkflow(name), undefined, 'after the ledger time the index is trusted again');
    });

    it('after a reset, finds the workflow the request created instead of creating another', async () => {
      server.route('POST', 'workflows', (req) => {
        tenant.create(req); // the tenant created it, but the answer is lost
        return { reset: true };
      });
      const created = await backend.create(sdkWorkflow('atlan-postgres-1700000103'));
      assert.equal(created.workflow.name, 'atlan-postgres-1700000103');
      assert.equal(server.count('POST', 'workflows'), 1, 'never sent twice');
      assert.equal(tenant.templates.length, 1);
    });

    it('after a 500 with nothing created, looks a few times and says it was most likely not created', async () => {
      server.route('POST', 'workflows', { status: 500, body: { errorMessage: 'boom' } });
      await assert.rejects(backend.create(sdkWorkflow('atlan-postgres-1700000104')), (e: unknown) => e instanceof ServerError && /most likely not created/.test(e.message));
      assert.equal(server.count('POST', 'workflows'), 1);
      assert.equal(searches('workflows').length, 1 + 3, 'pre-check + 3 look-ups');
      assert.deepEqual(clock.sleeps, [2000, 2000]);
    });

    it('says so when the look-ups could not check either', async () => {
      let searchesSeen = 0;
      server.route('POST', 'workflows/indexsearch', () => (++searchesSeen === 1 ? { body: searchAnswer([]) } : { status: 401 }));
      server.route('POST', 'workflows', { reset: true });
      await assert.rejects(backend.create(sdkWorkflow('atlan-postgres-1700000109')), (e: unknown) => e instanceof NetworkError && /could not be checked/.test(e.message));
      assert.equal(server.count('POST', 'workflows'), 1);
    });

    it('a 400 is reported as is, without look-ups', async () => {
      server.route('POST', 'workflows', { status: 400, body: { errorMessage: 'bad template' } });
      await assert.rejects(backend.create(sdkWorkflow('atlan-postgres-1700000105')), /bad template/);
      assert.equal(searches('workflows').length, 1);
    });

    it('resolves the placeholder run once the index shows it, in the same single request', async () => {
      const name = 'atlan-postgres-1700000106';
      const { run } = await backend.create(sdkWorkflow(name));
      const ref = { id: run!.id, workflowName: name };
      const before = await backend.getRuns([ref]);
      assert.ok(isPendingRunId(before.get(ref.id)!.id), 'still the placeholder while the index lags');
      assert.equal((await backend.latestRuns([name])).get(name)?.id, ref.id);
      tenant.addRun(`${name}-kq7x2`, name, 'Running', '2026-02-01T00:00:05Z');
      server.requests.length = 0;
      const after = await backend.getRuns([ref, { id: 'other-aaaaa', workflowName: 'other' }]);
      assert.equal(after.get(ref.id)?.id, `${name}-kq7x2`);
      assert.equal(searches('runs').length, 1);
    });

    it('rejects a crawler built for the App API', async () => {
      await assert.rejects(backend.create({ surface: 'apps', body: { app_id: 'postgres-crawler', name: 'x', inputs: {} } }), InvalidArgumentError);
    });
  });

  describe('rerun', () => {
    it('returns the run in flight instead of starting another', async () => {
      tenant.addRun('w-aaaaa', 'w', 'Running', '2026-01-01T00:00:00Z');
      const result = await backend.rerun('w');
      assert.deepEqual([result.reused, result.run.id], [true, 'w-aaaaa']);
      assert.equal(server.count('POST', 'workflows/submit'), 0);
    });

    it('re-checks after the index lag before submitting, and submits the rerun body', async () => {
      tenant.addRun('w-aaaaa', 'w', 'Succeeded', '2026-01-01T00:00:00Z');
      const result = await backend.rerun('w');
      assert.equal(result.reused, false);
      assert.equal(searches('runs').length, 2, 'searched twice');
      assert.deepEqual(clock.sleeps, [2000]);
      const submit = server.requests.find((r) => r.path === 'workflows/submit');
      assert.deepEqual(submit?.body, { namespace: 'default', resourceKind: 'WorkflowTemplate', resourceName: 'w' });
    });

    it('reuses a run that showed up in the index during the re-check', async () => {
      let calls = 0;
      server.route('POST', 'runs/indexsearch', () => ({ body: searchAnswer(++calls === 1 ? [] : [runHit('w-late0', 'w', 'Pending', '2026-01-01T00:00:00Z')]) }));
      const result = await backend.rerun('w');
      assert.deepEqual([result.reused, result.run.id], [true, 'w-late0']);
      assert.equal(server.count('POST', 'workflows/submit'), 0);
    });

    it('remembers its own submit while the index lags: shown as latest, and reused by the next rerun', async () => {
      tenant.addRun('w-aaaaa', 'w', 'Succeeded', '2026-01-01T00:00:00Z');
      const first = await backend.rerun('w');
      tenant.hiddenRuns.add(first.run.id);
      assert.equal((await backend.latestRuns(['w'])).get('w')?.id, first.run.id);
      assert.equal((await backend.getRuns([first.run])).get(first.run.id)?.phase, 'Pending');
      const second = await backend.rerun('w');
      assert.deepEqual([second.reused, second.run.id], [true, first.run.id]);
      assert.equal(server.count('POST', 'workflows/submit'), 1);
      // Once indexed, the index is the truth.
      tenant.hiddenRuns.clear();
      tenant.runs.find((r) => r._id === first.run.id)!._source.status.phase = 'Succeeded';
      assert.equal((await backend.latestRuns(['w'])).get('w')?.phase, 'Succeeded');
    });

    it('cancelling during the re-check wait is a CancelledError and submits nothing', async () => {
      const controller = new AbortController();
      server.route('POST', 'runs/indexsearch', () => {
        controller.abort();
        return { body: searchAnswer([]) };
      });
      await assert.rejects(backend.rerun('w', { signal: controller.signal }), CancelledError);
      assert.equal(server.count('POST', 'workflows/submit'), 0);
    });

    it('two concurrent reruns start one run', async () => {
      const [a, b] = await Promise.all([backend.rerun('w'), backend.rerun('w')]);
      assert.equal(a.run.id, b.run.id);
      assert.deepEqual([a.reused, b.reused].sort(), [false, true]);
      assert.equal(server.count('POST', 'workflows/submit'), 1);
    });

    it('non-idempotent rerun submits without searching', async () => {
      await backend.rerun('w', { idempotent: false });
      assert.equal(searches('runs').length, 0);
      assert.equal(server.count('POST', 'workflows/submit'), 1);
    });

    it('a failed submit is never retried and says the run may have started', async () => {
      server.route('POST', 'workflows/submit', { status: 503 });
      await assert.rejects(backend.rerun('w', { idempotent: false }), (e: unknown) => e instanceof ServerError && /may have started/.test(e.message));
      assert.equal(server.count('POST', 'workflows/submit'), 1);
    });
  });

  describe('stop, update, archive', () => {
    it('stops a run', async () => {
      server.route('POST', 'runs/w-aaaaa/stop', { body: runHit('w-aaaaa', 'w', 'Running', '2026-01-01T00:00:00Z')._source as object });
      const run = await backend.stop({ id: 'w-aaaaa', workflowName: 'w' });
      assert.deepEqual([run.id, run.phase, run.workflowName], ['w-aaaaa', 'Running', 'w']);
    });

    it('cannot stop a first run Atlan has not reported yet', async () => {
      await assert.rejects(backend.stop({ id: pendingRunId('w'), workflowName: 'w' }), /has not reported the first run/);
      assert.equal(server.requests.filter((r) => r.path.endsWith('/stop')).length, 0);
    });

    it('updates with the full template under the same name', async () => {
      server.route('POST', 'workflows/atlan-postgres-1700000107', (req) => ({ body: req.body }));
      const updated = await backend.update('atlan-postgres-1700000107', sdkWorkflow('atlan-postgres-1700000107'));
      assert.equal(updated.connectionName, 'test-sdk-postgresql');
      await assert.rejects(backend.update('atlan-postgres-1700000107', sdkWorkflow('atlan-postgres-1700000999')), /keeps the workflow's name/);
      assert.equal(server.count('POST', 'workflows/atlan-postgres-1700000107'), 1);
    });

    it('archives', async () => {
      server.route('POST', 'workflows/w/archive', { rawBody: '' });
      await backend.archive('w');
      assert.equal(server.count('POST', 'workflows/w/archive'), 1);
    });
  });

  describe('schedules and definition', () => {
    const name = 'atlan-postgres-1700000108';

    it('reads, sets and removes the schedule annotations', async () => {
      tenant.addTemplate(name, 'prod', { 'orchestration.atlan.com/schedule': '0 1 * * *', 'orchestration.atlan.com/timezone': 'UTC', keep: 'me' });
      const posted: { metadata: { annotations: Record<string, string | undefined> }; payload: unknown[] }[] = [];
      server.route('POST', `workflows/${name}`, (req) => {
        posted.push(req.body as (typeof posted)[number]);
        return { body: req.body };
      });
      assert.deepEqual(await backend.getSchedules(name), [{ cron: '0 1 * * *', timezone: 'UTC' }]);
      assert.deepEqual(await backend.addSchedule(name, { cron: '45 4 * * 1-5', timezone: 'Europe/Paris' }), { cron: '45 4 * * 1-5', timezone: 'Europe/Paris' });
      assert.equal(posted[0].metadata.annotations['orchestration.atlan.com/schedule'], '45 4 * * 1-5');
      assert.equal(posted[0].metadata.annotations['orchestration.atlan.com/timezone'], 'Europe/Paris');
      assert.equal(posted[0].metadata.annotations.keep, 'me');
      assert.deepEqual(posted[0].payload, []);
      await backend.removeSchedule(name, { cron: '0 1 * * *', timezone: 'UTC' });
      assert.equal(posted[1].metadata.annotations['orchestration.atlan.com/schedule'], undefined);
    });

    it('rejects a bad cron or time zone before any request', async () => {
      await assert.rejects(backend.addSchedule(name, { cron: 'every day', timezone: 'UTC' }), /five-field cron/);
      await assert.rejects(backend.addSchedule(name, { cron: '0 1 * * *', timezone: 'Mars/Olympus' }), /IANA time zone/);
      assert.equal(server.requests.length, 0);
    });

    it('returns the stored definition, and NotFound for an unknown workflow', async () => {
      tenant.addTemplate(name, 'prod');
      const def = await backend.getDefinition(name);
      assert.equal(def.surface, 'workflows');
      assert.ok(def.surface === 'workflows' && def.workflow.metadata.name === name && def.workflow.payload.length === 0);
      await assert.rejects(backend.getSchedules('atlan-postgres-1799999999'), NotFoundError);
    });
  });
});
