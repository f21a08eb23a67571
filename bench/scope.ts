/**
 * Bench: the crawl scope preview of a large database. The demo Postgres gets a database
 * `scope_bench` of 200 schemas x 50 relations (10,000 tables and views, every tenth a `_TEST`
 * table, every twenty-fifth a view), then, against it, with a file whose include regex, exclude
 * entry and exclude regex all decide something:
 *
 * - **ours**: `readScopeCatalog` (one connection, two catalog queries) + `computeScope`;
 * - **baseline, a query per schema**: the same overview query, then each schema's tables and views
 *   read on their own (what listing "the schemas, then each schema's tables" does), same compute.
 *
 * "First results" is the time until the whole scope is known (the tree shows it all at once);
 * target < 1 s for 10,000 tables. Both approaches must find the same scope (checked, printed).
 *
 *   npx tsc -p . && node out/bench/scope.js [--quick] [--json FILE]
 */
import { writeFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { Client } from 'pg';
import { startDemoPostgres, type DemoPostgres } from '../sandbox/postgres';
import { CrawlerConfigSchema, type CrawlerConfig } from '../src/core/config/model';
import { readScopeCatalog } from '../src/core/postgres';
import { computeScope, relationsFromRows, totalsSentence, type CrawlScope, type DatabaseCatalog } from '../src/core/scope';
import { runAsProgram, type BenchFlags } from './lib/cli';
import { describeMachine, loadAverage } from './lib/machine';
import { summarize, type Summary } from './lib/stats';
import type { SummaryRow } from './lib/summaryRow';
import { count, formatTable, ms } from './lib/table';

const DATABASE = 'scope_bench';
const SCHEMAS = 200;
const PER_SCHEMA = 50;
const TARGET_MS = 1_000;

export interface ScopeApproach {
  approach: string;
  queries: number;
  ms: Summary;
  /** totalsSentence of what it found: both approaches must agree. */
  totals: string;
}

export interface ScopeReport {
  bench: 'scope';
  tables: number;
  seedMs: number;
  results: ScopeApproach[];
}

/** 200 schemas x 50 relations, one transaction per schema (10,000 tables in one would exhaust the lock table). */
async function seed(pg: DemoPostgres, log: (line: string) => void): Promise<void> {
  const admin = new Client({ host: pg.host, port: pg.port, user: pg.user, password: pg.password, database: 'postgres' });
  await admin.connect();
  try {
    const exists = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [DATABASE]);
    if (exists.rowCount === 0) await admin.query(`CREATE DATABASE ${DATABASE}`);
  } finally {
    await admin.end();
  }
  const client = new Client({ host: pg.host, port: pg.port, user: pg.user, password: pg.password, database: DATABASE });
  await client.connect();
  try {
    for (let s = 1; s <= SCHEMAS; s++) {
      await client.query(`DO $$
BEGIN
  CREATE SCHEMA IF NOT EXISTS s${s};
  FOR t IN 1..${PER_SCHEMA} LOOP
    IF t % 25 = 0 THEN
      EXECUTE format('CREATE OR REPLACE VIEW s${s}.v%s AS SELECT 1 AS one', t);
    ELSIF t % 10 = 0 THEN
      EXECUTE format('CREATE TABLE IF NOT EXISTS s${s}."t%s_TEST" (id int)', t);
    ELSE
      EXECUTE format('CREATE TABLE IF NOT EXISTS s${s}.t%s (id int, name text)', t);
    END IF;
  END LOOP;
END $$;`);
      if (s % 50 === 0) log(`  seeded ${s * PER_SCHEMA} of ${SCHEMAS * PER_SCHEMA} relations`);
    }
  } finally {
    await client.end();
  }
}

function benchConfig(pg: DemoPostgres): CrawlerConfig {
  return CrawlerConfigSchema.parse({
    connectionName: 'scope-bench',
    admins: { roles: ['$admin'] },
    extraction: { method: 'direct', host: pg.host, port: pg.port, database: DATABASE, auth: { type: 'basic', username: pg.user, password: { secret: 'pg' } } },
    include: { [DATABASE]: ['^s1.*$', 's2', 's3'] },
    exclude: { [DATABASE]: ['s10'] },
    excludeRegex: '.*_TEST',
  });
}

async function ours(pg: DemoPostgres, config: CrawlerConfig): Promise<CrawlScope> {
  const catalog = await readScopeCatalog({ host: pg.host, port: pg.port, database: DATABASE, username: pg.user, password: pg.password });
  return computeScope(catalog, config);
}

