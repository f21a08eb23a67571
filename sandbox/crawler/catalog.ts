/**
 * What a crawl reads: the connected database, its schemas (information_schema.schemata: those
 * the crawling role owns or holds a privilege on, as Atlan's SQL apps read them), tables with
 * partitions and foreign tables, views with materialized views, their columns, and functions,
 * all filtered inside Postgres so regex matching is Postgres' own (POSIX, case-sensitive).
 */
import type { Client } from 'pg';
import { DatabaseError } from 'pg';
import * as z from 'zod';
import type { CompiledFilters } from './filters';
import { CrawlError } from './connection';
import { compileExcludeRegex } from './javaPattern';

export interface CatalogCounts {
  databases: number;
  schemas: number;
  tables: number;
  views: number;
  columns: number;
  functions: number;
}

/** A table or view the crawl catalogued, with what the catalog's asset carries. */
export interface CrawledRelation {
  schema: string;
  name: string;
  kind: 'table' | 'view';
  /** A materialized view (kind 'view'): Atlan's MaterialisedView. */
  materialized?: boolean;
  /** Live rows as Postgres' statistics know them (tables and materialized views). */
  rowCount?: number;
  /** Columns in order; absent from test doubles that do not read them. */
  columns?: { name: string; dataType: string }[];
}

/** What a crawl found, table by table, for the admin API (GET /_sandbox/crawls) and the catalog. */
export interface CrawledObjects {
  database: string | undefined;
  schemas: string[];
  relations: CrawledRelation[];
}

// $1 include schemas, $2 exclude schemas, $3 include databases, $4 exclude databases.
const SCOPED_SCHEMAS_SQL = `
WITH target AS (
  SELECT current_database() AS name
  WHERE current_database() ~ $3 AND current_database() !~ $4
)
SELECT n.oid::text AS oid, s.schema_name::text AS name
FROM information_schema.schemata s
JOIN pg_catalog.pg_namespace n ON n.nspname = s.schema_name
JOIN target t ON t.name = s.catalog_name
WHERE s.schema_name NOT LIKE 'pg\\_%' AND s.schema_name <> 'information_schema'
  AND (t.name || '.' || s.schema_name) ~ $1
  AND (t.name || '.' || s.schema_name) !~ $2
ORDER BY 2`;

// $1 the scoped schemas' oids. Rows: the statistics' live rows, else the planner's estimate (-1: never analysed).
const RELATIONS_SQL = `
SELECT c.oid::text AS oid, n.nspname::text AS schema, c.relname::text AS name, c.relkind::text AS relkind,
  GREATEST(COALESCE(st.n_live_tup, 0), c.reltuples::bigint, 0) AS rows
FROM pg_catalog.pg_class c
JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
LEFT JOIN pg_catalog.pg_stat_all_tables st ON st.relid = c.oid
WHERE c.relnamespace = ANY($1::oid[]) AND c.relkind IN ('r', 'p', 'f', 'v', 'm')
ORDER BY 2, 3`;

// $1 the crawled relations' oids: their columns in order, as the catalog's Column assets.
const COLUMNS_SQL = `
SELECT a.attrelid::text AS oid, a.attname::text AS name, pg_catalog.format_type(a.atttypid, a.atttypmod) AS type
FROM pg_catalog.pg_attribute a
WHERE a.attrelid = ANY($1::oid[]) AND a.attnum > 0 AND NOT a.attisdropped
ORDER BY a.attrelid, a.attnum`;

// $1 the scoped schemas' oids, $2 the crawled relations' oids, $3 include databases, $4 exclude databases.
const DETAIL_COUNTS_SQL = `
SELECT
  CASE WHEN current_database() ~ $3 AND current_database() !~ $4 THEN current_database() END AS database,
  (SELECT count(*) FROM pg_catalog.pg_attribute a
     WHERE a.attrelid = ANY($2::oid[]) AND a.attnum > 0 AND NOT a.attisdropped) AS columns,
  (SELECT count(*) FROM pg_catalog.pg_proc p
     WHERE p.pronamespace = ANY($1::oid[]) AND p.prokind = 'f') AS functions
`;

