/**
 * Atlan's asset search (`POST /api/meta/search/indexsearch`, the metastore family): one page, or
 * every match page after page, read tolerantly. An entity that does not parse is skipped with a
 * reason and never fails its page; `entities` is absent when nothing matched; aggregations are
 * read by name (`termsBuckets`, `topHitSources`).
 *
 * Paging: `from` / `size` while the matches fit Elasticsearch's 10,000-result window; past it, as
 * pyatlan's bulk search, creation time ascending with the guid as tie-breaker, each page asking
 * for what comes after the last entity seen (`__timestamp` greater, or equal with a greater
 * `__guid`: Elasticsearch's search_after as a query, since the answer carries no sort values).
 * Searches are reads: retried as the other searches are.
 */
import type { CallOptions } from './backend';
import { InvalidArgumentError, InvalidResponseError } from './errors';
import { formatPath, type AtlanHttp } from './http';
import {
  assetSearchRequest,
  ASSET_FIELDS,
  bool,
  range,
  sortBy,
  term,
  type AssetQuery,
  type AssetSearchOptions,
  type AssetSearchRequest,
  type AssetSortItem,
} from './assetQueries';
import { assetEntitySchema, assetSearchResponseSchema, termsAggregationSchema, topHitsAggregationSchema, type AssetEntity } from './models';

export const INDEX_SEARCH_PATH = 'search/indexsearch';
/** Elasticsearch's `index.max_result_window`: `from + size` may not pass it. */
export const MAX_RESULT_WINDOW = 10_000;

/** An entity the client could not read, and why (for the log; the page goes on without it). */
export interface SkippedEntity {
  /** Position in the answer's `entities`. */
  index: number;
  guid?: string;
  typeName?: string;
  reason: string;
}

export interface AssetPage {
  entities: AssetEntity[];
  skipped: SkippedEntity[];
  /** `approximateCount`: every match, not just this page. */
  approximateCount?: number;
  /** Elasticsearch's aggregations, by the names the request gave them. */
  aggregations: Record<string, unknown>;
  /** Entities in the answer, skipped ones included (a page shorter than its size is the last). */
  returned: number;
}

/** Parses each entity on its own: the ones that do not fit are skipped with a reason. */
export function readEntities(raw: readonly unknown[]): { entities: AssetEntity[]; skipped: SkippedEntity[] } {
  const entities: AssetEntity[] = [];
  const skipped: SkippedEntity[] = [];
  raw.forEach((item, index) => {
    const parsed = assetEntitySchema.safeParse(item);
    if (parsed.success) {
      entities.push(parsed.data);
      return;
    }
    const issue = parsed.error.issues[0];
    const loose = typeof item === 'object' && item !== null ? (item as Record<string, unknown>) : {};
    skipped.push({
      index,
      ...(typeof loose.guid === 'string' ? { guid: loose.guid } : {}),
      ...(typeof loose.typeName === 'string' ? { typeName: loose.typeName } : {}),
      reason: issue ? `${formatPath(issue.path) || 'the entity'}: ${issue.message.replace(/^Invalid input: /, '')}` : 'not an entity',
    });
  });
  return { entities, skipped };
}

export interface TermsBucket {
  key: string | number | boolean;
  docCount: number;
  /** The bucket's sub-aggregations, by name. */
  sub: Record<string, unknown>;
}

/** The buckets of the `terms` aggregation `name`; undefined when the answer has none of that shape. */
export function termsBuckets(aggregations: Record<string, unknown>, name: string): TermsBucket[] | undefined {
  const parsed = termsAggregationSchema.safeParse(aggregations[name]);
  if (!parsed.success) return undefined;
  return parsed.data.buckets.map(({ key, doc_count, ...sub }) => ({ key, docCount: doc_count, sub }));
}

/** The `_source` of each hit of a `top_hits` aggregation answer; undefined when it is not one. */
export function topHitSources(value: unknown): { id?: string; source: Record<string, unknown> }[] | undefined {
  const parsed = topHitsAggregationSchema.safeParse(value);
  if (!parsed.success) return undefined;
  return parsed.data.hits.hits.map((hit) => ({ ...(hit._id ? { id: hit._id } : {}), source: hit._source ?? {} }));
}

export interface SearchAllOptions extends CallOptions {
  pageSize: number;
  attributes?: readonly string[];
  sort?: readonly AssetSortItem[];
  /** Page by creation time from the start, whatever the count (pyatlan's `bulk=True`). */
  bulk?: boolean;
  /** Stop after this many entities. */
  limit?: number;
}

export class AssetSearch {
  constructor(private readonly http: AtlanHttp) {}

