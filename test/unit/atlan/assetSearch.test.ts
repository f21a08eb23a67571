import { isFinished } from '../../../src/core/atlan/backend';
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { runFromAsset, AppRunCatalog } from '../../../src/core/atlan/appRunCatalog';
import { activeOfType, assetSearchRequest, sortBy, term } from '../../../src/core/atlan/assetQueries';
import { AssetSearch, readEntities, termsBuckets, topHitSources } from '../../../src/core/atlan/assetSearch';
import { InvalidArgumentError, ServerError } from '../../../src/core/atlan/errors';
import { AtlanHttp } from '../../../src/core/atlan/http';
import { FakeClock, ScriptedServer } from './helpers';

const CONTRACT = path.resolve(__dirname, '../../../../test/fixtures/atlan-contract/asset-search');
const SEARCH = '/api/meta/search/indexsearch';

// Fixture JSON of arbitrary shape; tests read into it freely.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
function contract(file: string): any {
  return JSON.parse(readFileSync(path.join(CONTRACT, file), 'utf8'));
}

describe('atlan/assetSearch', () => {
  let server: ScriptedServer;
  let http: AtlanHttp;
  let search: AssetSearch;

  before(async () => {
    server = await ScriptedServer.start();
  });
  beforeEach(() => {
    server.reset();
    http = new AtlanHttp({ baseUrl: server.url, token: 'tok-asset-search', clock: new FakeClock(), random: () => 0.5 });
    search = new AssetSearch(http);
  });
  afterEach(async () => {
    await http.close();
  });
  after(async () => {
    await server.stop();
  });

  describe('requests', () => {
    it("builds pyatlan's request shape and sends it to the metastore's indexsearch", async () => {
      server.route('POST', SEARCH, { body: contract('search-response-entities.json') });
      const request = assetSearchRequest(activeOfType('Schema', term('connectionQualifiedName', 'default/postgres/1700000000')), {
        size: 2,
        sort: [sortBy('name.keyword', 'asc')],
        attributes: ['schemaName'],
      });
      const page = await search.search(request);
      const sent = server.requests[0];
      assert.equal(sent.path, SEARCH);
      assert.deepEqual(Object.keys(sent.body.dsl), ['from', 'size', 'aggregations', 'track_total_hits', 'query', 'sort']);
      assert.deepEqual(sent.body.dsl.sort, [{ 'name.keyword': { order: 'asc' } }, { __guid: { order: 'asc' } }], 'the guid tie-breaker ends the sort');
      assert.deepEqual(sent.body.dsl.query.bool.filter.slice(0, 2), [
        { term: { __state: { value: 'ACTIVE', case_insensitive: false } } },
        { term: { '__typeName.keyword': { value: 'Schema', case_insensitive: false } } },
      ]);
      assert.deepEqual(sent.body.attributes, ['schemaName']);
      assert.deepEqual(sent.body.requestMetadata, { saveSearchLog: false });
      assert.deepEqual(page.entities.map((e) => e.attributes?.name), ['public', 'sales']);
      assert.equal(page.approximateCount, 2);
      assert.deepEqual(page.skipped, []);
    });

    it('retries the search as a read (503, then the answer)', async () => {
      server.queue('POST', SEARCH, { status: 503, body: { errorMessage: 'busy' } }).route('POST', SEARCH, { body: contract('search-response-no-match.json') });
      const page = await search.search(assetSearchRequest(activeOfType('Column'), { size: 100 }));
      assert.equal(server.requests.length, 2);
      assert.deepEqual(page.entities, []);
      assert.deepEqual(page.aggregations, { max_update_time: { value: null } });
    });

    it('fails after the read retries are spent', async () => {
      server.route('POST', SEARCH, { status: 500, body: { errorMessage: 'down' } });
      await assert.rejects(search.search(assetSearchRequest(activeOfType('Column'), { size: 1 })), ServerError);
      assert.equal(server.requests.length, 4);
    });
  });

  describe('reading answers', () => {
    it('reads entities one by one: an entity that does not parse is skipped with a reason', () => {
      const answer = contract('search-response-entities.json');
      answer.entities.push({ typeName: 'Schema', guid: 42, attributes: {} }, 'not an entity');
      const { entities, skipped } = readEntities(answer.entities);
      assert.equal(entities.length, 2);
      assert.deepEqual(skipped.map((s) => [s.index, s.typeName, s.reason.startsWith('guid:')]), [
        [2, 'Schema', true],
        [3, undefined, false],
      ]);
    });

    it('treats an absent entities key as no match, keeping aggregations', async () => {
      server.route('POST', SEARCH, { body: contract('search-response-no-match.json') });
      const page = await search.search(assetSearchRequest(activeOfType('Column'), { size: 100 }));
      assert.deepEqual([page.entities, page.returned, page.approximateCount], [[], 0, 0]);
    });

    it('reads terms buckets and their top hits by name', () => {
      const { aggregations } = contract('aggregation-terms-top-hits-response.json');
      const buckets = termsBuckets(aggregations, 'latest');
      assert.deepEqual(buckets?.map((b) => [b.key, b.docCount]), [
        ['finance-prod-pg-0-10000000', 4],
        ['sales-prod-pg-1-10000001', 3],
      ]);
      assert.equal(topHitSources(buckets?.[0].sub.run)?.[0].source.appWorkflowRunStatus, 'Running');
      assert.equal(termsBuckets(aggregations, 'missing'), undefined);
      assert.equal(topHitSources({ buckets: [] }), undefined);
    });
  });

  describe('App runs from assets', () => {
    it('maps an AppWorkflowRun: status, epoch times, who, steps as structs, failure text', () => {
      const entity = contract('app-workflow-run-entity.json');
      const read = runFromAsset(entity.attributes, 'fixture');
      assert.ok('run' in read, JSON.stringify(read));
      const run = read.run;
      assert.deepEqual(
        [run.id, run.workflowName, run.phase, run.startedAt, run.finishedAt, run.startedBy, run.message, run.progress],
        ['6f1c2b3a-9d8e-4f70-a1b2-c3d4e5f60718', 'finance-prod-pg-0-10000000', 'Failed', '2026-11-20T09:15:00Z', '2026-11-20T09:17:00Z', 'ada.lovelace', 'Check failed for sales_db', '0/2'],
      );
      assert.deepEqual(run.steps, [
        { name: 'preflight-check', phase: 'Failed', message: 'Check failed for sales_db', startedAt: '2026-11-20T09:15:03Z', finishedAt: '2026-11-20T09:17:00Z' },
        { name: 'extract', phase: 'Skipped' },
      ]);
      assert.deepEqual(run.failedSteps.map((s) => s.name), ['preflight-check']);
    });

    it('keeps unknown statuses, gives a run in flight no completion, and redacts failure text', () => {
      const a = contract('app-workflow-run-entity.json').attributes;
      const running = runFromAsset({ ...a, appWorkflowRunStatus: 'Running', appWorkflowRunOutputs: { message: 'connect failed: password=hunter2' } }, 'x');
      assert.ok('run' in running);
      assert.equal(running.run.phase, 'Running');
      assert.equal(running.run.finishedAt, undefined, 'no growing duration from a completion the run has not reached');
      assert.doesNotMatch(running.run.message ?? '', /hunter2/);
      const unknown = runFromAsset({ ...a, appWorkflowRunStatus: 'Quiescing', appWorkflowRunCompletedAt: undefined }, 'x');
      assert.ok('run' in unknown);
      assert.deepEqual([unknown.run.phase, unknown.run.finishedAt], ['Quiescing', undefined], 'an unknown status without a completion is in flight');
    });

    it('an unknown status with a completion has ended: the completion is kept and the status shown as it is', () => {
      const a = contract('app-workflow-run-entity.json').attributes;
      const ended = runFromAsset({ ...a, appWorkflowRunStatus: 'COMPLETED_WITH_WARNINGS' }, 'x');
      assert.ok('run' in ended);
      assert.deepEqual([ended.run.phase, ended.run.finishedAt], ['COMPLETED_WITH_WARNINGS', '2026-11-20T09:17:00Z']);
      assert.equal(isFinished(ended.run), true);
    });

    it('skips an asset without a run id or slug, or with wrongly typed attributes, saying why', () => {
      const a = contract('app-workflow-run-entity.json').attributes;
      for (const [attributes, pattern] of [
        [{ ...a, appWorkflowRunTemporalRunId: null }, /no appWorkflowRunTemporalRunId/],
        [{ ...a, appWorkflowRunAppWorkflowSlug: undefined }, /no appWorkflowRunAppWorkflowSlug/],
        [{ ...a, appWorkflowRunStatus: 7 }, /appWorkflowRunStatus/],
      ] as const) {
        const read = runFromAsset(attributes, 'asset g-1');
        assert.ok('reason' in read && pattern.test(read.reason) && read.reason.startsWith('asset g-1'), JSON.stringify(read));
      }
    });

    it('reads the latest run of each workflow from one aggregation, skipping a top hit that is not a run', async () => {
      server.route('POST', SEARCH, { body: contract('aggregation-terms-top-hits-response.json') });
      const latest = await new AppRunCatalog(search).latest(['finance-prod-pg-0-10000000', 'sales-prod-pg-1-10000001', 'finance-prod-pg-0-10000000']);
      assert.deepEqual(latest.runs.map((r) => [r.workflowName, r.phase, r.startedBy]), [['finance-prod-pg-0-10000000', 'Running', 'grace.hopper']]);
      assert.equal(latest.skipped.length, 1);
      assert.match(latest.skipped[0], /sales-prod-pg-1-10000001: no appWorkflowRunTemporalRunId/);
      assert.equal(latest.seen, 7);
      const body = server.requests[0].body;
      assert.equal(body.dsl.size, 0);
      assert.deepEqual(body.dsl.aggregations.latest.terms, { field: 'appWorkflowRunAppWorkflowSlug', size: 2 });
      assert.deepEqual(body.dsl.aggregations.latest.aggregations.run.top_hits.sort, [{ appWorkflowRunStartedAt: { order: 'desc', missing: '_first' } }]);
    });
  });

  describe('paging', () => {
    /** Answers `size` entities from a sorted list of (createTime, guid), honouring from/size or the keyset query. */
    function pagedTenant(count: number, createTime: (i: number) => number): void {
      const all = Array.from({ length: count }, (_, i) => ({ typeName: 'Table', guid: `g-${String(i).padStart(6, '0')}`, createTime: createTime(i), attributes: { qualifiedName: `t${i}` } }));
      all.sort((a, b) => a.createTime - b.createTime || (a.guid < b.guid ? -1 : 1));
      server.route('POST', SEARCH, (req) => {
        const dsl = req.body.dsl;
        let rows = all;
        const keyset = dsl.query.bool?.filter?.[1]?.bool?.should;
        if (keyset) {
          const t = keyset[0].range.__timestamp.gt as number;
          const g = keyset[1].bool.filter[1].range.__guid.gt as string;
          rows = all.filter((e) => e.createTime > t || (e.createTime === t && e.guid > g));
        }
        return { body: { approximateCount: rows.length, entities: rows.slice(dsl.from, dsl.from + dsl.size) } };
      });
    }

    it('pages with from/size while the matches fit the 10,000 window', async () => {
      pagedTenant(25, (i) => 1000 + i);
      const seen: string[] = [];
      for await (const page of search.searchAll(activeOfType('Table'), { pageSize: 10 })) seen.push(...page.entities.map((e) => e.guid));
      assert.equal(seen.length, 25);
      assert.deepEqual(server.requests.map((r) => r.body.dsl.from), [0, 10, 20]);
    });

    it('past 10,000 matches, pages by creation time then guid, each page after the last entity (equal times included)', async function () {
      // Ten thousand entities through a loopback server: seconds on a loaded machine.
      this.timeout(30_000);
      // Many assets share a creation time: the guid tie-breaker must neither skip nor repeat any.
      pagedTenant(10_050, (i) => 1000 + Math.floor(i / 7));
      const seen = new Set<string>();
      let pages = 0;
      for await (const page of search.searchAll(activeOfType('Table'), { pageSize: 2_500 })) {
        pages++;
        for (const e of page.entities) {
          assert.ok(!seen.has(e.guid), `${e.guid} seen twice`);
          seen.add(e.guid);
        }
      }
      assert.equal(seen.size, 10_050);
      assert.equal(pages, 5);
      const second = server.requests[1].body.dsl;
      assert.deepEqual(second.sort, [{ __timestamp: { order: 'asc' } }, { __guid: { order: 'asc' } }]);
      assert.ok(server.requests.slice(1).every((r) => r.body.dsl.from === 0));
    });

    it('refuses to page past 10,000 in an order other than creation time', async () => {
      pagedTenant(10_001, (i) => i);
      const pages = search.searchAll(activeOfType('Table'), { pageSize: 500, sort: [sortBy('name.keyword', 'asc')] });
      await assert.rejects(pages.next(), InvalidArgumentError);
    });
  });
});
