/**
 * What a plan reads of a tenant, and no more: every Postgres crawler (the workflow list, paged at
 * its largest page size), then one definition per workflow the plan compares with, and the roles
 * once to name admin roles. A recorded workflow the list does not show yet (the search index lags
 * a create) is looked up by name before the plan calls it gone. When the tenant has crawlers that
 * do not name their connection (old UI-made ones), one asset search for the Connection assets of
 * the files that would be created attributes them (plan/unnamedCrawlers.ts); none otherwise.
 */
import { AssetSearch } from '../atlan/assetSearch';
import type { BuiltCrawler, CallOptions, CrawlerBackend, CrawlerWorkflow } from '../atlan/backend';
import type { AtlanHttp } from '../atlan/http';
import { connectionsToLookUp, definitionsToRead, type ConflictKind, type PlanInputFile, type TenantDefinitions } from '../plan/plan';
import { attributeUnnamedCrawlers, connectionsNamed, unresolvedByFailure } from '../plan/unnamedCrawlers';
import type { RoleLister, RoleName } from './inPlaceUpdate';

/** The largest page both surfaces accept. */
const LIST_PAGE_SIZE = 1000;
/** A runaway cursor must not loop for ever: 1000 pages of 1000 is far beyond any tenant. */
const MAX_PAGES = 1000;

export interface TenantSnapshot {
  crawlers: CrawlerWorkflow[];
  definitions: TenantDefinitions;
  roles: RoleName[];
  /** The definitions read, by workflow name (apply updates from them without reading again). */
  builtByWorkflow: ReadonlyMap<string, BuiltCrawler>;
}

export interface SnapshotOptions extends CallOptions {
  /** Definition reads in flight at once. Default 4. */
  concurrency?: number;
}

/** Every Postgres crawler of the tenant, newest first as the surface lists them, each once. */
export async function listAllCrawlers(backend: CrawlerBackend, options: CallOptions = {}): Promise<CrawlerWorkflow[]> {
  const byName = new Map<string, CrawlerWorkflow>();
  let cursor: string | undefined;
  for (let page = 0; page < MAX_PAGES; page++) {
    const result = await backend.listWorkflows({ size: LIST_PAGE_SIZE, ...(cursor !== undefined ? { cursor } : {}) }, options);
    for (const workflow of result.items) if (!byName.has(workflow.name)) byName.set(workflow.name, workflow);
    if (result.next === undefined || result.next === cursor) break;
    cursor = result.next;
  }
  return [...byName.values()];
}

/** What the snapshot reads besides the backend: the roles, and the asset search (its HTTP). */
export type SnapshotClient = RoleLister & { readonly http: AtlanHttp };

export async function readTenantSnapshot(client: SnapshotClient, backend: CrawlerBackend, files: readonly PlanInputFile[], options: SnapshotOptions = {}): Promise<TenantSnapshot> {
  const call: CallOptions = options.signal ? { signal: options.signal } : {};
  let crawlers = await listAllCrawlers(backend, call);
  const listed = new Set(crawlers.map((w) => w.name));
  const unlisted = [...new Set(files.map((f) => f.config?.workflow).filter((n): n is string => n !== undefined && !listed.has(n)))];
  for (const found of await mapConcurrently(unlisted, options.concurrency ?? 4, (name) => backend.getWorkflow(name, call))) {
    if (found) crawlers.unshift(found);
  }

  let unresolvedConnections = new Map<string, { conflict: ConflictKind; reason: string }>();
  const lookUp = connectionsToLookUp(files, crawlers);
  if (lookUp.length > 0) {
    try {
      const connections = await connectionsNamed(new AssetSearch(client.http), lookUp, (note) => backend.onNote?.(note), call);
      ({ crawlers, unresolved: unresolvedConnections } = attributeUnnamedCrawlers(crawlers, connections));
    } catch (error) {
      if (isFatal(error)) throw error;
      // Not knowing is never "no crawler": those files are the tenant's failure, the others planned.
      unresolvedConnections = unresolvedByFailure(lookUp, crawlers, error instanceof Error ? error.message : String(error));
    }
  }

  const names = definitionsToRead(files, crawlers);
  const roles = names.length > 0 ? await client.listRoles(call) : [];
  const byWorkflow = new Map<string, BuiltCrawler | { error: string; server?: boolean }>();
  const built = new Map<string, BuiltCrawler>();
  await mapConcurrently(names, options.concurrency ?? 4, async (name) => {
    try {
      const definition = await backend.getDefinition(name, call);
      byWorkflow.set(name, definition);
      built.set(name, definition);
    } catch (error) {
      // Cancellation, authentication and a tenant that is down end the plan; one odd workflow does not.
      if (isFatal(error)) throw error;
      // A 5xx is the tenant's failure, not the definition's: the plan reports it as one (exit 5).
      const server = (error as { kind?: unknown } | null)?.kind === 'server';
      byWorkflow.set(name, { error: error instanceof Error ? error.message : String(error), ...(server ? { server } : {}) });
    }
  });
  return { crawlers, roles, builtByWorkflow: built, definitions: { roleNamesById: new Map(roles.map((r) => [r.id, r.name])), byWorkflow, unresolvedConnections } };
}

function isFatal(error: unknown): boolean {
  const kind = (error as { kind?: unknown } | null)?.kind;
  return kind === 'cancelled' || kind === 'authentication' || kind === 'permission' || kind === 'network' || kind === 'timeout' || kind === 'rateLimited';
}

/** `work` over every item with at most `limit` in flight; results in the items' order. */
export async function mapConcurrently<T, R>(items: readonly T[], limit: number, work: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index], index);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  return results;
}
