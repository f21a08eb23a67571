/* eslint-disable @typescript-eslint/no-explicit-any -- these tests read the sandbox's untyped JSON replies, as a client would before validating them. */
import * as assert from 'node:assert/strict';
import { QueryError } from '../../../../sandbox/search/queryError';
import { executeSearch } from '../../../../sandbox/search/search';
import { SearchIndex } from '../../../../sandbox/search/searchIndex';
import * as clientQueries from '../../../../src/core/atlan/searchQueries';

const PHASE = 'workflows.argoproj.io/phase';

function doc(name: string, template: string, phase: string, startedAt: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    kind: 'Workflow',
    metadata: { name, labels: { [PHASE]: phase, 'workflows.argoproj.io/creator': 'u1' }, creationTimestamp: startedAt },
    spec: { workflowTemplateRef: { name: template } },
    status: { phase, startedAt, finishedAt: phase === 'Running' ? null : startedAt, estimatedDuration: 38, ...extra },
  };
}

function index(): SearchIndex {
  const idx = new SearchIndex('runs', {
    'spec.workflowTemplateRef.name': (s) => ((s['spec'] as { workflowTemplateRef: { name: string } }).workflowTemplateRef.name),
  });
  idx.put('atlan-postgres-1700000001-aaaaa', doc('atlan-postgres-1700000001-aaaaa', 'atlan-postgres-1700000001', 'Succeeded', '2024-05-01T10:00:00Z'), 0);
  idx.put('atlan-postgres-1700000001-bbbbb', doc('atlan-postgres-1700000001-bbbbb', 'atlan-postgres-1700000001', 'Failed', '2024-05-02T10:00:00Z'), 0);
  idx.put('atlan-postgres-1700000002-ccccc', doc('atlan-postgres-1700000002-ccccc', 'atlan-postgres-1700000002', 'Running', '2024-05-03T10:00:00Z'), 0);
  idx.put('atlan-snowflake-1700000003-ddddd', doc('atlan-snowflake-1700000003-ddddd', 'atlan-snowflake-1700000003', 'Succeeded', '2024-05-04T10:00:00Z', { estimatedDuration: 500 }), 0);
  return idx;
}

const NOW = Date.parse('2024-05-05T00:00:00Z');
const ids = (body: unknown, idx = index()): string[] => executeSearch(idx, body, NOW).hits.hits.map((h) => h._id);
const meta = (query: unknown): unknown => ({ nested: { path: 'metadata', query } });
const spec = (query: unknown): unknown => ({ nested: { path: 'spec', query } });

