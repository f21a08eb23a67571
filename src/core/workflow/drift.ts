/**
 * Drift: how a configuration file and the workflow on the tenant differ. The tenant side is
 * imported back into configuration form, both sides are normalised (defaults applied, lists
 * sorted, secrets reduced to "set"), and compared field by field. Fields the tenant does not
 * return (a stored credential's details) are left out of both sides and listed as not compared.
 */
import type { StoredDefinition } from '../atlan/backend';
import { formatPath, type IssuePath } from '../config/issues';
import { DEFAULTS, type CrawlerConfigInput } from '../config/model';
import { formatConfig } from '../config/write';
import { anchor, unanchor } from './filters';
import { importCrawler } from './import';
import type { CredentialDetails } from './wireSchemas';

export interface DriftOptions {
  roleNamesById: ReadonlyMap<string, string>;
  /** Non-secret details of the workflow's stored credential, when the caller fetched them. */
  credential?: CredentialDetails;
  /** The App slug (App bodies do not carry it). */
  workflowName?: string;
}

export interface DriftDifference {
  /** `extraction.port`, `admins.roles`: where the two sides differ. */
  path: string;
  segments: IssuePath;
  /** The file's value (normalised); undefined when the file does not set it. */
  file: unknown;
  /** The tenant's value (normalised); undefined when the tenant does not have it. */
  tenant: unknown;
}

export interface DriftReport {
  inSync: boolean;
  differences: DriftDifference[];
  /** Both sides as normalised, pretty JSON, for a diff editor. */
  fileText: string;
  tenantText: string;
  /** Paths left out because the tenant does not return them. */
  notCompared: string[];
  /**
   * Why the tenant side may not be the workflow as it is now (its read lacked the inputs; see
   * StoredDefinition): "in sync" is then only as far as this says, and views show it.
   */
  caveat?: string;
}

/** Marks a secret reference: values are never compared, only whether one is set. */
const SECRET_SET = '(secret)';

export function detectDrift(config: CrawlerConfigInput, tenant: StoredDefinition, options: DriftOptions): DriftReport {
  const imported = importCrawler(tenant, options.roleNamesById, {
    ...(options.credential ? { credential: options.credential } : {}),
    ...(options.workflowName !== undefined ? { workflowName: options.workflowName } : {}),
  });
  const fileSide = normalise(config);
  const tenantSide = normalise(imported.config);

  const skipped: IssuePath[] = imported.notes.filter((n) => n.kind === 'not-returned').map((n) => n.path);
  // The legacy workflow has nowhere to keep an AWS region for IAM authentication.
  if (tenant.surface === 'workflows') skipped.push(['extraction', 'auth', 'awsRegion']);
  const notCompared: string[] = [];
  for (const path of skipped) {
    const inFile = remove(fileSide, path);
    remove(tenantSide, path);
    if (inFile) notCompared.push(formatPath(path));
  }

  const differences: DriftDifference[] = [];
  compare(fileSide, tenantSide, [], differences);
  return {
    inSync: differences.length === 0,
    differences,
    fileText: formatConfig(fileSide as CrawlerConfigInput),
    tenantText: formatConfig(tenantSide as CrawlerConfigInput),
    notCompared: [...new Set(notCompared)],
    ...(tenant.caveat ? { caveat: tenant.caveat } : {}),
  };
}

type Json = Record<string, unknown>;

/** Defaults applied, identity fields dropped, lists as sorted sets, filters canonical, secrets as "(secret)". */
function normalise(config: CrawlerConfigInput): Json {
  const out: Json = { connectionName: config.connectionName };
  const admins: Json = {};
  for (const key of ['roles', 'groups', 'users'] as const) {
    const list = config.admins?.[key];
    if (list?.length) admins[key] = [...new Set(list)].sort();
  }
  out.admins = admins;
  out.allowQuery = config.allowQuery ?? DEFAULTS.allowQuery;
  out.allowQueryPreview = config.allowQueryPreview ?? DEFAULTS.allowQueryPreview;
  out.rowLimit = config.rowLimit ?? DEFAULTS.rowLimit;
  out.extraction = normaliseExtraction(config.extraction);
  out.include = normaliseFilter(config.include ?? {});
  out.exclude = normaliseFilter(config.exclude ?? {});
  if (config.excludeRegex) out.excludeRegex = config.excludeRegex;
  out.sourceLevelFiltering = config.sourceLevelFiltering ?? DEFAULTS.sourceLevelFiltering;
  out.jdbcInternalMethods = config.jdbcInternalMethods ?? DEFAULTS.jdbcInternalMethods;
  if (config.schedule) out.schedule = { cron: config.schedule.cron.trim().split(/\s+/).join(' '), timezone: config.schedule.timezone ?? DEFAULTS.timezone };
  return out;
}

function normaliseExtraction(extraction: CrawlerConfigInput['extraction']): Json {
  if (extraction.method === 's3') return { ...extraction };
  const auth: Json = {};
  for (const [key, value] of Object.entries(extraction.auth)) {
    auth[key] = typeof value === 'object' && value !== null && 'secret' in value ? SECRET_SET : value;
  }
  return { ...extraction, port: extraction.port ?? DEFAULTS.port, auth };
}

function normaliseFilter(filter: Record<string, string[]>): Json {
  const out: Json = {};
  const canonical = (name: string) => unanchor(anchor(name));
  for (const db of Object.keys(filter).map(canonical).sort()) out[db] = [];
  for (const [db, schemas] of Object.entries(filter)) {
    const key = canonical(db);
    out[key] = [...new Set([...(out[key] as string[]), ...schemas.map(canonical)])].sort();
  }
  return out;
}

/** Deletes the value at path; true when there was one. */
function remove(root: Json, path: IssuePath): boolean {
  let current: unknown = root;
  for (const segment of path.slice(0, -1)) {
    if (typeof current !== 'object' || current === null) return false;
    current = (current as Json)[String(segment)];
  }
  const last = String(path[path.length - 1]);
  if (typeof current !== 'object' || current === null || Array.isArray(current) || !(last in current)) return false;
  delete (current as Json)[last];
  return true;
}

function compare(file: unknown, tenant: unknown, path: IssuePath, out: DriftDifference[]): void {
  if (isObject(file) && isObject(tenant)) {
    const keys = [...new Set([...Object.keys(file), ...Object.keys(tenant)])];
    for (const key of keys) compare(file[key], tenant[key], [...path, key], out);
    return;
  }
  if (JSON.stringify(file) !== JSON.stringify(tenant)) out.push({ path: formatPath(path), segments: path, file, tenant });
}

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
