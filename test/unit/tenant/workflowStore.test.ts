import * as assert from 'node:assert/strict';
import type { CrawlerRun } from '../../../src/core/atlan/backend';
import { pendingRunId } from '../../../src/core/atlan/submissionLedger';
import { WorkflowStore, type StoreChange } from '../../../src/core/tenant/workflowStore';
import { fakeBackend, run, workflow } from './fakeBackend';

describe('WorkflowStore', () => {
  const wfs = Array.from({ length: 25 }, (_, i) => workflow(i));
  const runs = wfs.flatMap((w, i) => [run(w, 'aaaaa', 'Succeeded', `2026-01-0${1 + (i % 9)}T00:00:00Z`), run(w, 'bbbbb', i % 2 ? 'Failed' : 'Running', `2026-02-0${1 + (i % 9)}T00:00:00Z`)]);

  it('refreshes a page of workflows and their latest runs in two requests', async () => {
    const backend = fakeBackend(wfs, runs);
    const store = new WorkflowStore(backend, { pageSize: 10, recentRuns: 5 });
    await store.refresh();
    assert.deepEqual(backend.calls, ['listWorkflows', 'latestRuns']);
    assert.equal(store.workflows().length, 10);
    assert.equal(store.total, 25);
    assert.equal(store.hasMore, true);
    assert.equal(store.get(wfs[0].name)?.latestRun?.id, `${wfs[0].name}-bbbbb`);
  });

  it('loads more pages and stops at the last', async () => {
    const store = new WorkflowStore(fakeBackend(wfs, runs), { pageSize: 10, recentRuns: 5 });
    await store.refresh();
    await store.loadMore();
    await store.loadMore();
    assert.equal(store.workflows().length, 25);
    assert.equal(store.hasMore, false);
    assert.deepEqual(store.workflows().map((e) => e.workflow.name), wfs.map((w) => w.name));
  });

  it('lists in-flight runs and merges run updates, emitting per-workflow changes', async () => {
    const store = new WorkflowStore(fakeBackend(wfs, runs), { pageSize: 4, recentRuns: 5 });
    await store.refresh();
    assert.deepEqual(store.inFlightRuns().map((r) => r.workflowName), [wfs[0].name, wfs[2].name]);
    const changes: StoreChange[] = [];
    store.onDidChange((c) => changes.push(c));
    store.applyRun({ ...run(wfs[0], 'bbbbb', 'Succeeded', '2026-02-01T00:00:00Z') });
    assert.deepEqual(changes, [{ kind: 'workflow', name: wfs[0].name }]);
    assert.equal(store.get(wfs[0].name)?.latestRun?.phase, 'Succeeded');
    assert.deepEqual(store.inFlightRuns().map((r) => r.workflowName), [wfs[2].name]);
  });

  it('treats a just-submitted run without a start time as the latest', async () => {
    const store = new WorkflowStore(fakeBackend(wfs, runs), { pageSize: 4, recentRuns: 5 });
    await store.refresh();
    store.applyRun(run(wfs[1], 'ccccc', 'Pending'));
    assert.equal(store.get(wfs[1].name)?.latestRun?.id, `${wfs[1].name}-ccccc`);
  });

  it('loads recent runs of one workflow newest first', async () => {
    const store = new WorkflowStore(fakeBackend(wfs, runs), { pageSize: 4, recentRuns: 5 });
    await store.refresh();
    const recent = await store.loadRuns(wfs[3].name);
    assert.deepEqual(recent.map((r) => r.id.slice(-5)), ['bbbbb', 'aaaaa']);
    assert.equal(store.get(wfs[3].name)?.recentRuns?.length, 2);
  });

  it('refuses to load without a tenant, with a message', async () => {
    const store = new WorkflowStore(undefined, { pageSize: 4, recentRuns: 5 });
    await assert.rejects(store.refresh(), /Not signed in/);
  });
});

describe('WorkflowStore placeholders', () => {
  it('replaces a submitted placeholder run by the real run once it is known', async () => {
    const w = workflow(1);
    const store = new WorkflowStore(fakeBackend([w], []), { pageSize: 4, recentRuns: 5 });
    await store.refresh();
    store.applyRun(run(w, 'submitted', 'Pending'));
    store.applyRun(run(w, 'xyz12', 'Running', '2026-03-01T00:00:00Z'), `${w.name}-submitted`);
    assert.equal(store.get(w.name)?.latestRun?.id, `${w.name}-xyz12`);
    assert.deepEqual(store.inFlightRuns().map((r) => r.id), [`${w.name}-xyz12`]);
  });

  /** A workflow just created in this session, its first run known only by its placeholder id. */
  function createdWithPlaceholder(indexed: CrawlerRun[]) {
    const w = workflow(7);
    const backend = fakeBackend([w], indexed);
    const store = new WorkflowStore(backend, { pageSize: 4, recentRuns: 5 });
    store.addWorkflow(w, { id: pendingRunId(w.name), workflowName: w.name, phase: 'Pending', failedSteps: [] });
    assert.equal(store.knowsRealRunOf(w.name), false);
    return { w, store };
  }

  it('drops the placeholder when a refresh brings the real run, so the run counts once', async () => {
    const real = run(workflow(7), 'xyz12', 'Running', '2026-03-01T00:00:00Z');
    const { w, store } = createdWithPlaceholder([real]);
    await store.refresh();
    assert.deepEqual(store.inFlightRuns().map((r) => r.id), [real.id]);
    assert.deepEqual(store.get(w.name)?.recentRuns?.map((r) => r.id), [real.id], 'the expanded list shows it once, by its name');
    assert.equal(store.knowsRealRunOf(w.name), true);
  });

  it('drops the placeholder when the runs of the workflow are loaded, though the real run has a start time and it has none', async () => {
    const real = run(workflow(7), 'xyz12', 'Running', '2026-03-01T00:00:00Z');
    const { w, store } = createdWithPlaceholder([real]);
    await store.loadRuns(w.name);
    assert.equal(store.get(w.name)?.latestRun?.id, real.id);
    assert.deepEqual(store.inFlightRuns().map((r) => r.id), [real.id]);
  });
});

