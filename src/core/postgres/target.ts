/**
 * The Postgres server the extension checks directly from the user's machine (basic auth only:
 * IAM modes need AWS and are left to the tenant), and how to open one connection to it.
 */
import { Client } from 'pg';
import type { ClientConfig } from 'pg';
import * as z from 'zod';
import { PostgresCheckError } from './errors';

export const postgresTargetSchema = z.object({
  host: z.string().trim().min(1, 'host is empty'),
  port: z.number().int().min(1).max(65535, 'port must be between 1 and 65535').default(5432),
  database: z.string().min(1, 'database is empty'),
  username: z.string().min(1, 'username is empty'),
  password: z.string().optional(),
  /**
   * libpq's sslmode names: `require` encrypts without checking the certificate (as libpq does),
   * `verify-full` also checks the chain and the host name. Default `disable`.
   */
  ssl: z.enum(['disable', 'require', 'verify-full']).default('disable'),
  /** Give up connecting after this long. Default 10 s. */
  connectTimeoutMs: z.number().int().positive().max(600_000).default(10_000),
});

export type PostgresTarget = z.input<typeof postgresTargetSchema>;
export type ResolvedTarget = z.output<typeof postgresTargetSchema>;

/** Validates a target; the error names the bad fields, never their values. */
export function resolveTarget(target: PostgresTarget): ResolvedTarget {
  const parsed = postgresTargetSchema.safeParse(target);
  if (parsed.success) return parsed.data;
  const fields = parsed.error.issues.map((issue) => `${issue.path.join('.') || 'target'}: ${issue.message}`);
  throw new PostgresCheckError(`invalid Postgres connection settings: ${fields.join('; ')}`, 'invalid-input');
}

function sslOption(mode: ResolvedTarget['ssl']): ClientConfig['ssl'] {
  if (mode === 'disable') return false;
  return { rejectUnauthorized: mode === 'verify-full' };
}

/**
 * Connects to `database` (default: the target's), runs `work`, always disconnects. Aborting
 * ends the connection and rejects at once. Failures become PostgresCheckError with a safe message.
 */
export async function withClient<T>(
  target: ResolvedTarget,
  work: (client: Client) => Promise<T>,
  options: { database?: string; signal?: AbortSignal } = {},
): Promise<T> {
  const database = options.database ?? target.database;
  const client = new Client({
    host: target.host,
    port: target.port,
    database,
    user: target.username,
    password: target.password,
    ssl: sslOption(target.ssl),
    connectionTimeoutMillis: target.connectTimeoutMs,
    statement_timeout: 30_000,
    application_name: 'atlan-vscode-checks',
  });
  client.on('error', () => undefined); // reported by the failing query instead of crashing the host
  const { signal } = options;
  if (signal?.aborted) throw new PostgresCheckError('cancelled', 'cancelled');

  let onAbort: (() => void) | undefined;
  const aborted = new Promise<never>((_, reject) => {
    onAbort = () => {
      client.connection.stream.destroy(); // a polite end() would wait on a server that may never answer
      reject(new PostgresCheckError('cancelled', 'cancelled'));
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
  aborted.catch(() => undefined); // observed through the race below

  try {
    return await Promise.race([
      (async () => {
        await client.connect();
        return work(client);
      })(),
      aborted,
    ]);
  } catch (err) {
    if (err instanceof PostgresCheckError) throw err;
    throw PostgresCheckError.from(err, { ...target, database });
  } finally {
    if (onAbort !== undefined) signal?.removeEventListener('abort', onAbort);
    await close(client);
  }
}

/** Ends the session politely, but never waits more than a second on a silent server. */
async function close(client: Client): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, 1_000);
  });
  await Promise.race([client.end().catch(() => undefined), late]);
  clearTimeout(timer);
  client.connection.stream.destroy();
}
