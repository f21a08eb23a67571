/**
 * The scope preview of a file against what the sandbox's real crawl of the same database then
 * catalogues, table by table: `atlan-postgres scope FILE --json`, then `submit FILE --wait`
 * (the sandbox crawls the embedded demo Postgres), then GET /_sandbox/crawls. The sandbox reads
 * the filters with its own code (it imports nothing from src/), so agreement is two readings of
 * the crawler's semantics meeting, not one reading compared with itself.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { crawlPostgres, testPostgresCredential } from '../../../sandbox/crawler';
import { findFreePort } from '../../../sandbox/postgres';
import { startSandbox, type SandboxHandle } from '../../../sandbox/server';
import type { CliIo } from '../../../src/cli/io';
import { main } from '../../../src/cli/main';
import type { CrawlScope } from '../../../src/core/scope';
import { FAST_TUNING } from '../cli/cliHarness';
import { useDemoPostgres } from '../postgres/demoServer';

interface Filters {
  include?: Record<string, string[]>;
  exclude?: Record<string, string[]>;
  excludeRegex?: string;
}

/** Included tables and views of a preview, as `schema.name`, sorted. */
function previewed(scope: CrawlScope): { schemas: string[]; relations: string[] } {
  const db = scope.databases.find((d) => d.name === scope.database);
  const schemas = (db?.schemas ?? []).filter((s) => s.verdict.included);
  return {
    schemas: schemas.map((s) => s.name).sort(),
    relations: schemas.flatMap((s) => s.relations.filter((r) => r.verdict.included).map((r) => `${s.name}.${r.name}`)).sort(),
  };
}

