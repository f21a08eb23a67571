/**
 * The transport: JSON over undici to one Atlan tenant, with the bearer token, a per-request
 * timeout, cancellation, a request log hook, and retries for reads only.
 *
 * Security rules enforced here, not by callers:
 * - the token goes only to the profile's origin (every URL is built from it and checked);
 * - https is required except for loopback hosts;
 * - redirects are never followed (a 3xx becomes a RedirectError naming where it pointed);
 * - nothing secret reaches the log hook or an error (no bodies, no query strings, redaction).
 */
import { randomUUID } from 'node:crypto';
import type { Dispatcher } from './undici';
import type { z } from 'zod';
import { systemClock, type Clock } from './clock';
import { createDispatcher, type TransportOptions } from './dispatcher';
import { errorFromResponse } from './errorBody';
import {
  AtlanError,
  CancelledError,
  ConfigurationError,
  InvalidResponseError,
  NetworkError,
  TimeoutError,
  type RequestContext,
} from './errors';
import { isLoopbackHost } from './loopback';
import { redactText, secretValuesIn } from './redact';

export { isLoopbackHost };
import { DEFAULT_RETRY_POLICY, NO_RETRY, withRetry, type RetryPolicy } from './retry';

/** One line per attempt for the extension's log: no bodies, no query strings, no secrets. */
export interface RequestLogEntry {
  method: string;
  /** Path without the query string, e.g. `/api/service/runs/indexsearch`. */
  path: string;
  /** HTTP status, absent when no answer arrived. */
  status?: number;
  ms: number;
  /** 1 for the first attempt, 2 for the first retry... */
  attempt: number;
  /** The error message, when the attempt failed. */
  error?: string;
}

export type RequestLogger = (entry: RequestLogEntry) => void;

export interface AtlanHttpOptions extends TransportOptions {
  /** The tenant, e.g. `https://acme.atlan.com` (http only for 127.0.0.1, ::1, localhost). */
  baseUrl: string;
  /** The API token. Sent only to `baseUrl`'s origin. */
  token: string;
  /** Per-request timeout, headers and body included. Default 30 s. */
  timeoutMs?: number;
  /** Retry policy for reads and searches. Default DEFAULT_RETRY_POLICY. */
  retryPolicy?: RetryPolicy;
  clock?: Clock;
  random?: () => number;
  onRequest?: RequestLogger;
  /** Sent as `User-Agent`. */
  userAgent?: string;
}

export type QueryValue = string | number | boolean | readonly string[] | undefined;

/**
 * The tenant's API families, as pyatlan's `EndPoint` names them: `service` (Heracles:
 * workflows, runs, App API, users) under `/api/service/`, `meta` (the metastore: asset search)
 * under `/api/meta/`.
 */
export type ApiFamily = 'service' | 'meta';

export interface HttpRequest<T> {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** Relative to the family's prefix (`/api/service/` by default), segments already encoded (see `servicePath`). */
  path: string;
  /** Which family the path belongs to. Default `service`. */
  api?: ApiFamily;
  query?: Record<string, QueryValue>;
  body?: unknown;
  /** Validates the answer. Use `z.unknown()` when the body does not matter. */
  schema: z.ZodType<T>;
  /** Reads and searches may be retried; writes never are. Default: true for GET, false otherwise. */
  retry?: boolean;
  timeoutMs?: number;
  signal?: AbortSignal;
  /** Values of this request to scrub from errors besides the token (e.g. a credential's password). */
  secrets?: readonly string[];
}

const DEFAULT_TIMEOUT_MS = 30_000;

/** Joins path segments, encoding each: `servicePath('runs', name, 'stop')`. */
export function servicePath(...segments: readonly string[]): string {
  return segments.map((s) => encodeURIComponent(s)).join('/');
}

/** Validates a tenant URL: parseable, https (or http on loopback), no credentials in it. */
export function parseTenantUrl(baseUrl: string): URL {
  const text = baseUrl.trim();
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new ConfigurationError(text, `The tenant URL "${text}" is not a valid URL; expected e.g. https://acme.atlan.com.`);
  }
  if (url.username || url.password) {
    throw new ConfigurationError(url.origin, 'The tenant URL must not contain a user name or password; the API token authenticates.');
  }
  if (url.protocol === 'http:' && !isLoopbackHost(url.hostname)) {
    throw new ConfigurationError(
      url.origin,
      `The tenant URL ${url.origin} uses http; https is required (http is allowed only for 127.0.0.1, ::1 and localhost).`,
    );
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new ConfigurationError(url.origin, `The tenant URL must start with https:// (got ${url.protocol}).`);
  }
  return url;
}

