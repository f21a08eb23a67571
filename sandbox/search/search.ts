/**
 * Executes an indexsearch request against a SearchIndex and builds the Elasticsearch-style
 * response the SDKs parse (`hits.total`, `hits.hits[]` with `_id`, `_source`, `sort`).
 */
import * as z from 'zod';
import { compileAggregations } from './aggregations';
import { collapseGroups, parseCollapse, type CollapseKey } from './collapse';
import { compileQuery, intersect, type CompiledQuery } from './query';
import { QueryError } from './queryError';
import type { SearchIndex, StoredDoc } from './searchIndex';
import { compileSort, reportedSortValue, type SortKey } from './sort';
import { applySourceFilter, parseSourceFilter } from './sourceFilter';
import { applySearchFeatures } from './tenantFeatures';

/** Elasticsearch's default `index.max_result_window`. */
export const MAX_RESULT_WINDOW = 10_000;

const SearchRequest = z
  .object({
    from: z.number().int().min(0).optional(),
    size: z.number().int().min(0).optional(),
    query: z.unknown().optional(),
    post_filter: z.unknown().optional(),
    sort: z.unknown().optional(),
    track_total_hits: z.union([z.boolean(), z.number().int().min(0)]).optional(),
    _source: z.unknown().optional(),
    collapse: z.unknown().optional(),
    aggregations: z.unknown().optional(),
    aggs: z.unknown().optional(),
    timeout: z.string().optional(),
  })
  .strict();
export type SearchRequest = z.infer<typeof SearchRequest>;

export interface SearchHit {
  _index: string;
  _type: '_doc';
  _id: string;
  _seq_no: number;
  _primary_term: number;
  _score: number | null;
  _source?: Record<string, unknown>;
  sort?: SortKey[];
  /** With `collapse`: the hit's value of the collapse field, as Elasticsearch reports it. */
  fields?: Record<string, CollapseKey[]>;
}

export interface SearchResponse {
  took: number;
  timed_out: false;
  _shards: { total: number; successful: number; skipped: number; failed: number };
  hits: { total?: { value: number; relation: 'eq' | 'gte' }; max_score: number | null; hits: SearchHit[] };
  /** Present when the request asked for aggregations. */
  aggregations?: Record<string, unknown>;
}

/** Parses the request body; throws QueryError with the first problem. */
export function parseSearchRequest(body: unknown): SearchRequest {
  // Clients that serialise unset fields send nulls; they mean "absent".
  const cleaned =
    body !== null && typeof body === 'object' && !Array.isArray(body)
      ? Object.fromEntries(Object.entries(body).filter(([, v]) => v !== null))
      : (body ?? {});
  const result = SearchRequest.safeParse(cleaned);
  if (!result.success) {
    const issue = result.error.issues[0];
    const where = issue?.path.length ? issue.path.join('.') : 'request';
    const what = issue?.code === 'unrecognized_keys' ? `unsupported search parameter(s) ${issue.keys.join(', ')}` : issue?.message;
    throw new QueryError(`${where}: ${what ?? 'invalid search request'}`);
  }
  return result.data;
}

