/**
 * Catalog reads shared by the pickers and the preflight checks: databases the user may connect
 * to, and the schemas of the connected database that the user can see.
 */
import type { Client } from 'pg';
import * as z from 'zod';

const nameRowsSchema = z.array(z.object({ name: z.string() }));

/** System schemas (pg_catalog, pg_toast, pg_temp_N, information_schema) are never offered. */
const SCHEMAS_SQL = `
SELECT schema_name AS name
FROM information_schema.schemata
WHERE schema_name NOT LIKE 'pg\\_%' AND schema_name <> 'information_schema'
ORDER BY schema_name`;

const CONNECTABLE_DATABASES_SQL = `
SELECT datname AS name
FROM pg_catalog.pg_database
WHERE datallowconn AND NOT datistemplate AND has_database_privilege(datname, 'CONNECT')
ORDER BY datname`;

async function names(client: Client, sql: string): Promise<string[]> {
  const result = await client.query(sql);
  return nameRowsSchema.parse(result.rows).map((row) => row.name);
}

/**
 * Schemas of the connected database that this role owns or holds a privilege on (what
 * information_schema shows, and what Atlan's own metadata listing reads).
 */
export function visibleSchemas(client: Client): Promise<string[]> {
  return names(client, SCHEMAS_SQL);
}

export function connectableDatabases(client: Client): Promise<string[]> {
  return names(client, CONNECTABLE_DATABASES_SQL);
}