describe('sandbox query evaluator', () => {
  it('term on a nested keyword field, long and short forms', () => {
    assert.deepEqual(ids({ query: spec({ term: { 'spec.workflowTemplateRef.name.keyword': { value: 'atlan-postgres-1700000002' } } }) }), ['atlan-postgres-1700000002-ccccc']);
    assert.deepEqual(ids({ query: spec({ term: { 'spec.workflowTemplateRef.name.keyword': 'atlan-postgres-1700000002' } }) }), ['atlan-postgres-1700000002-ccccc']);
  });

  it('term on _id and on a non-nested field', () => {
    assert.deepEqual(ids({ query: { bool: { filter: [{ term: { _id: 'atlan-postgres-1700000001-bbbbb' } }] } } }), ['atlan-postgres-1700000001-bbbbb']);
    assert.deepEqual(ids({ query: { term: { 'status.phase.keyword': 'Running' } } }), ['atlan-postgres-1700000002-ccccc']);
  });

  it('term case_insensitive', () => {
    assert.equal(ids({ query: { term: { 'status.phase.keyword': { value: 'running', case_insensitive: true } } } }).length, 1);
    assert.equal(ids({ query: { term: { 'status.phase.keyword': { value: 'running' } } } }).length, 0);
  });

  it('terms on a label whose key has dots and slashes', () => {
    const q = { query: meta({ terms: { [`metadata.labels.${PHASE}.keyword`]: ['Failed', 'Running'] } }) };
    assert.deepEqual(ids(q).sort(), ['atlan-postgres-1700000001-bbbbb', 'atlan-postgres-1700000002-ccccc']);
  });

  it('prefix and regexp on metadata.name', () => {
    assert.equal(ids({ query: meta({ prefix: { 'metadata.name.keyword': { value: 'atlan-postgres' } } }) }).length, 3);
    assert.equal(ids({ query: meta({ regexp: { 'metadata.name.keyword': { value: 'atlan[-]postgres[-][0-9]{10}[-][a-z]{5}' } } }) }).length, 3);
    // Anchored: a pattern matching only a prefix matches nothing.
    assert.equal(ids({ query: meta({ regexp: { 'metadata.name.keyword': { value: 'atlan[-]postgres' } } }) }).length, 0);
  });

  it('exists ignores nulls and missing fields', () => {
    assert.equal(ids({ query: { exists: { field: 'status.finishedAt' } } }).length, 3);
    assert.equal(ids({ query: meta({ exists: { field: `metadata.labels.workflows.argoproj.io/creator` } }) }).length, 4);
    assert.equal(ids({ query: { exists: { field: 'status.nope' } } }).length, 0);
  });

  it('range on RFC 3339 strings, numbers and date math', () => {
    assert.equal(ids({ query: { range: { 'status.startedAt': { gte: '2024-05-02T10:00:00Z' } } } }).length, 3);
    assert.equal(ids({ query: { range: { 'status.startedAt': { gt: '2024-05-02T10:00:00Z', lt: '2024-05-04T10:00:00Z' } } } }).length, 1);
    assert.equal(ids({ query: { range: { 'status.estimatedDuration': { gt: 100 } } } }).length, 1);
    assert.equal(ids({ query: { range: { 'status.startedAt': { gte: 'now-2d' } } } }).length, 2);
    assert.equal(ids({ query: { range: { 'status.startedAt': { gte: 'now-2d/d' } } } }).length, 2);
    assert.equal(ids({ query: { range: { 'status.startedAt': { lte: '2024-05-01||+1d' } } } }).length, 1);
    assert.equal(ids({ query: { range: { 'status.startedAt': { gte: Date.parse('2024-05-03T00:00:00Z') } } } }).length, 2);
  });

  it('bool: must, filter, should with minimum_should_match, must_not', () => {
    const failedOrRunning = [{ term: { 'status.phase.keyword': 'Failed' } }, { term: { 'status.phase.keyword': 'Running' } }];
    assert.equal(ids({ query: { bool: { should: failedOrRunning } } }).length, 2);
    assert.equal(ids({ query: { bool: { should: failedOrRunning, minimum_should_match: 2 } } }).length, 0);
    // With a filter, should clauses become optional unless minimum_should_match says otherwise.
    const filter = [meta({ prefix: { 'metadata.name.keyword': 'atlan-postgres' } })];
    assert.equal(ids({ query: { bool: { filter, should: failedOrRunning } } }).length, 3);
    assert.equal(ids({ query: { bool: { filter, should: failedOrRunning, minimum_should_match: 1 } } }).length, 2);
    assert.equal(ids({ query: { bool: { must: filter, must_not: failedOrRunning } } }).length, 1);
    assert.equal(ids({ query: { bool: { must_not: { match_all: {} } } } }).length, 0);
  });

  it('match_all and the pyatlan runs-by-status query', () => {
    assert.equal(ids({ query: { match_all: {} } }).length, 4);
    const q = {
      query: {
        bool: {
          must: [
            meta({ terms: { [`metadata.labels.${PHASE}.keyword`]: ['Succeeded'] } }),
            { range: { 'status.startedAt': { gte: '2024-05-01T00:00:00Z' } } },
            meta({ exists: { field: 'metadata.labels.workflows.argoproj.io/creator' } }),
          ],
        },
      },
    };
    assert.deepEqual(ids(q), ['atlan-postgres-1700000001-aaaaa', 'atlan-snowflake-1700000003-ddddd']);
  });

  it('sorts by several keys, nested and not, and returns sort values', () => {
    const res = executeSearch(index(), { sort: [{ 'status.phase.keyword': 'asc' }, { 'status.startedAt': { order: 'desc' } }] }, NOW);
    assert.deepEqual(res.hits.hits.map((h) => h._id), [
      'atlan-postgres-1700000001-bbbbb',
      'atlan-postgres-1700000002-ccccc',
      'atlan-snowflake-1700000003-ddddd',
      'atlan-postgres-1700000001-aaaaa',
    ]);
    assert.deepEqual(res.hits.hits[0].sort, ['Failed', Date.parse('2024-05-02T10:00:00Z')]);
    const nested = ids({ sort: [{ 'metadata.creationTimestamp': { order: 'desc', nested: { path: 'metadata' } } }] });
    assert.equal(nested[0], 'atlan-snowflake-1700000003-ddddd');
  });

  it('pages with from/size and reports totals per track_total_hits', () => {
    const sort = [{ 'status.startedAt': { order: 'asc' } }];
    assert.deepEqual(ids({ from: 1, size: 2, sort }), ['atlan-postgres-1700000001-bbbbb', 'atlan-postgres-1700000002-ccccc']);
    assert.deepEqual(ids({ from: 4, size: 2, sort }), []);
    assert.deepEqual(executeSearch(index(), { track_total_hits: true, size: 1 }, NOW).hits.total, { value: 4, relation: 'eq' });
    assert.deepEqual(executeSearch(index(), { track_total_hits: 2 }, NOW).hits.total, { value: 2, relation: 'gte' });
    assert.equal(executeSearch(index(), { track_total_hits: false }, NOW).hits.total, undefined);
  });

  it('filters objects inside arrays with the path of the array, as Elasticsearch does', () => {
    const idx = new SearchIndex('t', {});
    idx.put('t1', { spec: { templates: [{ name: 'main', dag: { tasks: [{ name: 'run', arguments: { parameters: [{ name: 'a', value: '1' }] }, templateRef: { name: 'x' } }] } }, { name: 'leaf', container: { image: 'i' } }], tags: ['x', 'y'] } }, 0);
    const source = (includes: string[]): any => executeSearch(idx, { _source: { includes } }, NOW).hits.hits[0]?._source;
    assert.deepEqual(source(['spec.templates.dag.tasks.arguments.parameters']), {
      spec: { templates: [{ dag: { tasks: [{ arguments: { parameters: [{ name: 'a', value: '1' }] } }] } }] },
    });
    assert.deepEqual(source(['spec.templates.name']), { spec: { templates: [{ name: 'main' }, { name: 'leaf' }] } });
    assert.deepEqual(source(['spec.tags']), { spec: { tags: ['x', 'y'] } });
    assert.deepEqual(source(['spec.tags.x']), {}, 'values of an array are kept only when its own path is included');
    const excluded = executeSearch(idx, { _source: { excludes: ['spec.templates.dag'] } }, NOW).hits.hits[0]?._source as any;
    assert.deepEqual(excluded.spec.templates[0], { name: 'main' });
  });

  it('applies _source includes and excludes', () => {
    const one = (source: unknown): any => executeSearch(index(), { size: 1, _source: source }, NOW).hits.hits[0];
    assert.deepEqual(Object.keys(one(['metadata.name'])._source), ['metadata']);
    assert.deepEqual(one(['metadata.name'])._source, { metadata: { name: 'atlan-postgres-1700000001-aaaaa' } });
    const ex = one({ excludes: ['metadata.labels', 'status.*'] })._source;
    assert.equal(ex.metadata.labels, undefined);
    assert.deepEqual(ex.status, {});
    assert.equal(one(false)._source, undefined);
    assert.equal(one({ includes: ['status.ph*'] })._source.status.phase, 'Succeeded');
  });

  it('hides documents until their index lag has passed', () => {
    const idx = index();
    idx.put('late', doc('late', 't', 'Pending', '2024-05-04T23:59:59Z'), NOW + 1000);
    assert.equal(executeSearch(idx, {}, NOW).hits.total?.value, 4);
    assert.equal(executeSearch(idx, {}, NOW + 1000).hits.total?.value, 5);
  });

  const rejects = (body: unknown, pattern: RegExp): void => {
    assert.throws(() => executeSearch(index(), body, NOW), (e: unknown) => e instanceof QueryError && pattern.test(e.message));
  };

  it('aggregates what the query matched (post_filter aside): terms buckets by count then key, metrics, top hits', () => {
    const body = {
      size: 0,
      query: { bool: { must_not: [{ term: { 'status.phase.keyword': 'Running' } }] } },
      post_filter: { term: { 'status.phase.keyword': 'Failed' } },
      aggregations: {
        phases: { terms: { field: 'status.phase.keyword' }, aggs: { newest: { top_hits: { size: 1, sort: [{ 'status.startedAt': 'desc' }], _source: ['metadata.name'] } } } },
        longest: { max: { field: 'status.estimatedDuration' } },
        first: { min: { field: 'status.startedAt' } },
        durations: { cardinality: { field: 'status.estimatedDuration' } },
      },
    };
    const res = executeSearch(index(), body, NOW);
    assert.equal(res.hits.total?.value, 1, 'post_filter narrows the hits');
    const aggs = res.aggregations as any;
    assert.deepEqual(aggs.phases.buckets.map((b: any) => [b.key, b.doc_count]), [['Succeeded', 2], ['Failed', 1]]);
    assert.deepEqual(aggs.phases.buckets[0].newest.hits.hits[0]._source, { metadata: { name: 'atlan-snowflake-1700000003-ddddd' } });
    assert.equal(aggs.longest.value, 500);
    assert.equal(aggs.first.value, Date.parse('2024-05-01T10:00:00Z'));
    assert.equal(aggs.durations.value, 2);
    assert.equal('aggregations' in executeSearch(index(), { size: 1 }, NOW), false, 'none asked, none answered');
  });

  it('rejects unsupported clauses and parameters by name', () => {
    rejects({ query: { wildcard: { 'status.phase': 'F*' } } }, /unsupported query clause 'wildcard'/);
    rejects({ query: { bool: { filter: [{ match_phrase: { x: 'y' } }] } } }, /query\.bool\.filter\[0\]: unsupported query clause 'match_phrase'/);
    rejects({ query: { match: { 'status.phase.keyword': 'Failed' } } }, /status\.phase\.keyword is not an analysed text field: match on status\.phase/);
    rejects({ query: { term: { 'status.phase': { value: 'x', fuzziness: 2 } } } }, /unsupported parameter 'fuzziness'/);
    rejects({ query: { range: { 'status.startedAt': { gte: 'now', time_zone: '+01:00' } } } }, /unsupported parameter 'time_zone'/);
    rejects({ query: { terms: { 'status.phase': { index: 'x', id: '1', path: 'p' } } } }, /terms lookup is not supported/);
    rejects({ aggs: { x: {} } }, /aggs\.x: an aggregation needs exactly one type, found none/);
    rejects({ aggs: { x: { terms: { field: 'status.phase' } } } }, /status\.phase is a text field: aggregate on status\.phase\.keyword/);
    rejects({ query: { bool: {} , term: {} } }, /exactly one clause/);
    rejects({ query: { range: { 'status.startedAt': { gte: 'now-3x' } } } }, /not valid date math/);
  });

  it('rejects nested fields queried outside their nested clause, and bad nested paths', () => {
    rejects({ query: { term: { 'metadata.name.keyword': 'x' } } }, /inside the nested path 'metadata'/);
    rejects({ query: { nested: { path: 'status', query: { match_all: {} } } } }, /not a nested path/);
    rejects({ sort: [{ 'metadata.creationTimestamp': { order: 'desc' } }] }, /nested path 'metadata'/);
    rejects({ sort: [{ 'status.startedAt': { order: 'down' } }] }, /must be "asc" or "desc"/);
  });

  it('refuses exact-match clauses on a text field without .keyword, naming the keyword field', () => {
    const hint = (field: string): RegExp => new RegExp(`${field.replace(/[./]/g, '\\$&')} is a text field: use ${field.replace(/[./]/g, '\\$&')}\\.keyword for exact matches`);
    rejects({ query: { term: { 'status.phase': 'Failed' } } }, hint('status.phase'));
    rejects({ query: { bool: { filter: [{ terms: { 'status.phase': ['Failed', 'Running'] } }] } } }, hint('status.phase'));
    rejects({ query: meta({ prefix: { 'metadata.name': { value: 'atlan-postgres' } } }) }, hint('metadata.name'));
    rejects({ query: meta({ regexp: { 'metadata.name': { value: 'atlan[-]postgres[-][0-9]{10}' } } }) }, hint('metadata.name'));
    rejects({ query: meta({ terms: { [`metadata.labels.${PHASE}`]: ['Failed'] } }) }, hint(`metadata.labels.${PHASE}`));
    rejects({ query: spec({ term: { 'spec.workflowTemplateRef.name': 'atlan-postgres-1700000001' } }) }, hint('spec.workflowTemplateRef.name'));
    rejects({ post_filter: { term: { 'status.storedWorkflowTemplateSpec.workflowTemplateRef.name': 'x' } } }, /is a text field/);
    // The location of the clause is part of the message.
    rejects({ query: { bool: { must_not: [{ term: { 'status.phase': 'Failed' } }] } } }, /query\.bool\.must_not\[0\]\.term\.status\.phase: /);
    // exists and range stay fine on text and date fields.
    assert.equal(ids({ query: { exists: { field: 'status.phase' } } }).length, 4);
  });

  it('refuses .keyword on date and number fields, which have no keyword sub-field', () => {
    rejects({ query: { term: { 'status.startedAt.keyword': '2024-05-01T10:00:00Z' } } }, /status\.startedAt is a date field without a \.keyword sub-field/);
    rejects({ query: { terms: { 'status.estimatedDuration.keyword': ['38'] } } }, /number field without a \.keyword/);
    rejects({ query: { terms: { '_id.keyword': ['x'] } } }, /_id is a metadata field/);
    // Without the suffix they match exactly, as on Elasticsearch.
    assert.equal(ids({ query: { term: { 'status.startedAt': '2024-05-01T10:00:00Z' } } }).length, 1);
    assert.equal(ids({ query: { term: { 'status.estimatedDuration': 500 } } }).length, 1);
  });

  it('refuses the sort parameters it does not evaluate (mode, format)', () => {
    rejects({ sort: [{ 'status.startedAt': { order: 'desc', mode: 'max' } }] }, /sort\[0\]\.status\.startedAt: unsupported sort parameter 'mode'/);
    rejects({ sort: [{ 'status.startedAt': { order: 'desc', format: 'strict_date_optional_time_nanos' } }] }, /unsupported sort parameter 'format'/);
    assert.equal(ids({ sort: [{ 'status.startedAt': { order: 'desc', missing: '_last', unmapped_type: 'date' } }] }).length, 4);
  });

  it('evaluates every search body our client builds', () => {
    const names = ['atlan-postgres-1700000001', 'atlan-postgres-1700000002'];
    const bodies: unknown[] = [
      clientQueries.postgresWorkflowsSearch(0, 10),
      clientQueries.workflowByNameSearch('atlan-postgres-1700000001-aaaaa'),
      clientQueries.latestRunsSearch(names, 10),
      clientQueries.unstampedRunsSearch(names, 10),
      clientQueries.currentRunsSearch(names[0]),
      clientQueries.workflowRunsSearch(names[0], 0, 10),
      clientQueries.runsByIdSearch(['atlan-postgres-1700000001-aaaaa'], [names[1]], 10),
      clientQueries.runsByIdSearch(['atlan-postgres-1700000001-aaaaa'], [], 10),
    ];
    const counts = bodies.map((b) => ids(b).length);
    // The first is the templates query: run names carry a suffix, so its anchored pattern matches none here.
    assert.deepEqual(counts, [0, 1, 3, 3, 2, 2, 2, 1]);
  });

  it('finds Postgres crawler templates by either name or by package identity, never the miner', () => {
    const templates = new SearchIndex('workflows', {});
    const template = (name: string, labels: Record<string, string>, annotations: Record<string, string>, created: string): Record<string, unknown> => ({
      kind: 'WorkflowTemplate',
      metadata: { name, labels, annotations, creationTimestamp: created },
      spec: {},
    });
    const crawlerLabel = { 'package.argoproj.io/name': 'a-t-ratlans-l-a-s-hpostgres' };
    const crawlerAnnotation = { 'package.argoproj.io/name': '@atlan/postgres' };
    templates.put('sdk', template('atlan-postgres-1700000001', crawlerLabel, crawlerAnnotation, '2024-05-01T00:00:00Z'), 0);
    templates.put('ui', template('atlan-postgres-default-postgres-1700000002', crawlerLabel, crawlerAnnotation, '2024-05-02T00:00:00Z'), 0);
    templates.put('bare', template('atlan-postgres-1700000003', {}, {}, '2024-05-03T00:00:00Z'), 0);
    templates.put('renamed', template('nightly-warehouse', crawlerLabel, {}, '2024-05-04T00:00:00Z'), 0);
    templates.put('annotated', template('weekly-warehouse', {}, crawlerAnnotation, '2024-05-05T00:00:00Z'), 0);
    templates.put('miner', template('atlan-postgres-miner-1700000006', { 'package.argoproj.io/name': 'a-t-ratlans-l-a-s-hpostgres-miner' }, { 'package.argoproj.io/name': '@atlan/postgres-miner' }, '2024-05-06T00:00:00Z'), 0);
    templates.put('snowflake', template('atlan-snowflake-default-snowflake-1700000007', {}, { 'package.argoproj.io/name': '@atlan/snowflake' }, '2024-05-07T00:00:00Z'), 0);
    const found = executeSearch(templates, clientQueries.postgresWorkflowsSearch(0, 10), NOW);
    assert.deepEqual(found.hits.hits.map((h) => h._id), ['annotated', 'renamed', 'bare', 'ui', 'sdk'], 'newest first');
    assert.equal(found.hits.total?.value, 5);
    // The should clause is what matches: with the minimum raised to all three, only fully labelled crawlers whose names fit remain.
    const all = clientQueries.postgresWorkflowsSearch(0, 10) as any;
    all.query.bool.filter[0].nested.query.bool.minimum_should_match = 3;
    assert.deepEqual(ids(all, templates), ['ui', 'sdk']);
    // pyatlan's find_by_type regexp alone misses the UI's name.
    assert.deepEqual(ids({ query: meta({ regexp: { 'metadata.name.keyword': { value: 'atlan[-]postgres[-][0-9]{10}' } } }) }, templates).sort(), ['bare', 'sdk']);
  });

  it("evaluates pyatlan's WorkflowSearch bodies", () => {
    const sortByCreation = [{ 'metadata.creationTimestamp': { order: 'desc', nested: { path: 'metadata' } } }];
    const sortByStart = [{ 'status.startedAt': { order: 'desc' } }];
    const bodies: [unknown, number][] = [
      // find_by_type, find_by_id
      [{ from: 0, size: 100, track_total_hits: true, query: { bool: { filter: [meta({ regexp: { 'metadata.name.keyword': { value: 'atlan[-]postgres[-][0-9]{10}[-][a-z]{5}' } } })] } }, sort: sortByCreation }, 3],
      [{ from: 0, size: 1, query: { bool: { filter: [meta({ bool: { must: [{ term: { 'metadata.name.keyword': { value: 'atlan-postgres-1700000001-aaaaa' } } }] } })] } }, sort: sortByCreation }, 1],
      // find_schedule_query: prefix on the name and a term on an annotation
      [{ size: 10, query: { bool: { filter: [meta({ prefix: { 'metadata.name.keyword': { value: 'asq-1' } } }), meta({ term: { 'metadata.annotations.package.argoproj.io/name.keyword': { value: '@atlan/schedule-query' } } })] } }, sort: sortByCreation }, 0],
      // latest run, runs by status
      [{ size: 1, query: { bool: { filter: [spec({ term: { 'spec.workflowTemplateRef.name.keyword': { value: 'atlan-postgres-1700000001' } } })] } }, sort: sortByStart }, 1],
      [{ size: 50, query: { bool: { must: [spec({ term: { 'spec.workflowTemplateRef.name.keyword': { value: 'atlan-postgres-1700000001' } } })], filter: [{ term: { 'status.phase.keyword': { value: 'Failed' } } }] } }, sort: sortByStart }, 1],
      [{ size: 10, query: { terms: { _id: ['atlan-postgres-1700000002-ccccc'] } } }, 1],
    ];
    assert.deepEqual(bodies.map(([b]) => ids(b).length), bodies.map(([, n]) => n));
  });

  it('treats null request fields as absent, as serialisers that keep unset fields send them', () => {
    assert.equal(ids({ query: null, post_filter: null, sort: null, _source: null, size: 10 }).length, 4);
  });

  it('applies post_filter after the query', () => {
    assert.deepEqual(ids({ query: { match_all: {} }, post_filter: { term: { 'status.phase.keyword': 'Running' } } }), ['atlan-postgres-1700000002-ccccc']);
  });

  it('rejects result windows beyond 10,000', () => {
    rejects({ from: 9999, size: 2 }, /Result window is too large/);
  });
});
