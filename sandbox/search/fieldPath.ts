/**
 * Field paths as Atlan's indexes name them: document paths whose keys may themselves contain
 * dots and slashes (`metadata.labels.workflows.argoproj.io/phase.keyword`), with a sub-field
 * suffix (`.keyword`, `.text`) where the index maps one.
 */
import { WORKFLOW_FIELDS, type FieldMapping } from './fieldTypes';
import { QueryError } from './queryError';

export interface FieldRef {
  /** As written in the query. */
  raw: string;
  /** Document path without the sub-field suffix. */
  path: string;
  /** The sub-field addressed (`.keyword`, `.text`), if any. */
  sub?: string;
  /** The nested path (`metadata`, `spec`) when the field lives under a nested mapping. */
  nestedRoot?: string;
}

export function parseField(raw: string, location: string, mapping: FieldMapping = WORKFLOW_FIELDS): FieldRef {
  if (raw.trim() === '') throw new QueryError(`${location}: empty field name`);
  const sub = mapping.subFields.find((suffix) => raw.endsWith(suffix) && raw.length > suffix.length);
  const path = sub ? raw.slice(0, -sub.length) : raw;
  const root = path.split('.')[0] ?? '';
  const ref: FieldRef = { raw, path, ...(sub ? { sub } : {}) };
  return mapping.nestedPaths.includes(root) && path !== root ? { ...ref, nestedRoot: root } : ref;
}

/**
 * Checks the field is queried inside the nested path it belongs to. On Atlan's index a query on
 * `metadata.*` outside a `nested` clause silently matches nothing; the sandbox says so instead.
 */
export function checkNesting(field: FieldRef, nestedPath: string | undefined, location: string): void {
  if (field.nestedRoot && field.nestedRoot !== nestedPath) {
    throw new QueryError(
      `${location}: field '${field.raw}' is inside the nested path '${field.nestedRoot}'; wrap the clause in ` +
        `{"nested": {"path": "${field.nestedRoot}", "query": ...}} (Atlan's index matches nothing otherwise)`,
    );
  }
}

export type Primitive = string | number | boolean;

/**
 * Objects may compute some fields on demand (a run's `status.nodes`): they expose them through
 * a method under this symbol, called with the key when it is not an own property.
 */
export const LAZY_FIELDS = Symbol('lazyFields');
/** The keys an object computes through LAZY_FIELDS (for `_source` filtering). */
export const LAZY_KEYS = Symbol('lazyKeys');
interface WithLazyFields {
  [LAZY_FIELDS]?: (key: string) => unknown;
}

const splitCache = new Map<string, string[]>();

/** The path split at every dot: the common case where no key contains a dot. */
function segmentsOf(path: string): string[] {
  let segments = splitCache.get(path);
  if (!segments) {
    segments = path.split('.');
    if (splitCache.size > 10_000) splitCache.clear();
    splitCache.set(path, segments);
  }
  return segments;
}

function own(obj: Record<string, unknown>, key: string): unknown {
  const value = obj[key];
  // Plain property reads are the hot path; skip anything inherited from Object.prototype.
  if (value !== undefined) return typeof value === 'function' || key === '__proto__' ? undefined : value;
  const lazy = (obj as WithLazyFields)[LAZY_FIELDS];
  return lazy ? lazy.call(obj, key) : undefined;
}

/** Every primitive value at `path` in `source`; arrays are flattened, nulls dropped. */
export function resolveValues(source: unknown, path: string): Primitive[] {
  const out: Primitive[] = [];
  // Fast path: plain objects all the way down with dot-free keys.
  let node: unknown = source;
  for (const key of segmentsOf(path)) {
    if (node === null || typeof node !== 'object' || Array.isArray(node)) {
      node = undefined;
      break;
    }
    node = own(node as Record<string, unknown>, key);
    if (node === undefined) break;
  }
  if (node !== undefined) {
    collect(node, out);
    return out;
  }
  walk(source, path, out);
  return out;
}

function collect(value: unknown, out: Primitive[]): void {
  if (value === null || value === undefined) return;
  if (Array.isArray(value)) {
    for (const v of value) collect(v, out);
  } else if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') {
    out.push(value);
  }
}

function walk(node: unknown, rest: string, out: Primitive[]): void {
  if (rest === '') {
    collect(node, out);
    return;
  }
  if (node === null || typeof node !== 'object') return;
  if (Array.isArray(node)) {
    for (const el of node) walk(el, rest, out);
    return;
  }
  const obj = node as Record<string, unknown>;
  // Keys may contain dots: try the whole remainder, then every dot-split prefix.
  const whole = own(obj, rest);
  if (whole !== undefined) collect(whole, out);
  let dot = rest.indexOf('.');
  while (dot > 0) {
    const value = own(obj, rest.slice(0, dot));
    if (value !== undefined) walk(value, rest.slice(dot + 1), out);
    dot = rest.indexOf('.', dot + 1);
  }
}
