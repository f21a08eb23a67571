import * as assert from 'node:assert/strict';
import * as z from 'zod';
import type { CrawlerBackend, CrawlerRun } from '../../../src/core/atlan/backend';
import { errorFromResponse } from '../../../src/core/atlan/errorBody';
import { ServerError } from '../../../src/core/atlan/errors';
import { AtlanHttp } from '../../../src/core/atlan/http';
import { monitorRuns, type RunChange } from '../../../src/core/atlan/monitor';
import { FakeClock, ScriptedServer } from './helpers';

const anything = z.unknown();

describe('atlan/transport: Retry-After on 503, keep-alive', () => {
  let server: ScriptedServer;
  let clock: FakeClock;
  const clients: AtlanHttp[] = [];
  const client = (): AtlanHttp => {
    const c = new AtlanHttp({ baseUrl: server.url, token: 'tok-transport-test', clock, random: () => 0.5 });
    clients.push(c);
    return c;
  };

  before(async () => {
    server = await ScriptedServer.start();
  });
  beforeEach(() => {
    server.reset();
    clock = new FakeClock();
  });
  afterEach(async () => {
    for (const c of clients.splice(0)) await c.close();
  });
  after(async () => {
    await server.stop();
  });

  describe('Retry-After on 503', () => {
    it('a 503 keeps Retry-After (seconds or a date) as retryAfterMs and says when to try again', () => {
      const base = { origin: 'https://acme.atlan.com', method: 'GET', path: '/api/service/x', knownSecrets: [], now: Date.parse('2026-01-01T00:00:00Z'), bodyText: '' };
      const seconds = errorFromResponse({ ...base, status: 503, headers: { 'retry-after': '12' } });
      assert.ok(seconds instanceof ServerError);
      assert.equal(seconds.retryAfterMs, 12_000);
      assert.match(seconds.message, /failed with HTTP 503 on GET \/api\/service\/x: the tenant may be restarting or overloaded; try again in 12 s\.$/);
      const date = errorFromResponse({ ...base, status: 503, headers: { 'retry-after': 'Thu, 01 Jan 2026 00:00:30 GMT' } });
      assert.ok(date instanceof ServerError && date.retryAfterMs === 30_000);
      const none = errorFromResponse({ ...base, status: 503, headers: {} });
      assert.ok(none instanceof ServerError && none.retryAfterMs === undefined);
      assert.match(none.message, /try again shortly\.$/);
      const other = errorFromResponse({ ...base, status: 500, headers: { 'retry-after': '12' } });
      assert.ok(other instanceof ServerError && other.retryAfterMs === undefined, 'only a 503 is read for it');
    });

    it('a read waits as a 503 says (capped at 60 s) before retrying', async () => {
      server.queue('GET', 'thing', { status: 503, headers: { 'retry-after': '4' } }, { status: 503, headers: { 'retry-after': '9999' } });
      server.route('GET', 'thing', { body: { ok: true } });
      assert.deepEqual(await client().request({ method: 'GET', path: 'thing', schema: anything }), { ok: true });
      assert.deepEqual(clock.sleeps, [4000, 60_000]);
      assert.equal(server.count('GET', 'thing'), 3);
    });

    it('a write is still not retried on a 503, and the error carries the wait', async () => {
      server.route('POST', 'thing', { status: 503, headers: { 'retry-after': '7' } });
      await assert.rejects(client().request({ method: 'POST', path: 'thing', body: {}, schema: anything, retry: false }), (e: unknown) => e instanceof ServerError && e.retryAfterMs === 7000);
      assert.equal(server.count('POST', 'thing'), 1);
    });

    it('the monitor waits at least what a 503 said before polling again', async () => {
      const running: CrawlerRun = { id: 'a-r1', workflowName: 'a', phase: 'Running', failedSteps: [] };
      let polls = 0;
      const backend = {
        surface: 'workflows',
        getRuns: () => {
          polls++;
          if (polls === 2) return Promise.reject(new ServerError({ origin: 'https://acme.atlan.com', status: 503, retryAfterMs: 45_000 }));
          return Promise.resolve(new Map([['a-r1', polls >= 3 ? { ...running, phase: 'Succeeded' } : running]]));
        },
      } as unknown as CrawlerBackend;
      const monitorClock = new FakeClock();
      const changes: RunChange[] = [];
      for await (const change of monitorRuns(backend, [{ id: 'a-r1', workflowName: 'a' }], { clock: monitorClock })) changes.push(change);
      const error = changes.find((c) => c.type === 'error');
      assert.ok(error?.type === 'error' && !error.fatal);
      assert.equal(error.retryInMs, 45_000);
      assert.deepEqual(monitorClock.sleeps, [2000, 45_000]);
    });
  });

  // undici hands a finished connection back to its pool a tick after the body is read, so back-to-back
  // requests may alternate between two; without keep-alive every request would open its own.
  it('keep-alive: N sequential requests through one AtlanHttp reuse their connections (at most 2 for 20)', async () => {
    server.route('GET', 'thing', { body: { ok: true } });
    const http = client();
    const before = server.connections;
    const n = 20;
    for (let i = 0; i < n; i++) await http.request({ method: 'GET', path: 'thing', schema: anything });
    assert.equal(server.count('GET', 'thing'), n);
    const opened = server.connections - before;
    assert.ok(opened >= 1 && opened <= 2, `${opened} connections for ${n} sequential requests`);
  });
});