export function executeSearch(index: SearchIndex, body: unknown, now: number): SearchResponse {
  const started = process.hrtime.bigint();
  const request = parseSearchRequest(applySearchFeatures(body, index.features));
  const from = request.from ?? 0;
  const size = request.size ?? 10;
  if (from + size > MAX_RESULT_WINDOW) {
    throw new QueryError(`Result window is too large, from + size must be less than or equal to [${MAX_RESULT_WINDOW}] but was [${from + size}]`);
  }
  const mapping = index.mapping;
  const ctx = { now, mapping };
  const query = request.query === undefined ? undefined : compileQuery(request.query, ctx, 'query');
  const postFilter = request.post_filter === undefined ? undefined : compileQuery(request.post_filter, ctx, 'post_filter');
  const sort = compileSort(request.sort, mapping);
  const source = parseSourceFilter(request._source);
  const collapse = parseCollapse(request.collapse, mapping);
  if (request.aggregations !== undefined && request.aggs !== undefined) throw new QueryError('aggregations and aggs: send one of them');
  const aggregate = compileAggregations(request.aggregations ?? request.aggs, { mapping, index: index.name }, request.aggs !== undefined ? 'aggs' : 'aggregations');

  const sorted = sort.specs.length > 0;
  // As in Elasticsearch, aggregations see what the query matched, before post_filter.
  const queried = aggregate && postFilter ? matchingDocs(index, [query], now, true) : undefined;
  const matches = matchingDocs(index, [query, postFilter], now, !sorted || aggregate !== undefined);
  const aggregations = aggregate?.(queried ?? matches);
  let ranked: Ranked[];
  if (sorted) {
    const decorated = matches.map((doc, position) => ({ doc, keys: sort.keys(doc, position) }));
    // Ties keep index order, as Elasticsearch breaks them by document order.
    const cmp = (a: Ranked, b: Ranked): number => sort.compare(a.keys ?? [], b.keys ?? []) || a.doc.position - b.doc.position;
    ranked = collapse ? collapseGroups(decorated, collapse, cmp) : topK(decorated, from + size, cmp);
  } else {
    const inOrder = matches.map((doc) => ({ doc }));
    ranked = collapse ? collapseGroups(inOrder, collapse, (a, b) => a.doc.position - b.doc.position) : inOrder;
  }

  const page = ranked.slice(from, from + size).map(({ doc, keys, key }): SearchHit => {
    const hit: SearchHit = {
      _index: index.name,
      _type: '_doc',
      _id: doc.id,
      _seq_no: doc.seqNo,
      _primary_term: 1,
      _score: sorted ? null : 1,
    };
    const filtered = applySourceFilter(doc.source, source);
    if (filtered) hit._source = filtered;
    if (keys) hit.sort = keys.map(reportedSortValue);
    if (collapse) hit.fields = { [collapse.field.raw]: [key ?? null] };
    return hit;
  });

  // As in Elasticsearch, the total counts matching documents, not groups.
  const total = totalHits(matches.length, request.track_total_hits);
  const took = Number((process.hrtime.bigint() - started) / 1_000_000n);
  return {
    took,
    timed_out: false,
    _shards: { total: 1, successful: 1, skipped: 0, failed: 0 },
    hits: { ...(total ? { total } : {}), max_score: sorted || page.length === 0 ? null : 1, hits: page },
    ...(aggregations ? { aggregations } : {}),
  };
}

interface Ranked {
  doc: StoredDoc;
  keys?: SortKey[];
  /** The collapse group, when collapsing. */
  key?: CollapseKey;
}

function matchingDocs(index: SearchIndex, queries: (CompiledQuery | undefined)[], now: number, keepOrder: boolean): StoredDoc[] {
  const active = queries.filter((q): q is CompiledQuery => q !== undefined);
  const out: StoredDoc[] = [];
  const narrowed = active.map((q) => q.candidates(index));
  if (narrowed.length > 0 && narrowed.every((n) => n !== undefined)) {
    const docs = narrowed.length === 1 ? narrowed[0].docs : intersect(narrowed.map((n) => (n).docs));
    const residuals = narrowed.map((n) => n.residual);
    // forEach, not for...of: an index's union of sets iterates natively that way (no generator).
    docs.forEach((doc) => {
      if ((doc as StoredDoc).visibleAt > now) return;
      if (residuals.every((r) => r(doc))) out.push(doc as StoredDoc);
    });
    // Keep index order so unsorted results are stable whichever path found them.
    if (keepOrder) out.sort((a, b) => a.position - b.position);
    return out;
  }
  for (const doc of index.values()) {
    if (doc.visibleAt > now) continue;
    if (active.every((q) => q.test(doc))) out.push(doc);
  }
  return out;
}

/**
 * The first `k` items in `cmp` order. A small page out of many matches (the common "latest
 * run" style query) keeps a sorted window instead of sorting everything.
 */
export function topK<T>(items: T[], k: number, cmp: (a: T, b: T) => number): T[] {
  if (k <= 0) return [];
  if (k > 64 || k * 8 >= items.length) return items.sort(cmp).slice(0, k);
  const window: T[] = [];
  for (const item of items) {
    if (window.length === k && cmp(item, window[k - 1]) >= 0) continue;
    let lo = 0;
    let hi = window.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (cmp(window[mid], item) <= 0) lo = mid + 1;
      else hi = mid;
    }
    window.splice(lo, 0, item);
    if (window.length > k) window.pop();
  }
  return window;
}

function totalHits(count: number, track: boolean | number | undefined): SearchResponse['hits']['total'] {
  if (track === false) return undefined;
  const limit = track === true ? Infinity : (track ?? MAX_RESULT_WINDOW);
  return count > limit ? { value: limit, relation: 'gte' } : { value: count, relation: 'eq' };
}
