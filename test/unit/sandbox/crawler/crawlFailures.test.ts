import assert from 'node:assert/strict';
import { CrawlError, crawlPostgres, testPostgresCredential } from '../../../../sandbox/crawler';
import type { CrawlFilters, PostgresCredential } from '../../../../sandbox/crawler';
import { findFreePort } from '../../../../sandbox/postgres';
import { useDemoPostgres, useSilentServer } from '../../postgres/demoServer';

const NO_FILTERS: CrawlFilters = { include: {}, exclude: {}, excludeRegex: '' };
const WRONG_PASSWORD = 'Wr0ng-Secret-Passw0rd';
const AWS_SECRET = 'wJalrXUtnFEMIK7MDENGbPxRfiCYEXAMPLEKEY';
const EXTERNAL_ID = 'ext-id-7f3a9c';

/** Resolves with the CrawlError's message, failing the test for anything else. */
async function crawlErrorOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (err) {
    assert.ok(err instanceof CrawlError, `expected a CrawlError, got ${String(err)}`);
    return err.message;
  }
  assert.fail('expected the crawl to fail');
}

describe('sandbox crawler: failures say why, and never show a secret', function () {
  this.timeout(10_000); // real server round trips; generous for a loaded machine
  const demo = useDemoPostgres();
  const silentPort = useSilentServer();

  function cred(overrides: Partial<PostgresCredential> = {}): PostgresCredential {
    const d = demo();
    return { host: d.host, port: d.port, database: 'analytics', authType: 'basic', username: d.user, password: d.password, extra: {}, ...overrides };
  }

  it('accepts a working credential in testPostgresCredential', async () => {
    assert.deepEqual(await testPostgresCredential(cred()), { ok: true });
  });

  it('reports a wrong password in words without the password', async () => {
    const message = await crawlErrorOf(crawlPostgres(cred({ password: WRONG_PASSWORD }), NO_FILTERS));
    assert.equal(message, 'password authentication failed for user "postgres"');
    const tested = await testPostgresCredential(cred({ password: WRONG_PASSWORD }));
    assert.deepEqual(tested, { ok: false, message: 'password authentication failed for user "postgres"' });
  });

  it('reports an unknown database', async () => {
    const message = await crawlErrorOf(crawlPostgres(cred({ database: 'no_such_db' }), NO_FILTERS));
    assert.equal(message, 'database "no_such_db" does not exist');
  });

  it('reports a database the role may not connect to', async () => {
    const limited = demo().limitedUser;
    const message = await crawlErrorOf(crawlPostgres(cred({ database: 'inventory', username: limited.user, password: limited.password }), NO_FILTERS));
    assert.equal(message, 'permission denied for database "inventory"');
  });

  it('reports a refused connection with host and port', async () => {
    const port = await findFreePort();
    const message = await crawlErrorOf(crawlPostgres(cred({ port, password: WRONG_PASSWORD }), NO_FILTERS));
    assert.equal(message, `connection refused at 127.0.0.1:${port}`);
  });

  it('reports a server that never answers as a timeout', async () => {
    const port = silentPort();
    const started = Date.now();
    const message = await crawlErrorOf(crawlPostgres(cred({ port, password: WRONG_PASSWORD }), NO_FILTERS, undefined, { connectTimeoutMs: 200 }));
    assert.equal(message, `connection to 127.0.0.1:${port} timed out after 200 ms`);
    assert.ok(Date.now() - started < 5_000);
  });

  it('stops waiting as soon as the run is cancelled', async () => {
    const controller = new AbortController();
    const started = Date.now();
    const crawl = crawlPostgres(cred({ port: silentPort() }), NO_FILTERS, controller.signal, { connectTimeoutMs: 20_000 });
    setTimeout(() => controller.abort(), 50);
    assert.equal(await crawlErrorOf(crawl), 'the crawl was cancelled');
    assert.ok(Date.now() - started < 5_000, 'the abort did not cut the connection attempt short');
  });

  it('reports a missing password as libpq does', async () => {
    const message = await crawlErrorOf(crawlPostgres(cred({ password: undefined }), NO_FILTERS));
    assert.equal(message, 'fe_sendauth: no password supplied for user "postgres"');
  });

  it('fails an IAM role credential as Atlan does when AWS is unreachable, without the external id', async () => {
    const iamRole = cred({
      authType: 'iam_role',
      password: undefined,
      extra: { aws_role_arn: 'arn:aws:iam::123456789012:role/atlan', aws_external_id: EXTERNAL_ID, aws_region: 'eu-west-1', database: 'analytics' },
    });
    const message = await crawlErrorOf(crawlPostgres(iamRole, NO_FILTERS));
    assert.equal(message, 'Failed to assume role: Could not connect to the endpoint URL: "https://sts.eu-west-1.amazonaws.com/"');
    assert.ok(!message.includes(EXTERNAL_ID));
    assert.deepEqual(await testPostgresCredential(iamRole), { ok: false, message });
  });

  it('fails an IAM user credential, taking the region from an RDS host name, without the secret key', async () => {
    const iamUser = cred({
      host: 'mydb.abc123xyz.us-east-2.rds.amazonaws.com',
      authType: 'iam_user',
      username: 'AKIAIOSFODNN7EXAMPLE',
      password: AWS_SECRET,
      extra: { username: 'atlan_user', database: 'analytics' },
    });
    const message = await crawlErrorOf(crawlPostgres(iamUser, NO_FILTERS));
    assert.equal(message, 'Failed to get user credentials: Could not connect to the endpoint URL: "https://rds.us-east-2.amazonaws.com/"');
    assert.ok(!message.includes(AWS_SECRET));
  });

  it('fails an IAM credential whose region cannot be found', async () => {
    const message = await crawlErrorOf(crawlPostgres(cred({ authType: 'iam_user', password: AWS_SECRET }), NO_FILTERS));
    assert.equal(message, 'Failed to get user credentials: Could not find valid AWS region from hostname');
  });

  it('names the malformed fields of a credential without echoing the password', async () => {
    const malformed = { ...cred({ password: WRONG_PASSWORD }), port: 70_000, host: '' };
    const message = await crawlErrorOf(crawlPostgres(malformed, NO_FILTERS));
    assert.match(message, /^invalid Postgres credential: /);
    assert.match(message, /host: host is empty/);
    assert.match(message, /port: port must be between 1 and 65535/);
    assert.ok(!message.includes(WRONG_PASSWORD));
  });

  it('never puts the password in any failure message', async () => {
    const port = await findFreePort();
    const attempts = [
      () => crawlPostgres(cred({ password: WRONG_PASSWORD }), NO_FILTERS),
      () => crawlPostgres(cred({ password: WRONG_PASSWORD, database: 'missing' }), NO_FILTERS),
      () => crawlPostgres(cred({ password: WRONG_PASSWORD, port }), NO_FILTERS),
      () => crawlPostgres(cred({ password: WRONG_PASSWORD, port: silentPort() }), NO_FILTERS, undefined, { connectTimeoutMs: 100 }),
    ];
    for (const attempt of attempts) {
      const message = await crawlErrorOf(attempt());
      assert.ok(message.length > 0);
      assert.ok(!message.includes(WRONG_PASSWORD), `password leaked in: ${message}`);
    }
  });
});
