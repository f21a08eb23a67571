/**
 * What a run has to do, read from a legacy workflow template or an App's inputs: which
 * extraction method, which stored credential, which filters.
 */
import type { CrawlFilters } from '../crawlerPort';

export type ExecutionPlan =
  | { kind: 'direct'; credentialGuid: string; filters: CrawlFilters }
  | { kind: 's3'; bucket: string; prefix: string; region: string }
  | { kind: 'agent' }
  /** The template cannot run at all; the run fails with this reason. */
  | { kind: 'invalid'; reason: string };

/** Parses a filter parameter: a JSON string (`"{}"`, `"{\"^db$\": [\"^s$\"]}"`) or an object. */
export function parseFilterMap(value: unknown, name: string): Record<string, string[]> | string {
  let parsed: unknown = value;
  if (value === undefined || value === null || value === '') return {};
  if (typeof value === 'string') {
    try {
      parsed = JSON.parse(value);
    } catch {
      return `${name} is not valid JSON`;
    }
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return `${name} must be a JSON object`;
  const out: Record<string, string[]> = {};
  for (const [db, schemas] of Object.entries(parsed as Record<string, unknown>)) {
    if (!Array.isArray(schemas) || !schemas.every((s) => typeof s === 'string')) {
      return `${name}: the value for '${db}' must be an array of schema patterns`;
    }
    out[db] = schemas;
  }
  return out;
}

function asString(value: unknown): string {
  if (value === undefined || value === null) return '';
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** The plan for named inputs (legacy parameter names or App input names, normalised by the caller). */
export function planFromInputs(inputs: {
  extractionMethod: unknown;
  credentialGuid: unknown;
  include: unknown;
  exclude: unknown;
  excludeRegex: unknown;
  s3?: { bucket: unknown; prefix: unknown; region: unknown };
}): ExecutionPlan {
  const method = asString(inputs.extractionMethod) || 'direct';
  if (method === 's3' || method === 'offline') {
    return {
      kind: 's3',
      bucket: asString(inputs.s3?.bucket),
      prefix: asString(inputs.s3?.prefix),
      region: asString(inputs.s3?.region),
    };
  }
  if (method === 'agent') return { kind: 'agent' };
  if (method !== 'direct') return { kind: 'invalid', reason: `Unknown extraction method '${method}'.` };
  const include = parseFilterMap(inputs.include, 'include-filter');
  if (typeof include === 'string') return { kind: 'invalid', reason: include };
  const exclude = parseFilterMap(inputs.exclude, 'exclude-filter');
  if (typeof exclude === 'string') return { kind: 'invalid', reason: exclude };
  const credentialGuid = asString(inputs.credentialGuid);
  if (!credentialGuid || credentialGuid.includes('{{')) {
    return { kind: 'invalid', reason: 'The workflow references no stored credential (credential-guid is empty).' };
  }
  return { kind: 'direct', credentialGuid, filters: { include, exclude, excludeRegex: asString(inputs.excludeRegex) } };
}
