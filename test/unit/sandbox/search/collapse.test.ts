/* eslint-disable @typescript-eslint/no-explicit-any -- these tests read the sandbox's untyped JSON replies, as a client would before validating them. */
import * as assert from 'node:assert/strict';
import { QueryError } from '../../../../sandbox/search/queryError';
import { executeSearch } from '../../../../sandbox/search/search';
import { SearchIndex } from '../../../../sandbox/search/searchIndex';
import { call, fastSandbox } from '../helpers';

const STAMPED = 'status.storedWorkflowTemplateSpec.workflowTemplateRef.name.keyword';
const NOW = Date.parse('2024-06-01T00:00:00Z');

/** A run document; `stamped: false` leaves out the status copy of the template name, as on a run the controller has not processed. */
function run(template: string, day: number, extra: { stamped?: boolean; phase?: string } = {}): Record<string, unknown> {
  const startedAt = `2024-05-${String(day).padStart(2, '0')}T10:00:00Z`;
  return {
    kind: 'Workflow',
    metadata: { name: `${template}-d${day}`, labels: { 'workflows.argoproj.io/phase': extra.phase ?? 'Succeeded' } },
    spec: { workflowTemplateRef: { name: template } },
    status: {
      phase: extra.phase ?? 'Succeeded',
      startedAt,
      estimatedDuration: day,
      ...(extra.stamped === false ? {} : { storedWorkflowTemplateSpec: { workflowTemplateRef: { name: template } } }),
    },
  };
}

function index(): SearchIndex {
  const idx = new SearchIndex('runs', {});
  const add = (doc: Record<string, unknown>): void => void idx.put((doc['metadata'] as { name: string }).name, doc, 0);
  // busy: 5 runs, days 10..14; quiet: 2 runs, days 1..2; fresh: one stamped run (day 3) and one not yet (day 20).
  for (let d = 10; d <= 14; d++) add(run('busy', d));
  add(run('quiet', 1));
  add(run('quiet', 2));
  add(run('fresh', 3));
  add(run('fresh', 20, { stamped: false, phase: 'Running' }));
  return idx;
}

const newestFirst = [{ 'status.startedAt': { order: 'desc' } }];
const search = (body: Record<string, unknown>, idx = index()) => executeSearch(idx, body, NOW);

