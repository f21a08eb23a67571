import * as assert from 'node:assert/strict';
import * as net from 'node:net';
import * as z from 'zod';
import {
  AuthenticationError,
  CancelledError,
  ConfigurationError,
  ConflictError,
  InvalidRequestError,
  InvalidResponseError,
  NetworkError,
  NotFoundError,
  PermissionError,
  RateLimitError,
  RedirectError,
  ServerError,
  TimeoutError,
} from '../../../src/core/atlan/errors';
import { AtlanHttp, type AtlanHttpOptions, type RequestLogEntry } from '../../../src/core/atlan/http';
import { FakeClock, ScriptedServer } from './helpers';

const TOKEN = 'tok-0123456789abcdef';
const anything = z.unknown();

describe('atlan/http', () => {
  let server: ScriptedServer;
  let clock: FakeClock;
  let log: RequestLogEntry[];
  const clients: AtlanHttp[] = [];

  function client(overrides: Partial<AtlanHttpOptions> = {}): AtlanHttp {
    const c = new AtlanHttp({ baseUrl: server.url, token: TOKEN, clock, random: () => 0.5, onRequest: (e) => log.push(e), ...overrides });
    clients.push(c);
    return c;
  }

  before(async () => {
    server = await ScriptedServer.start();
  });
  beforeEach(() => {
    server.reset();
    clock = new FakeClock();
    log = [];
  });
  after(async () => {
    await Promise.all(clients.map((c) => c.close()));
    await server.stop();
  });

  describe('requests', () => {
    it('sends the bearer token, JSON and the service prefix, and validates the answer', async () => {
      server.route('POST', 'workflows/indexsearch', (req) => ({ body: { echo: req.body } }));
      const result = await client().request({
        method: 'POST',
        path: 'workflows/indexsearch',
        body: { size: 1 },
        schema: z.object({ echo: z.object({ size: z.number() }) }),
      });
      assert.deepEqual(result, { echo: { size: 1 } });
      const req = server.requests[0];
      assert.equal(req.headers.authorization, `Bearer ${TOKEN}`);
      assert.equal(req.headers['content-type'], 'application/json');
      assert.equal(req.headers.accept, 'application/json');
      assert.match(String(req.headers['x-atlan-request-id']), /^[0-9a-f-]{36}$/);
    });

    it('keeps a path prefix of the tenant URL and encodes query values', async () => {
      server.route('GET', '/tenant/api/service/users', { body: {} });
      await client({ baseUrl: `${server.url}/tenant/` }).request({ method: 'GET', path: 'users', query: { filter: '{"a":"b c"}', columns: ['x', 'y'] }, schema: anything });
      const req = server.requests[0];
      assert.equal(req.path, '/tenant/api/service/users');
      assert.equal(req.query.get('filter'), '{"a":"b c"}');
      assert.deepEqual(req.query.getAll('columns'), ['x', 'y']);
    });

    it('sends metastore requests under /api/meta/, keeping the tenant path prefix', async () => {
      server.route('POST', '/tenant/api/meta/search/indexsearch', { body: { queryType: 'INDEX' } });
      const c = client({ baseUrl: `${server.url}/tenant/` });
      await c.request({ method: 'POST', api: 'meta', path: 'search/indexsearch', body: { dsl: {} }, schema: anything, retry: true });
      assert.equal(server.requests[0].path, '/tenant/api/meta/search/indexsearch');
      assert.equal(server.requests[0].headers.authorization, `Bearer ${TOKEN}`);
      assert.deepEqual(log.map((e) => e.path), ['/tenant/api/meta/search/indexsearch']);
      await assert.rejects(c.request({ method: 'POST', api: 'meta', path: '../service/whoami', schema: anything }), ConfigurationError);
    });

    it('accepts an empty body when the schema allows it', async () => {
      server.route('POST', 'workflows/x/archive', { rawBody: '' });
      assert.equal(await client().request({ method: 'POST', path: 'workflows/x/archive', schema: anything }), undefined);
    });

    it('logs one entry per attempt without the query string or bodies', async () => {
      server.queue('GET', 'roles', { status: 503 }).route('GET', 'roles', { body: { records: [] } });
      await client().request({ method: 'GET', path: 'roles', query: { filter: 'secret-ish' }, schema: anything });
      assert.equal(log.length, 2);
      assert.deepEqual(
        log.map((e) => [e.method, e.path, e.status, e.attempt]),
        [
          ['GET', '/api/service/roles', 503, 1],
          ['GET', '/api/service/roles', 200, 2],
        ],
      );
      assert.match(log[0].error ?? '', /HTTP 503/);
      assert.equal(log[1].error, undefined);
      assert.ok(log.every((e) => !JSON.stringify(e).includes('secret-ish') && typeof e.ms === 'number'));
    });

    it('refuses paths that could leave the service prefix', async () => {
      const c = client();
      for (const path of ['/whoami', '../whoami', 'a/../../b', 'http://evil.example/x', 'a?b=c']) {
        await assert.rejects(c.request({ method: 'GET', path, schema: anything }), ConfigurationError, path);
      }
      assert.equal(server.requests.length, 0);
    });
  });

  describe('tenant URL and token rules', () => {
    it('requires https except on loopback hosts', () => {
      assert.throws(() => client({ baseUrl: 'http://acme.atlan.com' }), (e: unknown) => e instanceof ConfigurationError && /https is required/.test(e.message));
      assert.throws(() => client({ baseUrl: 'ftp://acme.atlan.com' }), ConfigurationError);
      assert.throws(() => client({ baseUrl: 'not a url' }), /not a valid URL/);
      assert.throws(() => client({ baseUrl: 'https://user:pw@acme.atlan.com' }), /must not contain a user name/);
      assert.equal(client({ baseUrl: 'https://acme.atlan.com/' }).origin, 'https://acme.atlan.com');
      assert.equal(client({ baseUrl: 'http://localhost:1' }).origin, 'http://localhost:1');
      assert.equal(client({ baseUrl: 'http://[::1]:1' }).origin, 'http://[::1]:1');
      assert.equal(client({ baseUrl: 'http://127.0.0.1:1' }).origin, 'http://127.0.0.1:1');
    });

    it('rejects a missing or malformed token before sending anything', () => {
      assert.throws(() => client({ token: '  ' }), /No API token/);
      assert.throws(() => client({ token: 'abc\ndef' }), /spaces or line breaks/);
    });

    it('does not follow a redirect to another origin, and says so', async () => {
      const other = await ScriptedServer.start();
      try {
        other.route('GET', 'whoami', { body: { roles: [] } });
        server.route('GET', 'whoami', { status: 302, headers: { location: `${other.url}/api/service/whoami` } });
        await assert.rejects(
          client().request({ method: 'GET', path: 'whoami', schema: anything }),
          (e: unknown) => e instanceof RedirectError && /another origin/.test(e.message) && e.message.includes(other.url),
        );
        assert.equal(other.requests.length, 0, 'the token must never reach the other origin');
        assert.equal(server.requests.length, 1, 'a redirect is not retried');
      } finally {
        await other.stop();
      }
    });

    it('does not follow a same-origin redirect either', async () => {
      server.route('GET', 'whoami', { status: 301, headers: { location: '/elsewhere' } });
      await assert.rejects(client().request({ method: 'GET', path: 'whoami', schema: anything }), (e: unknown) => e instanceof RedirectError && !/another origin/.test(e.message));
    });
  });

  describe('errors', () => {
    const get = (c: AtlanHttp) => c.request({ method: 'GET', path: 'thing', schema: anything });
    const post = (c: AtlanHttp) => c.request({ method: 'POST', path: 'thing', body: {}, schema: anything });

    it('401 -> AuthenticationError naming the tenant', async () => {
      server.route('GET', 'thing', { status: 401, body: { errorCode: 'ATLAN-401', errorMessage: 'bad token' } });
      await assert.rejects(get(client()), (e: unknown) => e instanceof AuthenticationError && e.message === `The API token was rejected by ${server.url}: sign in again.`);
      assert.equal(server.requests.length, 1, 'not retried');
    });

    it('403 -> PermissionError with the tenant explanation, not retried', async () => {
      server.route('GET', 'thing', { status: 403, body: { errorMessage: 'needs workflow admin' } });
      await assert.rejects(get(client()), (e: unknown) => e instanceof PermissionError && /needs workflow admin/.test(e.message) && e.message.includes(server.url));
      assert.equal(server.requests.length, 1);
    });

    it('404 -> NotFoundError', async () => {
      server.route('GET', 'thing', { status: 404, body: { code: 'ATLAS-404', message: 'no such workflow' } });
      await assert.rejects(get(client()), (e: unknown) => e instanceof NotFoundError && e.errorCode === 'ATLAS-404' && /no such workflow/.test(e.message));
    });

    it('409 legacy body -> ConflictError', async () => {
      server.route('POST', 'thing', { status: 409, body: { errorCode: 'ATLAN-409', errorMessage: 'exists' } });
      await assert.rejects(post(client()), (e: unknown) => e instanceof ConflictError && /exists/.test(e.message) && e.slug === undefined);
    });

    it('409 App bodies -> ConflictError with slug or slugs', async () => {
      server.queue('POST', 'thing', { status: 409, body: { message: 'a workflow with that name already exists', slug: 'pg-1a2b', version: 3 } });
      await assert.rejects(post(client()), (e: unknown) => e instanceof ConflictError && e.slug === 'pg-1a2b' && /pg-1a2b/.test(e.message));
      server.queue('POST', 'thing', { status: 409, body: { message: 'ambiguous', slugs: ['a-1', 'a-2'] } });
      await assert.rejects(post(client()), (e: unknown) => e instanceof ConflictError && e.slugs?.join() === 'a-1,a-2' && /a-1, a-2/.test(e.message));
    });

    it('429 with Retry-After: a read waits as told (capped) and retries', async () => {
      server.queue('GET', 'thing', { status: 429, headers: { 'retry-after': '3' } }, { status: 429, headers: { 'retry-after': '9999' } });
      server.route('GET', 'thing', { body: { ok: true } });
      assert.deepEqual(await get(client()), { ok: true });
      assert.deepEqual(clock.sleeps, [3000, 60_000], 'Retry-After honoured, and capped at 60 s');
      assert.equal(server.requests.length, 3);
    });

    it('429 on a write -> RateLimitError with retryAfterMs, never retried', async () => {
      server.route('POST', 'thing', { status: 429, headers: { 'retry-after': '7' } });
      await assert.rejects(post(client()), (e: unknown) => e instanceof RateLimitError && e.retryAfterMs === 7000 && /7 s/.test(e.message));
      assert.equal(server.requests.length, 1);
    });

    it('400 -> InvalidRequestError with Atlan errorCode, message and causes', async () => {
      server.route('POST', 'thing', {
        status: 400,
        body: { errorCode: 'ATLAN-400-00-029', errorMessage: 'Invalid filter', causes: [{ errorType: 'ValidationError', errorMessage: 'bad regex', location: 'include-filter' }] },
      });
      await assert.rejects(post(client()), (e: unknown) => {
        assert.ok(e instanceof InvalidRequestError);
        assert.equal(e.errorCode, 'ATLAN-400-00-029');
        assert.equal(e.causes.length, 1);
        assert.match(e.message, /Invalid filter \(ValidationError bad regex at include-filter\)/);
        return true;
      });
    });

    it('App codes 1000 and 1003 are spelled out', async () => {
      server.queue('POST', 'thing', { status: 400, body: { code: 1000, message: 'include_filter: expected string' } });
      await assert.rejects(post(client()), (e: unknown) => e instanceof InvalidRequestError && e.errorCode === '1000' && /input contract/.test(e.message) && /include_filter/.test(e.message));
      server.queue('POST', 'thing', { status: 422, body: { errorCode: 1003, message: 'nope' } });
      await assert.rejects(post(client()), (e: unknown) => e instanceof InvalidRequestError && /unknown entrypoint/.test(e.message));
    });

    it('500 on a read is retried, then reported as ServerError', async () => {
      server.route('GET', 'thing', { status: 500, rawBody: '<html>oops</html>' });
      await assert.rejects(get(client()), (e: unknown) => e instanceof ServerError && e.status === 500 && /HTTP 500/.test(e.message));
      assert.equal(server.requests.length, 4, 'default policy: 4 attempts');
      assert.equal(clock.sleeps.length, 3);
      assert.ok(clock.sleeps[1] > clock.sleeps[0], 'backoff grows');
    });

    it('503 on a write is not retried', async () => {
      server.route('POST', 'thing', { status: 503 });
      await assert.rejects(post(client()), ServerError);
      assert.equal(server.requests.length, 1);
    });

    it('a search POST marked as a read is retried', async () => {
      server.queue('POST', 'runs/indexsearch', { status: 502 }).route('POST', 'runs/indexsearch', { body: { hits: { hits: [] } } });
      await client().request({ method: 'POST', path: 'runs/indexsearch', body: {}, schema: anything, retry: true });
      assert.equal(server.count('POST', 'runs/indexsearch'), 2);
    });

    it('connection reset: a read retries, a write reports NetworkError', async () => {
      server.queue('GET', 'thing', { reset: true }).route('GET', 'thing', { body: { ok: 1 } });
      assert.deepEqual(await get(client()), { ok: 1 });
      assert.equal(server.count('GET', 'thing'), 2);
      server.route('POST', 'thing', { reset: true });
      await assert.rejects(post(client()), (e: unknown) => e instanceof NetworkError && /reset/.test(e.message));
      assert.equal(server.count('POST', 'thing'), 1);
    });

    it('connection refused -> NetworkError with ECONNREFUSED', async () => {
      const closed = net.createServer();
      await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
      const port = (closed.address() as net.AddressInfo).port;
      await new Promise<void>((r) => closed.close(() => r()));
      await assert.rejects(
        post(client({ baseUrl: `http://127.0.0.1:${port}` })),
        (e: unknown) => e instanceof NetworkError && e.code === 'ECONNREFUSED' && /refused/.test(e.message) && e.message.includes(`127.0.0.1:${port}`),
      );
    });

    it('timeout -> TimeoutError naming the limit', async () => {
      server.route('POST', 'thing', { hang: true });
      await assert.rejects(post(client({ timeoutMs: 80 })), (e: unknown) => e instanceof TimeoutError && e.timeoutMs === 80 && /within 0\.1 s/.test(e.message));
      assert.equal(server.requests.length, 1);
    });

    it('a read that times out is retried', async () => {
      server.queue('GET', 'thing', { hang: true }).route('GET', 'thing', { body: { ok: 2 } });
      assert.deepEqual(await get(client({ timeoutMs: 80 })), { ok: 2 });
    });

    it('abort -> CancelledError: in flight, before sending, and while waiting to retry', async () => {
      server.route('GET', 'thing', { hang: true });
      const controller = new AbortController();
      const pending = client().request({ method: 'GET', path: 'thing', schema: anything, signal: controller.signal });
      setTimeout(() => controller.abort(), 30);
      await assert.rejects(pending, CancelledError);

      const aborted = AbortSignal.abort();
      await assert.rejects(client().request({ method: 'GET', path: 'thing', schema: anything, signal: aborted }), CancelledError);

      server.reset();
      server.route('GET', 'thing', { status: 503 });
      const during = new AbortController();
      const c = client({ onRequest: () => during.abort() });
      await assert.rejects(c.request({ method: 'GET', path: 'thing', schema: anything, signal: during.signal }), CancelledError);
      assert.equal(server.requests.length, 1, 'no retry after the abort');
    });

    it('malformed JSON -> InvalidResponseError', async () => {
      server.route('GET', 'thing', { rawBody: '{"hits": [' });
      await assert.rejects(get(client()), (e: unknown) => e instanceof InvalidResponseError && /not JSON/.test(e.message) && /GET \/api\/service\/thing/.test(e.message));
    });

    it('a zod mismatch names the field path and the endpoint', async () => {
      server.route('POST', 'runs/indexsearch', { body: { hits: { hits: [{ _source: { metadata: { name: 'ok' } } }, { _source: { metadata: { name: 42 } } }] } } });
      const schema = z.object({ hits: z.object({ hits: z.array(z.object({ _source: z.object({ metadata: z.object({ name: z.string() }) }) })) }) });
      await assert.rejects(client().request({ method: 'POST', path: 'runs/indexsearch', body: {}, schema }), (e: unknown) => {
        assert.ok(e instanceof InvalidResponseError);
        assert.equal(e.fieldPath, 'hits.hits[1]._source.metadata.name');
        assert.match(e.message, /POST \/api\/service\/runs\/indexsearch/);
        assert.match(e.message, /field hits\.hits\[1\]\._source\.metadata\.name: expected string, received number/);
        return true;
      });
    });

    it('never puts the token or a password into messages or kept bodies', async () => {
      server.route('POST', 'thing', { status: 400, body: { errorMessage: `token ${TOKEN} is odd`, echo: { password: 'hunter22', username: 'u' } } });
      await assert.rejects(post(client()), (e: unknown) => {
        assert.ok(e instanceof InvalidRequestError);
        for (const text of [e.message, e.rawBody ?? '', JSON.stringify(log)]) {
          assert.ok(!text.includes(TOKEN), text);
          assert.ok(!text.includes('hunter22'), text);
        }
        assert.match(e.rawBody ?? '', /\[REDACTED\]/);
        return true;
      });
    });

    it('never repeats a secret the request itself sent, when the tenant echoes it in an error', async () => {
      const sent = { inputs: { credential: { authType: 'iam_user', username: 'AKIAECHO12345', password: 'pw-Secret-999', extras: { aws_secret_key: 'aws-Echo-777' } } } };
      server.route('POST', 'v1/app', { status: 400, body: { code: 1000, message: 'bad credential pw-Secret-999 for AKIAECHO12345', echo: 'aws-Echo-777' } });
      await assert.rejects(client().request({ method: 'POST', path: 'v1/app', body: sent, schema: anything }), (e: unknown) => {
        assert.ok(e instanceof InvalidRequestError);
        for (const text of [e.message, e.rawBody ?? '', JSON.stringify(log)]) {
          for (const secret of ['pw-Secret-999', 'AKIAECHO12345', 'aws-Echo-777']) assert.ok(!text.includes(secret), text);
        }
        assert.match(e.message, /bad credential \[REDACTED\]/);
        return true;
      });
    });
  });
});
