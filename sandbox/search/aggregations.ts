/**
 * Elasticsearch aggregations over the documents a query matched, in the subset Atlan's SDKs send:
 * `terms` buckets (with sub-aggregations), `top_hits` (pyatlan's `bucket_by(include_source_value)`
 * nests one to read a bucket's source value), and the metrics `max`, `min`, `sum`, `avg`,
 * `value_count`, `cardinality`. Anything else is a QueryError naming it.
 */
import { parseField, resolveValues, type FieldRef, type Primitive } from './fieldPath';
import type { FieldMapping } from './fieldTypes';
import type { DocView } from './query';
import { QueryError } from './queryError';
import { compileSort, reportedSortValue, type CompiledSort, type SortKey } from './sort';
import { applySourceFilter, parseSourceFilter, type SourceFilter } from './sourceFilter';

/** What a top hit needs of a stored document. */
export interface AggregatedDoc extends DocView {
  seqNo: number;
  position: number;
}

export interface AggregationContext {
  mapping: FieldMapping;
  /** The index name top hits report. */
  index: string;
}

type Obj = Record<string, unknown>;

interface Compiled {
  run(docs: readonly AggregatedDoc[]): Obj;
}

const METRICS = ['max', 'min', 'sum', 'avg', 'value_count', 'cardinality'] as const;
type Metric = (typeof METRICS)[number];

function isObject(value: unknown): value is Obj {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function onlyKeys(obj: Obj, allowed: readonly string[], location: string): void {
  for (const key of Object.keys(obj)) {
    if (!allowed.includes(key)) throw new QueryError(`${location}: unsupported parameter '${key}' (supported: ${allowed.join(', ')})`);
  }
}

/** Compiles `{name: {type: {...}, aggregations?: {...}}}`; undefined when there is nothing to aggregate. */
export function compileAggregations(raw: unknown, ctx: AggregationContext, location = 'aggregations'): ((docs: readonly AggregatedDoc[]) => Obj) | undefined {
  if (raw === undefined || raw === null) return undefined;
  if (!isObject(raw)) throw new QueryError(`${location}: must be an object of named aggregations`);
  const named = Object.entries(raw).map(([name, body]) => [name, compileOne(body, ctx, `${location}.${name}`)] as const);
  if (named.length === 0) return undefined;
  return (docs) => Object.fromEntries(named.map(([name, agg]) => [name, agg.run(docs)]));
}

function compileOne(body: unknown, ctx: AggregationContext, location: string): Compiled {
  if (!isObject(body)) throw new QueryError(`${location}: an aggregation must be an object`);
  const subKey = 'aggregations' in body ? 'aggregations' : 'aggs' in body ? 'aggs' : undefined;
  const types = Object.keys(body).filter((k) => k !== 'aggregations' && k !== 'aggs' && k !== 'meta');
  if (types.length !== 1) {
    throw new QueryError(`${location}: an aggregation needs exactly one type, found ${types.length === 0 ? 'none' : types.join(', ')}`);
  }
  const type = types[0];
  const params = body[type];
  const here = `${location}.${type}`;
  const sub = subKey ? compileAggregations(body[subKey], ctx, `${location}.${subKey}`) : undefined;
  if (type === 'terms') return termsAggregation(params, ctx, here, sub);
  if (sub) throw new QueryError(`${location}: ${type} aggregations take no sub-aggregations`);
  if (type === 'top_hits') return topHits(params, ctx, here);
  if ((METRICS as readonly string[]).includes(type)) return metric(type as Metric, params, ctx, here);
  throw new QueryError(`${location}: unsupported aggregation '${type}' (the sandbox evaluates terms, top_hits, ${METRICS.join(', ')})`);
}

function aggregatedField(params: unknown, ctx: AggregationContext, location: string): FieldRef {
  if (!isObject(params)) throw new QueryError(`${location}: must be an object with a field`);
  const name = params['field'];
  if (typeof name !== 'string') throw new QueryError(`${location}.field: must be a field name`);
  const field = parseField(name, `${location}.field`, ctx.mapping);
  if (field.nestedRoot) throw new QueryError(`${location}.field: '${name}' is inside the nested path '${field.nestedRoot}'; aggregate it inside a nested aggregation`);
  // Buckets and metrics need doc values: an analysed text field has none (Elasticsearch refuses it).
  if (ctx.mapping.typeOf(field.path) === 'text' && field.sub !== '.keyword') {
    throw new QueryError(`${location}.field: ${field.path} is a text field: aggregate on ${field.path}.keyword`);
  }
  return field;
}

function values(doc: DocView, field: FieldRef): Primitive[] {
  return field.path === '_id' ? [doc.id] : resolveValues(doc.source, field.path);
}

function termsAggregation(params: unknown, ctx: AggregationContext, location: string, sub: ((docs: readonly AggregatedDoc[]) => Obj) | undefined): Compiled {
  const field = aggregatedField(params, ctx, location);
  const p = params as Obj;
  onlyKeys(p, ['field', 'size', 'order', 'min_doc_count', 'missing'], location);
  const size = p['size'] ?? 10;
  if (typeof size !== 'number' || !Number.isInteger(size) || size < 0) throw new QueryError(`${location}.size: must be a whole number`);
  const minDocCount = p['min_doc_count'] ?? 1;
  if (typeof minDocCount !== 'number' || !Number.isInteger(minDocCount) || minDocCount < 0) throw new QueryError(`${location}.min_doc_count: must be a whole number`);
  const missing = p['missing'];
  if (missing !== undefined && typeof missing !== 'string' && typeof missing !== 'number') throw new QueryError(`${location}.missing: must be a string or number`);
  const order = bucketOrder(p['order'], `${location}.order`);
  return {
    run(docs) {
      const buckets = new Map<Primitive, AggregatedDoc[]>();
      for (const doc of docs) {
        const found = values(doc, field);
        const keys = found.length > 0 ? new Set(found) : missing !== undefined ? new Set([missing]) : new Set<Primitive>();
        for (const key of keys) {
          const list = buckets.get(key);
          if (list) list.push(doc);
          else buckets.set(key, [doc]);
        }
      }
      const all = [...buckets.entries()].filter(([, d]) => d.length >= Math.max(1, minDocCount)).sort(order);
      const shown = all.slice(0, size);
      const others = all.slice(size).reduce((n, [, d]) => n + d.length, 0);
      return {
        doc_count_error_upper_bound: 0,
        sum_other_doc_count: others,
        buckets: shown.map(([key, bucketDocs]) => ({ key, doc_count: bucketDocs.length, ...(sub ? sub(bucketDocs) : {}) })),
      };
    },
  };
}

type Bucket = [Primitive, readonly AggregatedDoc[]];

/** `{_count: desc}` (the default, ties by key) or `{_key: asc}`, alone or in a list. */
function bucketOrder(raw: unknown, location: string): (a: Bucket, b: Bucket) => number {
  const byKey = (a: Bucket, b: Bucket): number => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0);
  const byCount = (a: Bucket, b: Bucket): number => a[1].length - b[1].length;
  if (raw === undefined) return (a, b) => -byCount(a, b) || byKey(a, b);
  const items = Array.isArray(raw) ? raw : [raw];
  const parts = items.map((item, i) => {
    if (!isObject(item) || Object.keys(item).length !== 1) throw new QueryError(`${location}[${i}]: expected {"_count"|"_key": "asc"|"desc"}`);
    const [key, direction] = Object.entries(item)[0];
    if (key !== '_count' && key !== '_key') throw new QueryError(`${location}[${i}]: the sandbox orders buckets by _count or _key, not '${key}'`);
    if (direction !== 'asc' && direction !== 'desc') throw new QueryError(`${location}[${i}].${key}: must be "asc" or "desc"`);
    const cmp = key === '_count' ? byCount : byKey;
    return direction === 'desc' ? (a: Bucket, b: Bucket) => -cmp(a, b) : cmp;
  });
  return (a, b) => {
    for (const part of parts) {
      const c = part(a, b);
      if (c !== 0) return c;
    }
    return byKey(a, b);
  };
}

