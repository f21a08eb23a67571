/** `_source` includes / excludes, with `*` wildcards, over dotted document paths. */
import { QueryError } from './queryError';

export interface SourceFilter {
  /** false: omit `_source` entirely. */
  enabled: boolean;
  includes: RegExp[];
  excludes: RegExp[];
  /** Include patterns as written, to know which subtrees might hold an included path. */
  includePrefixes: string[];
}

function patternToRegex(pattern: string): RegExp {
  const body = pattern.split('*').map((p) => p.replace(/[.+?^${}()|[\]\\/]/g, '\\$&')).join('.*');
  return new RegExp(`^${body}$`);
}

function stringList(value: unknown, location: string): string[] {
  if (value === undefined) return [];
  if (typeof value === 'string') return [value];
  if (Array.isArray(value) && value.every((v) => typeof v === 'string')) return value;
  throw new QueryError(`${location}: expected a string or an array of strings`);
}

export function parseSourceFilter(value: unknown): SourceFilter {
  let includes: string[] = [];
  let excludes: string[] = [];
  if (value === undefined || value === true) return { enabled: true, includes: [], excludes: [], includePrefixes: [] };
  if (value === false) return { enabled: false, includes: [], excludes: [], includePrefixes: [] };
  if (typeof value === 'string' || Array.isArray(value)) {
    includes = stringList(value, '_source');
  } else if (typeof value === 'object' && value !== null) {
    const obj = value as Record<string, unknown>;
    for (const key of Object.keys(obj)) {
      if (!['includes', 'include', 'excludes', 'exclude'].includes(key)) {
        throw new QueryError(`_source: unsupported parameter '${key}' (supported: includes, excludes)`);
      }
    }
    includes = stringList(obj['includes'] ?? obj['include'], '_source.includes');
    excludes = stringList(obj['excludes'] ?? obj['exclude'], '_source.excludes');
  } else {
    throw new QueryError('_source: expected true, false, a string, an array or {includes, excludes}');
  }
  return {
    enabled: true,
    includes: includes.map(patternToRegex),
    excludes: excludes.map(patternToRegex),
    includePrefixes: includes,
  };
}

/** A copy of `source` holding only what the filter keeps (the original when no filter). */
export function applySourceFilter(source: Record<string, unknown>, filter: SourceFilter): Record<string, unknown> | undefined {
  if (!filter.enabled) return undefined;
  if (filter.includes.length === 0 && filter.excludes.length === 0) return source;
  return filterObject(source, '', filter, filter.includes.length === 0);
}

function filterObject(obj: Record<string, unknown>, prefix: string, filter: SourceFilter, included: boolean): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(obj)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (filter.excludes.some((r) => r.test(path))) continue;
    const here = included || filter.includes.some((r) => r.test(path));
    const isPlainObject = typeof value === 'object' && value !== null && !Array.isArray(value);
    if (isPlainObject) {
      const mightHold = here || filter.includePrefixes.some((p) => p.includes('*') || p.startsWith(`${path}.`));
      if (!mightHold) continue;
      const child = filterObject(value as Record<string, unknown>, path, filter, here);
      if (here || Object.keys(child).length > 0) out[key] = child;
    } else if (here) {
      out[key] = value;
    }
  }
  return out;
}
