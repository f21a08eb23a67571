/**
 * What a successful crawl publishes into the catalog: the database, its schemas, tables, views,
 * materialised views and columns as Connection-scoped assets (pyatlan's `Database`, `Schema`,
 * `Table`, `View`, `MaterialisedView`, `Column`), qualified names as Atlan lays them out
 * (`<connection>/<db>/<schema>/<table>/<column>`), with the counts the crawler fills in.
 *
 * A rerun publishes a diff, as Atlan's publish step does: an asset whose attributes did not change
 * keeps its update time; a changed one is updated in place; one the crawl no longer found is
 * archived (status DELETED, kept in the index, as Atlas soft-deletes); one that comes back is
 * restored (same guid and create time). Assets are visible at once: the run reports Succeeded
 * only after its publish step has written them.
 */
import * as z from 'zod';
import type { CrawledObjects, CrawledRelation } from '../crawlerPort';
import type { AssetIndex, AssetRecord } from './assetIndex';
import { stableGuid } from './stableGuid';

export const CRAWLED_TYPES: readonly string[] = ['Database', 'Schema', 'Table', 'View', 'MaterialisedView', 'Column'];

/** Who Atlan's crawler publishes as (its assets' createdBy / updatedBy). */
export const CRAWLER_USER = 'service-account-atlan-argo';

export interface CrawledConnection {
  /** `default/postgres/<epoch>`. */
  qualifiedName: string;
  name?: string;
}

export interface PublishOutcome {
  created: number;
  updated: number;
  archived: number;
  unchanged: number;
}

/** A connection's qualified name alone, as old UI-made crawlers hold it in their `connection` parameter. */
const PLAIN_QUALIFIED_NAME = /^default\/postgres\/\d+$/;

/**
 * `{typeName, attributes: {qualifiedName, name}}`, as an object or its JSON text; or the qualified
 * name alone (old UI-made crawlers), whose crawls Atlan publishes under it all the same.
 */
export function connectionOfAsset(value: unknown): CrawledConnection | undefined {
  let parsed: unknown = value;
  if (typeof value === 'string') {
    if (PLAIN_QUALIFIED_NAME.test(value.trim())) return { qualifiedName: value.trim() };
    try {
      parsed = JSON.parse(value);
    } catch {
      return undefined;
    }
  }
  const attributes = (parsed as { attributes?: { qualifiedName?: unknown; name?: unknown } } | null)?.attributes;
  const qualifiedName = attributes?.qualifiedName;
  if (typeof qualifiedName !== 'string' || qualifiedName === '') return undefined;
  return { qualifiedName, ...(typeof attributes?.name === 'string' ? { name: attributes.name } : {}) };
}

/** `POST /_sandbox/catalog`: a synthetic crawl of any size, published as a real one is (benches, demos). */
export const SyntheticCatalogRequest = z
  .object({
    connectionQualifiedName: z.string().regex(/^default\/postgres\/\d+$/, 'must look like default/postgres/<epoch seconds>'),
    connectionName: z.string().min(1).optional(),
    database: z.string().min(1).default('warehouse'),
    schemas: z.number().int().min(0).max(10_000),
    tablesPerSchema: z.number().int().min(0).max(100_000),
    columnsPerTable: z.number().int().min(0).max(1_000).default(0),
  })
  .strict();

/** What a crawl of `schema_0001.table_00001`-style names would have found. */
export function syntheticCrawl(request: z.output<typeof SyntheticCatalogRequest>): CrawledObjects {
  const pad = (n: number, width: number): string => String(n).padStart(width, '0');
  const schemas = Array.from({ length: request.schemas }, (_, i) => `schema_${pad(i + 1, 4)}`);
  const columns = Array.from({ length: request.columnsPerTable }, (_, i) => ({ name: `column_${pad(i + 1, 3)}`, dataType: 'text' }));
  return {
    database: request.database,
    schemas,
    relations: schemas.flatMap((schema) =>
      Array.from({ length: request.tablesPerSchema }, (_, i): CrawledRelation => ({ schema, name: `table_${pad(i + 1, 5)}`, kind: 'table', rowCount: i, columns })),
    ),
  };
}

interface Wanted {
  typeName: string;
  attributes: Record<string, unknown>;
}

function relationType(relation: CrawledRelation): string {
  if (relation.kind === 'table') return 'Table';
  return relation.materialized ? 'MaterialisedView' : 'View';
}

