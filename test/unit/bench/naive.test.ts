import * as assert from 'node:assert/strict';
import type { CrawlerBackend, CrawlerRun, CrawlerWorkflow, Page } from '../../../src/core/atlan/backend';
import { mapWithConcurrency, naiveRefresh } from '../../../bench/lib/naive';

/** A backend answering listWorkflows and listRuns from memory, counting calls. */
function memoryBackend(workflows: string[], latest: Record<string, string>): CrawlerBackend & { calls: string[] } {
  const calls: string[] = [];
  const backend = {
    surface: 'workflows',
    calls,
    listWorkflows: (query: { size: number }): Promise<Page<CrawlerWorkflow>> => {
      calls.push(`list ${query.size}`);
      return Promise.resolve({ items: workflows.slice(0, query.size).map((name) => ({ name, surface: 'workflows' as const })) });
    },
    listRuns: (name: string, query: { size: number }): Promise<Page<CrawlerRun>> => {
      calls.push(`runs ${name} ${query.size}`);
      const id = latest[name];
      return Promise.resolve({ items: id ? [{ id, workflowName: name, phase: 'Succeeded', failedSteps: [] }] : [] });
    },
  };
  return backend as unknown as CrawlerBackend & { calls: string[] };
}

describe('bench/naive', () => {
  it('mapWithConcurrency keeps the input order and never runs more than the limit at once', async () => {
    let running = 0;
    let peak = 0;
    const out = await mapWithConcurrency([5, 1, 4, 2, 3, 0], 2, async (n) => {
      running++;
      peak = Math.max(peak, running);
      await new Promise((resolve) => setTimeout(resolve, n));
      running--;
      return n * 10;
    });
    assert.deepEqual(out, [50, 10, 40, 20, 30, 0]);
    assert.equal(peak, 2);
    await assert.rejects(mapWithConcurrency([1], 0, (n) => Promise.resolve(n)), /at least 1/);
  });

  it('naiveRefresh costs one list plus one size-1 runs search per workflow', async () => {
    const backend = memoryBackend(['wf-a', 'wf-b', 'wf-c'], { 'wf-a': 'wf-a-1', 'wf-c': 'wf-c-9' });
    const result = await naiveRefresh(backend, 3, 8);
    assert.deepEqual([...result], [
      ['wf-a', 'wf-a-1'],
      ['wf-b', undefined],
      ['wf-c', 'wf-c-9'],
    ]);
    assert.deepEqual(backend.calls.sort(), ['list 3', 'runs wf-a 1', 'runs wf-b 1', 'runs wf-c 1']);
  });
});
