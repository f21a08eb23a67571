/**
 * Starts the sandbox tenant: an Atlan-compatible HTTP server on loopback.
 *
 *   const sandbox = await startSandbox({ clockSpeed: 1000 });
 *   // ... point a client at sandbox.url with sandbox.tokens.apiToken ...
 *   await sandbox.stop();
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as z from 'zod';
import { adminClient, type SandboxAdmin } from './admin/adminClient';
import { SandboxApp } from './app';
import { DEFAULT_TOKENS, type SandboxTokens } from './auth';
import { fakeCrawler, type CrawlerPort } from './crawlerPort';
import { FaultRuleIn } from './faults';
import { handleClientError } from './http/clientError';
import { describeZodError } from './http/validate';
import { Surfaces } from './settings';
import { SeedRequest } from './state/seed';
import { readStateFile, restoreSnapshot, StateWriter } from './state/persistence';

export interface SandboxOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  /** Loopback only: 127.0.0.1 (default), ::1 or localhost. */
  host?: '127.0.0.1' | '::1' | 'localhost';
  /** Bearer tokens; defaults are fixed, well-known demo tokens. */
  tokens?: Partial<SandboxTokens>;
  /** How much faster than real time runs progress (default 1). */
  clockSpeed?: number;
  /** Which API surfaces the tenant runs (default both). */
  surfaces?: 'legacy' | 'apps' | 'both';
  /** Delay before new workflows and runs show up in indexsearch (default 0). */
  indexLagMs?: number;
  /** Bulk data to create at start (skipped when a state file brought data back). */
  seed?: SeedRequest;
  /** Persist state to this JSON file (debounced, atomic). */
  stateFile?: string;
  /** The Postgres crawler; defaults to a fake that always succeeds. */
  crawler?: CrawlerPort;
  /** Fault rules active from the start. */
  faults?: FaultRuleIn[];
  /** Where server-side diagnostics go (default stderr). */
  log?: (line: string) => void;
}

export interface SandboxHandle {
  url: string;
  port: number;
  tokens: SandboxTokens;
  admin: SandboxAdmin;
  /** The in-process app, for tests that need to look inside. */
  app: SandboxApp;
  stop(): Promise<void>;
}

const OptionsSchema = z
  .object({
    port: z.number().int().min(0).max(65535).default(0),
    host: z.enum(['127.0.0.1', '::1', 'localhost']).default('127.0.0.1'),
    tokens: z.object({ apiToken: z.string().min(8).optional(), userToken: z.string().min(8).optional() }).strict().optional(),
    clockSpeed: z.number().positive().max(1_000_000).default(1),
    surfaces: Surfaces.default('both'),
    indexLagMs: z.number().int().min(0).max(600_000).default(0),
    seed: SeedRequest.optional(),
    stateFile: z.string().min(1).optional(),
    crawler: z.custom<CrawlerPort>((v) => typeof (v as CrawlerPort | null)?.crawlPostgres === 'function' && typeof (v as CrawlerPort).testPostgresCredential === 'function', 'crawler must provide crawlPostgres and testPostgresCredential').optional(),
    faults: z.array(FaultRuleIn).default([]),
    log: z.custom<(line: string) => void>((v) => typeof v === 'function', 'log must be a function').optional(),
  })
  .strict();

export async function startSandbox(options: SandboxOptions = {}): Promise<SandboxHandle> {
  const parsed = OptionsSchema.safeParse(options);
  if (!parsed.success) throw new Error(`Invalid sandbox options: ${describeZodError(parsed.error)}`);
  const opts = parsed.data;
  const tokens: SandboxTokens = { ...DEFAULT_TOKENS, ...opts.tokens };
  if (tokens.apiToken === tokens.userToken) throw new Error('Invalid sandbox options: tokens.apiToken and tokens.userToken must differ.');
  const log = opts.log ?? ((line: string) => process.stderr.write(`${line}\n`));

  let writer: StateWriter | undefined;
  const app = new SandboxApp({
    tokens,
    clockSpeed: opts.clockSpeed,
    settings: { surfaces: opts.surfaces, indexLagMs: opts.indexLagMs, appAssets: true },
    crawler: opts.crawler ?? fakeCrawler,
    faults: opts.faults,
    log,
    changed: () => writer?.markDirty(),
  });

  let restored = false;
  if (opts.stateFile) {
    const raw = readStateFile(opts.stateFile);
    if (raw !== undefined) {
      restoreSnapshot(app.tenant, raw, opts.stateFile, Date.now());
      app.appCatalog.reindexAll();
      restored = true;
    }
    writer = new StateWriter(opts.stateFile, app.tenant, log);
  }
  if (opts.seed && !restored) app.seed(opts.seed);

  const server = createServer((req, res) => {
    void app.handle(req, res);
  });
  // Requests Node's parser rejects (oversized head, garbage request line) still get Atlan JSON.
  server.on('clientError', handleClientError);
  // Generous keep-alive so SDK connection pools are not cut mid-poll.
  server.keepAliveTimeout = 30_000;
  try {
    await listen(server, opts.port, opts.host);
  } catch (err) {
    app.dispose();
    throw new Error(`Sandbox could not listen on ${opts.host}:${opts.port}: ${(err as Error).message}`);
  }
  const port = (server.address() as AddressInfo).port;
  const hostForUrl = opts.host === '::1' ? '[::1]' : opts.host;
  const url = `http://${hostForUrl}:${port}`;

  let stopping: Promise<void> | undefined;
  return {
    url,
    port,
    tokens,
    admin: adminClient(url),
    app,
    stop() {
      stopping ??= (async () => {
        app.dispose();
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeAllConnections();
        });
        await writer?.flush();
      })();
      return stopping;
    },
  };
}

function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
}
