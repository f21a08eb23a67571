/**
 * What a crawl produced, as Atlan's catalog holds it: the Connection-scoped `Database`, `Schema`,
 * `Table`, `View`, `MaterialisedView` and `Column` assets of one connection, read with the asset
 * search (pyatlan's fluent search shapes, `assetQueries.ts`). Every read is one request, whatever
 * the size of the connection:
 *
 * - counts by type: `size` 0 and a `terms` aggregation on `__typeName.keyword` (pyatlan's
 *   `Asset.TYPE_NAME.bucket_by`), active assets of the connection only;
 * - a page of children (the databases of the connection, the schemas of a database, the tables and
 *   views of a schema): `from` / `size`, sorted by name, the attributes the views show;
 * - what a run changed: assets created in the run's window (still active) and assets archived in
 *   it (`__state` DELETED, updated in the window), schemas and tables / views only, at most a few
 *   names with the count of the rest.
 *
 * Items are read one by one: an entity without a name or qualified name, or with a count that is
 * not a number, is left out with a reason and never hides the rest.
 */
import * as z from 'zod';
import type { CallOptions } from './backend';
import type { AssetSearch } from './assetSearch';
import { activeOfType, assetSearchRequest, ASSET_FIELDS, bool, range, sortBy, term, terms, termsAggregation, type AssetQuery } from './assetQueries';
import type { AssetEntity } from './models';
import { formatPath } from './http';

/** What a Postgres crawl catalogues, in the order views list them. */
export const CATALOG_TYPES = ['Database', 'Schema', 'Table', 'View', 'MaterialisedView', 'Column'] as const;
export type CatalogType = (typeof CATALOG_TYPES)[number];
/** Tables and views: the children of a schema. */
export const RELATION_TYPES: readonly CatalogType[] = ['Table', 'View', 'MaterialisedView'];

/** Index field (= attribute) names of the crawled assets (pyatlan's SQL asset fields). */
export const CATALOG_FIELDS = {
  databaseQualifiedName: 'databaseQualifiedName',
  schemaQualifiedName: 'schemaQualifiedName',
  databaseName: 'databaseName',
  schemaName: 'schemaName',
  schemaCount: 'schemaCount',
  tableCount: 'tableCount',
  viewsCount: 'viewsCount',
  columnCount: 'columnCount',
  rowCount: 'rowCount',
} as const;

const ITEM_ATTRIBUTES: readonly string[] = Object.values(CATALOG_FIELDS);

/** The largest page of children asked for at once. */
export const MAX_CHILDREN_PAGE = 1_000;

export interface CatalogCounts {
  /** Active assets of the connection, by type; types it has none of are absent. */
  byType: Partial<Record<CatalogType, number>>;
  /** Every active crawled asset of the connection (0: not crawled yet, or crawled into nothing). */
  total: number;
}

/** A database, schema, table or view of the catalog. */
export interface CatalogItem {
  typeName: CatalogType;
  guid: string;
  name: string;
  qualifiedName: string;
  databaseName?: string;
  schemaName?: string;
  schemaCount?: number;
  tableCount?: number;
  viewsCount?: number;
  columnCount?: number;
  rowCount?: number;
  /** Epoch ms. */
  createTime?: number;
  updateTime?: number;
}

/** Whose children: the connection's databases, a database's schemas, a schema's tables and views. */
export type CatalogParent = { kind: 'connection'; qualifiedName: string } | { kind: 'database'; qualifiedName: string } | { kind: 'schema'; qualifiedName: string };

export interface CatalogPage {
  items: CatalogItem[];
  /** Why entities were left out (position, type, field; never values). */
  unread: string[];
  /** Every child, not just this page (when the tenant counted them). */
  total?: number;
  /** Where the next page starts; absent on the last. */
  nextFrom?: number;
}

export interface ChangeList {
  /** The first few, by qualified name (a schema before its tables). */
  items: CatalogItem[];
  /** Every one (items.length when the tenant did not count). */
  total: number;
}

export interface CatalogChanges {
  added: ChangeList;
  removed: ChangeList;
  unread: string[];
}

/** Epoch ms bounds of a run's changes: from its start to a little after its end (index time stamps trail). */
export interface ChangeWindow {
  since: number;
  until?: number;
}

const optionalCount = z.number().finite().nonnegative().optional();
const optionalName = z.string().optional();
const itemAttributesSchema = z.looseObject({
  name: z.string().min(1),
  qualifiedName: z.string().min(1),
  databaseName: optionalName,
  schemaName: optionalName,
  schemaCount: optionalCount,
  tableCount: optionalCount,
  viewsCount: optionalCount,
  columnCount: optionalCount,
  rowCount: optionalCount,
});

const CATALOG_TYPE_SET: ReadonlySet<string> = new Set(CATALOG_TYPES);

function isCatalogType(value: string): value is CatalogType {
  return CATALOG_TYPE_SET.has(value);
}

