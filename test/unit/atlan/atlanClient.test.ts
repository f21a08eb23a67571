import * as assert from 'node:assert/strict';
import { AppBackend } from '../../../src/core/atlan/appBackend';
import { AtlanClient } from '../../../src/core/atlan/atlanClient';
import { AuthenticationError, InvalidArgumentError, NotFoundError, ServerError } from '../../../src/core/atlan/errors';
import { LegacyBackend } from '../../../src/core/atlan/legacyBackend';
import { FakeClock, ScriptedServer } from './helpers';

describe('atlan/atlanClient', () => {
  let server: ScriptedServer;
  let client: AtlanClient;

  before(async () => {
    server = await ScriptedServer.start();
  });
  beforeEach(() => {
    server.reset();
    client = new AtlanClient({ baseUrl: server.url, token: 'tok-client-test', clock: new FakeClock(), random: () => 0.5 });
  });
  afterEach(async () => {
    await client.close();
  });
  after(async () => {
    await server.stop();
  });

  describe('whoami', () => {
    const cases: [string, string[], string, boolean][] = [
      ['API token role', ['$api-token-default-access'], 'jane', true],
      ['$admin (pyatlan counts it as a token user)', ['$admin'], 'jane', true],
      ['service account name', ['$member'], 'service-account-apikey-42', true],
      ['a member', ['$member', '$guest'], 'jane', false],
    ];
    for (const [label, roles, username, expected] of cases) {
      it(`isApiTokenUser: ${label} -> ${expected}`, async () => {
        server.route('GET', 'whoami', { body: { username, roles: roles.map((name) => ({ name, id: `id-${name}` })) } });
        assert.deepEqual(await client.whoami(), { username, roles, isApiTokenUser: expected });
      });
    }

    it('falls back to users/current for the user name', async () => {
      server.route('GET', 'whoami', { body: { roles: [{ name: '$member' }] } });
      server.route('GET', 'users/current', { body: { id: 'u-1', username: 'service-account-apikey-7', email: null } });
      assert.deepEqual(await client.whoami(), { username: 'service-account-apikey-7', roles: ['$member'], isApiTokenUser: true });
    });

    it('a whoami without roles is an invalid answer naming the field', async () => {
      server.route('GET', 'whoami', { body: { username: 'x' } });
      await assert.rejects(client.whoami(), /field roles/);
    });
  });

  describe('roles, users, groups', () => {
    it('lists every role page and resolves names to ids', async () => {
      const roles = Array.from({ length: 130 }, (_, i) => ({ id: `id-${i}`, name: i === 0 ? '$admin' : `$r${i}` }));
      server.route('GET', 'roles', (req) => {
        const offset = Number(req.query.get('offset'));
        return { body: { totalRecord: 130, filterRecord: 130, records: roles.slice(offset, offset + Number(req.query.get('limit'))) } };
      });
      assert.deepEqual(await client.resolveRoleIds(['$admin', '$r129']), ['id-0', 'id-129']);
      assert.equal(server.count('GET', 'roles'), 2);
      assert.equal(server.requests[0]?.query.get('count'), 'true');
    });

    it('names unknown roles and lists the known ones', async () => {
      server.route('GET', 'roles', { body: { totalRecord: 2, records: [{ id: 'a', name: '$admin' }, { id: 'm', name: '$member' }] } });
      await assert.rejects(client.resolveRoleIds(['$admin', '$wizard']), (e: unknown) => e instanceof NotFoundError && /no role named "\$wizard"\. Known roles: \$admin, \$member\./.test(e.message));
    });

    it('pages users with a search filter', async () => {
      server.route('GET', 'users', (req) => ({
        body: { totalRecord: 3, filterRecord: 3, records: [{ id: 'u1', username: 'ann', email: 'a@x' }, { id: 'u2', username: 'bob', enabled: true }].slice(0, Number(req.query.get('limit'))) },
      }));
      const page = await client.listUsers({ limit: 2, search: 'a"n' });
      assert.deepEqual(page.items.map((u) => u.username), ['ann', 'bob']);
      assert.equal(page.next, '2');
      const q = server.requests[0].query;
      assert.equal(q.get('sort'), 'username');
      assert.ok(q.getAll('columns').includes('username'));
      assert.deepEqual(JSON.parse(q.get('filter')!), { $or: [{ username: { $ilike: '%a"n%' } }, { email: { $ilike: '%a"n%' } }] });
    });

    it('pages groups; the last page has no next', async () => {
      server.route('GET', 'v2/groups', { body: { totalRecord: 1, records: [{ id: 'g1', name: 'data', alias: 'Data', path: '/data' }] } });
      const page = await client.listGroups();
      assert.deepEqual(page, { items: [{ id: 'g1', name: 'data', alias: 'Data', path: '/data' }], total: 1 });
      assert.equal(server.requests[0]?.query.get('sort'), 'name');
      await assert.rejects(client.listGroups({ limit: 500 }), InvalidArgumentError);
    });
  });

  describe('testCredential', () => {
    const credential = { name: 'c', host: 'db', port: 5432, authType: 'basic', connectorType: 'jdbc', username: 'u', password: 'pw-very-secret', extra: { database: 'd' } };

    it('succeeds on "successful"', async () => {
      server.route('POST', 'credentials/test', { body: { message: 'successful' } });
      assert.deepEqual(await client.testCredential(credential), { ok: true, message: 'successful' });
      assert.equal(server.requests[0]?.body.password, 'pw-very-secret');
    });

    it('reports a refusal as a result, without echoing the password', async () => {
      server.route('POST', 'credentials/test', { status: 400, body: { message: 'FATAL: password authentication failed (pw-very-secret)', code: 'CONN_ERR' } });
      const result = await client.testCredential(credential);
      assert.equal(result.ok, false);
      assert.match(result.message, /password authentication failed/);
      assert.ok(!result.message.includes('pw-very-secret'));
      assert.equal(server.count('POST', 'credentials/test'), 1, 'never retried');
    });

    it('a 200 with another message is not a success', async () => {
      server.route('POST', 'credentials/test', { body: { message: 'host unreachable' } });
      assert.deepEqual(await client.testCredential(credential), { ok: false, message: 'host unreachable' });
    });

    it('other failures are thrown', async () => {
      server.route('POST', 'credentials/test', { status: 401 });
      await assert.rejects(client.testCredential(credential), AuthenticationError);
    });
  });

  describe('detectSurface and backends', () => {
    it('apps when the Postgres app answers', async () => {
      server.route('GET', 'v1/apps/postgres-crawler', { body: { app_id: 'postgres-crawler', name: 'Postgres', native_ready: true, execution_mode: 'native', entrypoints: [{ name: 'crawler' }] } });
      assert.equal(await client.detectSurface(), 'apps');
    });

    it('workflows when the app is not native-ready, or unknown (404)', async () => {
      server.route('GET', 'v1/apps/postgres-crawler', { body: { app_id: 'postgres-crawler', native_ready: false } });
      assert.equal(await client.detectSurface(), 'workflows');
      server.route('GET', 'v1/apps/postgres-crawler', { status: 404, body: { message: 'not found' } });
      assert.equal(await client.detectSurface(), 'workflows');
    });

    it('does not guess on 401 or persistent 5xx', async () => {
      server.route('GET', 'v1/apps/postgres-crawler', { status: 401 });
      await assert.rejects(client.detectSurface(), AuthenticationError);
      server.route('GET', 'v1/apps/postgres-crawler', { status: 503 });
      await assert.rejects(client.detectSurface(), ServerError);
    });

    it('hands out one backend per surface', () => {
      assert.ok(client.backend('workflows') instanceof LegacyBackend);
      assert.ok(client.backend('apps') instanceof AppBackend);
      assert.equal(client.backend('apps'), client.backend('apps'));
      assert.throws(() => client.backend('nope' as 'apps'), /Unknown API surface/);
    });
  });
});
