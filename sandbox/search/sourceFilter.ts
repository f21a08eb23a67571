/** `_source` includes / excludes, with `*` wildcards, over dotted document paths. */
import { LAZY_FIELDS, LAZY_KEYS } from './fieldPath';
import { QueryError } from './queryError';

export interface SourceFilter {
  /** false: omit `_source` entirely. */
  enabled: boolean;
  includes: RegExp[];
  excludes: RegExp[];
  /** Include patterns as written, to know which subtrees might hold an included path. */
  includePrefixes: string[];
  /** Every proper ancestor path of a wildcard-free include, for O(1) "might hold" checks. */
  ancestors: Set<string>;
  /** Whether any include has a wildcard (then every subtree might hold a match). */
  wildcardIncludes: boolean;
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
  const none = { includes: [], excludes: [], includePrefixes: [], ancestors: new Set<string>(), wildcardIncludes: false };
  if (value === undefined || value === true) return { enabled: true, ...none };
  if (value === false) return { enabled: false, ...none };
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
  const ancestors = new Set<string>();
  for (const p of includes) {
    const parts = p.split('.');
    for (let i = 1; i < parts.length; i++) ancestors.add(parts.slice(0, i).join('.'));
  }
  return {
    enabled: true,
    includes: includes.map(patternToRegex),
    excludes: excludes.map(patternToRegex),
    includePrefixes: includes,
    ancestors,
    wildcardIncludes: includes.some((p) => p.includes('*')),
  };
}

/** A copy of `source` holding only what the filter keeps (the original when no filter). */
export function applySourceFilter(source: Record<string, unknown>, filter: SourceFilter): Record<string, unknown> | undefined {
  if (!filter.enabled) return undefined;
  if (filter.includes.length === 0 && filter.excludes.length === 0) return source;
  return filterObject(source, '', filter, filter.includes.length === 0);
}

interface Lazy {
  [LAZY_FIELDS]?: (key: string) => unknown;
  [LAZY_KEYS]?: readonly string[];
}

/** Own entries plus computed (LAZY_FIELDS) ones, the latter only when the filter may want them. */
function entriesOf(obj: Record<string, unknown>, prefix: string, filter: SourceFilter, included: boolean): [string, unknown][] {
  const entries = Object.entries(obj);
  const lazy = obj as Lazy;
  const compute = lazy[LAZY_FIELDS];
  for (const key of lazy[LAZY_KEYS] ?? []) {
    const path = prefix ? `${prefix}.${key}` : key;
    const wanted = included || filter.wildcardIncludes || filter.ancestors.has(path) || filter.includes.some((r) => r.test(path));
    if (wanted && compute) entries.push([key, compute.call(obj, key)]);
  }
  return entries;
}

function filterObject(obj: Record<string, unknown>, prefix: string, filter: SourceFilter, included: boolean): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of entriesOf(obj, prefix, filter, included)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (filter.excludes.some((r) => r.test(path))) continue;
    const here = included || filter.includes.some((r) => r.test(path));
    const isObject = typeof value === 'object' && value !== null;
    if (isObject) {
      const mightHold = here || filter.wildcardIncludes || filter.ancestors.has(path);
      if (!mightHold) continue;
      if (here && filter.excludes.length === 0) {
        out[key] = value;
        continue;
      }
      if (Array.isArray(value)) {
        const items = filterArray(value, path, filter, here);
        if (here || items.length > 0) out[key] = items;
        continue;
      }
      const child = filterObject(value as Record<string, unknown>, path, filter, here);
      if (here || Object.keys(child).length > 0) out[key] = child;
    } else if (here) {
      out[key] = value;
    }
  }
  return out;
}

/**
 * As Elasticsearch does: objects in an array are filtered with the array's path (no index in
 * it), emptied ones dropped; other values stay only when the array's path is included.
 */
function filterArray(items: readonly unknown[], path: string, filter: SourceFilter, included: boolean): unknown[] {
  const out: unknown[] = [];
  for (const item of items) {
    if (Array.isArray(item)) {
      const nested = filterArray(item, path, filter, included);
      if (included || nested.length > 0) out.push(nested);
    } else if (typeof item === 'object' && item !== null) {
      const child = filterObject(item as Record<string, unknown>, path, filter, included);
      if (included || Object.keys(child).length > 0) out.push(child);
    } else if (included) {
      out.push(item);
    }
  }
  return out;
}
