/**
 * Bench: what the Catalog branch and `atlan-postgres catalog` cost for a 10,000-table connection,
 * next to the naive way in the same run.
 *
 * The tenant (sandbox in a child process) holds one crawled connection: 1 database, 20 schemas of
 * 500 tables, 3 columns a table (40,021 assets), published as a real crawl is
 * (`POST /_sandbox/catalog`).
 *
 * - ours: counts by type in one aggregation request, and the first page (50, by name) of a
 *   schema's tables in one more: what expanding Catalog, then a schema, asks;
 * - naive: every asset of the connection paged through (1,000 a page; past 10,000 by creation
 *   time, as pyatlan's bulk search), counted by type on this side, and the same schema's tables
 *   sorted by name from what was read.
 *
 * Both answers (counts, first page) are compared (`same`).
 *
 *   npx tsc -p . && node out/bench/catalog.js [--quick] [--json FILE]
 */
import { writeFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { CATALOG_TYPES, CatalogAssets, ofConnection, type CatalogType } from '../src/core/atlan/catalogAssets';
import { AssetSearch } from '../src/core/atlan/assetSearch';
import { benchClient, type BenchClient } from './lib/benchClient';
import { runAsProgram } from './lib/cli';
import { describeMachine, loadAverage } from './lib/machine';
import { startSandboxProcess } from './lib/sandboxProcess';
import { summarize, type Summary } from './lib/stats';
import type { SummaryRow } from './lib/summaryRow';
import { count, formatTable, ms } from './lib/table';

const CONNECTION = 'default/postgres/1700000000';
const SHAPE = { schemas: 20, tablesPerSchema: 500, columnsPerTable: 3 } as const;
const PAGE = 50;
const NAIVE_PAGE = 1_000;
/** Our way should answer within this (the tree's first look). */
const TARGET_MS = 300;

export interface CatalogApproach {
  approach: 'ours (aggregation + one page)' | 'naive (page through every asset)';
  requests: number;
  ms: Summary;
  /** `Table=10000 ...; first: table_00001, ...` so both answers can be compared. */
  answer: string;
}

export interface CatalogReport {
  bench: 'catalog';
  tables: number;
  assets: number;
  seedMs: number;
  results: CatalogApproach[];
}

function answerOf(byType: Partial<Record<CatalogType, number>>, firstPage: readonly string[]): string {
  return `${CATALOG_TYPES.map((t) => `${t}=${byType[t] ?? 0}`).join(' ')}; first: ${firstPage.slice(0, 3).join(', ')} … ${firstPage.length}`;
}

async function ours(catalog: CatalogAssets, schemaQn: string): Promise<string> {
  const [counts, page] = await Promise.all([catalog.counts(CONNECTION), catalog.children({ kind: 'schema', qualifiedName: schemaQn }, { size: PAGE })]);
  return answerOf(counts.byType, page.items.map((i) => i.name));
}

async function naive(search: AssetSearch, schemaQn: string): Promise<string> {
  const byType: Partial<Record<CatalogType, number>> = {};
  const inSchema: string[] = [];
  for await (const page of search.searchAll(ofConnection(CONNECTION, CATALOG_TYPES), { pageSize: NAIVE_PAGE, attributes: ['schemaQualifiedName'] })) {
    for (const entity of page.entities) {
      const type = entity.typeName as CatalogType;
      byType[type] = (byType[type] ?? 0) + 1;
      if ((type === 'Table' || type === 'View' || type === 'MaterialisedView') && entity.attributes?.['schemaQualifiedName'] === schemaQn) inSchema.push(String(entity.attributes['name']));
    }
  }
  inSchema.sort();
  return answerOf(byType, inSchema.slice(0, PAGE));
}

async function measure(name: CatalogApproach['approach'], bench: BenchClient, runs: number, once: () => Promise<string>): Promise<CatalogApproach> {
  await once(); // warm-up: connections, JIT
  const times: number[] = [];
  let answer = '';
  bench.tally.reset();
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    answer = await once();
    times.push(performance.now() - started);
  }
  if (bench.tally.failures.length > 0) throw new Error(`${name}: ${bench.tally.failures.length} request(s) failed`);
  return { approach: name, requests: bench.tally.count / runs, ms: summarize(times), answer };
}