const schemaRowsSchema = z.array(z.object({ oid: z.string(), name: z.string() }));
// count(*) is bigint, which pg returns as a string.
const countSchema = z.coerce.number().int().nonnegative();
const relationRowsSchema = z.array(z.object({ oid: z.string(), schema: z.string(), name: z.string(), relkind: z.string(), rows: countSchema }));
const columnRowsSchema = z.array(z.object({ oid: z.string(), name: z.string(), type: z.string() }));

const detailRowSchema = z.object({ database: z.string().nullable(), columns: countSchema, functions: countSchema });

/** Checks each regex on its own first, so a bad one is named instead of failing the whole query. */
async function assertValidRegexes(client: Client, filters: CompiledFilters): Promise<void> {
  const candidates: [string, string | undefined][] = [
    ['include filter', filters.includeSchemas],
    ['exclude filter', filters.excludeSchemas],
    ['include filter', filters.includeDatabases],
    ['exclude filter', filters.excludeDatabases],
  ];
  for (const [label, regex] of candidates) {
    if (regex === undefined) continue;
    try {
      await client.query('SELECT \'\' ~ $1', [regex]);
    } catch (err) {
      if (err instanceof DatabaseError && err.code === '2201B') {
        throw new CrawlError(`the ${label} is not a valid regular expression (${err.message}): ${regex}`);
      }
      throw err;
    }
  }
}

/**
 * Counts what the crawl catalogues and lists its schemas, tables and views. Schemas are filtered
 * inside Postgres (POSIX regexes on `database.schema`); the exclude regex is Java's, so it is
 * matched here on each name (find(), as the crawler applies it).
 */
export async function crawlCatalog(client: Client, filters: CompiledFilters): Promise<{ counts: CatalogCounts; found: CrawledObjects }> {
  await assertValidRegexes(client, filters);
  const excludeRelations = filters.excludeRelations === undefined ? undefined : compileExcludeRegex(filters.excludeRelations);
  const schemas = schemaRowsSchema.parse(
    (await client.query(SCOPED_SCHEMAS_SQL, [filters.includeSchemas, filters.excludeSchemas, filters.includeDatabases, filters.excludeDatabases])).rows,
  );
  const schemaOids = schemas.map((row) => row.oid);
  const relations = relationRowsSchema
    .parse((await client.query(RELATIONS_SQL, [schemaOids])).rows)
    .filter((row) => !(excludeRelations?.test(row.name) ?? false));
  const relationOids = relations.map((r) => r.oid);
  const detail = detailRowSchema.safeParse((await client.query(DETAIL_COUNTS_SQL, [schemaOids, relationOids, filters.includeDatabases, filters.excludeDatabases])).rows[0]);
  if (!detail.success) throw new CrawlError('the catalog query returned an unexpected row');
  const columnsOf = new Map<string, { name: string; dataType: string }[]>();
  for (const row of columnRowsSchema.parse((await client.query(COLUMNS_SQL, [relationOids])).rows)) {
    const list = columnsOf.get(row.oid) ?? [];
    list.push({ name: row.name, dataType: row.type });
    columnsOf.set(row.oid, list);
  }
  const isView = (relkind: string): boolean => relkind === 'v' || relkind === 'm';
  const views = relations.filter((r) => isView(r.relkind)).length;
  return {
    counts: {
      databases: detail.data.database === null ? 0 : 1,
      schemas: schemas.length,
      tables: relations.length - views,
      views,
      columns: detail.data.columns,
      functions: detail.data.functions,
    },
    found: {
      database: detail.data.database ?? undefined,
      schemas: schemas.map((row) => row.name),
      relations: relations.map((r) => ({
        schema: r.schema,
        name: r.name,
        kind: isView(r.relkind) ? 'view' : 'table',
        ...(r.relkind === 'm' ? { materialized: true } : {}),
        ...(r.relkind === 'v' ? {} : { rowCount: r.rows }),
        columns: columnsOf.get(r.oid) ?? [],
      })),
    },
  };
}
