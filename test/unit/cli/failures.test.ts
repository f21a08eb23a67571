/** Exit codes and messages of the tenant commands when the tenant, the network or the setup fails. */
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { ExitCode } from '../../../src/cli/exitCodes';
import type { CliIo } from '../../../src/cli/io';
import { main } from '../../../src/cli/main';
import { cli, configText, readConfig, recordedWorkflow, startTestTenant, writeConfig, type TestTenant } from './cliHarness';

/** A loopback port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

for (const surfaces of ['legacy', 'apps'] as const) {
  describe(`atlan-postgres failures (${surfaces} sandbox)`, function () {
    this.timeout(10_000);
    let tenant: TestTenant;
    let counter = 0;
    const runsPath = surfaces === 'legacy' ? '^/api/service/runs/indexsearch$' : '^/api/service/v1/app/runs/';
    // App run polls go to the catalog (the asset search), and by id for a run it does not show yet.
    const pollPath = surfaces === 'legacy' ? runsPath : '^/api/(meta/search/indexsearch$|service/v1/app/runs/)';
    const createPath = surfaces === 'legacy' ? '^/api/service/workflows$' : '^/api/service/v1/app$';

    before(async () => {
      tenant = await startTestTenant(surfaces);
    });
    after(async () => {
      await tenant.stop();
    });
    afterEach(async () => {
      tenant.crawler.release();
      await tenant.sandbox.admin.clearFaults();
    });

    async function submittedFile(): Promise<string> {
      const connection = `fail-${surfaces}-${++counter}`;
      const file = writeConfig(tenant, connection, configText(connection));
      const result = await cli(tenant, ['submit', file]);
      assert.equal(result.code, ExitCode.ok, result.err);
      return file;
    }

    it('exits 3 with the client message when the token is rejected (401), never printing it', async () => {
      const file = await submittedFile();
      const badToken = 'not-a-valid-token-5e6f7a8b9c';
      for (const argv of [['runs', file], ['submit', file], ['diff', file, '--json']]) {
        const result = await cli(tenant, argv, { env: { ATLAN_API_KEY: badToken } });
        assert.equal(result.code, ExitCode.auth, `${argv.join(' ')}: ${result.err}`);
        assert.match(result.err, /The API token was rejected by http:\/\/127\.0\.0\.1:\d+: check ATLAN_API_KEY/);
        assert.doesNotMatch(result.err, /sign in/i, 'the CLI speaks of signing in, which only the editor has');
        assert.ok(!result.out.includes(badToken) && !result.err.includes(badToken));
      }
    });

    it('exits 3 when the tenant refuses permission (403)', async () => {
      const connection = `fail-${surfaces}-${++counter}`;
      const file = writeConfig(tenant, connection, configText(connection));
      await tenant.sandbox.admin.addFault({ path: '^/api/service/roles$', status: 403 });
      const result = await cli(tenant, ['submit', file]);
      assert.equal(result.code, ExitCode.auth);
      assert.match(result.err, /refused GET \/api\/service\/roles: the API token's user lacks the permission/);
      assert.match(result.err, /set ATLAN_API_KEY to a token whose user has it\./);
      assert.doesNotMatch(result.err, /sign in/i);
    });

    it('exits 5 when the connection is reset, after the read retries', async () => {
      const file = await submittedFile();
      await tenant.sandbox.admin.addFault({ path: surfaces === 'legacy' ? runsPath : '^/api/service/v1/app/', reset: true });
      const result = await cli(tenant, ['runs', file]);
      assert.equal(result.code, ExitCode.network, result.err);
      assert.match(result.err, /Could not reach http:\/\/127\.0\.0\.1:\d+/);
    });

    it('exits 5 when nothing listens at ATLAN_BASE_URL', async () => {
      const result = await cli(tenant, ['rerun', 'atlan-postgres-1000000003'], { env: { ATLAN_BASE_URL: `http://127.0.0.1:${await closedPort()}` } });
      assert.equal(result.code, ExitCode.network);
      assert.match(result.err, /Could not reach http:\/\/127\.0\.0\.1:\d+ .*the connection was refused/);
    });

    it('exits 5 when the create fails on the server, and records nothing in the file', async () => {
      const connection = `fail-${surfaces}-${++counter}`;
      const file = writeConfig(tenant, connection, configText(connection));
      await tenant.sandbox.admin.addFault({ method: 'POST', path: createPath, status: 500 });
      const result = await cli(tenant, ['submit', file]);
      assert.equal(result.code, ExitCode.network);
      assert.match(result.err, /failed with HTTP 500/);
      assert.match(result.err, /most likely not created/);
      assert.equal(readConfig(file), configText(connection));
    });

    it('monitor exits 5 after too many failed polls, saying the run goes on', async () => {
      tenant.crawler.mode = 'hold';
      const file = await submittedFile();
      const result = await cli(tenant, ['monitor', file], {
        onOutput: (text) => {
          if (/Running/.test(text)) void tenant.sandbox.admin.addFault({ path: pollPath, status: 503 });
        },
      });
      assert.equal(result.code, ExitCode.network, result.err);
      assert.match(result.out, /note: .*failed with HTTP 503.* Trying again in/);
      assert.match(result.err, /Gave up watching after 3 failed polls; the run goes on/);
      assert.ok(recordedWorkflow(file));
    });
  });
}

describe('atlan-postgres setup errors', () => {
  function io(env: Record<string, string | undefined>): CliIo & { out: string; err: string } {
    const captured = {
      out: '',
      err: '',
      stdout: (text: string) => {
        captured.out += text;
      },
      stderr: (text: string) => {
        captured.err += text;
      },
      readFile: () => Promise.reject(Object.assign(new Error('nope'), { code: 'ENOENT' })),
      writeFile: () => Promise.reject(new Error('not expected')),
      env,
      now: () => 1_800_000_000_000,
    };
    return captured;
  }

  it('exits 2 when ATLAN_BASE_URL is missing, 3 (auth) when ATLAN_API_KEY is', async () => {
    const noUrl = io({ ATLAN_API_KEY: 'token-1234567890' });
    assert.equal(await main(['runs', 'atlan-postgres-1800000000'], noUrl), ExitCode.invalid);
    assert.match(noUrl.err, /ATLAN_BASE_URL is not set/);
    const noKey = io({ ATLAN_BASE_URL: 'https://acme.atlan.com' });
    assert.equal(await main(['monitor', 'atlan-postgres-1800000000'], noKey), ExitCode.auth);
    assert.match(noKey.err, /ATLAN_API_KEY is not set/);
    const noKeyJson = io({ ATLAN_BASE_URL: 'https://acme.atlan.com' });
    assert.equal(await main(['rerun', 'atlan-postgres-1800000000', '--json'], noKeyJson), ExitCode.auth);
    assert.deepStrictEqual(JSON.parse(noKeyJson.out), {
      error: { exitCode: ExitCode.auth, kind: 'authentication', message: 'ATLAN_API_KEY is not set: set it to an Atlan API token' },
    });
  });

  it('exits 2 for plain http to a remote host, before sending the token anywhere', async () => {
    const remote = io({ ATLAN_BASE_URL: 'http://acme.atlan.com', ATLAN_API_KEY: 'token-1234567890' });
    assert.equal(await main(['rerun', 'atlan-postgres-1800000000', '--json'], remote), ExitCode.invalid);
    assert.match(remote.err, /uses http; https is required/);
    assert.equal(JSON.parse(remote.out).error.exitCode, ExitCode.invalid);
  });

  it('exits 2 for a bad --surface or a missing argument', async () => {
    const env = { ATLAN_BASE_URL: 'https://acme.atlan.com', ATLAN_API_KEY: 'token-1234567890' };
    const bad = io(env);
    assert.equal(await main(['runs', 'x', '--surface', 'cloud'], bad), ExitCode.invalid);
    assert.match(bad.err, /--surface must be "auto", "apps" or "workflows"/);
    const none = io(env);
    assert.equal(await main(['monitor'], none), ExitCode.invalid);
    assert.match(none.err, /monitor needs exactly one NAME or FILE/);
    const missing = io(env);
    assert.equal(await main(['rerun', 'missing.atlan-postgres.json'], missing), ExitCode.invalid);
    assert.match(missing.err, /missing\.atlan-postgres\.json: no such file/);
  });

  it('redacts the token and secret values from anything a command prints', async () => {
    const env = { ATLAN_API_KEY: 'tok-ABCDEFGH12345678', ATLAN_SECRET_PG: 'hunter2-but-longer' };
    const leaky = {
      name: 'leak',
      summary: 's',
      help: 'h',
      options: {},
      run: ({ io: commandIo }: { io: CliIo }) => {
        commandIo.stdout(`token=${env.ATLAN_API_KEY}\n`);
        commandIo.stderr(`the tenant said: bad password ${env.ATLAN_SECRET_PG}\n`);
        return Promise.resolve(ExitCode.ok);
      },
    };
    const captured = io(env);
    assert.equal(await main(['leak'], captured, [leaky]), ExitCode.ok);
    assert.equal(captured.out, 'token=<redacted>\n');
    assert.equal(captured.err, 'the tenant said: bad password <redacted>\n');
  });
});
