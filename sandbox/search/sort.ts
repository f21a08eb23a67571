/** Sort clauses (`[{"status.startedAt": {"order": "desc"}}]` and friends) compiled to a comparator. */
import { parseDateString } from './dateMath';
import { checkNesting, parseField, resolveValues, type FieldRef } from './fieldPath';
import type { DocView } from './query';
import { QueryError } from './queryError';

export type SortKey = number | string | null;

interface SortSpec {
  field: FieldRef | '_score' | '_doc';
  descending: boolean;
  missingFirst: boolean;
}

export interface CompiledSort {
  specs: SortSpec[];
  /** Sort values of a document, one per spec (dates as epoch ms, as ES returns them). */
  keys(doc: DocView, position: number): SortKey[];
  compare(a: SortKey[], b: SortKey[]): number;
}

function parseOne(item: unknown, location: string): SortSpec {
  if (typeof item === 'string') return spec(item, undefined, location);
  if (typeof item !== 'object' || item === null || Array.isArray(item)) {
    throw new QueryError(`${location}: a sort item must be a field name or {field: {order}}`);
  }
  const entries = Object.entries(item as Record<string, unknown>);
  if (entries.length !== 1) throw new QueryError(`${location}: a sort item needs exactly one field`);
  const [name, params] = entries[0];
  return spec(name, params, `${location}.${name}`);
}

function spec(name: string, params: unknown, location: string): SortSpec {
  let order: unknown;
  let nestedPath: string | undefined;
  let missing: unknown;
  if (typeof params === 'string') {
    order = params;
  } else if (typeof params === 'object' && params !== null && !Array.isArray(params)) {
    const p = params as Record<string, unknown>;
    for (const key of Object.keys(p)) {
      if (!['order', 'nested', 'missing', 'unmapped_type', 'mode', 'format'].includes(key)) {
        throw new QueryError(`${location}: unsupported sort parameter '${key}'`);
      }
    }
    order = p['order'];
    missing = p['missing'];
    const nested = p['nested'];
    if (nested !== undefined) {
      if (typeof nested !== 'object' || nested === null || typeof (nested as Record<string, unknown>)['path'] !== 'string') {
        throw new QueryError(`${location}.nested: expected {"path": "metadata"|"spec"}`);
      }
      const n = nested as Record<string, unknown>;
      if (Object.keys(n).some((k) => k !== 'path')) throw new QueryError(`${location}.nested: only 'path' is supported`);
      nestedPath = n['path'] as string;
    }
  } else if (params !== undefined) {
    throw new QueryError(`${location}: expected "asc", "desc" or an object`);
  }
  if (order !== undefined && order !== 'asc' && order !== 'desc') {
    throw new QueryError(`${location}.order: must be "asc" or "desc", got ${JSON.stringify(order)}`);
  }
  if (missing !== undefined && missing !== '_first' && missing !== '_last') {
    throw new QueryError(`${location}.missing: only "_first" and "_last" are supported`);
  }
  if (name === '_score' || name === '_doc') {
    return { field: name, descending: (order ?? (name === '_score' ? 'desc' : 'asc')) === 'desc', missingFirst: false };
  }
  const field = parseField(name, location);
  if (nestedPath !== undefined && field.nestedRoot !== nestedPath) {
    throw new QueryError(`${location}.nested.path: '${nestedPath}' does not contain field '${name}'`);
  }
  checkNesting(field, nestedPath, location);
  return { field, descending: order === 'desc', missingFirst: missing === '_first' };
}

function keyOf(value: string | number | boolean): SortKey {
  if (typeof value === 'number') return value;
  if (typeof value === 'boolean') return value ? 1 : 0;
  return parseDateString(value) ?? value;
}

function compareKeys(a: SortKey, b: SortKey): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'number') return -1;
  if (typeof b === 'number') return 1;
  const sa = a as string;
  const sb = b as string;
  return sa < sb ? -1 : sa > sb ? 1 : 0;
}

export function compileSort(raw: unknown): CompiledSort {
  const items = raw === undefined ? [] : Array.isArray(raw) ? raw : [raw];
  const specs = items.map((item, i) => parseOne(item, `sort[${i}]`));
  return {
    specs,
    keys(doc, position) {
      return specs.map((s) => {
        if (s.field === '_score') return 1;
        if (s.field === '_doc') return position;
        const values = resolveValues(doc.source, s.field.path).map(keyOf);
        if (values.length === 0) return null;
        // ES picks the minimum for ascending sorts and the maximum for descending ones.
        return values.reduce((best, v) => ((compareKeys(v, best) < 0) !== s.descending ? v : best));
      });
    },
    compare(a, b) {
      for (let i = 0; i < specs.length; i++) {
        const s = specs[i];
        const x = a[i] ?? null;
        const y = b[i] ?? null;
        if (x === null || y === null) {
          if (x === y) continue;
          // Missing values go last by default whatever the order.
          return (x === null) === s.missingFirst ? -1 : 1;
        }
        const c = compareKeys(x, y);
        if (c !== 0) return s.descending ? -c : c;
      }
      return 0;
    },
  };
}
