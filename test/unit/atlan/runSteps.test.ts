import * as assert from 'node:assert/strict';
import { runFromDoc } from '../../../src/core/atlan/legacyMapping';
import type { RunDoc } from '../../../src/core/atlan/models';
import { REDACTED } from '../../../src/core/atlan/redact';

describe('atlan: a legacy run\'s steps from its Argo nodes', () => {
  const doc = (nodes: Record<string, unknown>, phase = 'Failed'): RunDoc =>
    ({ metadata: { name: 'w-abcde', labels: {} }, spec: { workflowTemplateRef: { name: 'w' } }, status: { phase, nodes } }) as unknown as RunDoc;

  it('keeps every leaf step (pods) with phase, times and message, in the order they started', () => {
    const run = runFromDoc(
      doc({
        'w-abcde': { displayName: 'w-abcde', type: 'DAG', phase: 'Failed', message: 'child failed', startedAt: '2026-03-01T10:00:00Z' },
        'w-abcde-3': { displayName: 'publish', type: 'Pod', phase: 'Omitted' },
        'w-abcde-2': { displayName: 'extract', type: 'Pod', phase: 'Failed', startedAt: '2026-03-01T10:00:08Z', finishedAt: '2026-03-01T10:00:20Z', message: 'connect failed: password=hunter2' },
        'w-abcde-1': { displayName: 'preflight-check', type: 'Pod', phase: 'Succeeded', startedAt: '2026-03-01T10:00:03Z', finishedAt: '2026-03-01T10:00:08Z' },
        'w-abcde-g': { displayName: 'main', type: 'StepGroup', phase: 'Failed', startedAt: '2026-03-01T10:00:01Z' },
        'w-abcde-4': { displayName: 'notify', type: 'Container', phase: 'Succeeded', startedAt: '2026-03-01T10:00:21Z', finishedAt: '2026-03-01T10:00:22Z' },
        'w-abcde-5': { displayName: 'cleanup', type: 'Pod' },
      }),
    );
    assert.deepEqual(run.steps, [
      { name: 'preflight-check', phase: 'Succeeded', startedAt: '2026-03-01T10:00:03Z', finishedAt: '2026-03-01T10:00:08Z' },
      { name: 'extract', phase: 'Failed', startedAt: '2026-03-01T10:00:08Z', finishedAt: '2026-03-01T10:00:20Z', message: `connect failed: password=${REDACTED}` },
      { name: 'notify', phase: 'Succeeded', startedAt: '2026-03-01T10:00:21Z', finishedAt: '2026-03-01T10:00:22Z' },
      { name: 'publish', phase: 'Omitted' },
      { name: 'cleanup', phase: 'Pending' },
    ]);
    assert.deepEqual(run.failedSteps, [{ name: 'extract', phase: 'Failed', message: `connect failed: password=${REDACTED}` }]);
    assert.ok(!JSON.stringify(run).includes('hunter2'));
  });

  it('has no steps before Argo reports nodes, and names a node without a display name by its id', () => {
    assert.deepEqual(runFromDoc(doc({}, 'Pending')).steps, []);
    assert.deepEqual(runFromDoc({ metadata: { name: 'w-abcde' } }).steps, []);
    assert.deepEqual(runFromDoc(doc({ 'w-abcde-9': { phase: 'Running', startedAt: '2026-03-01T10:00:00Z' } }, 'Running')).steps, [
      { name: 'w-abcde-9', phase: 'Running', startedAt: '2026-03-01T10:00:00Z' },
    ]);
  });
});
