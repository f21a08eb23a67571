import type { CrawlerRun } from '../../core/atlan';
import { formatCatalogChanges } from '../../core/format/catalogWords';
import { tenantTools } from '../tenantTools';
import type { Services } from '../services';

/** Names shown of what a run added or removed; the rest is a count. */
const NAMES_SHOWN = 5;

/**
 * What a succeeded run changed in Atlan's catalog since the previous run (new and removed schemas,
 * tables and views, two requests), in words; undefined when there is nothing to ask (not
 * succeeded, not signed in, connection or start time unknown). A failed look-up says so.
 */
export async function describeRunChanges(services: Services, run: CrawlerRun): Promise<string | undefined> {
  if (run.phase !== 'Succeeded') return undefined;
  const state = services.session.state;
  const connection = services.store.get(run.workflowName)?.workflow.connectionQualifiedName;
  if (state.kind !== 'signedIn' || !connection) return undefined;
  const window = tenantTools().changeWindowOfRun(run, nextRunStart(services, run));
  if (!window) return undefined;
  try {
    const changes = await state.client.catalog().changes(connection, window, NAMES_SHOWN);
    for (const reason of changes.unread) services.log.warn(`Catalog: left out ${reason}`);
    return `Since the previous run: ${formatCatalogChanges(changes)}`;
  } catch (err) {
    await services.session.noteError(err);
    const message = err instanceof Error ? err.message : String(err);
    services.log.warn(`Could not look up what run ${run.id} changed in the catalog: ${message}`);
    return `What changed in the catalog could not be looked up: ${message}`;
  }
}

/** The start of the workflow's next run after this one, if the store knows it (the window ends there). */
function nextRunStart(services: Services, run: CrawlerRun): string | undefined {
  const start = run.startedAt;
  if (!start) return undefined;
  const later = (services.store.get(run.workflowName)?.recentRuns ?? []).filter((r) => r.id !== run.id && r.startedAt && r.startedAt > start).map((r) => r.startedAt as string);
  return later.sort()[0];
}
