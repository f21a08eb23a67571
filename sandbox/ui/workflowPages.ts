/**
 * The pages of Atlan's own UI that the extension opens ("Open in Atlan": a workflow's profile and
 * its runs, `/workflows/profile/<name>[/runs?name=<run>]`). The sandbox has no UI, so it answers
 * those paths with one small page saying what it is and what it knows of that workflow, instead
 * of a JSON 404 that leaves the demo at a dead end. A browser sends no token: the pages show
 * names and phases only, which the demo tenant holds for anyone on this machine anyway.
 */
import type { TenantState } from '../state/tenant';

export const WORKFLOW_PAGE_PREFIX = '/workflows/profile/';
/** Atlan's asset overview page: `/assets/<guid>/overview`. */
export const ASSET_PAGE_PREFIX = '/assets/';

export interface Page {
  status: number;
  html: string;
}

interface RunLine {
  id: string;
  phase: string;
  startedAt: string;
}

const RUNS_SHOWN = 20;

export function isWorkflowPagePath(path: string): boolean {
  return path.startsWith(WORKFLOW_PAGE_PREFIX) || path.startsWith(ASSET_PAGE_PREFIX);
}

const ASSET_COUNTS = ['schemaCount', 'tableCount', 'viewsCount', 'columnCount', 'rowCount'];

/** The page for `/assets/<guid>/overview`: what the catalog holds of that asset. */
export function assetPage(tenant: TenantState, path: string): Page {
  const [encodedGuid = '', ...rest] = path.slice(ASSET_PAGE_PREFIX.length).split('/');
  let guid: string;
  try {
    guid = decodeURIComponent(encodedGuid);
  } catch {
    guid = '';
  }
  if (guid === '' || rest.some((segment) => segment !== 'overview' && segment !== '')) {
    return page(404, 'No such page', '<p>The sandbox answers only the asset page Atlan\'s UI has: <code>/assets/&lt;guid&gt;/overview</code>.</p>');
  }
  const asset = tenant.assets.get(guid);
  if (!asset) return page(404, guid, `<p>This tenant's catalog has no asset <code>${escape(guid)}</code>: the sandbox may have been reset since.</p>`);
  const a = asset.attributes;
  const text = (key: string): string => (typeof a[key] === 'string' || typeof a[key] === 'number' ? escape(String(a[key])) : '');
  const rows = [
    ['Type', escape(asset.typeName)],
    ['Status', escape(asset.status)],
    ['Qualified name', `<code>${text('qualifiedName')}</code>`],
    ['Connection', `<code>${text('connectionQualifiedName')}</code>`],
    ...ASSET_COUNTS.filter((k) => typeof a[k] === 'number').map((k) => [k, text(k)]),
    ['Updated (UTC)', escape(new Date(asset.updateTime).toISOString())],
  ];
  const name = typeof a['name'] === 'string' ? a['name'] : guid;
  return page(200, name, `<table><tbody>${rows.map(([k, v]) => `<tr><th>${k}</th><td>${v}</td></tr>`).join('')}</tbody></table>`);
}

