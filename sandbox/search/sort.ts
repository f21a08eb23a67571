/** Sort clauses (`[{"status.startedAt": {"order": "desc"}}]` and friends) compiled to a comparator. */
import { parseDateString } from './dateMath';
import { checkNesting, parseField, resolveValues, type FieldRef } from './fieldPath';
import { WORKFLOW_FIELDS, type FieldMapping } from './fieldTypes';
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

function parseOne(item: unknown, location: string, mapping: FieldMapping): SortSpec {
  if (typeof item === 'string') return spec(item, undefined, location, mapping);
  if (typeof item !== 'object' || item === null || Array.isArray(item)) {
    throw new QueryError(`${location}: a sort item must be a field name or {field: {order}}`);
  }
  const entries = Object.entries(item as Record<string, unknown>);
  if (entries.length !== 1) throw new QueryError(`${location}: a sort item needs exactly one field`);
  const [name, params] = entries[0];
  return spec(name, params, `${location}.${name}`, mapping);
}

const SORT_PARAMETERS: readonly string[] = ['order', 'nested', 'missing', 'unmapped_type'];

function spec(name: string, params: unknown, location: string, mapping: FieldMapping): SortSpec {
  let order: unknown;
  let nestedPath: string | undefined;
  let missing: unknown;
  if (typeof params === 'string') {
    order = params;
  } else if (typeof params === 'object' && params !== null && !Array.isArray(params)) {
    const p = params as Record<string, unknown>;
    for (const key of Object.keys(p)) {
      // `mode` and `format` change what ES returns; the sandbox does not evaluate them, so it refuses them.
      if (!SORT_PARAMETERS.includes(key)) {
        throw new QueryError(`${location}: unsupported sort parameter '${key}' (supported: ${SORT_PARAMETERS.join(', ')})`);
      }
    }
    order = p['order'];
    missing = p['missing'];
    const nested = p['nested'];
    if (nested !== undefined) {
      if (typeof nested !== 'object' || nested === null || typeof (nested as Record<string, unknown>)['path'] !== 'string') {
        throw new QueryError(`${location}.nested: expected {"path": ${mapping.nestedPaths.map((p) => `"${p}"`).join('|') || '<nested path>'}}`);
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
  const field = parseField(name, location, mapping);
  if (nestedPath !== undefined && field.nestedRoot !== nestedPath) {
    throw new QueryError(`${location}.nested.path: '${nestedPath}' does not contain field '${name}'`);
  }
  checkNesting(field, nestedPath, location);
  return { field, descending: order === 'desc', missingFirst: missing === '_first' };
}

/** `2024-05-01T10:00:00Z`: in this exact form, string order is time order, no parsing needed. */
function isCanonicalDate(value: string): boolean {
  return value.length === 20 && value.charCodeAt(19) === 90 && value.charCodeAt(10) === 84 && value.charCodeAt(4) === 45;
}

function keyOf(value: string | number | boolean): SortKey {
  if (typeof value === 'number') return value;
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (isCanonicalDate(value)) return value;
  return parseDateString(value) ?? value;
}

/** The sort value Elasticsearch reports for a key: dates as epoch milliseconds. */
export function reportedSortValue(key: SortKey): SortKey {
  return typeof key === 'string' && isCanonicalDate(key) ? Date.parse(key) : key;
}

function compareKeys(a: SortKey, b: SortKey): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'number') return -1;
  if (typeof b === 'number') return 1;
  const sa = a as string;
  const sb = b as string;
  return sa < sb ? -1 : sa > sb ? 1 : 0;
}

export function compileSort(raw: unknown, mapping: FieldMapping = WORKFLOW_FIELDS, location = 'sort'): CompiledSort {
  const items = raw === undefined ? [] : Array.isArray(raw) ? raw : [raw];
  const specs = items.map((item, i) => parseOne(item, `${location}[${i}]`, mapping));
  return {
    specs,
    keys(doc, position) {
      const out: SortKey[] = new Array<SortKey>(specs.length);
      for (let i = 0; i < specs.length; i++) {
        const s = specs[i];
        if (s.field === '_score') out[i] = 1;
        else if (s.field === '_doc') out[i] = position;
        else {
          const raw = resolveValues(doc.source, s.field.path);
          if (raw.length === 0) out[i] = null;
          else if (raw.length === 1) out[i] = keyOf(raw[0]);
          // ES picks the minimum for ascending sorts and the maximum for descending ones.
          else out[i] = raw.map(keyOf).reduce((best, v) => ((compareKeys(v, best) < 0) !== s.descending ? v : best));
        }
      }
      return out;
    },
    compare(a, b) {
      if (specs.length === 1) {
        // The common single-key sort, without the loop.
        const x = a[0] ?? null;
        const y = b[0] ?? null;
        const s = specs[0];
        if (x === null || y === null) return x === y ? 0 : (x === null) === s.missingFirst ? -1 : 1;
        if (typeof x === 'string' && typeof y === 'string') return x === y ? 0 : (x < y) !== s.descending ? -1 : 1;
        const c = compareKeys(x, y);
        return s.descending ? -c : c;
      }
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
