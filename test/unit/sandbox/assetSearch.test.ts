/* eslint-disable @typescript-eslint/no-explicit-any -- these tests read the sandbox's untyped JSON replies, as a client would before validating them. */
import * as assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { SandboxHandle } from '../../../sandbox/server';
import { UI_RUN_USERS } from '../../../sandbox/state/seed';
import { call, fastSandbox, waitFor } from './helpers';

const CONTRACT = path.resolve(__dirname, '../../../../test/fixtures/atlan-contract/asset-search');
const SEARCH = '/api/meta/search/indexsearch';

/** A contract request with the fixture's workflow slug and qualified name replaced by the given slug's. */
function contractRequest(file: string, slug?: string): any {
  const text = readFileSync(path.join(CONTRACT, file), 'utf8');
  return JSON.parse(slug ? text.split('finance-prod-pg-0-10000000').join(slug) : text);
}

function dsl(query: unknown, extra: Record<string, unknown> = {}): any {
  return { dsl: { from: 0, size: 100, track_total_hits: true, query, ...extra } };
}

const termOf = (field: string, value: unknown): unknown => ({ term: { [field]: { value } } });
const runsType = termOf('__typeName.keyword', 'AppWorkflowRun');

async function search(sandbox: SandboxHandle, body: unknown): Promise<any> {
  const reply = await call(sandbox, 'POST', SEARCH, { body });
  assert.equal(reply.status, 200, reply.text);
  return reply.json;
}