describe('scope preview: equals what the sandbox crawl of the demo Postgres reports, table by table', function () {
  this.timeout(60_000);
  const demo = useDemoPostgres();
  let sandbox: SandboxHandle;
  let dir: string;
  let second = 0;

  before(async () => {
    sandbox = await startSandbox({ clockSpeed: 1000, surfaces: 'legacy', crawler: { crawlPostgres, testPostgresCredential }, log: () => {} });
    dir = mkdtempSync(join(tmpdir(), 'atlan-scope-'));
  });
  after(async () => {
    await sandbox.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  async function cli(argv: string[]): Promise<{ code: number; out: string; err: string }> {
    let out = '';
    let err = '';
    const nowMs = Date.now() + ++second * 1000; // each submit its own epoch second
    const io: CliIo = {
      stdout: (t) => (out += t),
      stderr: (t) => (err += t),
      readFile: (p) => readFile(p, 'utf8'),
      writeFile: async (p, t) => {
        await mkdir(dirname(p), { recursive: true });
        await writeFile(p, t);
      },
      env: { ATLAN_BASE_URL: sandbox.url, ATLAN_API_KEY: sandbox.tokens.apiToken, ATLAN_SECRET_PG: demo().password, ATLAN_CLI_STATE_DIR: join(dir, 'state') },
      now: () => nowMs,
      tuning: FAST_TUNING,
    };
    const code = await main(argv, io);
    assert.ok(!out.includes(demo().password) && !err.includes(demo().password), `"${argv.join(' ')}" printed the password`);
    return { code, out, err };
  }

  function file(name: string, filters: Filters, port = demo().port, database = 'analytics'): string {
    const path = join(dir, `${name}.atlan-postgres.json`);
    const config = {
      connectionName: name,
      admins: { roles: ['$admin'] },
      extraction: { method: 'direct', host: demo().host, port, database, auth: { type: 'basic', username: demo().user, password: { secret: 'pg' } } },
      ...filters,
    };
    writeFileSync(path, JSON.stringify(config, null, 2));
    return path;
  }

  const CASES: { name: string; filters: Filters; database?: string; included: number; byRegex: number }[] = [
    { name: 'include-exclude-regex', filters: { include: { analytics: ['^s.*$', 'public'] }, exclude: { analytics: ['staging'] }, excludeRegex: '.*_TEST' }, included: 8, byRegex: 2 },
    { name: 'everything', filters: {}, included: 15, byRegex: 0 },
    { name: 'anchored-regex-name-java-flags', filters: { include: { analytics: ['^s.*$'] }, excludeRegex: '(?i)_test$|\\Qorder_events_\\E' }, included: 6, byRegex: 5 },
    { name: 'other-database', filters: { include: { inventory: [] }, exclude: { analytics: ['public'] } }, included: 0, byRegex: 0 },
    { name: 'inventory-whole-minus-regex', filters: { exclude: { inventory: ['staging'] }, excludeRegex: 'low_' }, database: 'inventory', included: 3, byRegex: 1 },
  ];

  // A schema both included and excluded by the same name is an error in the file (filterOverlap.ts);
  // exclude winning shows when an include regex covers an excluded name (^s.*$ vs staging).
  for (const c of CASES) {
    it(`${c.name}: ${JSON.stringify(c.filters)}`, async () => {
      const path = file(c.name, c.filters, demo().port, c.database);
      const preview = await cli(['scope', path, '--json']);
      assert.equal(preview.code, 0, preview.err + preview.out);
      const scope = JSON.parse(preview.out) as CrawlScope;
      const expected = previewed(scope);
      assert.equal(expected.relations.length, c.included, `preview: ${expected.relations.join(', ')}`);
      assert.equal(scope.totals.excludedByRegex, c.byRegex);

      const submitted = await cli(['submit', path, '--wait']);
      assert.equal(submitted.code, 0, submitted.err + submitted.out);
      const [crawl] = await sandbox.admin.crawls();
      assert.ok(crawl, 'the sandbox recorded no crawl');
      assert.deepEqual(crawl.found.relations.map((r) => `${r.schema}.${r.name}`).sort(), expected.relations);
      assert.deepEqual([...crawl.found.schemas].sort(), expected.schemas);
    });
  }

  it('exits 5 with the reason when the database cannot be reached, and 2 for a credential it cannot use', async () => {
    const port = await findFreePort();
    const unreachable = await cli(['scope', file('closed-port', {}, port), '--json']);
    assert.equal(unreachable.code, 5);
    const error = (JSON.parse(unreachable.out) as { error: { kind: string; message: string } }).error;
    assert.equal(error.kind, 'database');
    assert.match(error.message, new RegExp(`cannot read the catalog of analytics at ${demo().host}:${port}: .*refused`));

    const text = await cli(['scope', file('closed-port-text', {}, port)]);
    assert.equal(text.code, 5);
    assert.match(text.err, /refused/);

    const noSecret = file('no-secret', {});
    const missing = await main(['scope', noSecret], {
      stdout: () => undefined,
      stderr: () => undefined,
      readFile: (p) => readFile(p, 'utf8'),
      writeFile: () => Promise.resolve(),
      env: {},
      now: () => Date.now(),
    });
    assert.equal(missing, 2, 'a missing password secret is a configuration problem');
  });

  it('prints the tree in words: totals first, + included, - excluded with why', async () => {
    const path = file('words', { include: { analytics: ['^s.*$'] }, exclude: { analytics: ['staging'] }, excludeRegex: '.*_TEST' });
    const { code, out } = await cli(['scope', path]);
    assert.equal(code, 0);
    const lines = out.split('\n');
    assert.equal(lines[0], '3 databases, 4 schemas, 15 tables and views; 8 excluded, 2 of them by the regex');
    assert.equal(lines[1], 'Crawls 1 schema of analytics: 5 tables and 2 views');
    assert.ok(lines.includes('  - schema staging (excluded by exclude.analytics[0] "staging")'), out);
    assert.ok(lines.includes('  - schema public (not in the include map)'), out);
    assert.ok(lines.includes('    - table ORDERS_TEST (matched by the exclude regex ".*_TEST")'), out);
    assert.ok(lines.includes('    + table orders'), out);
    assert.ok(lines.some((l) => l.startsWith('- database inventory (another database on the server')), out);
  });
});
