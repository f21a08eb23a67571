/**
 * `POST /api/meta/search/indexsearch`: Atlan's asset search. The body is pyatlan's
 * IndexSearchRequest (`dsl` plus what to return for each entity); the `dsl` is Elasticsearch
 * query DSL over the asset index, evaluated by `search/`. The answer is the metastore's envelope:
 * `queryType`, `searchParameters` (the request echoed, with the DSL as a string in `query`),
 * `approximateCount`, `entities` (absent when nothing matched) and `aggregations` (when asked).
 */
import * as z from 'zod';
import { QueryError } from '../search/queryError';
import { executeSearch } from '../search/search';
import { assetOf, type AssetIndex } from './assetIndex';

const flag = z.boolean().nullish();

/** pyatlan's IndexSearchRequest fields (aliases as sent); a key outside them is a 400 naming it. */
const IndexSearchBody = z
  .object({
    dsl: z.record(z.string(), z.unknown(), { error: 'dsl: required, an object (Elasticsearch query DSL)' }),
    attributes: z.array(z.string()).nullish(),
    relationAttributes: z.array(z.string()).nullish(),
    suppressLogs: flag,
    showSearchScore: flag,
    excludeMeanings: flag,
    excludeClassifications: flag,
    includeClassificationNames: flag,
    allowDeletedRelations: flag,
    includeRelationshipAttributes: flag,
    include_relationship_attributes: flag,
    enableFullRestriction: flag,
    persona: z.string().nullish(),
    purpose: z.string().nullish(),
    requestMetadata: z.object({ saveSearchLog: flag, utmTags: z.array(z.string()).nullish(), searchInput: z.string().nullish() }).nullish(),
    from: z.number().int().min(0).nullish(),
    size: z.number().int().min(0).nullish(),
  })
  .strict();

/** Attributes every entity carries in an answer, whatever was asked. */
const ALWAYS_RETURNED = ['qualifiedName', 'name'];

export interface IndexSearchOptions {
  now: number;
  /** Types the tenant does not catalogue (their assets are invisible to the search). */
  hiddenTypes?: readonly string[];
}

export function indexSearch(assets: AssetIndex, body: unknown, options: IndexSearchOptions): Record<string, unknown> {
  const parsed = IndexSearchBody.safeParse(body ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.length ? issue.path.join('.') : 'request';
    const what = issue?.code === 'unrecognized_keys' ? `unsupported search parameter(s) ${issue.keys.join(', ')}` : issue?.message;
    throw new QueryError(`${where}: ${what ?? 'invalid search request'}`);
  }
  const request = parsed.data;
  const result = executeSearch(assets.search, withHiddenTypes(request.dsl, options.hiddenTypes ?? []), options.now);
  const wanted = new Set([...ALWAYS_RETURNED, ...(request.attributes ?? [])]);
  const entities = result.hits.hits.map((hit) => {
    const asset = assetOf(assets.search.get(hit._id)?.source ?? hit._source ?? {});
    const attributes = Object.fromEntries(Object.entries(asset.attributes).filter(([key]) => wanted.has(key)));
    const display = asset.attributes['name'] ?? asset.attributes['qualifiedName'];
    return {
      typeName: asset.typeName,
      attributes,
      guid: asset.guid,
      status: asset.status,
      ...(typeof display === 'string' ? { displayText: display } : {}),
      classificationNames: [],
      meaningNames: [],
      meanings: [],
      isIncomplete: false,
      labels: [],
      createdBy: asset.createdBy,
      updatedBy: asset.updatedBy,
      createTime: asset.createTime,
      updateTime: asset.updateTime,
    };
  });
  const { dsl, ...rest } = request;
  return {
    queryType: 'INDEX',
    searchParameters: { ...rest, dsl, query: JSON.stringify(dsl) },
    // The metastore reports -1 when the request did not track the total.
    approximateCount: result.hits.total?.value ?? -1,
    ...(entities.length > 0 ? { entities } : {}),
    ...(result.aggregations ? { aggregations: result.aggregations } : {}),
  };
}

/** The DSL with its query (and so its aggregations) unable to see assets of the hidden types. */
function withHiddenTypes(dsl: Record<string, unknown>, hidden: readonly string[]): Record<string, unknown> {
  if (hidden.length === 0) return dsl;
  const exclude = { terms: { '__typeName.keyword': [...hidden] } };
  const query = dsl['query'] === undefined || dsl['query'] === null ? { bool: { must_not: [exclude] } } : { bool: { filter: [dsl['query']], must_not: [exclude] } };
  return { ...dsl, query };
}
