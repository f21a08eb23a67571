/**
 * Retry policy for reads and searches: exponential backoff with full jitter, honouring a capped
 * Retry-After. Writes (create, rerun, update, archive, stop) are never retried here: a blind
 * retry of a create duplicates a connection and every asset it crawls.
 */
import { systemClock, type Clock } from './clock';
import { NetworkError, type AtlanError } from './errors';

export interface RetryPolicy {
  /** Attempts in total, the first included. */
  maxAttempts: number;
  /** First backoff; doubles each attempt. */
  baseDelayMs: number;
  /** Upper bound of a computed backoff. */
  maxDelayMs: number;
  /** Upper bound of a server's Retry-After we are willing to wait. */
  maxRetryAfterMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxAttempts: 4,
  baseDelayMs: 500,
  maxDelayMs: 8_000,
  maxRetryAfterMs: 60_000,
};

export const NO_RETRY: RetryPolicy = { ...DEFAULT_RETRY_POLICY, maxAttempts: 1 };

const RETRY_STATUSES: ReadonlySet<number> = new Set([429, 500, 502, 503, 504]);

/** Network failures where the server may well answer next time; DNS "no such host" and TLS failures will not. */
const TRANSIENT_NETWORK_CODES: ReadonlySet<string> = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'EPIPE',
  'ETIMEDOUT',
  'EAI_AGAIN',
  'ENETUNREACH',
  'EHOSTUNREACH',
  'UND_ERR_SOCKET',
  'UND_ERR_CLOSED',
  'UND_ERR_CONNECT_TIMEOUT',
]);

/** Whether a failed read is worth another attempt. */
export function isRetryable(error: AtlanError): boolean {
  switch (error.kind) {
    case 'timeout':
      return true;
    case 'rateLimited':
    case 'server':
      return error.status !== undefined && RETRY_STATUSES.has(error.status);
    case 'network':
      return error instanceof NetworkError && error.code !== undefined && TRANSIENT_NETWORK_CODES.has(error.code);
    default:
      return false;
  }
}

/**
 * Delay before attempt `attempt + 1` (attempt counts from 1). Retry-After wins when present,
 * capped; otherwise "full jitter": uniform in [base*2^(n-1)/2, base*2^(n-1)], capped.
 */
export function backoffDelay(attempt: number, policy: RetryPolicy, random: () => number, retryAfterMs?: number): number {
  if (retryAfterMs !== undefined) return Math.min(Math.max(0, retryAfterMs), policy.maxRetryAfterMs);
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

export interface RetryOptions {
  policy: RetryPolicy;
  clock?: Clock;
  random?: () => number;
  signal?: AbortSignal;
  /** Called before each wait, e.g. to log "retrying in 2 s". */
  onRetry?: (info: { attempt: number; delayMs: number; error: AtlanError }) => void;
}

/** Runs `operation` until it succeeds, fails for good, or the attempts are used up. */
export async function withRetry<T>(operation: (attempt: number) => Promise<T>, options: RetryOptions): Promise<T> {
  const clock = options.clock ?? systemClock;
  const random = options.random ?? Math.random;
  for (let attempt = 1; ; attempt++) {
    try {
      return await operation(attempt);
    } catch (error) {
      const atlanError = error as AtlanError;
      if (attempt >= options.policy.maxAttempts || typeof atlanError.kind !== 'string' || !isRetryable(atlanError)) throw error;
      const retryAfter = 'retryAfterMs' in atlanError ? (atlanError.retryAfterMs as number | undefined) : undefined;
      const delayMs = backoffDelay(attempt, options.policy, random, retryAfter);
      options.onRetry?.({ attempt, delayMs, error: atlanError });
      try {
        await clock.sleep(delayMs, options.signal);
      } catch {
        // Cancelled while waiting: the last real failure is more useful than the abort itself.
        throw error;
      }
    }
  }
}