  /** One request. */
  async search(request: AssetSearchRequest, options?: CallOptions): Promise<AssetPage> {
    const answer = await this.http.request({
      method: 'POST',
      api: 'meta',
      path: INDEX_SEARCH_PATH,
      body: request,
      schema: assetSearchResponseSchema,
      // A search changes nothing: retried like the other searches.
      retry: true,
      signal: options?.signal,
    });
    const raw = answer.entities ?? [];
    const { entities, skipped } = readEntities(raw);
    return {
      entities,
      skipped,
      ...(typeof answer.approximateCount === 'number' && answer.approximateCount >= 0 ? { approximateCount: answer.approximateCount } : {}),
      aggregations: answer.aggregations ?? {},
      returned: raw.length,
    };
  }

  /** Every match of `query`, one page per request (see the module comment for how past 10,000). */
  async *searchAll(query: AssetQuery, options: SearchAllOptions): AsyncGenerator<AssetPage, void, undefined> {
    if (!Number.isInteger(options.pageSize) || options.pageSize < 1 || options.pageSize > MAX_RESULT_WINDOW) {
      throw new InvalidArgumentError(this.http.origin, `Page size must be a whole number from 1 to ${MAX_RESULT_WINDOW} (got ${options.pageSize}).`);
    }
    const limit = options.limit ?? Number.POSITIVE_INFINITY;
    const base: Omit<AssetSearchOptions, 'size'> = { attributes: options.attributes ?? [], sort: options.sort ?? [] };
    let seen = 0;
    if (!options.bulk) {
      let from = 0;
      for (;;) {
        const size = Math.min(options.pageSize, MAX_RESULT_WINDOW - from);
        const page = await this.search(assetSearchRequest(query, { ...base, from, size }), options);
        const total = page.approximateCount;
        if (from === 0 && total !== undefined && total > MAX_RESULT_WINDOW) break; // Too many for offsets: start again by creation time.
        yield page;
        seen += page.returned;
        from += page.returned;
        if (page.returned < size || seen >= limit || (total !== undefined && from >= total)) return;
        if (from >= MAX_RESULT_WINDOW) {
          throw new InvalidResponseError({
            origin: this.http.origin,
            method: 'POST',
            path: `/api/meta/${INDEX_SEARCH_PATH}`,
            problem: `more than ${MAX_RESULT_WINDOW} assets matched although the first page counted fewer; search again`,
          });
        }
      }
    }
    yield* this.byCreationTime(query, base, options, limit);
  }

  /** Pages in creation order, each after the last entity of the one before. */
  private async *byCreationTime(query: AssetQuery, base: Omit<AssetSearchOptions, 'size'>, options: SearchAllOptions, limit: number): AsyncGenerator<AssetPage, void, undefined> {
    const own = base.sort ?? [];
    // Only creation time ascending (and the guid tie-breaker) can page this way, as pyatlan's bulk search refuses other sorts.
    const keys = own.filter((s) => !(ASSET_FIELDS.guid in s));
    const creationOrder = keys.length === 0 || (keys.length === 1 && own[0] === keys[0] && keys[0][ASSET_FIELDS.createTime]?.order === 'asc');
    if (!creationOrder) {
      throw new InvalidArgumentError(
        this.http.origin,
        `More than ${MAX_RESULT_WINDOW} assets match: they can only be read in creation order, not sorted by ${own.map((s) => Object.keys(s)[0]).join(', ')}. Narrow the search.`,
      );
    }
    const sort = [sortBy(ASSET_FIELDS.createTime, 'asc'), sortBy(ASSET_FIELDS.guid, 'asc')];
    let after: { time: number; guid: string } | undefined;
    let seen = 0;
    for (;;) {
      const paged = after ? bool({ filter: [query, afterEntity(after)] }) : query;
      const page = await this.search(assetSearchRequest(paged, { ...base, sort, from: 0, size: options.pageSize }), options);
      yield page;
      seen += page.returned;
      if (page.returned < options.pageSize || seen >= limit) return;
      const last = lastKey(page);
      if (!last) {
        throw new InvalidResponseError({
          origin: this.http.origin,
          method: 'POST',
          path: `/api/meta/${INDEX_SEARCH_PATH}`,
          problem: 'the last entity of a page has no createTime or guid, so the next page cannot be asked for',
        });
      }
      after = last;
    }
  }
}

/** Entities after (createTime, guid) in creation order. */
function afterEntity(after: { time: number; guid: string }): AssetQuery {
  return bool({
    should: [range(ASSET_FIELDS.createTime, { gt: after.time }), bool({ filter: [term(ASSET_FIELDS.createTime, after.time), range(ASSET_FIELDS.guid, { gt: after.guid })] })],
    minimumShouldMatch: 1,
  });
}

function lastKey(page: AssetPage): { time: number; guid: string } | undefined {
  const last = page.entities.at(-1);
  if (!last || typeof last.createTime !== 'number') return undefined;
  // A skipped entity after the last parsed one would be asked for again: harmless, it is skipped again.
  return { time: last.createTime, guid: last.guid };
}