describe('WorkflowStore tenant switches', () => {
  it('drops a refresh answer that arrives after the tenant changed', async () => {
    const w = workflow(1);
    const slow = fakeBackend([w], []);
    let release: () => void = () => undefined;
    const gate = new Promise<void>((r) => (release = r));
    const list = slow.listWorkflows.bind(slow);
    slow.listWorkflows = async (q, o) => {
      await gate;
      return list(q, o);
    };
    const store = new WorkflowStore(slow, { pageSize: 4, recentRuns: 5 });
    const pending = store.refresh();
    store.setBackend(fakeBackend([], []));
    release();
    await pending;
    assert.deepEqual(store.workflows(), []);
    assert.equal(store.loaded, false);
  });
});

describe('WorkflowStore run lists', () => {
  it('lists a run once even when the backend returns it twice', async () => {
    const w = workflow(1);
    const r = run(w, 'aaaaa', 'Running', '2026-03-01T00:00:00Z');
    const backend = fakeBackend([w], [r, r]);
    const store = new WorkflowStore(backend, { pageSize: 4, recentRuns: 5 });
    await store.refresh();
    const runs = await store.loadRuns(w.name);
    assert.deepEqual(runs.map((x) => x.id), [r.id]);
  });
});

describe('WorkflowStore latest runs the tenant could not tell', () => {
  it('marks them unknown instead of never run', async () => {
    const [a, b] = [workflow(1), workflow(2)];
    const backend = fakeBackend([a, b], [run(a, 'aaaaa', 'Succeeded', '2026-01-01T00:00:00Z')]);
    const latest = backend.latestRuns.bind(backend);
    backend.latestRuns = async (names, o) => Object.assign(await latest(names, o), { unknown: [b.name] });
    const store = new WorkflowStore(backend, { pageSize: 4, recentRuns: 5 });
    await store.refresh();
    assert.equal(store.get(a.name)?.latestRunUnknown, false);
    assert.equal(store.get(b.name)?.latestRunUnknown, true);
    assert.equal(store.get(b.name)?.latestRun, undefined);
  });
});

describe('WorkflowStore: items that could not be read', () => {
  const wfs = [workflow(0), workflow(1), workflow(2)];
  const runs = [run(wfs[0], 'aaaaa', 'Succeeded', '2026-01-01T00:00:00Z')];

  /** The fake backend, with answers that left items out (as the tolerant reader reports them). */
  function withUnread(pages: string[][], latest: string[], runsOf: string[]) {
    const backend = fakeBackend(wfs, runs);
    let call = 0;
    const list = backend.listWorkflows.bind(backend);
    backend.listWorkflows = async (q, o) => ({ ...(await list(q, o)), unread: pages[call++] ?? [] });
    const latestRuns = backend.latestRuns.bind(backend);
    backend.latestRuns = async (names, o) => Object.assign(await latestRuns(names, o), { unread: latest });
    const listRuns = backend.listRuns.bind(backend);
    backend.listRuns = async (name, q, o) => ({ ...(await listRuns(name, q, o)), unread: runsOf });
    return backend;
  }

  it('keeps every workflow that was read and the reasons of those left out, page after page; a refresh starts over', async () => {
    const store = new WorkflowStore(withUnread([['App workflow 2: slug'], ['App workflow 5: slug'], []], ['run hit 1: metadata'], []), { pageSize: 2, recentRuns: 5 });
    await store.refresh();
    assert.equal(store.workflows().length, 2);
    assert.deepEqual(store.unread, ['App workflow 2: slug', 'run hit 1: metadata']);
    await store.loadMore();
    assert.equal(store.workflows().length, 3);
    assert.deepEqual(store.unread, ['App workflow 2: slug', 'run hit 1: metadata', 'App workflow 5: slug', 'run hit 1: metadata']);
    await store.refresh();
    assert.deepEqual(store.unread, ['run hit 1: metadata'], 'the third answer left no workflow out');
  });

  it("keeps the reasons of a workflow's runs left out, until its runs are read again", async () => {
    const store = new WorkflowStore(withUnread([], [], ['run hit 3: metadata.name']), { pageSize: 10, recentRuns: 5 });
    await store.refresh();
    const shown = await store.loadRuns(wfs[0].name);
    assert.equal(shown.length, 1, 'the run that was read is shown');
    assert.deepEqual(store.unreadRunsOf(wfs[0].name), ['run hit 3: metadata.name']);
    assert.deepEqual(store.unreadRunsOf(wfs[1].name), []);
    store.clear();
    assert.deepEqual(store.unread, []);
    assert.deepEqual(store.unreadRunsOf(wfs[0].name), []);
  });
});
