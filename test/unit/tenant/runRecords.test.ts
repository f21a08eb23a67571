import * as assert from 'node:assert/strict';
import type { CrawlerRun } from '../../../src/core/atlan/backend';
import { pendingRunId } from '../../../src/core/atlan/submissionLedger';
import { isBehind, RunRecords } from '../../../src/core/tenant/runRecords';
import { WorkflowStore } from '../../../src/core/tenant/workflowStore';
import { fakeBackend, run, workflow } from './fakeBackend';

const at = (phase: string, progress?: string): CrawlerRun => ({ id: 'w-abcde', workflowName: 'w', phase, ...(progress ? { progress } : {}), failedSteps: [] });

describe('RunRecords: one state per run, never going back', () => {
  it('keeps the later of two answers about a run, whichever arrives last', () => {
    assert.equal(isBehind(at('Running', '1/3'), at('Running', '2/3')), true);
    assert.equal(isBehind(at('Pending', '0/3'), at('Running', '0/3')), true);
    assert.equal(isBehind(at('Running', '2/3'), at('Succeeded', '3/3')), true);
    assert.equal(isBehind(at('Running', '3/3'), at('Running', '2/3')), false);
    assert.equal(isBehind(at('Succeeded', '3/3'), at('Running', '2/3')), false);
    assert.equal(isBehind(at('Failed'), at('Succeeded')), false, 'a finished run may be told again (a corrected phase, a message)');
    assert.equal(isBehind(at('Running'), at('Running')), false, 'no progress to compare: the newer answer wins');

    const records = new RunRecords();
    records.merge(at('Running', '2/3'));
    assert.equal(records.merge(at('Running', '1/3')).progress, '2/3');
    records.merge(at('Succeeded', '3/3'));
    assert.equal(records.merge(at('Running', '2/3')).phase, 'Succeeded');
    assert.equal(records.get('w-abcde')?.phase, 'Succeeded');
  });

  it('resolves a placeholder id to the real run, and ignores late answers about the placeholder', () => {
    const records = new RunRecords();
    records.merge({ ...at('Pending'), id: 'submitted:w' });
    records.merge(at('Running', '1/3'), 'submitted:w');
    assert.equal(records.get('submitted:w')?.id, 'w-abcde');
    assert.equal(records.resolve('submitted:w'), 'w-abcde');
    assert.equal(records.merge({ ...at('Pending'), id: 'submitted:w' }).progress, '1/3');
    records.retain(new Set());
    assert.equal(records.get('submitted:w'), undefined);
  });
});

describe('WorkflowStore: every view reads one record per run', () => {
  const w = workflow(1);

  it('a refresh answered with an older state of a run does not take the view back', async () => {
    const store = new WorkflowStore(fakeBackend([w], [run(w, 'aaaaa', 'Running', '2026-03-01T00:00:00Z')]), { pageSize: 4, recentRuns: 5 });
    await store.refresh();
    await store.loadRuns(w.name);
    store.applyRun({ ...run(w, 'aaaaa', 'Succeeded', '2026-03-01T00:00:00Z'), progress: '3/3' });
    await store.refresh();
    assert.equal(store.get(w.name)?.latestRun?.phase, 'Succeeded');
    assert.equal(store.get(w.name)?.recentRuns?.[0]?.phase, 'Succeeded', 'the run list shows the same state as the workflow');
    assert.equal(store.run(`${w.name}-aaaaa`)?.phase, 'Succeeded');
  });

  it('a rerun the index does not show yet stays the latest run across a refresh', async () => {
    const store = new WorkflowStore(fakeBackend([w], [run(w, 'aaaaa', 'Succeeded', '2026-03-01T00:00:00Z')]), { pageSize: 4, recentRuns: 5 });
    await store.refresh();
    store.applyRun(run(w, 'bbbbb', 'Pending'));
    await store.refresh();
    assert.equal(store.get(w.name)?.latestRun?.id, `${w.name}-bbbbb`);
    assert.deepEqual(store.inFlightRuns().map((r) => r.id), [`${w.name}-bbbbb`]);
  });

  it('follows the latest run of a workflow the view does not hold, and forgets it when the view loads the workflow', async () => {
    const other = workflow(2);
    const store = new WorkflowStore(fakeBackend([w], []), { pageSize: 4, recentRuns: 5 });
    await store.refresh();
    const changes: string[] = [];
    store.onDidChange((c) => changes.push(c.kind === 'all' ? 'all' : c.name));
    store.applyRun(run(other, 'ccccc', 'Running', '2026-03-02T00:00:00Z'));
    assert.deepEqual(changes, [other.name]);
    assert.equal(store.get(other.name), undefined);
    assert.equal(store.latestRunOf(other.name)?.id, `${other.name}-ccccc`);
    assert.deepEqual(store.inFlightRuns().map((r) => r.id), [`${other.name}-ccccc`]);
    store.applyRun(run(other, 'aaaaa', 'Succeeded', '2026-03-01T00:00:00Z'));
    assert.equal(store.latestRunOf(other.name)?.id, `${other.name}-ccccc`, 'an older run does not replace the latest');
    store.addWorkflow(other, run(other, 'ddddd', 'Pending'));
    assert.equal(store.latestRunOf(other.name)?.id, `${other.name}-ddddd`);
  });

  it('a run listed twice under a placeholder and its real id shows once', async () => {
    const store = new WorkflowStore(fakeBackend([w], []), { pageSize: 4, recentRuns: 5 });
    await store.refresh();
    await store.loadRuns(w.name);
    store.applyRun({ ...run(w, 'x', 'Pending'), id: `submitted:${w.name}` });
    store.applyRun(run(w, 'real1', 'Running', '2026-03-01T00:00:00Z'), `submitted:${w.name}`);
    store.applyRun(run(w, 'real1', 'Running', '2026-03-01T00:00:00Z'));
    assert.deepEqual(store.get(w.name)?.recentRuns?.map((r) => r.id), [`${w.name}-real1`]);
    assert.equal(store.run(`submitted:${w.name}`)?.id, `${w.name}-real1`);
    assert.equal(store.inFlightRuns().length, 1);
  });

  describe('a create\'s placeholder run', () => {
    const created = workflow(7);
    const real = run(created, 'xyz12', 'Running', '2026-03-01T00:00:00Z');
    const withPlaceholder = (): WorkflowStore => {
      const store = new WorkflowStore(fakeBackend([created], [real]), { pageSize: 4, recentRuns: 5 });
      store.addWorkflow(created, { id: pendingRunId(created.name), workflowName: created.name, phase: 'Pending', failedSteps: [] });
      return store;
    };

    it('becomes the real run when a refresh brings it, though the placeholder has no start time: the run counts once', async () => {
      const store = withPlaceholder();
      await store.refresh();
      assert.equal(store.get(created.name)?.latestRun?.id, real.id);
      assert.deepEqual(store.get(created.name)?.recentRuns?.map((r) => r.id), [real.id]);
      assert.deepEqual(store.inFlightRuns().map((r) => r.id), [real.id]);
      assert.equal(store.run(pendingRunId(created.name))?.id, real.id, 'a notification holding the placeholder reads the real run');
    });

    it('becomes the real run when the workflow\'s runs are loaded', async () => {
      const store = withPlaceholder();
      await store.loadRuns(created.name);
      assert.equal(store.get(created.name)?.latestRun?.id, real.id);
      assert.deepEqual(store.inFlightRuns().map((r) => r.id), [real.id]);
    });
  });
});