export class AtlanHttp {
  /** `https://acme.atlan.com`: the only origin that ever sees the token. */
  readonly origin: string;
  /** `/api/service/` and `/api/meta/`, under the tenant URL's own path. */
  private readonly prefixes: Readonly<Record<ApiFamily, string>>;
  private readonly dispatcher: Dispatcher;
  private readonly token: string;
  /** Scrubbed from every message and kept body: the token, and a proxy password if the proxy URL has one. */
  private readonly secrets: readonly string[];
  private readonly timeoutMs: number;
  private readonly retryPolicy: RetryPolicy;
  private readonly clock: Clock;
  private readonly random: () => number;
  private readonly onRequest?: RequestLogger;
  private readonly userAgent: string;

  constructor(options: AtlanHttpOptions) {
    const url = parseTenantUrl(options.baseUrl);
    this.origin = url.origin;
    const token = options.token.trim();
    if (token === '') throw new ConfigurationError(this.origin, `No API token was given for ${this.origin}: sign in first.`);
    if (/[\r\n\s]/.test(token)) {
      throw new ConfigurationError(this.origin, 'The API token contains spaces or line breaks; paste it again without them.');
    }
    this.token = token;
    this.secrets = [token, ...proxyPassword(options.proxy?.url)];
    const base = url.pathname.replace(/\/+$/, '');
    this.prefixes = { service: `${base}/api/service/`, meta: `${base}/api/meta/` };
    this.dispatcher = createDispatcher(url, options);
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.retryPolicy = options.retryPolicy ?? DEFAULT_RETRY_POLICY;
    this.clock = options.clock ?? systemClock;
    this.random = options.random ?? Math.random;
    this.onRequest = options.onRequest;
    this.userAgent = options.userAgent ?? 'atlan-postgres-workflows';
  }

  /** Sends one request (retrying reads), validates the answer, and returns it typed. */
  async request<T>(request: HttpRequest<T>): Promise<T> {
    const url = this.buildUrl(request.api ?? 'service', request.path, request.query);
    const context: RequestContext = { origin: this.origin, method: request.method, path: url.pathname };
    const retry = request.retry ?? request.method === 'GET';
    try {
      return await withRetry((attempt) => this.attempt(request, url, context, attempt), {
        policy: retry ? this.retryPolicy : NO_RETRY,
        clock: this.clock,
        random: this.random,
        signal: request.signal,
      });
    } catch (error) {
      if (request.signal?.aborted && !(error instanceof CancelledError)) throw new CancelledError({ ...context, cause: error });
      throw error;
    }
  }

  /** Closes pooled connections. */
  async close(): Promise<void> {
    await this.dispatcher.close();
  }