/** Null attributes read as absent (the metastore sends null for attributes never set). */
function withoutNulls(attributes: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(attributes).filter(([, v]) => v !== null));
}

/** One entity as a catalog item, or why it cannot be one. */
export function readCatalogItem(entity: AssetEntity, position: number): CatalogItem | { reason: string } {
  const label = `asset ${position + 1} (${entity.typeName}${entity.guid ? ` ${entity.guid}` : ''})`;
  if (!isCatalogType(entity.typeName)) return { reason: `${label}: not a Database, Schema, Table, View, MaterialisedView or Column` };
  const parsed = itemAttributesSchema.safeParse(withoutNulls(entity.attributes ?? {}));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { reason: `${label}: ${issue ? `attributes.${formatPath(issue.path)}: ${issue.message.replace(/^Invalid input: /, '')}` : 'unreadable attributes'}` };
  }
  const a = parsed.data;
  return {
    typeName: entity.typeName,
    guid: entity.guid,
    name: a.name,
    qualifiedName: a.qualifiedName,
    ...(a.databaseName !== undefined ? { databaseName: a.databaseName } : {}),
    ...(a.schemaName !== undefined ? { schemaName: a.schemaName } : {}),
    ...(a.schemaCount !== undefined ? { schemaCount: a.schemaCount } : {}),
    ...(a.tableCount !== undefined ? { tableCount: a.tableCount } : {}),
    ...(a.viewsCount !== undefined ? { viewsCount: a.viewsCount } : {}),
    ...(a.columnCount !== undefined ? { columnCount: a.columnCount } : {}),
    ...(a.rowCount !== undefined ? { rowCount: a.rowCount } : {}),
    ...(typeof entity.createTime === 'number' ? { createTime: entity.createTime } : {}),
    ...(typeof entity.updateTime === 'number' ? { updateTime: entity.updateTime } : {}),
  };
}

function readItems(entities: readonly AssetEntity[], skipped: readonly { index: number; typeName?: string; reason: string }[]): { items: CatalogItem[]; unread: string[] } {
  const items: CatalogItem[] = [];
  const unread = skipped.map((s) => `asset ${s.index + 1}${s.typeName ? ` (${s.typeName})` : ''}: ${s.reason}`);
  entities.forEach((entity, i) => {
    const read = readCatalogItem(entity, i);
    if ('reason' in read) unread.push(read.reason);
    else items.push(read);
  });
  return { items, unread };
}

/** The active assets of `types` in the connection (the counts' and children's base query). */
export function ofConnection(connectionQualifiedName: string, types: readonly string[], ...more: AssetQuery[]): AssetQuery {
  return activeOfType(types, term(ASSET_FIELDS.connectionQualifiedName, connectionQualifiedName), ...more);
}

/** One request: counts by type of a connection's crawled assets. */
export function countsRequest(connectionQualifiedName: string): ReturnType<typeof assetSearchRequest> {
  return assetSearchRequest(ofConnection(connectionQualifiedName, CATALOG_TYPES), {
    size: 0,
    aggregations: { types: termsAggregation(ASSET_FIELDS.typeName, CATALOG_TYPES.length) },
  });
}

/** One request: a page of `parent`'s children, by name. */
export function childrenRequest(parent: CatalogParent, from: number, size: number): ReturnType<typeof assetSearchRequest> {
  const connection = connectionOfQualifiedName(parent.qualifiedName);
  const query =
    parent.kind === 'connection'
      ? ofConnection(parent.qualifiedName, ['Database'])
      : parent.kind === 'database'
        ? ofConnection(connection, ['Schema'], term(CATALOG_FIELDS.databaseQualifiedName, parent.qualifiedName))
        : ofConnection(connection, RELATION_TYPES, term(CATALOG_FIELDS.schemaQualifiedName, parent.qualifiedName));
  return assetSearchRequest(query, { from, size, sort: [sortBy(ASSET_FIELDS.name, 'asc')], attributes: ITEM_ATTRIBUTES });
}

/** The connection part (`default/postgres/<epoch>`) of a crawled asset's qualified name. */
export function connectionOfQualifiedName(qualifiedName: string): string {
  return qualifiedName.split('/').slice(0, 3).join('/');
}

const CHANGED_TYPES: readonly CatalogType[] = ['Schema', ...RELATION_TYPES];

