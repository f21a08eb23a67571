import assert from 'node:assert/strict';
import { Client } from 'pg';
import { PostgresCheckError, listDatabasesAndSchemas, runPreflightChecks, testConnection } from '../../../src/core/postgres';
import type { PostgresTarget } from '../../../src/core/postgres';
import { findFreePort } from '../../../sandbox/postgres';
import { useDemoPostgres, useSilentServer } from './demoServer';

const SECRET = 'Not-The-Right-Passw0rd';

describe('core/postgres: direct checks against the demo database', function () {
  this.timeout(10_000); // real server round trips; generous for a loaded machine
  const demo = useDemoPostgres();
  const silentPort = useSilentServer();

  function target(overrides: Partial<PostgresTarget> = {}): PostgresTarget {
    const d = demo();
    return { host: d.host, port: d.port, database: 'analytics', username: d.user, password: d.password, ...overrides };
  }
  function limited(overrides: Partial<PostgresTarget> = {}): PostgresTarget {
    const { user, password } = demo().limitedUser;
    return target({ username: user, password, ...overrides });
  }

  describe('testConnection', () => {
    it('logs in and reports the server version', async () => {
      const result = await testConnection(target());
      assert.equal(result.ok, true);
      assert.match(result.ok ? result.serverVersion : '', /^\d+\.\d+/);
    });

    it('reports a wrong password, an unknown database and a refused port specifically, never with the password', async () => {
      const port = await findFreePort();
      const cases: [PostgresTarget, string, string][] = [
        [target({ password: SECRET }), 'authentication', 'password authentication failed for user "postgres"'],
        [target({ database: 'nowhere' }), 'database-missing', 'database "nowhere" does not exist'],
        [target({ password: SECRET, port }), 'network', `connection refused at 127.0.0.1:${port}`],
        [target({ password: SECRET, port: silentPort(), connectTimeoutMs: 150 }), 'timeout', `connection to 127.0.0.1:${silentPort()} timed out after 150 ms`],
      ];
      for (const [settings, kind, message] of cases) {
        const result = await testConnection(settings);
        assert.deepEqual(result, { ok: false, kind, message });
        assert.ok(!JSON.stringify(result).includes(SECRET));
      }
    });

    it('names invalid settings without echoing the password', async () => {
      const result = await testConnection(target({ port: 0, host: ' ', password: SECRET }));
      assert.equal(result.ok, false);
      assert.equal(result.ok ? '' : result.kind, 'invalid-input');
      assert.match(result.ok ? '' : result.message, /^invalid Postgres connection settings: host: host is empty; port: /);
      assert.ok(!JSON.stringify(result).includes(SECRET));
    });
  });

  describe('listDatabasesAndSchemas', () => {
    it('lists every database the user can connect to, with its non-system schemas', async () => {
      assert.deepEqual(await listDatabasesAndSchemas(target()), [
        { database: 'analytics', schemas: ['marketing', 'public', 'sales', 'staging'] },
        { database: 'inventory', schemas: ['public', 'staging', 'stock'] },
        { database: 'postgres', schemas: ['public'] },
      ]);
    });

    it('shows a limited role only what it may connect to and see', async () => {
      assert.deepEqual(await listDatabasesAndSchemas(limited()), [
        { database: 'analytics', schemas: ['marketing', 'public'] },
        { database: 'postgres', schemas: ['public'] },
      ]);
    });

    it('throws a PostgresCheckError when the server is unreachable', async () => {
      const port = await findFreePort();
      await assert.rejects(listDatabasesAndSchemas(target({ port })), (err: unknown) => {
        assert.ok(err instanceof PostgresCheckError);
        assert.equal(err.kind, 'network');
        assert.equal(err.message, `connection refused at 127.0.0.1:${port}`);
        return true;
      });
    });

    it('stops when cancelled', async () => {
      const controller = new AbortController();
      const listing = listDatabasesAndSchemas(target({ port: silentPort(), connectTimeoutMs: 20_000 }), controller.signal);
      setTimeout(() => controller.abort(), 30);
      await assert.rejects(listing, (err: unknown) => err instanceof PostgresCheckError && err.kind === 'cancelled');
    });
  });

  describe('runPreflightChecks', () => {
    it('succeeds with the table count when everything in scope is readable', async () => {
      assert.deepEqual(await runPreflightChecks(target(), { include: {}, exclude: {}, excludeRegex: '' }), [
        { name: 'Database and schema check', ok: true, message: 'Check successful' },
        { name: 'Tables check', ok: true, message: 'Check successful. Table count: 15' },
      ]);
    });

    it('counts tables and views after include, exclude and the exclude regex', async () => {
      const checks = await runPreflightChecks(target(), {
        include: { analytics: ['sales', 'marketing'] },
        exclude: { analytics: ['marketing'] },
        excludeRegex: '.*_TEST',
      });
      // sales without ORDERS_TEST / customers_TEST: 5 tables (with partitions) + 2 views.
      assert.deepEqual(checks[1], { name: 'Tables check', ok: true, message: 'Check successful. Table count: 7' });
      assert.equal(checks[0]?.ok, true);
    });

    it('treats config names literally, not as regexes', async () => {
      const checks = await runPreflightChecks(target(), { include: { analytics: ['s.les'] }, exclude: {} });
      assert.deepEqual(checks, [
        { name: 'Database and schema check', ok: false, message: 'Check failed for analytics.s.les schema' },
        { name: 'Tables check', ok: true, message: 'Check successful. Table count: 0' },
      ]);
    });

    it('fails the database and schema check for a missing schema', async () => {
      const checks = await runPreflightChecks(target(), { include: { analytics: ['sales', 'finance'] }, exclude: {} });
      assert.deepEqual(checks[0], { name: 'Database and schema check', ok: false, message: 'Check failed for analytics.finance schema' });
    });

    it('fails the database and schema check for a database other than the credential one', async () => {
      const checks = await runPreflightChecks(target(), { include: { inventory: [] }, exclude: {} });
      assert.deepEqual(checks[0], { name: 'Database and schema check', ok: false, message: 'Check failed for inventory database' });
    });

    it('fails the database and schema check for a schema the role cannot see', async () => {
      const checks = await runPreflightChecks(limited(), { include: { analytics: ['sales'] }, exclude: {} });
      assert.deepEqual(checks[0], { name: 'Database and schema check', ok: false, message: 'Check failed for analytics.sales schema' });
    });

    it('passes for a limited role within its grants', async () => {
      assert.deepEqual(await runPreflightChecks(limited(), { include: { analytics: ['public'] }, exclude: {} }), [
        { name: 'Database and schema check', ok: true, message: 'Check successful' },
        { name: 'Tables check', ok: true, message: 'Check successful. Table count: 1' },
      ]);
    });

    it('fails the tables check naming the tables a limited role cannot SELECT', async () => {
      const checks = await runPreflightChecks(limited(), { include: { analytics: ['marketing'] }, exclude: {} });
      assert.deepEqual(checks[1], {
        name: 'Tables check',
        ok: false,
        message:
          'Check failed. Missing some of the required grants SELECT, SHOW VIEW, EXECUTE on tables: marketing.active_campaigns, marketing.campaigns, marketing.leads',
      });
    });

    it('names every unreadable table when there are few', async () => {
      const checks = await runPreflightChecks(limited(), { include: {}, exclude: { analytics: ['public'] } });
      // marketing 3 + sales 9 + staging 2 = 14 unreadable: all named.
      assert.equal(checks[1]?.ok, false);
      assert.equal((checks[1]?.message.split('on tables: ')[1] ?? '').split(', ').length, 14);
      assert.doesNotMatch(checks[1]?.message ?? '', /more$/);
    });

    it('names the first twenty unreadable tables and counts the rest', async () => {
      const d = demo();
      const admin = new Client({ host: d.host, port: d.port, database: 'analytics', user: d.user, password: d.password });
      await admin.connect();
      try {
        await admin.query(`CREATE SCHEMA bulk; GRANT USAGE ON SCHEMA bulk TO ${d.limitedUser.user};`);
        for (let i = 0; i < 25; i++) await admin.query(`CREATE TABLE bulk.t${String(i).padStart(2, '0')} (id int)`);
        const checks = await runPreflightChecks(limited(), { include: { analytics: ['bulk'] }, exclude: {} });
        const named = Array.from({ length: 20 }, (_, i) => `bulk.t${String(i).padStart(2, '0')}`).join(', ');
        assert.equal(checks[1]?.message, `Check failed. Missing some of the required grants SELECT, SHOW VIEW, EXECUTE on tables: ${named}, and 5 more`);
      } finally {
        await admin.query('DROP SCHEMA IF EXISTS bulk CASCADE');
        await admin.end();
      }
    });

    it('rejects an invalid exclude regex with a specific message', async () => {
      await assert.rejects(runPreflightChecks(target(), { include: {}, exclude: {}, excludeRegex: '[a-' }), (err: unknown) => {
        assert.ok(err instanceof PostgresCheckError);
        assert.equal(err.kind, 'invalid-input');
        assert.match(err.message, /^the exclude regex is not a valid regular expression \(invalid regular expression: .*\): \[a-$/);
        return true;
      });
    });

    it('rejects malformed filters', async () => {
      const malformed = { include: { analytics: 'sales' }, exclude: {} } as unknown as Parameters<typeof runPreflightChecks>[1];
      await assert.rejects(runPreflightChecks(target(), malformed), /^PostgresCheckError: invalid metadata filters: include\.analytics: /);
    });

    it('reports a login failure as a PostgresCheckError without the password', async () => {
      await assert.rejects(runPreflightChecks(target({ password: SECRET }), { include: {}, exclude: {} }), (err: unknown) => {
        assert.ok(err instanceof PostgresCheckError);
        assert.equal(err.message, 'password authentication failed for user "postgres"');
        assert.ok(!err.message.includes(SECRET));
        return true;
      });
    });
  });
});
