/**
 * Atlan's preflight checks for the Postgres crawler, run from the user's machine, with the
 * exact outcomes of Atlan's UI:
 * - Database and schema check: every database and schema the include map names must be visible
 *   in the credential's database (Atlan reads information_schema.schemata over the credential's
 *   connection, so another database named in the map fails the check, as it does on a tenant).
 * - Tables check: the tables, partitions, views and materialized views in scope (include /
 *   exclude and the exclude regex applied) are counted; any the role cannot SELECT (or whose
 *   schema it cannot USE) fail the check by name.
 */
import type { Client } from 'pg';
import { DatabaseError } from 'pg';
import * as z from 'zod';
import { visibleSchemas } from './catalog';
import { PostgresCheckError } from './errors';
import { resolveTarget, withClient } from './target';
import type { PostgresTarget } from './target';

export interface PreflightCheck {
  name: 'Database and schema check' | 'Tables check';
  ok: boolean;
  message: string;
}

const preflightFiltersSchema = z.object({
  /** Plain names as in the config file: database -> schemas ([] = every schema). Empty = everything. */
  include: z.record(z.string().min(1, 'a database name must not be empty'), z.array(z.string().min(1, 'a schema name must not be empty'))),
  exclude: z.record(z.string().min(1, 'a database name must not be empty'), z.array(z.string().min(1, 'a schema name must not be empty'))),
  /** POSIX regex for table and view names to leave out; "" = none. */
  excludeRegex: z.string().default(''),
});

export type PreflightFilters = z.input<typeof preflightFiltersSchema>;

/** How many tables a failed Tables check names before summarising the rest. */
const NAMED_TABLES = 20;

export async function runPreflightChecks(
  target: PostgresTarget,
  filters: PreflightFilters,
  signal?: AbortSignal,
): Promise<PreflightCheck[]> {
  const resolved = resolveTarget(target);
  const parsed = preflightFiltersSchema.safeParse(filters);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new PostgresCheckError(`invalid metadata filters: ${issue?.path.join('.') ?? ''}: ${issue?.message ?? 'malformed'}`, 'invalid-input');
  }
  const { include, exclude, excludeRegex } = parsed.data;
  return withClient(
    resolved,
    async (client) => {
      await assertValidRegex(client, excludeRegex);
      return [await databaseAndSchemaCheck(client, include), await tablesCheck(client, include, exclude, excludeRegex)];
    },
    { signal },
  );
}

async function databaseAndSchemaCheck(client: Client, include: Record<string, string[]>): Promise<PreflightCheck> {
  const current = await client.query<{ name: string }>('SELECT current_database() AS name');
  const database = z.string().parse(current.rows[0]?.name);
  const schemas = new Set(await visibleSchemas(client));
  const missing = firstMissing(include, database, schemas);
  return {
    name: 'Database and schema check',
    ok: missing === undefined,
    message: missing === undefined ? 'Check successful' : `Check failed for ${missing}`,
  };
}

/** The first object the include map names that is not there, worded as Atlan's checks word it. */
function firstMissing(include: Record<string, string[]>, database: string, schemas: ReadonlySet<string>): string | undefined {
  for (const [db, wanted] of Object.entries(include)) {
    // A database with no visible schema is as unusable as one that does not exist.
    if (db !== database || schemas.size === 0) return `${db} database`;
    for (const schema of wanted) if (!schemas.has(schema)) return `${db}.${schema} schema`;
  }
  return undefined;
}

// $1 include (database.schema), $2 exclude, $3 exclude regex for relation names (NULL = none).
const TABLES_SQL = `
WITH scoped AS (
  SELECT n.nspname || '.' || c.relname AS qualified_name,
         has_schema_privilege(n.oid, 'USAGE') AND has_table_privilege(c.oid, 'SELECT') AS readable
  FROM pg_catalog.pg_class c
  JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
  WHERE c.relkind IN ('r', 'p', 'v', 'm', 'f')
    AND n.nspname NOT LIKE 'pg\\_%' AND n.nspname <> 'information_schema'
    AND (current_database() || '.' || n.nspname) ~ $1
    AND (current_database() || '.' || n.nspname) !~ $2
    AND ($3::text IS NULL OR c.relname !~ $3)
)
SELECT
  (SELECT count(*) FROM scoped) AS total,
  (SELECT count(*) FROM scoped WHERE NOT readable) AS unreadable,
  ARRAY(SELECT qualified_name FROM scoped WHERE NOT readable ORDER BY 1 LIMIT ${NAMED_TABLES}) AS named
`;

const tablesRowSchema = z.object({
  total: z.coerce.number().int(),
  unreadable: z.coerce.number().int(),
  named: z.array(z.string()),
});

async function tablesCheck(
  client: Client,
  include: Record<string, string[]>,
  exclude: Record<string, string[]>,
  excludeRegex: string,
): Promise<PreflightCheck> {
  const result = await client.query(TABLES_SQL, [
    alternation(include, '.*'),
    alternation(exclude, '^$'),
    excludeRegex === '' ? null : excludeRegex,
  ]);
  const row = tablesRowSchema.parse(result.rows[0]);
  if (row.unreadable === 0) {
    return { name: 'Tables check', ok: true, message: `Check successful. Table count: ${row.total}` };
  }
  const more = row.unreadable > row.named.length ? `, and ${row.unreadable - row.named.length} more` : '';
  return {
    name: 'Tables check',
    ok: false,
    message: `Check failed. Missing some of the required grants SELECT, SHOW VIEW, EXECUTE on tables: ${row.named.join(', ')}${more}`,
  };
}

/** POSIX ARE metacharacters, escaped so config names match literally. */
function literal(name: string): string {
  return name.replace(/[\\^$.|?*+()[\]{}]/g, '\\$&');
}

/** `{db: [s1, s2], other: []}` -> `^db\.s1$|^db\.s2$|^other\..*$`; `whenEmpty` for an empty map. */
function alternation(map: Record<string, string[]>, whenEmpty: string): string {
  const patterns = Object.entries(map).flatMap(([db, schemas]) =>
    schemas.length === 0 ? [`^${literal(db)}\\..*$`] : schemas.map((schema) => `^${literal(db)}\\.${literal(schema)}$`),
  );
  return patterns.length === 0 ? whenEmpty : patterns.join('|');
}

async function assertValidRegex(client: Client, regex: string): Promise<void> {
  if (regex === '') return;
  try {
    await client.query("SELECT '' ~ $1", [regex]);
  } catch (err) {
    if (err instanceof DatabaseError && err.code === '2201B') {
      throw new PostgresCheckError(`the exclude regex is not a valid regular expression (${err.message}): ${regex}`, 'invalid-input');
    }
    throw err;
  }
}