describe('sandbox asset search', () => {
  let sandbox: SandboxHandle;
  let slugs: string[];

  before(async () => {
    sandbox = await fastSandbox({ surfaces: 'apps' });
    await sandbox.admin.seed({ workflows: 4, runsPerWorkflow: 4, surface: 'apps' });
    const list = (await call(sandbox, 'GET', 'v1/app?limit=10')).json;
    slugs = list.workflows.map((w: any) => w.slug as string);
  });
  after(async () => {
    await sandbox.stop();
  });

  it("evaluates pyatlan's fluent search: filters, sort with the guid tie-breaker, attributes, envelope", async () => {
    const slug = slugs[0];
    const answer = await search(sandbox, contractRequest('fluent-search-request.json', slug));
    assert.equal(answer.queryType, 'INDEX');
    assert.equal(answer.approximateCount, 4);
    assert.equal(typeof answer.searchParameters.query, 'string');
    assert.deepEqual(JSON.parse(answer.searchParameters.query), answer.searchParameters.dsl);
    assert.equal(answer.entities.length, 4);
    const starts = answer.entities.map((e: any) => e.attributes.appWorkflowRunStartedAt as number);
    assert.deepEqual([...starts].sort((a, b) => b - a), starts, 'newest first');
    for (const entity of answer.entities) {
      assert.equal(entity.typeName, 'AppWorkflowRun');
      assert.equal(entity.status, 'ACTIVE');
      assert.match(entity.guid, /^[0-9a-f]{8}-[0-9a-f]{4}-/);
      assert.equal(typeof entity.createTime, 'number');
      assert.equal(entity.attributes.appWorkflowRunAppWorkflowSlug, slug);
      // Only what was asked for, plus the qualified name and name every answer carries.
      assert.deepEqual(Object.keys(entity.attributes).sort(), ['appWorkflowRunAppWorkflowSlug', 'appWorkflowRunStartedAt', 'appWorkflowRunStatus', 'name', 'qualifiedName']);
    }
  });

  it('answers no entities key when nothing matched, and null metrics', async () => {
    const answer = await search(sandbox, contractRequest('metric-aggregation-request.json', 'no-such-workflow'));
    assert.equal(answer.approximateCount, 0);
    assert.equal('entities' in answer, false);
    assert.deepEqual(answer.aggregations, { max_update_time: { value: null } });
    const some = await search(sandbox, contractRequest('metric-aggregation-request.json', slugs[1]));
    assert.equal(some.entities.length, 4);
    assert.equal(some.aggregations.max_update_time.value, Math.max(...some.entities.map((e: any) => e.updateTime as number)));
  });

  it("buckets by a field with each bucket's source value (pyatlan's bucket_by)", async () => {
    const answer = await search(sandbox, contractRequest('bucket-by-source-value-request.json'));
    assert.equal('entities' in answer, false, 'size 0 returns no entities');
    const buckets = answer.aggregations.by_workflow.buckets as any[];
    assert.deepEqual(buckets.map((b) => b.key).sort(), [...slugs].sort());
    for (const bucket of buckets) {
      assert.equal(bucket.doc_count, 4);
      const hit = bucket.sourceValue.hits.hits[0];
      assert.deepEqual(Object.keys(hit._source), ['appWorkflowRunAppWorkflowName']);
    }
  });

  it('counts assets by type with a terms aggregation on __typeName.keyword', async () => {
    const answer = await search(sandbox, {
      dsl: { from: 0, size: 0, track_total_hits: true, query: { match_all: {} }, aggregations: { types: { terms: { field: '__typeName.keyword', size: 10 } } } },
    });
    assert.deepEqual(answer.aggregations.types.buckets, [
      { key: 'AppWorkflowRun', doc_count: 16 },
      { key: 'AtlanAppWorkflow', doc_count: 4 },
    ]);
    assert.equal(answer.aggregations.types.sum_other_doc_count, 0);
  });

  it('gives the latest run of many workflows in one request (terms on the slugs, newest top hit each)', async () => {
    const answer = await search(sandbox, {
      dsl: {
        from: 0,
        size: 0,
        track_total_hits: false,
        query: { bool: { filter: [runsType, { terms: { appWorkflowRunAppWorkflowSlug: slugs.slice(0, 3) } }] } },
        aggregations: {
          latest: {
            terms: { field: 'appWorkflowRunAppWorkflowSlug', size: 3 },
            aggregations: { run: { top_hits: { size: 1, sort: [{ appWorkflowRunStartedAt: { order: 'desc', missing: '_first' } }], _source: { includes: ['appWorkflowRunStartedAt', '__guid'] } } } },
          },
        },
      },
    });
    const buckets = answer.aggregations.latest.buckets as any[];
    assert.equal(buckets.length, 3);
    for (const bucket of buckets) {
      const all = await search(sandbox, {
        ...dsl({ bool: { filter: [runsType, termOf('appWorkflowRunAppWorkflowSlug', bucket.key)] } }, { sort: [{ appWorkflowRunStartedAt: { order: 'desc' } }] }),
        attributes: ['appWorkflowRunStartedAt'],
      });
      const hit = bucket.run.hits.hits[0];
      assert.equal(hit._source.__guid, all.entities[0].guid, `${bucket.key as string}: the top hit is its newest run`);
      assert.deepEqual(hit.sort, [all.entities[0].attributes.appWorkflowRunStartedAt]);
    }
  });

  it('pages in timestamp order past a point as the bulk search does (range on __timestamp, guid tie-breaker)', async () => {
    const base = contractRequest('bulk-search-request.json');
    base.dsl.size = 5;
    base.dsl.query.bool.filter[2] = { range: { __timestamp: { gte: 0 } } };
    const first = await search(sandbox, base);
    assert.equal(first.entities.length, 5);
    const last = first.entities[4];
    base.dsl.query.bool.filter[2] = { range: { __timestamp: { gte: last.createTime } } };
    const next = await search(sandbox, base);
    assert.ok(next.entities.every((e: any) => e.createTime >= last.createTime));
    const times = [...first.entities, ...next.entities].map((e: any) => e.createTime as number);
    assert.deepEqual([...times].sort((a, b) => a - b), times);
  });

  it('matches analysed text with match, and exact values with term on the keyword sub-field', async () => {
    const name = (await call(sandbox, 'GET', `v1/app/${slugs[2]}`)).json.name as string;
    const word = name.split('-')[0];
    const byWord = await search(sandbox, dsl({ bool: { filter: [termOf('__typeName.keyword', 'AtlanAppWorkflow'), { match: { name: word } }] } }));
    assert.ok(byWord.entities.some((e: any) => e.attributes.name === name));
    const exact = await search(sandbox, dsl(termOf('name.keyword', name)));
    assert.deepEqual(exact.entities.map((e: any) => e.typeName), ['AtlanAppWorkflow']);
    assert.equal(exact.entities[0].displayText, name);
  });

  it('refuses what the metastore would silently get wrong, in Atlan error shape', async () => {
    const refuse = async (body: unknown, pattern: RegExp): Promise<void> => {
      const reply = await call(sandbox, 'POST', SEARCH, { body });
      assert.equal(reply.status, 400, reply.text);
      assert.match(reply.json.errorMessage, pattern);
    };
    await refuse(dsl(termOf('__typeName', 'AppWorkflowRun')), /__typeName is a text field: use __typeName\.keyword/);
    await refuse(dsl(termOf('qualifiedName.keyword', 'x')), /qualifiedName is a keyword field/);
    await refuse(dsl(termOf('appWorkflowRunStartedAt.keyword', 1)), /number field without a \.keyword/);
    await refuse({ ...dsl({ match_all: {} }), colour: 'blue' }, /unsupported search parameter\(s\) colour/);
    await refuse({ attributes: ['name'] }, /dsl/);
    await refuse(dsl({ match_all: {} }, { aggregations: { x: { histogram: { field: '__timestamp' } } } }), /unsupported aggregation 'histogram'/);
    await refuse(dsl({ match_all: {} }, { aggregations: { x: { terms: { field: 'name' } } } }), /name is a text field: aggregate on name\.keyword/);
    await refuse(dsl({ nested: { path: 'metadata', query: { match_all: {} } } }), /not a nested path in the asset index/);
  });

  it('catalogues runs started by seed in the UI, by others and through the admin API with who started them', async () => {
    const all = await search(sandbox, { ...dsl(runsType, { size: 200 }), attributes: ['appWorkflowRunStartedBy'] });
    const starters = new Set(all.entities.map((e: any) => e.attributes.appWorkflowRunStartedBy as string));
    assert.ok(UI_RUN_USERS.some((u) => starters.has(u)), `seeded UI runs among ${[...starters].join(', ')}`);
    const started = await sandbox.admin.startAppRun({ slug: slugs[3], startedBy: 'barbara.liskov' });
    const found = await waitFor(async () => {
      const answer = await search(sandbox, dsl({ bool: { filter: [runsType, termOf('appWorkflowRunTemporalRunId', started.run_id)] } }, { size: 1 }));
      return answer.entities?.[0];
    }, 3000, 'the run started through the admin API in the catalog');
    assert.equal(found.attributes.appWorkflowRunStartedBy, undefined, 'not asked for');
    const full = await search(sandbox, {
      ...dsl(termOf('appWorkflowRunTemporalRunId', started.run_id)),
      attributes: ['appWorkflowRunStartedBy', 'appWorkflowRunAppWorkflowSlug'],
    });
    assert.equal(full.entities[0].attributes.appWorkflowRunStartedBy, 'barbara.liskov');
    assert.equal(full.entities[0].attributes.appWorkflowRunAppWorkflowSlug, slugs[3]);
  });

  it('keeps a run in step as it moves on: status, completion, steps', async () => {
    const submitted = (await call(sandbox, 'POST', `v1/app/${slugs[0]}/submit`)).json;
    const attributes = ['appWorkflowRunStatus', 'appWorkflowRunCompletedAt', 'appWorkflowRunSteps', 'appWorkflowRunStartedBy', 'appWorkflowRunStartedAt'];
    const done = await waitFor(async () => {
      const answer = await search(sandbox, { ...dsl(termOf('appWorkflowRunTemporalRunId', submitted.run_id)), attributes });
      const run = answer.entities?.[0];
      return run?.attributes.appWorkflowRunStatus === 'Succeeded' ? run : undefined;
    }, 5000, 'the submitted run to succeed in the catalog');
    const a = done.attributes;
    assert.equal(a.appWorkflowRunStartedBy, 'service-account-apikey-5c1b7a52-3c0d-4a5e-9e55-7f3f0c6a0001');
    assert.ok(a.appWorkflowRunCompletedAt >= a.appWorkflowRunStartedAt);
    assert.deepEqual(
      a.appWorkflowRunSteps.map((s: any) => [s.typeName, s.attributes.appWorkflowRunLabel, s.attributes.appWorkflowRunStatus]),
      [
        ['AppWorkflowRunStep', 'preflight-check', 'Succeeded'],
        ['AppWorkflowRunStep', 'extract', 'Succeeded'],
        ['AppWorkflowRunStep', 'publish', 'Succeeded'],
      ],
    );
    for (const step of a.appWorkflowRunSteps) assert.equal(typeof step.attributes.appWorkflowRunStartedAt, 'number');
  });

  it('hides App workflows and runs when the tenant does not catalogue them, and applies the index lag', async () => {
    try {
      await sandbox.admin.setAppAssets(false);
      // Only the App types: the runs' crawls catalogued Database, Schema, Table... assets too, which stay visible.
      const appTypes = { terms: { '__typeName.keyword': ['AtlanAppWorkflow', 'AppWorkflowRun'] } };
      const none = await search(sandbox, dsl(appTypes, { aggregations: { types: { terms: { field: '__typeName.keyword' } } } }));
      assert.equal(none.approximateCount, 0);
      assert.equal('entities' in none, false);
      assert.deepEqual(none.aggregations.types.buckets, []);
    } finally {
      await sandbox.admin.setAppAssets(true);
    }
    await sandbox.admin.setIndexLag(60_000);
    try {
      const started = await sandbox.admin.startAppRun({ slug: slugs[1], startedBy: 'grace.hopper' });
      const lagging = await search(sandbox, dsl(termOf('appWorkflowRunTemporalRunId', started.run_id)));
      assert.equal(lagging.approximateCount, 0, 'not searchable before the index lag has passed');
    } finally {
      await sandbox.admin.setIndexLag(0);
    }
  });
});

