/**
 * The catalog the scope preview needs, read in two queries whatever the size of the database (no
 * query per schema): the connected database, the other databases on the server, the schemas the
 * role sees, and every table and view of the non-system ones.
 */
import type { Client } from 'pg';
import * as z from 'zod';
import { relationsFromRows, type DatabaseCatalog } from '../scope/catalog';
import { resolveTarget, withClient } from './target';
import type { PostgresTarget } from './target';

// Schemas as the crawler sees them: information_schema.schemata (owned or privileged), system ones
// included so the preview can show them as such.
const OVERVIEW_SQL = `
SELECT current_database() AS database,
  ARRAY(SELECT datname::text FROM pg_catalog.pg_database
        WHERE datallowconn AND NOT datistemplate AND datname <> current_database() ORDER BY 1) AS other_databases,
  ARRAY(SELECT schema_name::text FROM information_schema.schemata ORDER BY 1) AS schemas`;

const RELATIONS_SQL = `
SELECT s.schema_name::text AS schema, c.relname::text AS name, c.relkind::text AS relkind, c.relispartition AS is_partition
FROM information_schema.schemata s
JOIN pg_catalog.pg_namespace n ON n.nspname = s.schema_name
JOIN pg_catalog.pg_class c ON c.relnamespace = n.oid
WHERE c.relkind IN ('r', 'p', 'f', 'v', 'm')
  AND s.schema_name NOT LIKE 'pg\\_%' AND s.schema_name <> 'information_schema'`;

const overviewSchema = z.object({
  database: z.string(),
  other_databases: z.array(z.string()).catch([]),
  schemas: z.array(z.string()),
});

export async function readCatalog(client: Client): Promise<DatabaseCatalog> {
  const overview = overviewSchema.parse((await client.query(OVERVIEW_SQL)).rows[0]);
  const { relations, unreadable } = relationsFromRows((await client.query(RELATIONS_SQL)).rows);
  return {
    database: overview.database,
    otherDatabases: overview.other_databases,
    schemas: overview.schemas,
    relations,
    unreadableRows: unreadable,
  };
}

/** Connects with the file's credential and reads the catalog of its database. */
export async function readScopeCatalog(target: PostgresTarget, signal?: AbortSignal): Promise<DatabaseCatalog> {
  return withClient(resolveTarget(target), readCatalog, { signal });
}
