import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import type { Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Client } from 'pg';
import { PortInUseError, startDemoPostgres } from '../../../sandbox/postgres';
import type { DemoPostgres } from '../../../sandbox/postgres';
import { useDemoPostgres } from './demoServer';

const OUT_ROOT = resolve(__dirname, '..', '..', '..');

async function query<T>(demo: DemoPostgres, database: string, sql: string, user = demo.user, password = demo.password): Promise<T[]> {
  const client = new Client({ host: demo.host, port: demo.port, database, user, password });
  await client.connect();
  try {
    return (await client.query(sql)).rows as T[];
  } finally {
    await client.end();
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

async function waitUntil(condition: () => boolean, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (condition()) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return condition();
}

/** Runs a node script to completion, collecting its output. */
function runNode(args: string[], timeoutMs: number): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolveRun, reject) => {
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`node ${args.join(' ')} did not finish in time; stderr: ${stderr}`));
    }, timeoutMs);
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolveRun({ code, stdout, stderr });
    });
  });
}

describe('sandbox demo Postgres', function () {
  this.timeout(30_000);
  const demo = useDemoPostgres();

  it('listens on a loopback port with the two demo databases', async () => {
    const d = demo();
    assert.equal(d.host, '127.0.0.1');
    assert.ok(d.port > 0);
    assert.deepEqual(d.databases, ['analytics', 'inventory']);
    const rows = await query<{ datname: string }>(d, 'postgres', 'SELECT datname FROM pg_database WHERE NOT datistemplate ORDER BY 1');
    assert.deepEqual(rows.map((r) => r.datname), ['analytics', 'inventory', 'postgres']);
  });

  it('has case-sensitive _TEST tables, a partitioned table, a materialized view and a function', async () => {
    const rows = await query<{ name: string; kind: string }>(
      demo(),
      'analytics',
      `SELECT n.nspname || '.' || c.relname AS name, c.relkind::text AS kind FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
       WHERE c.relname IN ('ORDERS_TEST', 'customers_TEST', 'order_events', 'order_events_2024', 'monthly_revenue') ORDER BY 1`,
    );
    assert.deepEqual(rows, [
      { name: 'sales.ORDERS_TEST', kind: 'r' },
      { name: 'sales.customers_TEST', kind: 'r' },
      { name: 'sales.monthly_revenue', kind: 'm' },
      { name: 'sales.order_events', kind: 'p' },
      { name: 'sales.order_events_2024', kind: 'r' },
    ]);
    const totals = await query<{ total: string }>(demo(), 'analytics', 'SELECT sales.customer_total(1)::text AS total');
    assert.equal(totals[0]?.total, '430.75');
  });

  it('has a limited login role that can read public but not marketing, and cannot connect to inventory', async () => {
    const d = demo();
    const { user, password } = d.limitedUser;
    const events = await query<{ n: string }>(d, 'analytics', 'SELECT count(*)::text AS n FROM public.events', user, password);
    assert.equal(events[0]?.n, '0');
    await assert.rejects(query(d, 'analytics', 'SELECT * FROM marketing.campaigns', user, password), /permission denied for table campaigns/);
    await assert.rejects(query(d, 'inventory', 'SELECT 1', user, password), /permission denied for database "inventory"/);
  });

  it('refuses a requested port that is busy, saying so', async () => {
    const blocker: Server = createServer();
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', r));
    const address = blocker.address();
    assert.ok(address !== null && typeof address === 'object');
    try {
      await assert.rejects(startDemoPostgres({ port: address.port }), (err: unknown) => {
        assert.ok(err instanceof PortInUseError);
        assert.match(err.message, new RegExp(`port ${address.port} on 127\\.0\\.0\\.1 is already in use`));
        return true;
      });
    } finally {
      await new Promise<void>((r) => blocker.close(() => r()));
    }
  });

  it('rejects a port outside 1-65535 before starting anything', async () => {
    await assert.rejects(startDemoPostgres({ port: 70_000 }), /port must be an integer between 1 and 65535, got 70000/);
  });

  it('explains a data directory Postgres cannot create', async function () {
    // Only root runs initdb as another user; elsewhere the folder below would be usable.
    if (process.getuid?.() !== 0) this.skip();
    const rootOnly = mkdtempSync(join(tmpdir(), 'atlan-root-only-'));
    try {
      await assert.rejects(
        startDemoPostgres({ dataDir: join(rootOnly, 'data') }),
        /^Error: could not initialise a Postgres data directory at .*Permission denied \(as root, Postgres runs as the 'postgres' user/,
      );
    } finally {
      rmSync(rootOnly, { recursive: true, force: true });
    }
  });

  it('keeps a persistent data directory and re-runs the setup idempotently', async () => {
    const dataDir = join(tmpdir(), `atlan-demo-pg-test-${randomBytes(4).toString('hex')}`);
    try {
      const first = await startDemoPostgres({ dataDir, persistent: true });
      try {
        await query(first, 'analytics', "INSERT INTO public.events (id, name) VALUES (1, 'kept')");
      } finally {
        await first.stop();
      }
      assert.ok(existsSync(join(dataDir, 'PG_VERSION')), 'the persistent data directory was removed');
      const second = await startDemoPostgres({ dataDir, persistent: true });
      try {
        const rows = await query<{ name: string }>(second, 'analytics', 'SELECT name FROM public.events');
        assert.deepEqual(rows, [{ name: 'kept' }]);
        const customers = await query<{ n: string }>(second, 'analytics', 'SELECT count(*)::text AS n FROM sales.customers');
        assert.equal(customers[0]?.n, '2', 'the setup ran twice over the same rows');
      } finally {
        await second.stop();
      }
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('fails clearly on a data directory another server holds, and leaves that server running', async () => {
    const dataDir = join(tmpdir(), `atlan-demo-pg-test-${randomBytes(4).toString('hex')}`);
    const first = await startDemoPostgres({ dataDir, persistent: true });
    try {
      await assert.rejects(startDemoPostgres({ dataDir, persistent: true }), /could not start Postgres on 127\.0\.0\.1:\d+: .*lock file "postmaster\.pid" already exists/);
      const rows = await query<{ one: number }>(first, 'analytics', 'SELECT 1 AS one');
      assert.deepEqual(rows, [{ one: 1 }]);
    } finally {
      await first.stop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('deletes a non-persistent data directory on stop, and stop can be called twice', async () => {
    const other = await startDemoPostgres();
    assert.ok(existsSync(other.dataDir));
    await other.stop();
    await other.stop();
    assert.ok(!existsSync(other.dataDir));
  });

  it('leaves no postgres running when the process exits without calling stop', async () => {
    const script = `
      const { startDemoPostgres } = require(${JSON.stringify(join(OUT_ROOT, 'sandbox', 'postgres'))});
      const { readFileSync } = require('node:fs');
      startDemoPostgres().then((demo) => {
        const pid = readFileSync(demo.dataDir + '/postmaster.pid', 'utf8').split('\\n')[0];
        process.stdout.write(JSON.stringify({ pid: Number(pid), dataDir: demo.dataDir }) + '\\n');
        process.exit(0);
      });`;
    const run = await runNode(['-e', script], 60_000);
    assert.equal(run.code, 0, run.stderr);
    const { pid, dataDir } = JSON.parse(run.stdout) as { pid: number; dataDir: string };
    assert.ok(await waitUntil(() => !isRunning(pid), 30_000), `postgres ${pid} still runs after its parent exited`);
    assert.ok(!existsSync(dataDir), 'the data directory was left behind');
  });

  it('has a CLI that prints one JSON line with the connection facts and stops on SIGTERM', async () => {
    const main = join(OUT_ROOT, 'sandbox', 'postgres', 'main.js');
    const child = spawn(process.execPath, [main], { stdio: ['ignore', 'pipe', 'pipe'] });
    const line = await new Promise<string>((resolveLine, reject) => {
      let out = '';
      child.stdout.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        if (out.includes('\n')) resolveLine(out.split('\n')[0] ?? '');
      });
      child.on('exit', (code) => reject(new Error(`CLI exited early with ${String(code)}`)));
    });
    const facts = JSON.parse(line) as { host: string; port: number; user: string; password: string; databases: string[]; dataDir: string };
    assert.equal(facts.host, '127.0.0.1');
    assert.deepEqual(facts.databases, ['analytics', 'inventory']);
    const rows = await query<{ one: number }>({ ...demo(), port: facts.port, user: facts.user, password: facts.password }, 'analytics', 'SELECT 1 AS one');
    assert.deepEqual(rows, [{ one: 1 }]);
    const pid = Number(readFileSync(join(facts.dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
    const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
    child.kill('SIGTERM');
    assert.equal(await exited, 143, 'a SIGTERM-ed process exits with 128 + 15');
    assert.ok(await waitUntil(() => !isRunning(pid), 30_000), 'postgres still runs after the CLI stopped');
    assert.ok(!existsSync(facts.dataDir));
  });

  it('rejects bad CLI arguments with a specific message and exit code 2', async () => {
    const main = join(OUT_ROOT, 'sandbox', 'postgres', 'main.js');
    const run = await runNode([main, '--port', 'abc'], 30_000);
    assert.equal(run.code, 2);
    assert.match(run.stderr, /--port must be a whole number/);
    assert.match(run.stderr, /usage: main\.js/);
  });
});
