/**
 * Running the CLI in-process against a sandbox tenant: a crawler the test steers (succeed, fail,
 * or hold a run in flight), configuration files in a temporary directory, fast client timings,
 * and a check after every command that no secret reached stdout or stderr.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { startSandbox, type SandboxHandle } from '../../../sandbox/server';
import { CrawlError, fakeCrawler, type CrawlerPort } from '../../../sandbox/crawlerPort';
import type { ExitCodeValue } from '../../../src/cli/exitCodes';
import type { CliIo, ClientTuning } from '../../../src/cli/io';
import { main } from '../../../src/cli/main';

/** The database password the configurations reference; must never be printed. */
export const PG_PASSWORD = 'pg-Secret-Value-7f3a91c2';

/** Timings that keep every command well under a second against a local sandbox. */
export const FAST_TUNING: ClientTuning = {
  retryPolicy: { maxAttempts: 2, baseDelayMs: 5, maxDelayMs: 10, maxRetryAfterMs: 10 },
  indexLagMs: 20,
  createLookupAttempts: 2,
  timeoutMs: 5_000,
  monitorMinIntervalMs: 5,
  monitorMaxIntervalMs: 20,
  monitorMaxErrors: 3,
};

export type CrawlMode = 'succeed' | 'fail' | 'hold';

/** A crawler whose next crawls succeed, fail, or wait until `release()`. */
export class SteeredCrawler implements CrawlerPort {
  mode: CrawlMode = 'succeed';
  private held: (() => void)[] = [];

  crawlPostgres: CrawlerPort['crawlPostgres'] = async (cred, filters, signal) => {
    if (this.mode === 'fail') throw new CrawlError(`Connection refused by ${cred.host}:${cred.port}`);
    if (this.mode === 'hold') {
      await new Promise<void>((resolve) => {
        this.held.push(resolve);
        signal?.addEventListener('abort', () => resolve(), { once: true });
      });
    }
    return fakeCrawler.crawlPostgres(cred, filters, signal);
  };

  testPostgresCredential: CrawlerPort['testPostgresCredential'] = (cred) => fakeCrawler.testPostgresCredential(cred);

  /** Lets every held crawl finish and the next ones succeed. */
  release(): void {
    this.mode = 'succeed';
    for (const resolve of this.held.splice(0)) resolve();
  }
}

export interface TestTenant {
  sandbox: SandboxHandle;
  crawler: SteeredCrawler;
  dir: string;
  stop(): Promise<void>;
}

export async function startTestTenant(surfaces: 'legacy' | 'apps'): Promise<TestTenant> {
  const crawler = new SteeredCrawler();
  const sandbox = await startSandbox({ clockSpeed: 1000, surfaces, crawler, log: () => {} });
  const dir = mkdtempSync(join(tmpdir(), `atlan-cli-${surfaces}-`));
  return {
    sandbox,
    crawler,
    dir,
    stop: async () => {
      crawler.release();
      await sandbox.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A configuration of connection `connectionName`, with the password as a secret reference and a comment to keep. */
export function configText(connectionName: string, extra: { rowLimit?: number; workflow?: string; schedule?: { cron: string; timezone: string } } = {}): string {
  return `{
  // Crawler for ${connectionName}: comments must survive the submit.
  "connectionName": "${connectionName}",${extra.workflow ? `\n  "workflow": "${extra.workflow}",` : ''}
  "admins": { "roles": ["$admin"], "users": ["jane"] },
  "rowLimit": ${extra.rowLimit ?? 10000},
  "extraction": {
    "method": "direct",
    "host": "db.internal",
    "database": "analytics",
    "auth": { "type": "basic", "username": "crawler", "password": { "secret": "pg" } }
  },
  "include": { "analytics": ["public"] } /* only public */${extra.schedule ? `,\n  "schedule": ${JSON.stringify(extra.schedule)}` : ''}
}
`;
}

export function writeConfig(tenant: TestTenant, name: string, text: string): string {
  const path = join(tenant.dir, `${name}.atlan-postgres.json`);
  writeFileSync(path, text);
  return path;
}

export function readConfig(path: string): string {
  return readFileSync(path, 'utf8');
}

export interface CliResult {
  code: ExitCodeValue;
  out: string;
  err: string;
}

let epochCounter = 0;

export interface RunOptions {
  env?: Record<string, string | undefined>;
  signal?: AbortSignal;
  /** Called with each stdout/stderr chunk as it is written. */
  onOutput?: (text: string) => void;
  tuning?: ClientTuning;
  /** Replaces file writes (e.g. to make them fail). */
  writeFile?: CliIo['writeFile'];
  /** A terminal that answers each question with `ask` (apply's confirmation). */
  ask?: (question: string) => Promise<string>;
}

/**
 * Runs `atlan-postgres <argv>` in process against the tenant. Each call gets its own clock second,
 * so two submits never mint the same `atlan-postgres-<epoch>` name.
 */
export async function cli(tenant: TestTenant, argv: string[], options: RunOptions = {}): Promise<CliResult> {
  const nowMs = Date.now() + ++epochCounter * 1000;
  let out = '';
  let err = '';
  const env: Record<string, string | undefined> = {
    ATLAN_BASE_URL: tenant.sandbox.url,
    ATLAN_API_KEY: tenant.sandbox.tokens.apiToken,
    ATLAN_SECRET_PG: PG_PASSWORD,
    ATLAN_CLI_STATE_DIR: join(tenant.dir, 'state'),
    XDG_CONFIG_HOME: join(tenant.dir, 'config'),
    ...options.env,
  };
  const io: CliIo = {
    stdout: (text) => {
      out += text;
      options.onOutput?.(text);
    },
    stderr: (text) => {
      err += text;
      options.onOutput?.(text);
    },
    readFile: (path) => readFile(path, 'utf8'),
    writeFile:
      options.writeFile ??
      (async (path, text, writeOptions) => {
        await mkdir(dirname(path), { recursive: true });
        await writeFile(path, text, writeOptions?.mode !== undefined ? { mode: writeOptions.mode } : {});
        if (writeOptions?.mode !== undefined) await chmod(path, writeOptions.mode);
      }),
    env,
    now: () => nowMs,
    tuning: options.tuning ?? FAST_TUNING,
    ...(options.ask ? { interactive: true, ask: options.ask } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
  };
  const code = await main(argv, io);
  for (const secret of [PG_PASSWORD, tenant.sandbox.tokens.apiToken, tenant.sandbox.tokens.userToken]) {
    assert.ok(!out.includes(secret) && !err.includes(secret), `a secret was printed by "${argv.join(' ')}"`);
  }
  return { code, out, err };
}

/** The `"workflow"` value a file records. */
export function recordedWorkflow(path: string): string {
  const match = /"workflow": "([^"]+)"/.exec(readConfig(path));
  assert.ok(match, `${path} records no workflow`);
  return match[1];
}