  private buildUrl(api: ApiFamily, path: string, query: Record<string, QueryValue> | undefined): URL {
    if (path.startsWith('/') || /(^|\/)\.\.?(\/|$)|:\/\/|[?#\\]/.test(path)) {
      throw new ConfigurationError(this.origin, `Refusing to build a request for the path "${path}".`);
    }
    const prefix = this.prefixes[api];
    if (prefix === undefined) throw new ConfigurationError(this.origin, `Unknown API family "${String(api)}".`);
    const url = new URL(prefix + path, this.origin);
    for (const [key, value] of Object.entries(query ?? {})) {
      if (value === undefined) continue;
      if (Array.isArray(value)) for (const v of value as readonly string[]) url.searchParams.append(key, v);
      else url.searchParams.append(key, String(value));
    }
    // Defence in depth: whatever the path, the token only ever goes to the profile's origin.
    if (url.origin !== this.origin) throw new ConfigurationError(this.origin, 'Refusing to send the API token to another origin.');
    return url;
  }

  private async attempt<T>(request: HttpRequest<T>, url: URL, context: RequestContext, attempt: number): Promise<T> {
    const started = this.clock.now();
    const timeoutMs = request.timeoutMs ?? this.timeoutMs;
    const timeout = AbortSignal.timeout(timeoutMs);
    const signal = request.signal ? AbortSignal.any([request.signal, timeout]) : timeout;
    const log = (status: number | undefined, error?: AtlanError): void =>
      this.onRequest?.({ method: request.method, path: url.pathname, status, ms: this.clock.now() - started, attempt, error: error?.message });

    const headers: Record<string, string> = {
      authorization: `Bearer ${this.token}`,
      accept: 'application/json',
      'user-agent': this.userAgent,
      'x-atlan-request-id': randomUUID(),
    };
    let body: string | undefined;
    if (request.body !== undefined) {
      body = JSON.stringify(request.body);
      headers['content-type'] = 'application/json';
    }

    let status: number | undefined;
    let text: string;
    let responseHeaders: Record<string, string | string[] | undefined>;
    try {
      const response = await this.dispatcher.request({
        origin: this.origin,
        path: url.pathname + url.search,
        method: request.method,
        headers,
        body,
        signal,
      });
      status = response.statusCode;
      responseHeaders = response.headers;
      text = await response.body.text();
    } catch (cause) {
      const error = this.transportError(cause, context, request.signal, timeout, timeoutMs);
      log(status, error);
      throw error;
    }

    if (status < 200 || status >= 300) {
      const knownSecrets = this.secretsOf(request);
      const error = errorFromResponse({ ...context, status, headers: responseHeaders, bodyText: text, knownSecrets, now: this.clock.now() });
      log(status, error);
      throw error;
    }
    try {
      const value = this.parse(request.schema, text, status, context, request);
      log(status);
      return value;
    } catch (error) {
      log(status, error as AtlanError);
      throw error;
    }
  }

  /** Everything an error about this request must not show: the token, and the secrets it sent. */
  private secretsOf(request: HttpRequest<unknown>): string[] {
    return [...this.secrets, ...(request.secrets ?? []), ...secretValuesIn(request.body)];
  }

  private parse<T>(schema: z.ZodType<T>, text: string, status: number, context: RequestContext, request: HttpRequest<T>): T {
    let json: unknown = undefined;
    if (text.trim() !== '') {
      try {
        json = JSON.parse(text);
      } catch {
        // No `cause`: V8's SyntaxError quotes the body, which is only kept redacted.
        throw new InvalidResponseError({ ...context, status, problem: 'the body is not JSON', rawBody: redactText(text, this.secretsOf(request), 500) });
      }
    }
    const parsed = schema.safeParse(json);
    if (parsed.success) return parsed.data;
    const issue = parsed.error.issues[0];
    const fieldPath = issue ? formatPath(issue.path) : '';
    const detail = issue ? issue.message.replace(/^Invalid input: /, '') : 'unexpected shape';
    throw new InvalidResponseError({
      ...context,
      status,
      fieldPath: fieldPath || undefined,
      problem: fieldPath ? `field ${fieldPath}: ${detail}` : `the body: ${detail}`,
      rawBody: redactText(text, this.secretsOf(request), 2000),
    });
  }

  private transportError(cause: unknown, context: RequestContext, userSignal: AbortSignal | undefined, timeout: AbortSignal, timeoutMs: number): AtlanError {
    if (cause instanceof AtlanError) return cause;
    if (userSignal?.aborted) return new CancelledError({ ...context, cause });
    const code = errorCode(cause);
    if (timeout.aborted || code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT') {
      return new TimeoutError({ ...context, timeoutMs, cause });
    }
    return new NetworkError({ ...context, code, reason: networkReason(code, cause, this.secrets), cause });
  }
}

function proxyPassword(url: string | undefined): string[] {
  if (!url) return [];
  try {
    const password = decodeURIComponent(new URL(url).password);
    return password ? [password] : [];
  } catch {
    return [];
  }
}

function errorCode(cause: unknown): string | undefined {
  let current: unknown = cause;
  // undici wraps socket errors; the useful code may sit one level down.
  for (let depth = 0; depth < 3 && current && typeof current === 'object'; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && code !== 'UND_ERR') return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

function networkReason(code: string | undefined, cause: unknown, secrets: readonly string[]): string {
  switch (code) {
    case 'ECONNREFUSED':
      return 'the connection was refused; check the tenant URL and that the server is up';
    case 'ECONNRESET':
    case 'EPIPE':
    case 'UND_ERR_SOCKET':
    case 'UND_ERR_CLOSED':
      return 'the connection was reset before an answer arrived';
    case 'ENOTFOUND':
      return 'the host name could not be resolved (DNS); check the tenant URL';
    case 'EAI_AGAIN':
      return 'the DNS lookup failed temporarily';
    case 'UND_ERR_CONNECT_TIMEOUT':
    case 'ETIMEDOUT':
      return 'connecting timed out; check the network or proxy';
    case 'ENETUNREACH':
    case 'EHOSTUNREACH':
      return 'the network is unreachable';
    default:
      break;
  }
  if (code && /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|ERR_TLS/.test(code)) {
    return "the server's TLS certificate is not trusted; add your organisation's CA certificate or check the proxy settings";
  }
  const message = cause instanceof Error ? cause.message : String(cause);
  return `${redactText(message, secrets, 300)}${code ? ` (${code})` : ''}`;
}

/** `['hits', 'hits', 3, '_source']` -> `hits.hits[3]._source`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else out += out === '' ? String(segment) : `.${String(segment)}`;
  }
  return out;
}