function topHits(params: unknown, ctx: AggregationContext, location: string): Compiled {
  const p = params ?? {};
  if (!isObject(p)) throw new QueryError(`${location}: must be an object`);
  onlyKeys(p, ['size', 'from', 'sort', '_source'], location);
  const size = p['size'] ?? 3;
  const from = p['from'] ?? 0;
  if (typeof size !== 'number' || !Number.isInteger(size) || size < 0 || size > 100) throw new QueryError(`${location}.size: must be a whole number from 0 to 100`);
  if (typeof from !== 'number' || !Number.isInteger(from) || from < 0) throw new QueryError(`${location}.from: must be a whole number`);
  const sort: CompiledSort = compileSort(p['sort'], ctx.mapping, `${location}.sort`);
  const source: SourceFilter = parseSourceFilter(p['_source']);
  return {
    run(docs) {
      const sorted = sort.specs.length > 0;
      const ranked = docs.map((doc) => ({ doc, keys: sorted ? sort.keys(doc, doc.position) : undefined }));
      if (sorted) ranked.sort((a, b) => sort.compare(a.keys ?? [], b.keys ?? []) || a.doc.position - b.doc.position);
      const hits = ranked.slice(from, from + size).map(({ doc, keys }) => {
        const filtered = applySourceFilter(doc.source, source);
        return {
          _index: ctx.index,
          _type: '_doc',
          _id: doc.id,
          _score: sorted ? null : 1,
          ...(filtered ? { _source: filtered } : {}),
          ...(keys ? { sort: keys.map((k: SortKey) => reportedSortValue(k)) } : {}),
        };
      });
      return { hits: { total: { value: docs.length, relation: 'eq' }, max_score: sorted || hits.length === 0 ? null : 1, hits } };
    },
  };
}

function numeric(value: Primitive): number | undefined {
  if (typeof value === 'number') return value;
  if (typeof value === 'string') {
    const ms = Date.parse(value);
    if (/^\d{4}-\d{2}-\d{2}T/.test(value) && Number.isFinite(ms)) return ms;
  }
  return undefined;
}

function metric(type: Metric, params: unknown, ctx: AggregationContext, location: string): Compiled {
  const field = aggregatedField(params, ctx, location);
  onlyKeys(params as Obj, ['field'], location);
  return {
    run(docs) {
      const all = docs.flatMap((doc) => values(doc, field));
      if (type === 'value_count') return { value: all.length };
      if (type === 'cardinality') return { value: new Set(all).size };
      const numbers = all.map(numeric).filter((n): n is number => n !== undefined);
      if (type === 'sum') return { value: numbers.reduce((a, b) => a + b, 0) };
      // As Elasticsearch: no values -> null.
      if (numbers.length === 0) return { value: null };
      if (type === 'avg') return { value: numbers.reduce((a, b) => a + b, 0) / numbers.length };
      return { value: numbers.reduce((best, n) => (type === 'max' ? Math.max(best, n) : Math.min(best, n))) };
    },
  };
}
