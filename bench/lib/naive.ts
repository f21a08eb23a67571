/**
 * The naive approach of the SDK examples, through the same client (same transport, parsing and
 * validation) so the comparison measures the access pattern and nothing else:
 * - refresh: list the workflows, then one "latest run" search per workflow (pyatlan's
 *   `get_runs(workflow_name, size=1)` shape: runs/indexsearch, nested term on the template name,
 *   newest first, size 1);
 * - monitoring: that same search for each run every 5 s.
 */
import type { CrawlerBackend } from '../../src/core/atlan/backend';

/** Runs `fn` over `items` with at most `limit` calls in flight, keeping the input order. */
export async function mapWithConcurrency<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`concurrency must be a whole number of at least 1, got ${limit}`);
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

/** The latest run id of one workflow (undefined when it never ran), one request. */
export async function latestRunOf(backend: CrawlerBackend, workflowName: string): Promise<string | undefined> {
  const page = await backend.listRuns(workflowName, { size: 1 });
  return page.items[0]?.id;
}

/** One page of workflows, then each one's latest run: 1 + pageSize requests. Returns name -> latest run id. */
export async function naiveRefresh(backend: CrawlerBackend, pageSize: number, concurrency: number): Promise<Map<string, string | undefined>> {
  const page = await backend.listWorkflows({ size: pageSize });
  const names = page.items.map((w) => w.name);
  const latest = await mapWithConcurrency(names, concurrency, (name) => latestRunOf(backend, name));
  return new Map(names.map((name, i) => [name, latest[i]]));
}
