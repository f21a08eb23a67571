/**
 * Update Existing's core: a configuration set against the workflow the tenant runs, what differs,
 * and the workflow rebuilt from the file keeping the tenant's connection and stored credential.
 * Shared by the editor's Update Existing / Compare and the CLI's apply.
 */
import type { BuiltCrawler, CallOptions, CrawlerBackend, Surface } from '../atlan/backend';
import type { CrawlerConfig } from '../config/model';
import { buildCrawler } from '../workflow/build';
import { detectDrift, type DriftReport } from '../workflow/drift';
import { importCrawler } from '../workflow/import';

export interface TenantComparison {
  report: DriftReport;
  /** The workflow rebuilt from the file, keeping the tenant's connection and stored credential. */
  update: BuiltCrawler;
}

/** A role as the tenant lists it. */
export interface RoleName {
  id: string;
  name: string;
}

/** The part of AtlanClient a comparison needs (an interface, so tests can stand in for it). */
export interface RoleLister {
  listRoles(options?: CallOptions): Promise<RoleName[]>;
}

/** Pure: the drift and the in-place update, from a definition and the tenant's roles already read. */
export function inPlaceUpdate(config: CrawlerConfig, definition: BuiltCrawler, roles: readonly RoleName[], workflowName: string, surface: Surface): TenantComparison {
  const roleNamesById = new Map(roles.map((r) => [r.id, r.name]));
  const report = detectDrift(config, definition, { roleNamesById, workflowName });
  const { identity } = importCrawler(definition, roleNamesById, { workflowName });
  if (!identity.credentialGuid && config.extraction.method === 'direct') {
    throw new Error(`the workflow ${workflowName} does not say which stored credential it uses, so it cannot be updated without re-entering it; create a new workflow instead`);
  }
  // Role names -> ids from the list already fetched (resolveRoleIds would fetch it again).
  const idsByName = new Map(roles.map((r) => [r.name, r.id]));
  const unknown = (config.admins.roles ?? []).filter((n) => !idsByName.has(n));
  if (unknown.length > 0) throw new Error(`the tenant has no role named ${unknown.join(', ')} (it has ${[...idsByName.keys()].sort().join(', ')})`);
  const adminRoleIds = (config.admins.roles ?? []).map((n) => idsByName.get(n) ?? n);
  // The tenant's connection and stored credential are kept: an update must never mint a new connection.
  const update = buildCrawler(
    config,
    {
      epoch: identity.epoch,
      workflowName,
      adminRoleIds,
      secrets: new Map(),
      connectionQualifiedName: identity.connectionQualifiedName,
      ...(identity.connectionGuid ? { connectionGuid: identity.connectionGuid } : {}),
      ...(identity.credentialGuid ? { credentialGuid: identity.credentialGuid } : {}),
    },
    surface,
  );
  return { report, update };
}

/** Reads the definition and the roles (two requests, in parallel), then compares. */
export async function compareWithTenant(client: RoleLister, backend: CrawlerBackend, config: CrawlerConfig, workflowName: string, signal?: AbortSignal): Promise<TenantComparison> {
  const options = signal ? { signal } : {};
  const [definition, roles] = await Promise.all([backend.getDefinition(workflowName, options), client.listRoles(options)]);
  return inPlaceUpdate(config, definition, roles, workflowName, backend.surface);
}
