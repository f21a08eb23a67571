import * as assert from 'node:assert/strict';
import {
  AuthenticationError,
  ConflictError,
  InvalidResponseError,
  NetworkError,
  RateLimitError,
  ServerError,
  TimeoutError,
  type AtlanError,
} from '../../../src/core/atlan/errors';
import { backoffDelay, DEFAULT_RETRY_POLICY, isRetryable, withRetry } from '../../../src/core/atlan/retry';
import { FakeClock } from './helpers';

const origin = 'https://acme.atlan.com';

describe('atlan/retry', () => {
  it('retries 429, 500, 502, 503, 504, resets and timeouts only', () => {
    const yes: AtlanError[] = [
      new RateLimitError({ origin, status: 429 }),
      ...[500, 502, 503, 504].map((status) => new ServerError({ origin, status })),
      new NetworkError({ origin, code: 'ECONNRESET', reason: 'reset' }),
      new NetworkError({ origin, code: 'UND_ERR_SOCKET', reason: 'closed' }),
      new TimeoutError({ origin, timeoutMs: 1 }),
    ];
    const no: AtlanError[] = [
      new ServerError({ origin, status: 501 }),
      new AuthenticationError({ origin, status: 401 }),
      new ConflictError({ origin, status: 409 }),
      new NetworkError({ origin, code: 'ENOTFOUND', reason: 'dns' }),
      new NetworkError({ origin, code: 'DEPTH_ZERO_SELF_SIGNED_CERT', reason: 'tls' }),
      new InvalidResponseError({ origin, problem: 'x' }),
    ];
    for (const e of yes) assert.equal(isRetryable(e), true, e.message);
    for (const e of no) assert.equal(isRetryable(e), false, e.message);
  });

  it('backs off exponentially with jitter, capped', () => {
    const policy = { ...DEFAULT_RETRY_POLICY, baseDelayMs: 1000, maxDelayMs: 4000 };
    assert.equal(backoffDelay(1, policy, () => 0), 500);
    assert.equal(backoffDelay(1, policy, () => 1), 1000);
    assert.equal(backoffDelay(2, policy, () => 1), 2000);
    assert.equal(backoffDelay(5, policy, () => 1), 4000, 'capped');
    assert.equal(backoffDelay(3, policy, () => 0.5), 3000);
  });

  it('prefers Retry-After, capped at maxRetryAfterMs', () => {
    assert.equal(backoffDelay(1, DEFAULT_RETRY_POLICY, () => 0, 2500), 2500);
    assert.equal(backoffDelay(1, DEFAULT_RETRY_POLICY, () => 0, 10 * 60_000), DEFAULT_RETRY_POLICY.maxRetryAfterMs);
  });

  it('stops after maxAttempts and rethrows the last error', async () => {
    const clock = new FakeClock();
    let calls = 0;
    await assert.rejects(
      withRetry(
        () => {
          calls++;
          return Promise.reject(new ServerError({ origin, status: 503 }));
        },
        { policy: { ...DEFAULT_RETRY_POLICY, maxAttempts: 3 }, clock, random: () => 1 },
      ),
      ServerError,
    );
    assert.equal(calls, 3);
    assert.deepEqual(clock.sleeps, [500, 1000]);
  });

  it('does not retry what is not retryable', async () => {
    let calls = 0;
    await assert.rejects(
      withRetry(
        () => {
          calls++;
          return Promise.reject(new AuthenticationError({ origin, status: 401 }));
        },
        { policy: DEFAULT_RETRY_POLICY, clock: new FakeClock() },
      ),
      AuthenticationError,
    );
    assert.equal(calls, 1);
  });

  it('reports each retry', async () => {
    const seen: number[] = [];
    let calls = 0;
    const value = await withRetry(
      () => (++calls < 3 ? Promise.reject(new TimeoutError({ origin, timeoutMs: 5 })) : Promise.resolve('done')),
      { policy: DEFAULT_RETRY_POLICY, clock: new FakeClock(), onRetry: (i) => seen.push(i.attempt) },
    );
    assert.equal(value, 'done');
    assert.deepEqual(seen, [1, 2]);
  });
});
