/**
 * How a configuration file differs from its workflow on the tenant (detectDrift, with the role
 * names the tenant knows): what `diff` prints and what `rerun FILE` warns about.
 */
import type { AtlanClient, CallOptions, CrawlerBackend } from '../core/atlan';
import type { CrawlerConfig } from '../core/config/model';
import { detectDrift, type DriftReport } from '../core/workflow/drift';

export async function driftFromTenant(
  client: AtlanClient,
  backend: CrawlerBackend,
  config: CrawlerConfig,
  workflowName: string,
  options: CallOptions,
): Promise<DriftReport> {
  const [definition, roles] = await Promise.all([backend.getDefinition(workflowName, options), client.listRoles(options)]);
  return detectDrift(config, definition, { roleNamesById: new Map(roles.map((r) => [r.id, r.name])), workflowName });
}

/** The differences as --json prints them: path, file value, tenant value (secrets only as "set"). */
export interface DriftDifferenceJson {
  path: string;
  file: unknown;
  tenant: unknown;
}

export function driftJson(report: DriftReport): DriftDifferenceJson[] {
  return report.differences.map(({ path, file, tenant }) => ({ path, file, tenant }));
}
