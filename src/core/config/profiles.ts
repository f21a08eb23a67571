/**
 * A configuration as one profile's tenant sees it: the file's values with that profile's
 * overrides applied, and the workflow recorded for that tenant. Without a profile, the file as
 * written. With one, the recorded workflow is the profile's only (never the top-level one, which
 * belongs to the tenant used without a profile), so applying to production never touches what
 * development recorded.
 */
import type { CrawlerConfig } from './model';

export function configForProfile(config: CrawlerConfig, profile: string | undefined): CrawlerConfig {
  if (profile === undefined) return config;
  const override = config.profiles?.[profile];
  const resolved: CrawlerConfig = { ...config };
  delete resolved.workflow;
  if (override?.workflow !== undefined) resolved.workflow = override.workflow;
  if (override?.admins) resolved.admins = override.admins;
  if (override?.schedule) resolved.schedule = override.schedule;
  const extraction = override?.extraction;
  if (extraction && resolved.extraction.method === 'direct') {
    resolved.extraction = {
      ...resolved.extraction,
      ...(extraction.host !== undefined ? { host: extraction.host } : {}),
      ...(extraction.port !== undefined ? { port: extraction.port } : {}),
      ...(extraction.database !== undefined ? { database: extraction.database } : {}),
    };
  }
  return resolved;
}

/** Why a file's overrides cannot apply to its extraction (an s3 file with host overrides), if so. */
export function profileProblem(config: CrawlerConfig, profile: string | undefined): string | undefined {
  if (profile === undefined) return undefined;
  const extraction = config.profiles?.[profile]?.extraction;
  if (extraction && Object.keys(extraction).length > 0 && config.extraction.method !== 'direct') {
    return `profiles.${profile}.extraction overrides host, port or database, but the file extracts from S3`;
  }
  return undefined;
}

/**
 * The workflow a file's JSON value (valid or not) records for the profile's tenant:
 * "profiles.<profile>.workflow" with a profile (never the top-level one, which belongs to the
 * tenant used without a profile), else "workflow".
 */
export function recordedWorkflowFor(value: unknown, profile: string | undefined): string | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  let holder = value as Record<string, unknown>;
  if (profile !== undefined) {
    const profiles = holder.profiles;
    const entry = typeof profiles === 'object' && profiles !== null ? (profiles as Record<string, unknown>)[profile] : undefined;
    if (typeof entry !== 'object' || entry === null) return undefined;
    holder = entry as Record<string, unknown>;
  }
  return typeof holder.workflow === 'string' && holder.workflow !== '' ? holder.workflow : undefined;
}
