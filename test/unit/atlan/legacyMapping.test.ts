import * as assert from 'node:assert/strict';
import { RUN_SOURCE_FIELDS, runFromDoc } from '../../../src/core/atlan/legacyMapping';
import type { RunDoc } from '../../../src/core/atlan/models';

/** An Argo run document as runs/indexsearch returns it. */
function argoRun(phase: string, message?: string, labels: Record<string, string> = {}, nodes?: Record<string, unknown>): RunDoc {
  return {
    metadata: {
      name: 'atlan-postgres-default-postgres-1653533778-xhtgk',
      namespace: 'default',
      labels: { 'workflows.argoproj.io/phase': phase, 'workflows.argoproj.io/creator-preferred-username': 'jane', ...labels },
      annotations: {},
    },
    spec: { workflowTemplateRef: { name: 'atlan-postgres-default-postgres-1653533778' } },
    status: { phase, startedAt: '2026-01-01T10:00:00Z', finishedAt: '2026-01-01T10:01:00Z', ...(message !== undefined ? { message } : {}), ...(nodes ? { nodes } : {}) },
  } as unknown as RunDoc;
}

describe('atlan/legacyMapping: stopped runs', () => {
  it("maps Argo's Failed with \"Stopped with strategy 'Stop'\" to Stopped", () => {
    const run = runFromDoc(argoRun('Failed', "Stopped with strategy 'Stop'"));
    assert.equal(run.phase, 'Stopped');
    assert.equal(run.workflowName, 'atlan-postgres-default-postgres-1653533778');
  });

  it("maps \"Stopped with strategy 'Terminate'\" (argo terminate) to Stopped too", () => {
    assert.equal(runFromDoc(argoRun('Failed', "Stopped with strategy 'Terminate'")).phase, 'Stopped');
  });

  it('keeps a Failed run with any other message Failed, and other phases as they are', () => {
    assert.equal(runFromDoc(argoRun('Failed', 'child failed')).phase, 'Failed');
    assert.equal(runFromDoc(argoRun('Failed', 'Check failed: Stopped with strategy maybe')).phase, 'Failed');
    assert.equal(runFromDoc(argoRun('Failed')).phase, 'Failed');
    assert.equal(runFromDoc(argoRun('Error', "Stopped with strategy 'Stop'")).phase, 'Error');
    assert.equal(runFromDoc(argoRun('Running', "Stopped with strategy 'Stop'")).phase, 'Running', 'still shutting down');
  });

  it('names who stopped it from the labels of Argo\'s latest action, and nobody when they say nothing reliable', () => {
    const stoppedBy = (labels: Record<string, string>) => runFromDoc(argoRun('Failed', "Stopped with strategy 'Stop'", labels)).stoppedBy;
    assert.equal(stoppedBy({ 'workflows.argoproj.io/action': 'Stop', 'workflows.argoproj.io/actor-preferred-username': 'sam' }), 'sam');
    assert.equal(stoppedBy({ 'workflows.argoproj.io/action': 'Terminate', 'workflows.argoproj.io/actor-email': 'sam.at.example.com' }), 'sam@example.com');
    assert.equal(stoppedBy({ 'workflows.argoproj.io/action': 'Terminate', 'workflows.argoproj.io/actor-email': 'pat.at.home.at.example.com' }), 'pat.at.home@example.com');
    // The labels describe the latest action only: after a resume, or with no action at all, nobody is named.
    assert.equal(stoppedBy({ 'workflows.argoproj.io/action': 'Resume', 'workflows.argoproj.io/actor-preferred-username': 'sam' }), undefined);
    assert.equal(stoppedBy({}), undefined);
    assert.equal(stoppedBy({ 'workflows.argoproj.io/action': 'Stop', 'workflows.argoproj.io/actor': 'system-serviceaccount' }), undefined, 'an id is not a person');
    const failed = runFromDoc(argoRun('Failed', 'child failed', { 'workflows.argoproj.io/action': 'Stop', 'workflows.argoproj.io/actor-preferred-username': 'sam' }));
    assert.equal(failed.stoppedBy, undefined, 'only a stopped run has a stopper');
  });

  it('does not list the steps cut short by the stop as failed steps', () => {
    const run = runFromDoc(
      argoRun('Failed', "Stopped with strategy 'Stop'", {}, {
        'atlan-postgres-default-postgres-1653533778-xhtgk': { phase: 'Failed', type: 'DAG', message: "Stopped with strategy 'Stop'" },
        n1: { phase: 'Succeeded', type: 'Pod', displayName: 'preflight-check' },
        n2: { phase: 'Failed', type: 'Pod', displayName: 'extract', message: 'workflow shutdown with strategy:  Stop' },
      }),
    );
    assert.deepEqual(run.failedSteps, []);
    const failed = runFromDoc(argoRun('Failed', 'child failed', {}, { n2: { phase: 'Failed', type: 'Pod', displayName: 'extract', message: 'connection refused' } }));
    assert.deepEqual(failed.failedSteps, [{ name: 'extract', phase: 'Failed', message: 'connection refused' }]);
  });

  it('asks run searches for the labels it reads', () => {
    for (const label of ['action', 'actor-preferred-username', 'actor-email']) {
      assert.ok(RUN_SOURCE_FIELDS.includes(`metadata.labels.workflows.argoproj.io/${label}`), label);
    }
  });
});
