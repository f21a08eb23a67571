/**
 * Turns what `pg` and the socket layer throw into one specific sentence for the user, and makes
 * sure no secret ever rides along.
 */
import { DatabaseError } from 'pg';

/** What went wrong, for callers that react differently (e.g. offer to re-enter a password). */
export type PostgresFailureKind =
  | 'authentication'
  | 'database-missing'
  | 'permission'
  | 'network'
  | 'timeout'
  | 'tls'
  | 'server'
  | 'cancelled'
  | 'invalid-input'
  | 'other';

/** Where the failure happened, to name it in the message, and the secrets to keep out of it. */
export interface PgErrorContext {
  host?: string;
  port?: number;
  database?: string;
  username?: string;
  connectTimeoutMs?: number;
  /** Strings that must never appear in the message (the password, typically). */
  password?: string;
}

export class PostgresCheckError extends Error {
  override name = 'PostgresCheckError';
  constructor(
    message: string,
    readonly kind: PostgresFailureKind,
  ) {
    super(message);
  }

  static from(err: unknown, context: PgErrorContext = {}): PostgresCheckError {
    if (err instanceof PostgresCheckError) return err;
    const { message, kind } = classify(err, context);
    return new PostgresCheckError(redact(message, context.password), kind);
  }
}

/** A specific, secret-free message for a failure talking to Postgres. */
export function describePgError(err: unknown, context: PgErrorContext = {}): string {
  return PostgresCheckError.from(err, context).message;
}

const SERVER_KINDS: Record<string, PostgresFailureKind> = {
  '28P01': 'authentication', // invalid_password
  '28000': 'authentication', // invalid_authorization_specification (pg_hba, unknown role)
  '3D000': 'database-missing', // invalid_catalog_name
  '42501': 'permission', // insufficient_privilege
  '53300': 'server', // too_many_connections
  '57P03': 'server', // cannot_connect_now
  '57014': 'timeout', // query_canceled (statement_timeout)
};

const TLS_CODES = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_HAS_EXPIRED',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);

function classify(err: unknown, context: PgErrorContext): { message: string; kind: PostgresFailureKind } {
  const at = context.host !== undefined && context.port !== undefined ? `${context.host}:${context.port}` : 'the server';
  if (err instanceof DatabaseError) {
    // Server messages name roles and databases, never passwords.
    const kind = (err.code !== undefined ? SERVER_KINDS[err.code] : undefined) ?? 'server';
    if (err.code === '28000' && /no encryption/i.test(err.message)) {
      return { kind, message: `${err.message} (the server requires an encrypted connection: set ssl to "require")` };
    }
    if (err.code === '57014') return { kind, message: `a query took too long on ${at} and was cancelled` };
    return { kind, message: err.message };
  }

  const errno = err as (NodeJS.ErrnoException & { address?: string; port?: number; hostname?: string }) | undefined;
  const code = typeof errno?.code === 'string' ? errno.code : undefined;
  const text = err instanceof Error ? err.message : String(err);
  const where = errno?.address !== undefined && errno.port !== undefined ? `${errno.address}:${errno.port}` : at;

  if (err instanceof Error && err.name === 'AbortError') return { kind: 'cancelled', message: 'cancelled' };
  if (code === 'ECONNREFUSED') return { kind: 'network', message: `connection refused at ${where}` };
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') {
    return { kind: 'network', message: `could not resolve host "${errno?.hostname ?? context.host ?? '?'}"` };
  }
  if (code === 'EHOSTUNREACH' || code === 'ENETUNREACH') return { kind: 'network', message: `${at} is unreachable` };
  if (code === 'ETIMEDOUT' || /timeout/i.test(text)) {
    const after = context.connectTimeoutMs !== undefined ? ` after ${context.connectTimeoutMs} ms` : '';
    return { kind: 'timeout', message: `connection to ${at} timed out${after}` };
  }
  if (code === 'ECONNRESET' || /terminated unexpectedly/i.test(text)) {
    return { kind: 'network', message: `the server at ${at} closed the connection unexpectedly` };
  }
  if (code !== undefined && TLS_CODES.has(code)) {
    return { kind: 'tls', message: `the TLS certificate of ${at} could not be verified (${code})` };
  }
  if (/does not support SSL/i.test(text)) return { kind: 'tls', message: `the server at ${at} does not support SSL connections` };
  if (/client password must be a string/i.test(text)) {
    const user = context.username !== undefined ? ` for user "${context.username}"` : '';
    return { kind: 'authentication', message: `no password supplied${user}` };
  }
  return { kind: 'other', message: text };
}

/** Removes the password and anything that looks like a connection-string secret. */
function redact(message: string, password: string | undefined): string {
  let safe = message
    .replace(/(postgres(?:ql)?:\/\/[^:/@\s]*:)[^@\s]*@/gi, '$1***@')
    .replace(/(password\s*[=:]\s*)[^\s;,]+/gi, '$1***');
  if (password !== undefined && password.length >= 3) safe = safe.split(password).join('***');
  return safe;
}