/** The assets a crawl's findings stand for, keyed by guid. */
export function assetsOfCrawl(connection: CrawledConnection, found: CrawledObjects): Map<string, Wanted> {
  const wanted = new Map<string, Wanted>();
  const db = found.database;
  if (db === undefined) return wanted;
  const common = {
    connectionQualifiedName: connection.qualifiedName,
    connectorName: 'postgres',
    ...(connection.name ? { connectionName: connection.name } : {}),
  };
  const add = (typeName: string, attributes: Record<string, unknown>): void => {
    wanted.set(stableGuid(`${typeName}:${String(attributes['qualifiedName'])}`), { typeName, attributes: { ...common, ...attributes } });
  };
  const dbQn = `${connection.qualifiedName}/${db}`;
  add('Database', { qualifiedName: dbQn, name: db, schemaCount: found.schemas.length });
  for (const schema of found.schemas) {
    const inSchema = found.relations.filter((r) => r.schema === schema);
    add('Schema', {
      qualifiedName: `${dbQn}/${schema}`,
      name: schema,
      databaseName: db,
      databaseQualifiedName: dbQn,
      tableCount: inSchema.filter((r) => r.kind === 'table').length,
      viewsCount: inSchema.filter((r) => r.kind === 'view').length,
    });
  }
  const schemas = new Set(found.schemas);
  for (const relation of found.relations) {
    if (!schemas.has(relation.schema)) continue;
    const typeName = relationType(relation);
    const schemaQn = `${dbQn}/${relation.schema}`;
    const qualifiedName = `${schemaQn}/${relation.name}`;
    const place = { databaseName: db, databaseQualifiedName: dbQn, schemaName: relation.schema, schemaQualifiedName: schemaQn };
    add(typeName, {
      qualifiedName,
      name: relation.name,
      ...place,
      ...(relation.columns ? { columnCount: relation.columns.length } : {}),
      ...(relation.rowCount !== undefined ? { rowCount: relation.rowCount } : {}),
    });
    const parent = typeName === 'Table' ? { tableName: relation.name, tableQualifiedName: qualifiedName } : { viewName: relation.name, viewQualifiedName: qualifiedName };
    (relation.columns ?? []).forEach((column, index) => {
      add('Column', { qualifiedName: `${qualifiedName}/${column.name}`, name: column.name, ...place, ...parent, order: index + 1, dataType: column.dataType });
    });
  }
  return wanted;
}

function sameAttributes(a: Record<string, unknown>, b: Record<string, unknown>): boolean {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  for (const key of keys) if (JSON.stringify(a[key]) !== JSON.stringify(b[key])) return false;
  return true;
}

/** The Connection asset of a connection: what Atlan's `find_connections_by_name` finds. */
export function connectionAsset(connection: { qualifiedName: string; name: string }): Wanted {
  return { typeName: 'Connection', attributes: { qualifiedName: connection.qualifiedName, name: connection.name, connectorName: 'postgres', category: 'database' } };
}

export class CrawlCatalog {
  constructor(private readonly deps: { assets: AssetIndex; now: () => number }) {}

  /**
   * Catalogues (or renames) the Connection asset of a connection; never archived by a crawl, and
   * not counted in a publish's outcome (the crawl's findings are).
   */
  catalogConnection(connection: { qualifiedName: string; name: string }): void {
    const guid = stableGuid(`Connection:${connection.qualifiedName}`);
    this.upsert(guid, connectionAsset(connection), this.deps.now());
  }

  /**
   * Writes the asset `guid` as wanted, keeping its guid and create time; leaves it alone when it
   * is active with the same attributes. Says what it did.
   */
  private upsert(guid: string, want: Wanted, now: number): 'created' | 'updated' | 'unchanged' {
    const existing = this.deps.assets.get(guid);
    if (existing && existing.status === 'ACTIVE' && sameAttributes(existing.attributes, want.attributes)) return 'unchanged';
    const asset: AssetRecord = {
      typeName: want.typeName,
      guid,
      status: 'ACTIVE',
      attributes: want.attributes,
      createTime: existing?.createTime ?? now,
      updateTime: now,
      createdBy: existing?.createdBy ?? CRAWLER_USER,
      updatedBy: CRAWLER_USER,
    };
    this.deps.assets.put(asset, now);
    return existing ? 'updated' : 'created';
  }

  /** Publishes what a crawl of `connection` found; archives that connection's assets it did not find. */
  publish(connection: CrawledConnection, found: CrawledObjects): PublishOutcome {
    const { assets } = this.deps;
    const now = this.deps.now();
    const outcome: PublishOutcome = { created: 0, updated: 0, archived: 0, unchanged: 0 };
    // The crawl's first step upserts the connection from its parameter, as Atlan's package does.
    if (connection.name !== undefined) this.catalogConnection({ qualifiedName: connection.qualifiedName, name: connection.name });
    const wanted = assetsOfCrawl(connection, found);
    for (const [guid, want] of wanted) outcome[this.upsert(guid, want, now)]++;
    // A copy: archiving re-indexes the documents the lookup's set holds.
    for (const doc of [...(assets.search.lookup('connectionQualifiedName', [connection.qualifiedName]) ?? [])]) {
      const asset = assets.get(doc.id);
      if (!asset || asset.status !== 'ACTIVE' || !CRAWLED_TYPES.includes(asset.typeName) || wanted.has(asset.guid)) continue;
      assets.put({ ...asset, status: 'DELETED', updateTime: now, updatedBy: CRAWLER_USER }, now);
      outcome.archived++;
    }
    return outcome;
  }
}