describe('sandbox asset search persistence', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'sandbox-assets-'));
  });
  after(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('keeps the catalog across a restart, an interrupted run ending Failed there too', async () => {
    const stateFile = path.join(dir, 'assets.json');
    const first = await fastSandbox({ stateFile, surfaces: 'apps', clockSpeed: 0.001 });
    await first.admin.seed({ workflows: 2, runsPerWorkflow: 2, surface: 'apps' });
    const slug = (await call(first, 'GET', 'v1/app?limit=1')).json.workflows[0].slug as string;
    const started = await first.admin.startAppRun({ slug, startedBy: 'ada.lovelace' });
    await first.stop();
    assert.ok(readFileSync(stateFile, 'utf8').includes('"assets"'));

    const second = await fastSandbox({ stateFile });
    try {
      assert.equal((await second.admin.state()).assets, 2 + 4 + 1);
      const answer = await search(second, { ...dsl(termOf('appWorkflowRunTemporalRunId', started.run_id)), attributes: ['appWorkflowRunStatus', 'appWorkflowRunCompletedAt'] });
      assert.equal(answer.entities[0].attributes.appWorkflowRunStatus, 'Failed');
      assert.equal(typeof answer.entities[0].attributes.appWorkflowRunCompletedAt, 'number');
    } finally {
      await second.stop();
    }
  });
});
