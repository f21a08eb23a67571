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

export interface CatalogCounts {
  databases: number;
  schemas: number;
  tables: number;
  views: number;
  columns: number;
  functions: number;
}

// $1 include schemas, $2 exclude schemas, $3 include databases, $4 exclude databases,
// $5 exclude regex for relation names (NULL = none).
const CATALOG_COUNTS_SQL = `
WITH target AS (
  SELECT current_database() AS name
  WHERE current_database() ~ $3 AND current_database() !~ $4
), scoped_schemas AS (
  SELECT n.oid
  FROM information_schema.schemata s
  JOIN pg_catalog.pg_namespace n ON n.nspname = s.schema_name
  JOIN target t ON t.name = s.catalog_name
  WHERE s.schema_name NOT LIKE 'pg\\_%' AND s.schema_name <> 'information_schema'
    AND (t.name || '.' || s.schema_name) ~ $1
    AND (t.name || '.' || s.schema_name) !~ $2
), relations AS (
  SELECT c.oid, c.relkind
  FROM pg_catalog.pg_class c
  JOIN scoped_schemas s ON s.oid = c.relnamespace
  WHERE c.relkind IN ('r', 'p', 'f', 'v', 'm')
    AND ($5::text IS NULL OR c.relname !~ $5)
)
SELECT
  (SELECT count(*) FROM target) AS databases,
  (SELECT count(*) FROM scoped_schemas) AS schemas,
  (SELECT count(*) FROM relations WHERE relkind IN ('r', 'p', 'f')) AS tables,
  (SELECT count(*) FROM relations WHERE relkind IN ('v', 'm')) AS views,
  (SELECT count(*) FROM pg_catalog.pg_attribute a JOIN relations r ON r.oid = a.attrelid
     WHERE a.attnum > 0 AND NOT a.attisdropped) AS columns,
  (SELECT count(*) FROM pg_catalog.pg_proc p JOIN scoped_schemas s ON s.oid = p.pronamespace
     WHERE p.prokind = 'f') AS functions
`;

// count(*) is bigint, which pg returns as a string.
const countSchema = z.coerce.number().int().nonnegative();
const countsRowSchema = z.object({
  databases: countSchema,
  schemas: countSchema,
  tables: countSchema,
  views: countSchema,
  columns: countSchema,
  functions: countSchema,
});

/** Checks each regex on its own first, so a bad one is named instead of failing the whole query. */
async function assertValidRegexes(client: Client, filters: CompiledFilters): Promise<void> {
  const candidates: [string, string | undefined][] = [
    ['include filter', filters.includeSchemas],
    ['exclude filter', filters.excludeSchemas],
    ['include filter', filters.includeDatabases],
    ['exclude filter', filters.excludeDatabases],
    ['exclude regex', filters.excludeRelations],
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

export async function countCatalog(client: Client, filters: CompiledFilters): Promise<CatalogCounts> {
  await assertValidRegexes(client, filters);
  const result = await client.query(CATALOG_COUNTS_SQL, [
    filters.includeSchemas,
    filters.excludeSchemas,
    filters.includeDatabases,
    filters.excludeDatabases,
    filters.excludeRelations ?? null,
  ]);
  const row = countsRowSchema.safeParse(result.rows[0]);
  if (!row.success) throw new CrawlError('the catalog query returned an unexpected row');
  return row.data;
}
