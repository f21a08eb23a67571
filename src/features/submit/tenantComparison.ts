import type { AtlanClient, CrawlerBackend } from '../../core/atlan';
import type { CrawlerConfig } from '../../core/config/model';
import type { TenantComparison } from '../../core/tenant/inPlaceUpdate';
import { tenantTools } from '../tenantTools';

export type { TenantComparison };

/** A configuration set against the workflow the tenant runs (core/tenant/inPlaceUpdate, loaded on first use). */
export function compareWithTenant(client: AtlanClient, backend: CrawlerBackend, config: CrawlerConfig, workflowName: string, signal?: AbortSignal): Promise<TenantComparison> {
  return tenantTools().compareWithTenant(client, backend, config, workflowName, signal);
}
