import type { Surface } from '../../core/atlan';

/** Where a workflow lives in Atlan's own UI, for "Open in Atlan". */
export function workflowUrl(baseUrl: string, surface: Surface, workflowName: string, runId?: string): string {
  const base = baseUrl.replace(/\/+$/, '');
  const name = encodeURIComponent(workflowName);
  if (surface === 'apps') return `${base}/workflows/profile/${name}`;
  return runId ? `${base}/workflows/profile/${name}/runs?name=${encodeURIComponent(runId)}` : `${base}/workflows/profile/${name}/runs`;
}
