/**
 * Field paths as Atlan's workflow index names them: document paths whose keys may themselves
 * contain dots and slashes (`metadata.labels.workflows.argoproj.io/phase.keyword`), with the
 * `.keyword` sub-field suffix on exact-match string fields.
 */
import { QueryError } from './queryError';

/** Object paths mapped as `nested` in the workflow indexes; queries must wrap them. */
export const NESTED_PATHS: readonly string[] = ['metadata', 'spec'];

export interface FieldRef {
  /** As written in the query. */
  raw: string;
  /** Document path without the `.keyword` suffix. */
  path: string;
  /** `metadata` or `spec` when the field lives under a nested mapping. */
  nestedRoot?: string;
}

export function parseField(raw: string, location: string): FieldRef {
  if (raw.trim() === '') throw new QueryError(`${location}: empty field name`);
  const path = raw.endsWith('.keyword') ? raw.slice(0, -'.keyword'.length) : raw;
  const root = path.split('.')[0] ?? '';
  return NESTED_PATHS.includes(root) && path !== root ? { raw, path, nestedRoot: root } : { raw, path };
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

/** Every primitive value at `path` in `source`; arrays are flattened, nulls dropped. */
export function resolveValues(source: unknown, path: string): Primitive[] {
  const out: Primitive[] = [];
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
  if (Object.prototype.hasOwnProperty.call(obj, rest)) collect(obj[rest], out);
  let dot = rest.indexOf('.');
  while (dot > 0) {
    const key = rest.slice(0, dot);
    if (Object.prototype.hasOwnProperty.call(obj, key)) walk(obj[key], rest.slice(dot + 1), out);
    dot = rest.indexOf('.', dot + 1);
  }
}