/** One request each: schemas, tables and views created (still active) or archived within `window`. */
export function changesRequests(connectionQualifiedName: string, window: ChangeWindow, limit: number): { added: ReturnType<typeof assetSearchRequest>; removed: ReturnType<typeof assetSearchRequest> } {
  const within = { gte: window.since, ...(window.until !== undefined ? { lte: window.until } : {}) };
  const connection = term(ASSET_FIELDS.connectionQualifiedName, connectionQualifiedName);
  const types = terms(ASSET_FIELDS.typeName, CHANGED_TYPES);
  // By qualified name: a schema, then its tables.
  const options = { size: limit, sort: [sortBy(ASSET_FIELDS.qualifiedName, 'asc')], attributes: ITEM_ATTRIBUTES };
  return {
    added: assetSearchRequest(bool({ filter: [term(ASSET_FIELDS.state, 'ACTIVE'), types, connection, range(ASSET_FIELDS.createTime, within)] }), options),
    removed: assetSearchRequest(bool({ filter: [term(ASSET_FIELDS.state, 'DELETED'), types, connection, range(ASSET_FIELDS.updateTime, within)] }), options),
  };
}

/** How long after a run's end its assets' time stamps may still fall (publish, index refresh). */
export const CHANGE_WINDOW_GRACE_MS = 60_000;

/**
 * The window of a run's changes (what it changed since the previous run): from its start to a
 * little after its end, never into the next run (`nextStartedAt`); undefined without a start time.
 */
export function changeWindowOfRun(run: { startedAt?: string; finishedAt?: string }, nextStartedAt?: string): ChangeWindow | undefined {
  const since = run.startedAt ? Date.parse(run.startedAt) : NaN;
  if (!Number.isFinite(since)) return undefined;
  const end = run.finishedAt ? Date.parse(run.finishedAt) : NaN;
  const next = nextStartedAt ? Date.parse(nextStartedAt) : NaN;
  // Run times are whole seconds, rounded down: nothing the run wrote is older than its start stamp.
  const bounds = [Number.isFinite(end) ? end + CHANGE_WINDOW_GRACE_MS : NaN, Number.isFinite(next) ? next - 1 : NaN].filter(Number.isFinite);
  return { since, ...(bounds.length > 0 ? { until: Math.max(since, Math.min(...bounds)) } : {}) };
}

export class CatalogAssets {
  constructor(private readonly search: AssetSearch) {}

  /** Counts by type of the connection's active crawled assets: one request. */
  async counts(connectionQualifiedName: string, options?: CallOptions): Promise<CatalogCounts> {
    const page = await this.search.search(countsRequest(connectionQualifiedName), options);
    const byType: Partial<Record<CatalogType, number>> = {};
    let total = 0;
    const buckets = termsBucketsOf(page.aggregations);
    for (const bucket of buckets) {
      if (typeof bucket.key !== 'string' || !isCatalogType(bucket.key) || !Number.isFinite(bucket.docCount)) continue;
      byType[bucket.key] = bucket.docCount;
      total += bucket.docCount;
    }
    // A tenant that answers without the aggregation still says how many matched.
    if (buckets.length === 0 && page.approximateCount !== undefined) total = page.approximateCount;
    return { byType, total };
  }

  /** One page of `parent`'s children, sorted by name: one request. */
  async children(parent: CatalogParent, page: { from?: number; size: number }, options?: CallOptions): Promise<CatalogPage> {
    const from = page.from ?? 0;
    const size = Math.max(1, Math.min(page.size, MAX_CHILDREN_PAGE));
    const answer = await this.search.search(childrenRequest(parent, from, size), options);
    const { items, unread } = readItems(answer.entities, answer.skipped);
    const next = from + answer.returned;
    const more = answer.approximateCount !== undefined ? next < answer.approximateCount : answer.returned >= size;
    return { items, unread, ...(answer.approximateCount !== undefined ? { total: answer.approximateCount } : {}), ...(more && answer.returned > 0 ? { nextFrom: next } : {}) };
  }

  /** Schemas, tables and views a run created or archived (two requests), at most `limit` names each. */
  async changes(connectionQualifiedName: string, window: ChangeWindow, limit = 5, options?: CallOptions): Promise<CatalogChanges> {
    const requests = changesRequests(connectionQualifiedName, window, limit);
    const [added, removed] = await Promise.all([this.search.search(requests.added, options), this.search.search(requests.removed, options)]);
    const a = readItems(added.entities, added.skipped);
    const r = readItems(removed.entities, removed.skipped);
    return {
      added: { items: a.items, total: Math.max(added.approximateCount ?? 0, a.items.length) },
      removed: { items: r.items, total: Math.max(removed.approximateCount ?? 0, r.items.length) },
      unread: [...a.unread, ...r.unread],
    };
  }
}

function termsBucketsOf(aggregations: Record<string, unknown>): { key: unknown; docCount: number }[] {
  const parsed = z.looseObject({ buckets: z.array(z.unknown()) }).safeParse(aggregations['types']);
  if (!parsed.success) return [];
  // Bucket by bucket: one odd bucket does not hide the others' counts.
  const out: { key: unknown; docCount: number }[] = [];
  for (const bucket of parsed.data.buckets) {
    const b = z.looseObject({ key: z.unknown(), doc_count: z.number() }).safeParse(bucket);
    if (b.success) out.push({ key: b.data.key, docCount: b.data.doc_count });
  }
  return out;
}
