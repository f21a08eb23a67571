/** Fills the include / exclude pickers of the form from the server itself. */
import { connectableDatabases, visibleSchemas } from './catalog';
import { PostgresCheckError } from './errors';
import type { PostgresFailureKind } from './errors';
import { resolveTarget, withClient } from './target';
import type { PostgresTarget } from './target';

export interface DatabaseSchemas {
  database: string;
  schemas: string[];
}

const PARALLEL_CONNECTIONS = 4;

/** Failures that mean "this role may not use that database", not "the server is gone". */
const SKIPPABLE: ReadonlySet<PostgresFailureKind> = new Set(['authentication', 'permission', 'database-missing', 'server']);

/**
 * Every database on the target's server that the user can connect to, with its non-system
 * schemas, sorted by name. A database that refuses the login (pg_hba.conf, revoked CONNECT,
 * dropped meanwhile) is left out; a failure to reach the server at all is thrown.
 */
export async function listDatabasesAndSchemas(target: PostgresTarget, signal?: AbortSignal): Promise<DatabaseSchemas[]> {
  const resolved = resolveTarget(target);
  const { databases, ownSchemas } = await withClient(
    resolved,
    async (client) => ({ databases: await connectableDatabases(client), ownSchemas: await visibleSchemas(client) }),
    { signal },
  );

  // A few connections at a time: servers with dozens of databases answer in seconds, not minutes.
  const listing: (DatabaseSchemas | undefined)[] = new Array<DatabaseSchemas | undefined>(databases.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < databases.length) {
      const index = next++;
      const database = databases[index];
      listing[index] = database === resolved.database ? { database, schemas: ownSchemas } : await schemasOf(database);
    }
  };
  const schemasOf = async (database: string): Promise<DatabaseSchemas | undefined> => {
    try {
      return { database, schemas: await withClient(resolved, visibleSchemas, { database, signal }) };
    } catch (err) {
      if (err instanceof PostgresCheckError && SKIPPABLE.has(err.kind)) return undefined;
      throw err;
    }
  };
  await Promise.all(Array.from({ length: Math.min(PARALLEL_CONNECTIONS, databases.length) }, worker));
  return listing.filter((entry): entry is DatabaseSchemas => entry !== undefined);
}