describe('sandbox search: collapse', () => {
  it('returns the newest run per template, groups ordered by their top hit, total counting every run', () => {
    const answer = search({ size: 10, sort: newestFirst, track_total_hits: true, collapse: { field: STAMPED } });
    assert.deepEqual(
      answer.hits.hits.map((h) => h._id),
      ['fresh-d20', 'busy-d14', 'fresh-d3', 'quiet-d2'],
      'the unstamped run is its own (null) group',
    );
    assert.equal(answer.hits.total?.value, 9, 'total counts documents, not groups');
    assert.deepEqual(answer.hits.hits.map((h) => h.fields?.[STAMPED]?.[0]), [null, 'busy', 'fresh', 'quiet']);
  });

  it('pages through groups with from and size', () => {
    const page = search({ from: 1, size: 2, sort: newestFirst, collapse: { field: STAMPED } });
    assert.deepEqual(page.hits.hits.map((h) => h._id), ['busy-d14', 'fresh-d3']);
  });

  it('respects the query, _source includes and an ascending sort (the top hit is the first in sort order)', () => {
    const answer = search({
      size: 10,
      query: { nested: { path: 'spec', query: { terms: { 'spec.workflowTemplateRef.name.keyword': ['busy', 'quiet'] } } } },
      sort: [{ 'status.startedAt': { order: 'asc' } }],
      collapse: { field: STAMPED },
      _source: { includes: ['metadata.name'] },
    });
    assert.deepEqual(answer.hits.hits.map((h) => h._id), ['quiet-d1', 'busy-d10']);
    assert.deepEqual(answer.hits.hits[0]?._source, { metadata: { name: 'quiet-d1' } });
  });

  it('without a sort keeps the first document of each group in index order', () => {
    const answer = search({ size: 10, collapse: { field: STAMPED } });
    assert.deepEqual(answer.hits.hits.map((h) => h._id), ['busy-d10', 'quiet-d1', 'fresh-d3', 'fresh-d20']);
  });

  it('collapses on a numeric field without the keyword suffix', () => {
    const answer = search({ size: 20, sort: newestFirst, collapse: { field: 'status.estimatedDuration' } });
    assert.equal(answer.hits.hits.length, 9, 'every run has its own duration here');
  });

  it('refuses nested, text, multi-valued, metadata and unknown-parameter collapses with a 400 naming the problem', () => {
    const cases: [unknown, RegExp][] = [
      [{ field: 'spec.workflowTemplateRef.name.keyword' }, /inside the nested path 'spec'; collapse does not support nested fields/],
      [{ field: 'status.phase' }, /text field without doc values; collapse on its keyword sub-field 'status.phase.keyword'/],
      [{ field: 'status.estimatedDuration.keyword' }, /no keyword field 'status.estimatedDuration.keyword'/],
      [{ field: '_id' }, /metadata field '_id'/],
      [{ field: STAMPED, inner_hits: { name: 'x' } }, /unsupported parameter 'inner_hits'/],
      ['status.phase.keyword', /expected \{"field"/],
      [{ field: '' }, /expected a field name/],
    ];
    for (const [collapse, message] of cases) {
      assert.throws(() => search({ size: 10, sort: newestFirst, collapse }), (e: unknown) => e instanceof QueryError && message.test(e.message), JSON.stringify(collapse));
    }
    const idx = index();
    idx.put('multi', { ...run('multi', 5), status: { startedAt: '2024-05-05T00:00:00Z', tags: ['a', 'b'] } }, 0);
    assert.throws(() => search({ size: 10, collapse: { field: 'status.tags.keyword' } }, idx), /must be single valued/);
  });

  it('keeps the result window limit on from + size', () => {
    assert.throws(() => search({ from: 9_995, size: 10, collapse: { field: STAMPED } }), /Result window is too large/);
  });
});

describe('sandbox search: tenants without collapse or _source', () => {
  it('can reject either key with a 400, or ignore it', () => {
    const idx = index();
    idx.features = { collapse: 'rejected', sourceFilter: 'supported' };
    assert.throws(() => search({ size: 3, collapse: { field: STAMPED } }, idx), /unsupported search parameter collapse/);
    idx.features = { collapse: 'ignored', sourceFilter: 'rejected' };
    const ignored = search({ size: 3, sort: newestFirst, collapse: { field: STAMPED } }, idx);
    assert.deepEqual(ignored.hits.hits.map((h) => h._id), ['fresh-d20', 'busy-d14', 'busy-d13'], 'a plain window: busy shows twice');
    assert.equal(ignored.hits.hits[0]?.fields, undefined);
    assert.throws(() => search({ size: 3, _source: { includes: ['metadata.name'] } }, idx), /unsupported search parameter _source/);
    idx.features = { collapse: 'supported', sourceFilter: 'ignored' };
    const whole = search({ size: 1, sort: newestFirst, _source: { includes: ['metadata.name'] } }, idx);
    assert.equal((whole.hits.hits[0]?._source as any).kind, 'Workflow', 'the whole document');
  });

  it('keeps the switches when the index is cleared', () => {
    const idx = index();
    idx.features = { collapse: 'ignored', sourceFilter: 'supported' };
    idx.clear();
    assert.equal(idx.features.collapse, 'ignored');
  });
});

describe('sandbox runs/indexsearch: collapse over HTTP', () => {
  let sandbox: Awaited<ReturnType<typeof fastSandbox>>;
  before(async () => {
    sandbox = await fastSandbox({ surfaces: 'legacy' });
    await sandbox.admin.seed({ workflows: 30, runsPerWorkflow: 4, inFlight: 0, surface: 'legacy' });
  });
  after(async () => {
    await sandbox.stop();
  });

  it('run documents carry the template name in status, so one request gives the latest run of every workflow', async () => {
    const reply = await call(sandbox, 'POST', 'runs/indexsearch', {
      body: { from: 0, size: 31, track_total_hits: true, sort: newestFirst, collapse: { field: STAMPED }, query: { match_all: {} } },
    });
    assert.equal(reply.status, 200);
    const hits = reply.json.hits.hits as any[];
    assert.equal(hits.length, 30, 'one group per workflow, no unstamped group');
    assert.equal(reply.json.hits.total.value, 120);
    for (const hit of hits) assert.equal(hit.fields[STAMPED][0], hit._source.spec.workflowTemplateRef.name);
    const one = hits[0]._source.spec.workflowTemplateRef.name as string;
    const perWorkflow = await call(sandbox, 'POST', 'runs/indexsearch', {
      body: { size: 1, sort: newestFirst, query: { nested: { path: 'spec', query: { term: { 'spec.workflowTemplateRef.name.keyword': one } } } } },
    });
    assert.equal(perWorkflow.json.hits.hits[0]._id, hits[0]._id, 'the group top hit is the per-workflow newest run');
  });

  it('answers a nested collapse with a 400 in Atlan error shape', async () => {
    const reply = await call(sandbox, 'POST', 'runs/indexsearch', { body: { size: 5, collapse: { field: 'spec.workflowTemplateRef.name.keyword' } } });
    assert.equal(reply.status, 400);
    assert.match(JSON.stringify(reply.json), /collapse does not support nested fields/);
  });
});
