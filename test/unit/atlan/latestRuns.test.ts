import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { applySourceFilter, parseSourceFilter } from '../../../sandbox/search/sourceFilter';
import { AtlanClient } from '../../../src/core/atlan/atlanClient';
import type { LatestRuns } from '../../../src/core/atlan/backend';
import { InvalidRequestError } from '../../../src/core/atlan/errors';
import { LegacyBackend } from '../../../src/core/atlan/legacyBackend';
import { RUN_LOCATOR_FIELDS, RUN_SOURCE_FIELDS, runFromDoc } from '../../../src/core/atlan/legacyMapping';
import type { RunDoc } from '../../../src/core/atlan/models';
import { STORED_TEMPLATE_NAME_FIELD } from '../../../src/core/atlan/searchQueries';
import { EvaluatingRunsTenant, runDocument } from './evaluatingRunsTenant';
import { valuesFor } from './fakeLegacyTenant';
import { FakeClock, ScriptedServer, type RecordedRequest } from './helpers';

const DAY = 86_400_000;
const T0 = Date.parse('2026-01-01T00:00:00Z');
const names = (prefix: string, n: number): string[] => Array.from({ length: n }, (_, i) => `${prefix}-${String(i).padStart(4, '0')}`);

/**
 * Workflow i was created i hours before the newest one and has `runs` daily runs since, like
 * scheduled crawlers: recently created workflows crowd the older ones out of any small window.
 */
function seedHistory(tenant: EvaluatingRunsTenant, workflows: readonly string[], runs: number): void {
  workflows.forEach((w, i) => {
    for (let r = 0; r < runs; r++) tenant.add({ workflow: w, startedAt: T0 - (workflows.length - i) * 3_600_000 + r * DAY + i });
  });
}

function ids(latest: LatestRuns): Map<string, string> {
  return new Map([...latest].map(([w, run]) => [w, run.id]));
}

