/** `_source` includes / excludes, with `*` wildcards, over dotted document paths. */
import { LAZY_FIELDS, LAZY_KEYS } from './fieldPath';
import { QueryError } from './queryError';

export interface SourceFilter {
  /** false: omit `_source` entirely. */
  enabled: boolean;
  includes: PathPattern[];
  excludes: PathPattern[];
}

/**
 * One include / exclude pattern. Most have no wildcard or a single one (`status.nodes.*.phase`):
 * those match with string comparisons; only several wildcards need the regex.
 */
export interface PathPattern {
  /** The text before the first `*` (all of it when there is none). */
  literal: string;
  /** The text after the last `*` ('' when there is no wildcard). */
  suffix: string;
  /** Number of `*`. */
  wildcards: number;
  regex: RegExp;
}

function patternOf(pattern: string): PathPattern {
  const parts = pattern.split('*');
  const body = parts.map((p) => p.replace(/[.+?^${}()|[\]\\/]/g, '\\$&')).join('.*');
  const wildcards = parts.length - 1;
  return { literal: parts[0] ?? '', suffix: wildcards > 0 ? (parts[wildcards] ?? '') : '', wildcards, regex: new RegExp(`^${body}$`) };
}

function matchesOne(p: PathPattern, path: string): boolean {
  if (p.wildcards === 0) return p.literal === path;
  if (path.length < p.literal.length + p.suffix.length || !path.startsWith(p.literal) || !path.endsWith(p.suffix)) return false;
  return p.wildcards === 1 || p.regex.test(path);
}

function matches(patterns: readonly PathPattern[], path: string): boolean {
  for (const p of patterns) if (matchesOne(p, path)) return true;
  return false;
}

const DOT = 46;

/**
 * Whether the pattern could match a path below `path` (so that subtree must be walked): its
 * literal part continues `path` with a dot, or (with a wildcard) ends within `path` + '.'.
 * String comparisons only, without building `path + '.'` (this runs for every object visited).
 */
function couldMatchBelow(p: PathPattern, path: string): boolean {
  const literal = p.literal;
  if (literal.length > path.length) {
    return literal.charCodeAt(path.length) === DOT && literal.startsWith(path) && (p.wildcards > 0 || literal.length > path.length + 1);
  }
  return p.wildcards > 0 && path.startsWith(literal);
}

/** The includes still alive below `path` (the same array when all are: no allocation on the hot path). */
function aliveBelow(alive: readonly PathPattern[], path: string): readonly PathPattern[] {
  let kept: PathPattern[] | undefined;
  for (let i = 0; i < alive.length; i++) {
    const p = alive[i];
    if (couldMatchBelow(p, path)) kept?.push(p);
    else kept ??= alive.slice(0, i);
  }
  return kept ?? alive;
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
  const none = { includes: [], excludes: [] };
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
  return { enabled: true, includes: includes.map(patternOf), excludes: excludes.map(patternOf) };
}

/** A copy of `source` holding only what the filter keeps (the original when no filter). */
export function applySourceFilter(source: Record<string, unknown>, filter: SourceFilter): Record<string, unknown> | undefined {
  if (!filter.enabled) return undefined;
  if (filter.includes.length === 0 && filter.excludes.length === 0) return source;
  return filterObject(source, '', filter, filter.includes.length === 0, filter.includes);
}

interface Lazy {
  [LAZY_FIELDS]?: (key: string) => unknown;
  [LAZY_KEYS]?: readonly string[];
}

/** Own entries plus computed (LAZY_FIELDS) ones, the latter only when the filter may want them. */
function entriesOf(obj: Record<string, unknown>, prefix: string, included: boolean, alive: readonly PathPattern[]): [string, unknown][] {
  const entries = Object.entries(obj);
  const lazy = obj as Lazy;
  const compute = lazy[LAZY_FIELDS];
  for (const key of lazy[LAZY_KEYS] ?? []) {
    const path = prefix ? `${prefix}.${key}` : key;
    const wanted = included || matches(alive, path) || aliveBelow(alive, path).length > 0;
    if (wanted && compute) entries.push([key, compute.call(obj, key)]);
  }
  return entries;
}

/**
 * `alive`: the includes that may still match at or below `prefix`; each level keeps only those,
 * so a subtree no include reaches is skipped whole and a key is checked against few patterns.
 */
function filterObject(obj: Record<string, unknown>, prefix: string, filter: SourceFilter, included: boolean, alive: readonly PathPattern[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const excluding = filter.excludes.length > 0;
  for (const [key, value] of entriesOf(obj, prefix, included, alive)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (excluding && matches(filter.excludes, path)) continue;
    const here = included || matches(alive, path);
    if (typeof value === 'object' && value !== null) {
      if (here && !excluding) {
        out[key] = value;
        continue;
      }
      const below = here ? alive : aliveBelow(alive, path);
      if (!here && below.length === 0) continue;
      if (Array.isArray(value)) {
        const items = filterArray(value, path, filter, here, below);
        if (here || items.length > 0) out[key] = items;
        continue;
      }
      const child = filterObject(value as Record<string, unknown>, path, filter, here, below);
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
function filterArray(items: readonly unknown[], path: string, filter: SourceFilter, included: boolean, alive: readonly PathPattern[]): unknown[] {
  const out: unknown[] = [];
  for (const item of items) {
    if (Array.isArray(item)) {
      const nested = filterArray(item, path, filter, included, alive);
      if (included || nested.length > 0) out.push(nested);
    } else if (typeof item === 'object' && item !== null) {
      const child = filterObject(item as Record<string, unknown>, path, filter, included, alive);
      if (included || Object.keys(child).length > 0) out.push(child);
    } else if (included) {
      out.push(item);
    }
  }
  return out;
}
