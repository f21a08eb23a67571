import type { Surface } from '../../core/atlan';

/** Where a workflow lives in Atlan's own UI, for "Open in Atlan". */
export function workflowUrl(baseUrl: string, surface: Surface, workflowName: string, runId?: string): string {
  const base = baseUrl.replace(/\/+$/, '');
  const name = encodeURIComponent(workflowName);
  if (surface === 'apps') return `${base}/workflows/profile/${name}`;
  return runId ? `${base}/workflows/profile/${name}/runs?name=${encodeURIComponent(runId)}` : `${base}/workflows/profile/${name}/runs`;
}

/** Where an asset lives in Atlan's UI (its overview page, by guid), for the Catalog branch's "Open in Atlan". */
export function assetUrl(baseUrl: string, guid: string): string {
  return `${baseUrl.replace(/\/+$/, '')}/assets/${encodeURIComponent(guid)}/overview`;
}