describe('atlan/latestRuns (runs/indexsearch evaluated by the sandbox)', function () {
  this.timeout(20_000);
  let server: ScriptedServer;
  let tenant: EvaluatingRunsTenant;
  let client: AtlanClient;
  let backend: LegacyBackend;

  before(async () => {
    server = await ScriptedServer.start();
  });
  beforeEach(() => {
    server.reset();
    tenant = new EvaluatingRunsTenant(server);
    client = new AtlanClient({ baseUrl: server.url, token: 'tok-latest-runs', clock: new FakeClock() });
    backend = client.backend('workflows') as LegacyBackend;
  });
  afterEach(async () => {
    await client.close();
  });
  after(async () => {
    await server.stop();
  });

  const runSearches = (): RecordedRequest[] => server.requests.filter((r) => r.path === 'runs/indexsearch');
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- recorded JSON bodies, read freely
  const bodyOf = (i: number): any => runSearches()[i]?.body;

  describe('a tenant that collapses', () => {
    it('gets the latest run of 500 workflows with 5 runs each in one request of N + 1 groups', async () => {
      const workflows = names('atlan-postgres', 500);
      seedHistory(tenant, workflows, 5);
      const latest = await backend.latestRuns(workflows);
      assert.deepEqual(ids(latest), tenant.truth());
      assert.deepEqual(latest.unknown, []);
      assert.equal(runSearches().length, 1);
      const body = bodyOf(0);
      assert.deepEqual(body.collapse, { field: STORED_TEMPLATE_NAME_FIELD });
      assert.equal(body.size, 501);
      assert.deepEqual(body._source, { includes: RUN_SOURCE_FIELDS });
      assert.equal(valuesFor(body.query, 'spec.workflowTemplateRef.name.keyword')?.length, 500);
      assert.deepEqual(backend.searchFeatureVerdicts(), { collapse: 'accepted', _source: 'accepted' });
    });

    it('reads the runs the controller has not stamped yet in one more request, so a just-submitted run is the latest', async () => {
      tenant.add({ workflow: 'a', startedAt: T0 });
      const fresh = tenant.add({ workflow: 'a', startedAt: T0 + DAY, phase: 'Running', stamped: false });
      const only = tenant.add({ workflow: 'b', startedAt: T0 + 2 * DAY, phase: 'Pending', stamped: false });
      tenant.add({ workflow: 'c', startedAt: T0 + 3 * DAY });
      const latest = await backend.latestRuns(['a', 'b', 'c', 'never']);
      assert.equal(latest.get('a')?.id, fresh);
      assert.equal(latest.get('b')?.id, only, 'a workflow whose only run is unstamped still has a latest run');
      assert.equal(latest.has('never'), false);
      assert.equal(runSearches().length, 2);
      assert.deepEqual(bodyOf(1).query.bool.must_not, [{ exists: { field: 'status.storedWorkflowTemplateSpec.workflowTemplateRef.name' } }]);
      assert.equal(bodyOf(1).collapse, undefined);
    });

    it('keeps what runFromDoc reads, steps and their times included, from hits about half the size', () => {
      const whole = runDocument({ workflow: 'w', startedAt: T0, phase: 'Failed' }, 'w-abcde');
      const trimmed = applySourceFilter(whole, parseSourceFilter({ includes: RUN_SOURCE_FIELDS }))!;
      assert.deepEqual(runFromDoc(trimmed as RunDoc, 'w-abcde'), runFromDoc(whole as RunDoc, 'w-abcde'));
      assert.deepEqual(runFromDoc(trimmed as RunDoc).failedSteps, [{ name: 'extract', phase: 'Failed', message: 'password authentication failed' }]);
      assert.deepEqual(runFromDoc(trimmed as RunDoc).steps?.map((s) => [s.name, s.phase, Boolean(s.startedAt && s.finishedAt)]), [['extract', 'Failed', true], ['transform', 'Succeeded', true], ['publish', 'Succeeded', true]]);
      // Each step's start and end (for Run details) cost about 70 bytes a node over "half or less".
      assert.ok(JSON.stringify(trimmed).length < JSON.stringify(whole).length * 0.55, `${JSON.stringify(trimmed).length} vs ${JSON.stringify(whole).length}`);
    });
  });

  describe('a tenant that rejects collapse (400)', () => {
    it('falls back to windows, right, and never sends collapse again from this client', async () => {
      tenant.collapse = 'rejected';
      const workflows = names('atlan-postgres', 300);
      seedHistory(tenant, workflows, 5);
      assert.deepEqual(ids(await backend.latestRuns(workflows)), tenant.truth());
      assert.equal(tenant.failures(), 1, 'one 400');
      assert.equal(backend.searchFeatureVerdicts().collapse, 'rejected');
      const before = runSearches().length;
      assert.deepEqual(ids(await backend.latestRuns(workflows)), tenant.truth());
      const later = runSearches().slice(before);
      assert.ok(later.every((r) => r.body.collapse === undefined));
      assert.equal(tenant.failures(), 1, 'no further 400');
      assert.equal(later.length, 2, 'the remembered window fits every workflow; then the located runs are read');
      assert.deepEqual(later[0]?.body._source, { includes: RUN_LOCATOR_FIELDS }, 'a window of ~5 runs a workflow asks for locator fields only');
      assert.deepEqual(valuesFor(later[1]?.body.query, '_id')?.length, 300, 'one read by id of the 300 latest runs');
      assert.deepEqual(later[1]?.body._source, { includes: RUN_SOURCE_FIELDS });
    });

    it('sizes the first window at 3 runs per workflow, then at what the last answer needed', async () => {
      tenant.collapse = 'rejected';
      const workflows = names('atlan-postgres', 1000);
      seedHistory(tenant, workflows, 1);
      assert.deepEqual(ids(await backend.latestRuns(workflows)), tenant.truth());
      const first = runSearches().filter((r) => r.body.collapse === undefined);
      assert.deepEqual(runSearches().map((r) => r.body.size), [1001, 3000], 'N + 1 groups refused, then a window of 3 per workflow');
      assert.deepEqual(first.length, 1);
      server.requests.length = 0;
      await backend.latestRuns(workflows);
      assert.deepEqual(runSearches().map((r) => r.body.size), [1250], 'one run each: N x 1.25 (the depth needed, with head room)');
    });
  });

  describe('a tenant that ignores collapse', () => {
    it('notices the repeated workflows, uses the answer as a window and asks again for just the missing names', async () => {
      tenant.collapse = 'ignored';
      const workflows = names('atlan-postgres', 300);
      seedHistory(tenant, workflows, 5);
      const latest = await backend.latestRuns(workflows);
      assert.deepEqual(ids(latest), tenant.truth());
      assert.equal(backend.searchFeatureVerdicts().collapse, 'ignored');
      const bodies = runSearches().map((r) => r.body);
      assert.ok(bodies.length >= 2 && bodies.length <= 3, `${bodies.length} requests`);
      const second = valuesFor(bodies[1].query, 'spec.workflowTemplateRef.name.keyword') ?? [];
      assert.ok(second.length < 300, 'only the names the first window missed');
      assert.ok(bodies[1].size <= 1500 - 301, 'never more than the runs the first window left out');
      server.requests.length = 0;
      assert.deepEqual(ids(await backend.latestRuns(workflows)), tenant.truth());
      assert.ok(runSearches().every((r) => r.body.collapse === undefined), 'not sent again');
      assert.equal(runSearches().length, 2, 'the learned window covers every workflow, then one read by id');
    });

    it('keeps asking in rounds, each sized by the runs left, until a busy history is resolved', async () => {
      tenant.collapse = 'ignored';
      const busy = names('busy', 5);
      busy.forEach((w, b) => {
        for (let r = 0; r < 100; r++) tenant.add({ workflow: w, startedAt: T0 + 1000 * DAY + r * DAY + b });
      });
      for (let r = 0; r < 400; r++) tenant.add({ workflow: 'medium', startedAt: T0 + r * 60_000 });
      tenant.add({ workflow: 'quiet', startedAt: T0 - DAY });
      const all = [...busy, 'medium', 'quiet', 'never'];
      const latest = await backend.latestRuns(all);
      assert.deepEqual(ids(latest), tenant.truth());
      assert.deepEqual(latest.unknown, []);
      const bodies = runSearches().map((r) => r.body);
      assert.equal(bodies.length, 4, 'three windows, then the runs the lean ones located');
      assert.deepEqual(valuesFor(bodies[2].query, 'spec.workflowTemplateRef.name.keyword'), ['quiet', 'never']);
      assert.ok(valuesFor(bodies[3].query, '_id')?.length);
    });

    it('a located run archived before it is read leaves its workflow unknown, not never run', async () => {
      tenant.collapse = 'rejected';
      for (const w of names('busy', 5)) for (let r = 0; r < 100; r++) tenant.add({ workflow: w, startedAt: T0 + 1000 * DAY + r * DAY + w.length });
      names('q', 45).forEach((w, i) => tenant.add({ workflow: w, startedAt: T0 + i * 60_000 }));
      const all = [...names('busy', 5), ...names('q', 45)];
      assert.deepEqual(ids(await backend.latestRuns(all)), tenant.truth());
      const gone = tenant.truth().get('q-0007')!;
      tenant.beforeSearch = (body) => {
        if (valuesFor((body as { query: unknown }).query, '_id')?.includes(gone)) tenant.index.delete(gone);
      };
      server.requests.length = 0;
      const latest = await backend.latestRuns(all);
      assert.deepEqual(runSearches()[0]?.body._source, { includes: RUN_LOCATOR_FIELDS }, 'a lean window located it');
      assert.equal(latest.has('q-0007'), false);
      assert.deepEqual(latest.unknown, ['q-0007']);
      assert.equal(latest.size, 49);
    });

    it('reports the workflows still missing at the request cap as unknown, never as never run', async () => {
      client = new AtlanClient({ baseUrl: server.url, token: 'tok-latest-runs', clock: new FakeClock() });
      backend = new LegacyBackend({ http: client.http, endpoints: () => Promise.resolve('workflows'), latestRunsMaxRequests: 2 });
      tenant.collapse = 'ignored';
      for (const w of names('busy', 5)) for (let r = 0; r < 100; r++) tenant.add({ workflow: w, startedAt: T0 + 1000 * DAY + r * DAY + w.length });
      for (let r = 0; r < 400; r++) tenant.add({ workflow: 'medium', startedAt: T0 + r * 60_000 });
      tenant.add({ workflow: 'quiet', startedAt: T0 - DAY });
      const latest = await backend.latestRuns([...names('busy', 5), 'medium', 'quiet', 'never']);
      assert.equal(runSearches().length, 3, 'two windows (the cap), then the read of what they located');
      assert.deepEqual(latest.unknown, ['quiet', 'never']);
      assert.equal(latest.has('quiet'), false);
      for (const [w, run] of latest) assert.equal(run.id, tenant.truth().get(w), w);
    });
  });

  describe('_source', () => {
    it('a tenant that rejects _source: told apart from collapse in the first call, then never sent it again', async () => {
      tenant.sourceFilter = 'rejected';
      seedHistory(tenant, names('w', 20), 3);
      assert.deepEqual(ids(await backend.latestRuns(names('w', 20))), tenant.truth());
      assert.deepEqual(tenant.statuses, [400, 400, 200], 'both keys, _source without collapse, collapse alone');
      assert.deepEqual(backend.searchFeatureVerdicts(), { collapse: 'accepted', _source: 'rejected' });
      const runs = [...(await backend.latestRuns(names('w', 20))).values()];
      const polled = await backend.getRuns(runs.map((r) => ({ id: r.id, workflowName: r.workflowName })));
      assert.equal(polled.size, 20);
      await backend.listRuns('w-0001', { size: 5 });
      assert.equal(tenant.failures(), 2, 'no 400 after the first call');
      assert.ok(runSearches().slice(3).every((r) => r.body._source === undefined));
      assert.ok(runSearches()[3]?.body.collapse, 'collapse still sent');
    });

    it('a tenant that rejects both keys is tried once, then asked plainly', async () => {
      tenant.sourceFilter = 'rejected';
      tenant.collapse = 'rejected';
      seedHistory(tenant, names('w', 20), 3);
      assert.deepEqual(ids(await backend.latestRuns(names('w', 20))), tenant.truth());
      assert.deepEqual(tenant.statuses.slice(0, 4), [400, 400, 400, 200], 'both, collapse alone, _source alone, plain');
      assert.deepEqual(backend.searchFeatureVerdicts(), { collapse: 'rejected', _source: 'rejected' });
      await backend.latestRuns(names('w', 20));
      assert.equal(tenant.failures(), 3);
    });

    it('a tenant that ignores _source gives whole documents: still right, and the includes stop', async () => {
      tenant.sourceFilter = 'ignored';
      seedHistory(tenant, names('w', 10), 2);
      assert.deepEqual(ids(await backend.latestRuns(names('w', 10))), tenant.truth());
      assert.equal(backend.searchFeatureVerdicts()._source, 'ignored');
      await backend.getRuns([{ id: tenant.truth().get('w-0000')!, workflowName: 'w-0000' }]);
      assert.equal(runSearches().at(-1)?.body._source, undefined);
    });

    it('a 400 that no optional key explains is thrown, and the verdicts stay untested', async () => {
      server.route('POST', 'runs/indexsearch', { status: 400, body: { errorMessage: 'index closed' } });
      await assert.rejects(backend.latestRuns(['w']), (e: unknown) => e instanceof InvalidRequestError && /index closed/.test(e.message));
      assert.deepEqual(backend.searchFeatureVerdicts(), { collapse: 'untested', _source: 'untested' });
    });
  });

  it('property: right for any history, whether the tenant collapses, rejects or ignores collapse and _source', async () => {
    const history = fc.array(
      fc.record({ workflow: fc.integer({ min: 0, max: 11 }), day: fc.integer({ min: 0, max: 400 }), stamped: fc.boolean() }),
      { maxLength: 120 },
    );
    const support = fc.constantFrom<('supported' | 'rejected' | 'ignored')[]>('supported', 'rejected', 'ignored');
    await fc.assert(
      fc.asyncProperty(history, support, support, async (runs, mode, sourceMode) => {
        server.reset();
        const t = new EvaluatingRunsTenant(server);
        t.collapse = mode;
        t.sourceFilter = sourceMode;
        // Distinct start times: ties have no defined order in Elasticsearch either.
        runs.forEach((r, i) => t.add({ workflow: `wf-${r.workflow}`, startedAt: T0 + r.day * DAY + i * 1000, stamped: r.stamped }));
        const c = new AtlanClient({ baseUrl: server.url, token: 'tok-property', clock: new FakeClock() });
        try {
          const b = c.backend('workflows');
          const asked = Array.from({ length: 12 }, (_, i) => `wf-${i}`);
          const latest = await b.latestRuns(asked);
          assert.deepEqual(ids(latest), t.truth());
          assert.deepEqual(latest.unknown, []);
          // And again, on what the client remembered.
          assert.deepEqual(ids(await b.latestRuns(asked)), t.truth());
        } finally {
          await c.close();
        }
      }),
      { numRuns: 100, seed: 20261125 },
    );
  });
});
