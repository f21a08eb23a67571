/**
 * Typed errors of the Atlan client. Every error names the tenant origin and says what a person
 * can do about it; `kind` discriminates them without `instanceof` (useful across bundles).
 * Messages and kept bodies never contain secrets (see redact.ts).
 */

export type AtlanErrorKind =
  | 'authentication'
  | 'permission'
  | 'notFound'
  | 'conflict'
  | 'rateLimited'
  | 'invalidRequest'
  | 'server'
  | 'network'
  | 'timeout'
  | 'invalidResponse'
  | 'cancelled'
  | 'redirect'
  | 'configuration'
  | 'invalidArgument';

/** Where a failed request went; attached to every error raised for a request. */
export interface RequestContext {
  origin: string;
  method?: string;
  /** Path without the query string. */
  path?: string;
}

export interface AtlanErrorDetails extends RequestContext {
  status?: number;
  /** Atlan's `errorCode` / `code` / `status` field, when the body had one. */
  errorCode?: string;
  /** The response body, secrets redacted, for the log only. */
  rawBody?: string;
  cause?: unknown;
}

/**
 * Marks every AtlanError, whichever bundle built it: the extension loads the client as its own
 * bundle (dist/tenantTools.js), so `instanceof` against another copy of the class would fail.
 */
const ATLAN_ERROR = Symbol.for('atlan-postgres-workflows.AtlanError');

export class AtlanError extends Error {
  readonly [ATLAN_ERROR] = true;
  readonly kind: AtlanErrorKind;
  readonly origin: string;
  readonly method?: string;
  readonly path?: string;
  readonly status?: number;
  readonly errorCode?: string;
  readonly rawBody?: string;

  constructor(kind: AtlanErrorKind, message: string, details: AtlanErrorDetails) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.name = new.target.name;
    this.kind = kind;
    this.origin = details.origin;
    this.method = details.method;
    this.path = details.path;
    this.status = details.status;
    this.errorCode = details.errorCode;
    this.rawBody = details.rawBody;
  }

  /** `POST /api/service/workflows/indexsearch`, for log lines and messages. */
  get endpoint(): string {
    return [this.method, this.path].filter(Boolean).join(' ');
  }
}

/** 401: the token is missing, expired or revoked. */
export class AuthenticationError extends AtlanError {
  constructor(details: AtlanErrorDetails) {
    super('authentication', `The API token was rejected by ${details.origin}: sign in again.`, details);
  }
}

/** 403: the token is valid but its user may not do this. */
export class PermissionError extends AtlanError {
  constructor(details: AtlanErrorDetails & { detail?: string }) {
    super(
      'permission',
      `${details.origin} refused ${describeRequest(details)}: the API token's user lacks the permission` +
        `${suffix(details.detail)}. Ask a tenant admin to grant it, or sign in with another token.`,
      details,
    );
  }
}

/** 404: the workflow, run or endpoint does not exist on this tenant. */
export class NotFoundError extends AtlanError {
  constructor(details: AtlanErrorDetails & { detail?: string; message?: string }) {
    super(
      'notFound',
      details.message ??
        `${details.origin} has nothing at ${describeRequest(details)}${suffix(details.detail)}: it may have been deleted, or this tenant does not offer it. ` +
          'Refresh the workflow list and try again; if it persists, check the tenant URL of this profile.',
      details,
    );
  }
}

/** What to do about a 409 that is not a known duplicate: the tenant's state moved on under us. */
export const CONFLICT_NEXT_STEP = 'It changed on the tenant meanwhile, or already exists: refresh the workflow list and try again.';

/** 409: a duplicate (App API: a workflow with that name already exists). */
export class ConflictError extends AtlanError {
  /** The existing workflow's slug (App API), when the tenant said. */
  readonly slug?: string;
  readonly slugs?: readonly string[];

  constructor(details: AtlanErrorDetails & { message?: string; detail?: string; slug?: string; slugs?: readonly string[] }) {
    super(
      'conflict',
      details.message ?? `${details.origin} reported a conflict for ${describeRequest(details)}${suffix(details.detail)}. ${CONFLICT_NEXT_STEP}`,
      details,
    );
    this.slug = details.slug;
    this.slugs = details.slugs;
  }
}

/** 429: too many requests; `retryAfterMs` when the tenant said how long to wait. */
export class RateLimitError extends AtlanError {
  readonly retryAfterMs?: number;

  constructor(details: AtlanErrorDetails & { retryAfterMs?: number }) {
    const wait = details.retryAfterMs === undefined ? 'a moment' : `${Math.ceil(details.retryAfterMs / 1000)} s`;
    super('rateLimited', `${details.origin} is rate limiting requests (${describeRequest(details)}): try again in ${wait}.`, details);
    this.retryAfterMs = details.retryAfterMs;
  }
}

export interface AtlanCause {
  errorType?: string;
  errorMessage?: string;
  location?: string;
}

/** 400 and other 4xx: the tenant rejected the request itself; Atlan's explanation is kept. */
export class InvalidRequestError extends AtlanError {
  readonly errorMessage?: string;
  readonly causes: readonly AtlanCause[];

