/**
 * Request bodies of Atlan's asset search (`POST /api/meta/search/indexsearch`) as pyatlan's fluent
 * search builds them (`FluentSearch.to_request`): `{"dsl": {from, size, aggregations,
 * track_total_hits, query, sort}, "attributes": [...], ...}`, term clauses as
 * `{field: {value, case_insensitive: false}}`, filters in `bool.filter`, and the sort ending with
 * `__guid` ascending (pyatlan's `DSL.validate_sort` adds it) so that equal keys page stably.
 * Field names are the index's (`__typeName.keyword`, `__state`...), not attribute names where
 * they differ.
 */

export type AssetQuery = Record<string, unknown>;
export type AssetSortItem = Record<string, { order: 'asc' | 'desc'; missing?: '_first' | '_last' }>;
export type AssetAggregation = Record<string, unknown>;

/** The index's names for the fields every asset has (pyatlan's Referenceable / Asset fields). */
export const ASSET_FIELDS = {
  typeName: '__typeName.keyword',
  superTypeNames: '__superTypeNames.keyword',
  guid: '__guid',
  state: '__state',
  /** Epoch ms the asset was created: the bulk search's paging key. */
  createTime: '__timestamp',
  updateTime: '__modificationTimestamp',
  qualifiedName: 'qualifiedName',
  name: 'name.keyword',
  connectionQualifiedName: 'connectionQualifiedName',
} as const;

export interface AssetSearchDsl {
  from: number;
  size: number;
  aggregations: Record<string, AssetAggregation>;
  track_total_hits: boolean;
  query: AssetQuery;
  sort: AssetSortItem[];
}

/** The body of one asset search request. */
export interface AssetSearchRequest {
  dsl: AssetSearchDsl;
  /** Attributes to return on each entity (the answer always has `qualifiedName` and `name`). */
  attributes: string[];
  /** Less to compute and send: no search log, no terms or tags on each entity. */
  suppressLogs: true;
  excludeMeanings: true;
  excludeClassifications: true;
  /** pyatlan keeps the metastore from logging SDK searches (they ran it out of memory). */
  requestMetadata: { saveSearchLog: false };
}

export function term(field: string, value: string | number | boolean): AssetQuery {
  return { term: { [field]: { value, case_insensitive: false } } };
}

export function terms(field: string, values: readonly (string | number)[]): AssetQuery {
  return { terms: { [field]: [...values] } };
}

export function prefix(field: string, value: string): AssetQuery {
  return { prefix: { [field]: { value, case_insensitive: false } } };
}

export function range(field: string, bounds: { gt?: number | string; gte?: number | string; lt?: number | string; lte?: number | string }): AssetQuery {
  return { range: { [field]: bounds } };
}

export function exists(field: string): AssetQuery {
  return { exists: { field } };
}

export function bool(clauses: { filter?: AssetQuery[]; must?: AssetQuery[]; mustNot?: AssetQuery[]; should?: AssetQuery[]; minimumShouldMatch?: number }): AssetQuery {
  return {
    bool: {
      ...(clauses.filter?.length ? { filter: clauses.filter } : {}),
      ...(clauses.must?.length ? { must: clauses.must } : {}),
      ...(clauses.mustNot?.length ? { must_not: clauses.mustNot } : {}),
      ...(clauses.should?.length ? { should: clauses.should, minimum_should_match: clauses.minimumShouldMatch ?? 1 } : {}),
    },
  };
}

/** Active assets of these types: pyatlan's `select()` (active only) with an asset-type filter. */
export function activeOfType(typeNames: string | readonly string[], ...more: AssetQuery[]): AssetQuery {
  const type = typeof typeNames === 'string' ? term(ASSET_FIELDS.typeName, typeNames) : terms(ASSET_FIELDS.typeName, typeNames);
  return bool({ filter: [term(ASSET_FIELDS.state, 'ACTIVE'), type, ...more] });
}

export function sortBy(field: string, order: 'asc' | 'desc', missing?: '_first' | '_last'): AssetSortItem {
  return { [field]: { order, ...(missing ? { missing } : {}) } };
}

/** The sort with `__guid` ascending last, unless it is there already (pyatlan's `validate_sort`). */
export function withGuidTieBreaker(sort: readonly AssetSortItem[]): AssetSortItem[] {
  return sort.some((item) => ASSET_FIELDS.guid in item) ? [...sort] : [...sort, sortBy(ASSET_FIELDS.guid, 'asc')];
}

/** Buckets of the values of `field`, with sub-aggregations (pyatlan's `bucket_by`). */
export function termsAggregation(field: string, size: number, sub?: Record<string, AssetAggregation>): AssetAggregation {
  return { terms: { field, size }, ...(sub ? { aggregations: sub } : {}) };
}

/** The first `size` documents of a bucket in `sort` order, with only `includes` of their source. */
export function topHitsAggregation(size: number, sort: readonly AssetSortItem[], includes: readonly string[]): AssetAggregation {
  return { top_hits: { size, sort: [...sort], _source: { includes: [...includes] } } };
}

export interface AssetSearchOptions {
  from?: number;
  size: number;
  sort?: readonly AssetSortItem[];
  attributes?: readonly string[];
  aggregations?: Record<string, AssetAggregation>;
  /** Count every match (`approximateCount`); default true, as pyatlan. */
  trackTotalHits?: boolean;
}

/** One asset search request, key order as pyatlan sends it. */
export function assetSearchRequest(query: AssetQuery, options: AssetSearchOptions): AssetSearchRequest {
  return {
    dsl: {
      from: options.from ?? 0,
      size: options.size,
      aggregations: { ...(options.aggregations ?? {}) },
      track_total_hits: options.trackTotalHits ?? true,
      query,
      sort: withGuidTieBreaker(options.sort ?? []),
    },
    attributes: [...(options.attributes ?? [])],
    suppressLogs: true,
    excludeMeanings: true,
    excludeClassifications: true,
    requestMetadata: { saveSearchLog: false },
  };
}
