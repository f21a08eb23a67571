 
import * as assert from 'node:assert/strict';
import { executeSearch } from '../../../sandbox/search/search';
import type { SandboxHandle } from '../../../sandbox/server';
import { call, fastSandbox } from './helpers';

describe('sandbox seeding and search speed', function () {
  this.timeout(20_000);
  let sandbox: SandboxHandle;
  before(async () => {
    sandbox = await fastSandbox({ surfaces: 'legacy' });
  });
  after(async () => {
    await sandbox.stop();
  });

  // Speed is the benches' business (bench/); these tests check the answers and print the times.
  it('seeds 10,000 workflows with 100,000 runs', async () => {
    const started = Date.now();
    const summary = await sandbox.admin.seed({ workflows: 10_000, runsPerWorkflow: 10, inFlight: 5 });
    const elapsed = Date.now() - started;
    assert.equal(summary.workflows, 10_000);
    assert.equal(summary.runs, 100_000);
    assert.equal(summary.inFlight, 5);
    console.log(`      seeded 10,000 workflows / 100,000 runs in ${summary.ms} ms (${elapsed} ms with HTTP); heap ${Math.round(process.memoryUsage().heapUsed / 1e6)} MB`);
  });

  it('finds seeded workflows by the SDK type regexp, newest first', async () => {
    const res = await call(sandbox, 'POST', 'workflows/indexsearch', {
      body: {
        from: 0,
        size: 5,
        track_total_hits: true,
        query: { bool: { filter: [{ nested: { path: 'metadata', query: { regexp: { 'metadata.name.keyword': { value: 'atlan[-]postgres[-][0-9]{10}' } } } } }] } },
        sort: [{ 'metadata.creationTimestamp': { order: 'desc', nested: { path: 'metadata' } } }],
      },
    });
    assert.equal(res.json.hits.total.value, 10_000);
    const stamps = res.json.hits.hits.map((h: { _source: { metadata: { creationTimestamp: string } } }) => h._source.metadata.creationTimestamp);
    assert.deepEqual(stamps, [...stamps].sort().reverse());
  });

  it('answers a terms query on 1,000 template names over 100,000 runs', async () => {
    const names = [...sandbox.app.tenant.workflows.values()].slice(0, 1000).map((d) => d.id);
    const body = {
      size: 10,
      query: { bool: { filter: [{ nested: { path: 'spec', query: { terms: { 'spec.workflowTemplateRef.name.keyword': names } } } }, { terms: { 'status.phase.keyword': ['Succeeded', 'Failed'] } }] } },
      sort: [{ 'status.startedAt': { order: 'desc' } }],
      _source: ['metadata.name', 'status.phase'],
    };
    executeSearch(sandbox.app.tenant.runs, body, Date.now()); // warm up
    const times: number[] = [];
    let total = 0;
    for (let i = 0; i < 5; i++) {
      const t0 = process.hrtime.bigint();
      total = executeSearch(sandbox.app.tenant.runs, body, Date.now()).hits.total?.value ?? 0;
      times.push(Number(process.hrtime.bigint() - t0) / 1e6);
    }
    const best = Math.min(...times);
    console.log(`      terms on 1,000 names over 100,000 runs: best ${best.toFixed(1)} ms, median ${times.sort((a, b) => a - b)[2].toFixed(1)} ms`);
    assert.equal(total, 10_000);
    const http = await call(sandbox, 'POST', 'runs/indexsearch', { body: { ...body, size: 10 } });
    assert.equal(http.json.hits.total.value, 10_000);
  });

  it('resets to an empty tenant', async () => {
    const state = await sandbox.admin.reset();
    assert.equal(state.workflows, 0);
    assert.equal(state.runs, 0);
    assert.equal(state.activeRuns, 0);
  });

  it('rejects seed requests beyond its limits', async () => {
    await assert.rejects(() => sandbox.admin.seed({ workflows: 10_001 }), /workflows/);
    await assert.rejects(() => sandbox.admin.seed({ workflows: 2, inFlight: 3 }), /inFlight/);
  });
});