  constructor(details: AtlanErrorDetails & { errorMessage?: string; causes?: readonly AtlanCause[]; message?: string }) {
    const causes = details.causes ?? [];
    const causeText = causes
      .map((c) => [c.errorType, c.errorMessage, c.location && `at ${c.location}`].filter(Boolean).join(' '))
      .filter(Boolean)
      .join('; ');
    super(
      'invalidRequest',
      details.message ??
        `${details.origin} rejected ${describeRequest(details)}${codeText(details.errorCode)}: ` +
          `${details.errorMessage ?? 'the request is invalid'}${causeText ? ` (${causeText})` : ''}.`,
      details,
    );
    this.errorMessage = details.errorMessage;
    this.causes = causes;
  }
}

/** 5xx: the tenant failed; `retryAfterMs` when a 503 said how long to wait. */
export class ServerError extends AtlanError {
  readonly retryAfterMs?: number;

  constructor(details: AtlanErrorDetails & { detail?: string; retryAfterMs?: number }) {
    const when = details.retryAfterMs === undefined ? 'shortly' : `in ${Math.ceil(details.retryAfterMs / 1000)} s`;
    super(
      'server',
      `${details.origin} failed with HTTP ${details.status ?? '5xx'} on ${describeRequest(details)}${suffix(details.detail)}: ` +
        `the tenant may be restarting or overloaded; try again ${when}.`,
      details,
    );
    this.retryAfterMs = details.retryAfterMs;
  }
}

/** The connection failed: refused, reset, DNS, TLS. `code` is Node's or undici's error code. */
export class NetworkError extends AtlanError {
  readonly code?: string;

  constructor(details: AtlanErrorDetails & { code?: string; reason: string }) {
    // Reasons that already say what to check keep their own advice; the rest get the general one.
    const advice = /\bcheck\b/i.test(details.reason) ? '' : ' Check the tenant URL and your network or proxy settings, then try again.';
    super('network', `Could not reach ${details.origin} (${describeRequest(details)}): ${details.reason}.${advice}`, details);
    this.code = details.code;
  }
}

export class TimeoutError extends AtlanError {
  readonly timeoutMs: number;

  constructor(details: AtlanErrorDetails & { timeoutMs: number }) {
    super(
      'timeout',
      `${details.origin} did not answer ${describeRequest(details)} within ${Math.round(details.timeoutMs / 100) / 10} s: ` +
        'check the network or proxy, or try again.',
      details,
    );
    this.timeoutMs = details.timeoutMs;
  }
}

/** The answer was not JSON, or did not have the shape we read (zod): names the field and the endpoint. */
export class InvalidResponseError extends AtlanError {
  /** `hits.hits[3]._source.metadata.name`, when a field was wrong. */
  readonly fieldPath?: string;

  constructor(details: AtlanErrorDetails & { problem: string; fieldPath?: string }) {
    super(
      'invalidResponse',
      `Unexpected answer from ${details.origin} to ${describeRequest(details)}: ${details.problem}. ` +
        'The tenant may run an incompatible Atlan version, or a proxy changed the answer: the log has the details; ' +
        'try again, and report it with the log if it persists.',
      details,
    );
    this.fieldPath = details.fieldPath;
  }
}

export class CancelledError extends AtlanError {
  constructor(details: AtlanErrorDetails) {
    super('cancelled', `The request ${describeRequest(details)} to ${details.origin} was cancelled.`, details);
  }
}

/** A 3xx answer. Redirects are never followed, so the token cannot leak to another origin. */
export class RedirectError extends AtlanError {
  /** Where the tenant pointed (origin and path only). */
  readonly location?: string;

  constructor(details: AtlanErrorDetails & { location?: string }) {
    let target = 'an unknown location';
    let otherOrigin = false;
    if (details.location) {
      try {
        const url = new URL(details.location, details.origin);
        target = url.origin + url.pathname;
        otherOrigin = url.origin !== details.origin;
      } catch {
        target = 'an invalid location';
      }
    }
    super(
      'redirect',
      otherOrigin
        ? `${details.origin} redirected ${describeRequest(details)} to another origin (${target}); it was not followed, ` +
            'so the API token stays with the tenant. Check the tenant URL of this profile.'
        : `${details.origin} redirected ${describeRequest(details)} to ${target}; redirects are not followed. ` +
            'Check the tenant URL of this profile.',
      details,
    );
    // Only origin and path are kept: a redirect's query string may carry someone's secret.
    this.location = details.location === undefined ? undefined : target;
  }
}

/** Bad client settings (tenant URL, proxy URL, CA certificates) found before any request. */
export class ConfigurationError extends AtlanError {
  constructor(origin: string, message: string) {
    super('configuration', message, { origin });
  }
}

/** A caller passed something unusable (empty name, bad cursor); nothing was sent. */
export class InvalidArgumentError extends AtlanError {
  constructor(origin: string, message: string) {
    super('invalidArgument', message, { origin });
  }
}

export function isAtlanError(value: unknown): value is AtlanError {
  return value instanceof AtlanError || (value instanceof Error && (value as unknown as Record<symbol, unknown>)[ATLAN_ERROR] === true);
}

function describeRequest(details: RequestContext): string {
  return details.method && details.path ? `${details.method} ${details.path}` : 'the request';
}

function suffix(detail: string | undefined): string {
  return detail ? ` (${detail})` : '';
}

function codeText(code: string | undefined): string {
  return code ? ` with code ${code}` : '';
}
