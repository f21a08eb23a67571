import type { AtlanClient, CrawlerBackend } from '../../core/atlan';
import type { CrawlerConfig } from '../../core/config/model';
import type { DriftReport } from '../../core/workflow/drift';
import { tenantTools } from '../tenantTools';
import type { BuiltCrawler } from '../../core/atlan';

/** A configuration set against the workflow the tenant runs: what differs, and the update that would align them. */
export interface TenantComparison {
  report: DriftReport;
  /** The workflow rebuilt from the file, keeping the tenant's connection and stored credential. */
  update: BuiltCrawler;
}

export async function compareWithTenant(client: AtlanClient, backend: CrawlerBackend, config: CrawlerConfig, workflowName: string, signal?: AbortSignal): Promise<TenantComparison> {
  const [tenant, roles] = await Promise.all([backend.getDefinition(workflowName, { signal }), client.listRoles({ signal })]);
  const roleNamesById = new Map(roles.map((r) => [r.id, r.name]));
  const report = tenantTools().detectDrift(config, tenant, { roleNamesById, workflowName });
  const { identity } = tenantTools().importCrawler(tenant, roleNamesById, { workflowName });
  if (!identity.credentialGuid && config.extraction.method === 'direct') {
    throw new Error(`the workflow ${workflowName} does not say which stored credential it uses, so it cannot be updated without re-entering it; create a new workflow instead`);
  }
  // Role names -> ids from the list already fetched (resolveRoleIds would fetch it again).
  const idsByName = new Map(roles.map((r) => [r.name, r.id]));
  const unknown = (config.admins.roles ?? []).filter((n) => !idsByName.has(n));
  if (unknown.length > 0) throw new Error(`the tenant has no role named ${unknown.join(', ')} (it has ${[...idsByName.keys()].sort().join(', ')})`);
  const adminRoleIds = (config.admins.roles ?? []).map((n) => idsByName.get(n) ?? n);
  // The tenant's connection and stored credential are kept: an update must never mint a new connection.
  const update = tenantTools().buildCrawler(
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
    backend.surface,
  );
  return { report, update };
}