/** The same catalog, but each schema's relations read with a query of their own. */
async function perSchema(pg: DemoPostgres, config: CrawlerConfig): Promise<CrawlScope> {
  const client = new Client({ host: pg.host, port: pg.port, user: pg.user, password: pg.password, database: DATABASE });
  await client.connect();
  try {
    const overview = (
      await client.query<{ database: string; other_databases: string[]; schemas: string[] }>(`
SELECT current_database() AS database,
  ARRAY(SELECT datname::text FROM pg_catalog.pg_database WHERE datallowconn AND NOT datistemplate AND datname <> current_database() ORDER BY 1) AS other_databases,
  ARRAY(SELECT schema_name::text FROM information_schema.schemata ORDER BY 1) AS schemas`)
    ).rows[0];
    const rows: unknown[] = [];
    for (const schema of overview.schemas.filter((s) => !s.startsWith('pg_') && s !== 'information_schema')) {
      const result = await client.query(
        `SELECT n.nspname::text AS schema, c.relname::text AS name, c.relkind::text AS relkind, c.relispartition AS is_partition
         FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
         WHERE n.nspname = $1 AND c.relkind IN ('r', 'p', 'f', 'v', 'm')`,
        [schema],
      );
      rows.push(...(result.rows as unknown[]));
    }
    const { relations, unreadable } = relationsFromRows(rows);
    const catalog: DatabaseCatalog = { database: overview.database, otherDatabases: overview.other_databases, schemas: overview.schemas, relations, unreadableRows: unreadable };
    return computeScope(catalog, config);
  } finally {
    await client.end();
  }
}

async function measure(label: string, queries: number, runs: number, work: () => Promise<CrawlScope>): Promise<ScopeApproach> {
  let totals = '';
  await work(); // warm-up: connection setup paths, catalog caches
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    const scope = await work();
    samples.push(performance.now() - started);
    totals = totalsSentence(scope.totals);
  }
  return { approach: label, queries, ms: summarize(samples), totals };
}

export async function runScopeBench(flags: BenchFlags, log: (line: string) => void): Promise<ScopeReport> {
  log('scope: starting the demo Postgres and seeding 10,000 tables and views…');
  const pg = await startDemoPostgres();
  try {
    const seedStarted = performance.now();
    await seed(pg, log);
    const seedMs = performance.now() - seedStarted;
    const config = benchConfig(pg);
    const runs = flags.quick ? 3 : 10;
    const results = [
      await measure('ours: 2 catalog queries', 2, runs, () => ours(pg, config)),
      await measure('baseline: a query per schema', 1 + SCHEMAS, flags.quick ? 2 : 5, () => perSchema(pg, config)),
    ];
    return { bench: 'scope', tables: SCHEMAS * PER_SCHEMA, seedMs, results };
  } finally {
    await pg.stop();
  }
}

export function formatScopeReport(report: ScopeReport): string {
  const table = formatTable(
    ['approach', 'queries', 'median ms', 'p95 ms', 'runs', 'scope found'],
    report.results.map((r) => [r.approach, r.queries, ms(r.ms.median), ms(r.ms.p95), r.ms.n, r.totals]),
  );
  const agree = new Set(report.results.map((r) => r.totals)).size === 1 ? 'both approaches found the same scope' : '! the approaches found different scopes';
  return `Scope preview of ${count(report.tables)} tables and views (seeded in ${ms(report.seedMs)} ms); ${agree}\n\n${table}`;
}

export function scopeSummaryRow(report: ScopeReport | undefined): SummaryRow {
  const measure = `scope preview, ${count(SCHEMAS * PER_SCHEMA)} tables and views`;
  const oursResult = report?.results.find((r) => r.approach.startsWith('ours'));
  const baseline = report?.results.find((r) => r.approach.startsWith('baseline'));
  if (!report || !oursResult || !baseline) return { measure, target: `< ${TARGET_MS} ms`, ours: 'not run', baseline: '', verdict: 'not measured' };
  const same = oursResult.totals === baseline.totals;
  return {
    measure,
    target: `< ${TARGET_MS} ms to the whole scope, same scope as the baseline`,
    ours: `${ms(oursResult.ms.median)} ms median (p95 ${ms(oursResult.ms.p95)}), ${oursResult.queries} queries`,
    baseline: `a query per schema: ${ms(baseline.ms.median)} ms median, ${baseline.queries} queries`,
    verdict: oursResult.ms.median < TARGET_MS && same ? 'met' : 'NOT met',
  };
}

if (require.main === module) {
  runAsProgram(async (flags) => {
    const log = (line: string): void => void process.stderr.write(`${line}\n`);
    const loadBefore = loadAverage();
    const report = await runScopeBench(flags, log);
    process.stdout.write(`${formatScopeReport(report)}\n\n(${describeMachine()}; ${loadBefore} at the start, ${loadAverage()} at the end)\n`);
    if (flags.json) writeFileSync(flags.json, `${JSON.stringify(report, null, 2)}\n`);
  });
}