export async function runCatalogBench(flags: { quick: boolean }, log: (line: string) => void): Promise<CatalogReport> {
  const sandbox = await startSandboxProcess({ clockSpeed: 1 });
  const bench = benchClient(sandbox);
  try {
    log(`catalog: publishing ${count(SHAPE.schemas * SHAPE.tablesPerSchema)} tables…`);
    const seeded = performance.now();
    const outcome = await sandbox.admin.publishCatalog({ connectionQualifiedName: CONNECTION, database: 'warehouse', ...SHAPE });
    const seedMs = performance.now() - seeded;
    const schemaQn = `${CONNECTION}/warehouse/schema_0007`;
    const catalog = new CatalogAssets(new AssetSearch(bench.client.http));
    log('catalog: ours…');
    const oursResult = await measure('ours (aggregation + one page)', bench, flags.quick ? 3 : 20, () => ours(catalog, schemaQn));
    log('catalog: naive…');
    const naiveResult = await measure('naive (page through every asset)', bench, flags.quick ? 1 : 3, () => naive(new AssetSearch(bench.client.http), schemaQn));
    return { bench: 'catalog', tables: SHAPE.schemas * SHAPE.tablesPerSchema, assets: outcome.created, seedMs, results: [oursResult, naiveResult] };
  } finally {
    await bench.close();
    await sandbox.stop();
  }
}

export function formatCatalogReport(report: CatalogReport): string {
  const table = formatTable(
    ['approach', 'requests', 'median ms', 'p95 ms', 'runs'],
    report.results.map((r) => [r.approach, count(r.requests), ms(r.ms.median), ms(r.ms.p95), r.ms.n]),
  );
  const same = new Set(report.results.map((r) => r.answer)).size === 1;
  const answers = same ? `both found: ${report.results[0]?.answer ?? ''}` : `! different answers:\n${report.results.map((r) => `  ${r.approach}: ${r.answer}`).join('\n')}`;
  return `Catalog of a ${count(report.tables)}-table connection (${count(report.assets)} assets, published in ${ms(report.seedMs)} ms): counts by type + the first page of a schema's tables; ${answers}\n\n${table}`;
}

export function catalogSummaryRow(report: CatalogReport | undefined): SummaryRow {
  const o = report?.results[0];
  const n = report?.results[1];
  if (!report || !o || !n) return { measure: 'catalog counts + first page, 10,000 tables', target: `2 requests, < ${TARGET_MS} ms`, ours: 'not run', baseline: '', verdict: 'not measured' };
  const same = o.answer === n.answer;
  return {
    measure: 'catalog counts + first page, 10,000 tables',
    target: `2 requests, < ${TARGET_MS} ms, same answer`,
    ours: `${ms(o.ms.median)} ms median (p95 ${ms(o.ms.p95)}), ${count(o.requests)} req`,
    baseline: `${ms(n.ms.median)} ms, ${count(n.requests)} req`,
    verdict: o.requests === 2 && o.ms.median < TARGET_MS && same ? 'met' : 'NOT met',
  };
}

if (require.main === module) {
  runAsProgram(async (flags) => {
    const log = (line: string): void => void process.stderr.write(`${line}\n`);
    const loadBefore = loadAverage();
    const report = await runCatalogBench(flags, log);
    process.stdout.write(`${formatCatalogReport(report)}\n\n(${describeMachine()}; ${loadBefore} at the start, ${loadAverage()} at the end)\n`);
    if (flags.json) writeFileSync(flags.json, `${JSON.stringify(report, null, 2)}\n`);
  });
}