/** The page for `path` (under WORKFLOW_PAGE_PREFIX), with the run the query names marked; asset pages too. */
export function workflowPage(tenant: TenantState, path: string, query: URLSearchParams): Page {
  if (path.startsWith(ASSET_PAGE_PREFIX)) return assetPage(tenant, path);
  const [encodedName = '', ...rest] = path.slice(WORKFLOW_PAGE_PREFIX.length).split('/');
  let name: string;
  try {
    name = decodeURIComponent(encodedName);
  } catch {
    name = '';
  }
  if (name === '' || rest.some((segment) => segment !== 'runs' && segment !== '')) {
    return page(404, 'No such page', '<p>The sandbox answers only the workflow pages Atlan\'s UI has: <code>/workflows/profile/&lt;workflow&gt;</code> and <code>…/runs</code>.</p>');
  }
  const runId = query.get('name') ?? undefined;
  const found = legacyWorkflow(tenant, name) ?? appWorkflow(tenant, name);
  if (!found) {
    return page(404, name, `<p>This tenant has no workflow named <code>${escape(name)}</code>: it may have been deleted, or the sandbox was reset since.</p>`);
  }
  const runs = found.runs.sort((a, b) => b.startedAt.localeCompare(a.startedAt));
  const wanted = runId === undefined ? '' : runs.some((r) => r.id === runId) ? '' : `<p>Run <code>${escape(runId)}</code> is not on this tenant.</p>`;
  const rows = runs
    .slice(0, RUNS_SHOWN)
    .map((r) => `<tr${r.id === runId ? ' class="wanted" aria-current="true"' : ''}><td><code>${escape(r.id)}</code></td><td>${escape(r.phase)}</td><td>${escape(r.startedAt)}</td></tr>`)
    .join('');
  const table = runs.length === 0 ? '<p>It has not run yet.</p>' : `<table><thead><tr><th>Run</th><th>Phase</th><th>Started (UTC)</th></tr></thead><tbody>${rows}</tbody></table>`;
  return page(200, name, `<p>${escape(found.kind)}${found.connection ? ` for the connection <strong>${escape(found.connection)}</strong>` : ''}, ${runs.length} run${runs.length === 1 ? '' : 's'}${runs.length > RUNS_SHOWN ? ` (the latest ${RUNS_SHOWN} below)` : ''}.</p>${wanted}${table}`);
}

function legacyWorkflow(tenant: TenantState, name: string): { kind: string; connection?: string; runs: RunLine[] } | undefined {
  const template = tenant.workflows.get(name);
  if (!template) return undefined;
  const runs: RunLine[] = [];
  for (const doc of tenant.runs.lookup('spec.workflowTemplateRef.name', [name]) ?? []) {
    const source = doc.source as { metadata?: { name?: string }; status?: { phase?: string; startedAt?: string } };
    runs.push({ id: source.metadata?.name ?? doc.id, phase: source.status?.phase ?? 'Unknown', startedAt: source.status?.startedAt ?? '' });
  }
  return { kind: 'A package workflow', ...connectionOf(template.source), runs };
}

function appWorkflow(tenant: TenantState, slug: string): { kind: string; connection?: string; runs: RunLine[] } | undefined {
  const app = tenant.apps.get(slug);
  if (!app) return undefined;
  const runs = [...tenant.appRuns.values()].filter((r) => r.slug === slug).map((r) => ({ id: r.runId, phase: r.state.phase, startedAt: r.state.startedAt }));
  return { kind: 'An App API workflow', ...(app.name ? { connection: app.name } : {}), runs };
}

/** The connection name a legacy template's `connection` parameter carries, if it reads. */
function connectionOf(source: Record<string, unknown>): { connection?: string } {
  const parameters = (source.spec as { templates?: { dag?: { tasks?: { arguments?: { parameters?: { name?: string; value?: unknown }[] } }[] } }[] } | undefined)?.templates
    ?.flatMap((t) => t.dag?.tasks ?? [])
    .flatMap((t) => t.arguments?.parameters ?? []);
  const raw = parameters?.find((p) => p.name === 'connection')?.value;
  if (typeof raw !== 'string') return {};
  try {
    const name = (JSON.parse(raw) as { attributes?: { name?: unknown } }).attributes?.name;
    return typeof name === 'string' ? { connection: name } : {};
  } catch {
    return {};
  }
}

function page(status: number, title: string, body: string): Page {
  const html = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escape(title)} · Atlan sandbox tenant</title>
<style>body{font-family:system-ui,sans-serif;max-width:50rem;margin:2rem auto;padding:0 1rem;line-height:1.5}
.note{background:#f3f0ff;border-left:4px solid #5b3fd1;padding:.5rem 1rem}table{border-collapse:collapse}
td,th{padding:.25rem .75rem;text-align:left;border-bottom:1px solid #ddd}tr.wanted{background:#fff6d6}</style></head>
<body><h1>${escape(title)}</h1>
<p class="note">This is the <strong>sandbox tenant</strong> that <code>npm start</code> runs on this machine (see
<code>sandbox/README.md</code> in the extension's repository), not Atlan. It speaks Atlan's APIs but has no UI:
on a real tenant, "Open in Atlan" shows this page in Atlan's own web app.</p>
${body}
</body></html>
`;
  return { status, html };
}

function escape(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
