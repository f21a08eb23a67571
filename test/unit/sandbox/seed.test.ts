 
import * as assert from 'node:assert/strict';
import { executeSearch } from '../../../sandbox/search/search';
import { postgresWorkflowsSearch } from '../../../src/core/atlan/searchQueries';
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
    assert.equal(summary.uiNamed, 3_333, 'every third one named as Atlan UI names crawlers');
    assert.equal(summary.otherPackages, 1, 'one Postgres miner beside them');
    console.log(`      seeded 10,000 workflows / 100,000 runs in ${summary.ms} ms (${elapsed} ms with HTTP); heap ${Math.round(process.memoryUsage().heapUsed / 1e6)} MB`);
  });

  it('seeds crawlers named as the SDKs and as Atlan UI name them, and a miner beside them', async () => {
    const summary = await sandbox.admin.seed({ workflows: 0 });
    assert.equal(summary.otherPackages, 0, 'nothing beside no crawlers');
    const names = [...sandbox.app.tenant.workflows.values()].map((d) => d.id);
    const ui = names.filter((n) => /^atlan-postgres-default-postgres-\d{10}$/.test(n));
    const sdk = names.filter((n) => /^atlan-postgres-\d{10}$/.test(n));
    assert.equal(ui.length, 3_333);
    assert.equal(sdk.length, 6_667);
    assert.deepEqual(names.filter((n) => !ui.includes(n) && !sdk.includes(n)).map((n) => n.replace(/\d{10}$/, '<epoch>')), ['atlan-postgres-miner-<epoch>']);
  });

  it("finds every seeded crawler with the client's query, newest first, and never the miner; the SDK regexp misses the UI's", async () => {
    const res = await call(sandbox, 'POST', 'workflows/indexsearch', { body: postgresWorkflowsSearch(0, 5) });
    assert.equal(res.json.hits.total.value, 10_000);
    const stamps = res.json.hits.hits.map((h: { _source: { metadata: { creationTimestamp: string } } }) => h._source.metadata.creationTimestamp);
    assert.deepEqual(stamps, [...stamps].sort().reverse());
    assert.ok(!JSON.stringify(res.json).includes('miner'), 'the newest template, the miner, is not among them');

    const sdkOnly = await call(sandbox, 'POST', 'workflows/indexsearch', {
      body: { ...postgresWorkflowsSearch(0, 5), query: { bool: { filter: [{ nested: { path: 'metadata', query: { regexp: { 'metadata.name.keyword': { value: 'atlan[-]postgres[-][0-9]{10}' } } } } }] } } },
    });
    assert.equal(sdkOnly.json.hits.total.value, 6_667);
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
