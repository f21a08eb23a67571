/**
 * One `pg` connection for a crawl or a credential test: bounded in time, cancellable, and with
 * every failure turned into a CrawlError whose message says why in words and never carries the
 * password.
 */
import { Client, DatabaseError } from 'pg';
import type { ValidCredential } from './credential';

export class CrawlError extends Error {
  override name = 'CrawlError';
}

export interface ConnectionOptions {
  /** Give up connecting after this long. Default 10 s. */
  connectTimeoutMs?: number;
  /** Server-side limit for each catalog query. Default 60 s. */
  statementTimeoutMs?: number;
}

const DEFAULT_CONNECT_TIMEOUT_MS = 10_000;
const DEFAULT_STATEMENT_TIMEOUT_MS = 60_000;

/** Connects, runs `work`, always disconnects; aborting ends the connection and rejects at once. */
export async function withConnection<T>(
  cred: ValidCredential,
  work: (client: Client) => Promise<T>,
  signal?: AbortSignal,
  options: ConnectionOptions = {},
): Promise<T> {
  const connectTimeoutMs = options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS;
  const client = new Client({
    host: cred.host,
    port: cred.port,
    database: cred.database,
    user: cred.username,
    password: cred.password,
    connectionTimeoutMillis: connectTimeoutMs,
    statement_timeout: options.statementTimeoutMs ?? DEFAULT_STATEMENT_TIMEOUT_MS,
    application_name: 'atlan-sandbox-crawler',
  });
  // A connection dropped between queries is reported by the failing query; this keeps the
  // 'error' event from crashing the process.
  client.on('error', () => undefined);
  const context: ErrorContext = { cred, connectTimeoutMs };

  if (signal?.aborted) throw new CrawlError('the crawl was cancelled');
  let onAbort: (() => void) | undefined;
  const aborted = new Promise<never>((_, reject) => {
    onAbort = () => {
      client.connection.stream.destroy(); // a polite end() would wait on a server that may never answer
      reject(new CrawlError('the crawl was cancelled'));
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
  aborted.catch(() => undefined); // observed through the race below; never an unhandled rejection

  try {
    return await Promise.race([
      (async () => {
        await client.connect();
        return work(client);
      })(),
      aborted,
    ]);
  } catch (err) {
    if (err instanceof CrawlError) throw err;
    throw new CrawlError(describeFailure(err, context));
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

interface ErrorContext {
  cred: ValidCredential;
  connectTimeoutMs: number;
}

/** Failure reasons in words, as psql / Atlan's run messages phrase them. */
function describeFailure(err: unknown, { cred, connectTimeoutMs }: ErrorContext): string {
  const at = `${cred.host}:${cred.port}`;
  let message: string;
  if (err instanceof DatabaseError) {
    // Server messages name users and databases, never passwords.
    message = err.code === '57014' ? `a catalog query timed out on ${at}: ${err.message}` : err.message;
  } else {
    const code = (err as NodeJS.ErrnoException | undefined)?.code;
    const text = err instanceof Error ? err.message : String(err);
    if (code === 'ECONNREFUSED') message = `connection refused at ${at}`;
    else if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') message = `could not resolve host "${cred.host}"`;
    else if (code === 'EHOSTUNREACH' || code === 'ENETUNREACH') message = `host ${at} is unreachable`;
    else if (code === 'ETIMEDOUT' || /timeout/i.test(text)) message = `connection to ${at} timed out after ${connectTimeoutMs} ms`;
    else if (code === 'ECONNRESET' || /terminated unexpectedly/i.test(text)) message = `the server at ${at} closed the connection unexpectedly`;
    else if (/client password must be a string/i.test(text)) message = `fe_sendauth: no password supplied for user "${cred.username}"`;
    else if (/does not support SSL/i.test(text)) message = `the server at ${at} does not support SSL connections`;
    else message = `could not crawl ${at}: ${text}`;
  }
  return redact(message, cred.password);
}

/** Defence in depth: no message leaves with the password in it, whatever produced it. */
function redact(message: string, password: string | undefined): string {
  if (password === undefined || password.length < 3) return message;
  return message.split(password).join('***');
}
