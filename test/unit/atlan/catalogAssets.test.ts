/**
 * The catalog of one connection: counts by type in one request, pages of children in one request
 * each, a run's changes; requests equal the contract fixtures, answers read item by item; and the
 * same reads against the in-process sandbox after a crawl.
 */
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { AssetSearch } from '../../../src/core/atlan/assetSearch';
import { CatalogAssets, changesRequests, changeWindowOfRun, readCatalogItem } from '../../../src/core/atlan/catalogAssets';
import { AtlanHttp } from '../../../src/core/atlan/http';
import { formatCatalogChanges, formatCatalogCounts } from '../../../src/core/format/catalogWords';
import { startSandbox, type SandboxHandle } from '../../../sandbox/server';
import { fakeCatalog, fakeCrawler, type CrawledObjects, type CrawlerPort } from '../../../sandbox/crawlerPort';
import { FakeClock, ScriptedServer } from './helpers';

const CONTRACT = path.resolve(__dirname, '../../../../test/fixtures/atlan-contract/asset-search');
const SEARCH = '/api/meta/search/indexsearch';
const CONNECTION = 'default/postgres/1700000000';

// Fixture JSON of arbitrary shape; tests read into it freely.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
function contract(file: string): any {
  return JSON.parse(readFileSync(path.join(CONTRACT, file), 'utf8'));
}

describe('atlan/catalogAssets', () => {
  describe('against the contract fixtures', () => {
    let server: ScriptedServer;
    let http: AtlanHttp;
    let catalog: CatalogAssets;

    before(async () => {
      server = await ScriptedServer.start();
    });
    beforeEach(() => {
      server.reset();
      http = new AtlanHttp({ baseUrl: server.url, token: 'tok-catalog', clock: new FakeClock(), random: () => 0.5 });
      catalog = new CatalogAssets(new AssetSearch(http));
    });
    afterEach(async () => {
      await http.close();
    });
    after(async () => {
      await server.stop();
    });

    it('counts by type in one request: a terms aggregation on the type, active assets of the connection', async () => {
      server.route('POST', SEARCH, { body: contract('catalog-counts-response.json') });
      const counts = await catalog.counts(CONNECTION);
      assert.equal(server.requests.length, 1);
      assert.deepEqual(server.requests[0].body, contract('catalog-counts-request.json'));
      assert.deepEqual(counts, { byType: { Column: 87, Table: 12, Schema: 2, View: 2, Database: 1, MaterialisedView: 1 }, total: 105 });
      assert.equal(formatCatalogCounts(counts), '1 database, 2 schemas, 12 tables, 2 views, 1 materialised view, 87 columns');
    });

    it('counts nothing for a connection the tenant has no assets of, and ignores odd buckets', async () => {
      server.route('POST', SEARCH, { body: { queryType: 'INDEX', approximateCount: 0, aggregations: { types: { buckets: [] } } } });
      assert.deepEqual(await catalog.counts(CONNECTION), { byType: {}, total: 0 });
      server.route('POST', SEARCH, { body: { approximateCount: 5, aggregations: { types: { buckets: [{ key: 'Table', doc_count: 3 }, { key: 'Table' }, { key: 'Process', doc_count: 2 }] } } } });
      assert.deepEqual(await catalog.counts(CONNECTION), { byType: { Table: 3 }, total: 3 });
    });

    it('reads a page of children item by item: an unreadable one is left out with a reason, never the rest', async () => {
      server.route('POST', SEARCH, { body: contract('catalog-children-response.json') });
      const page = await catalog.children({ kind: 'database', qualifiedName: `${CONNECTION}/shop` }, { size: 50 });
      assert.equal(server.requests.length, 1);
      assert.deepEqual(server.requests[0].body, contract('catalog-children-request.json'));
      assert.deepEqual(page.items.map((i) => [i.name, i.tableCount, i.viewsCount]), [['public', 6, 1], ['sales', 6, 2]]);
      assert.equal(page.items[0].schemaName, undefined, 'null attributes read as absent');
      assert.equal(page.unread.length, 2);
      assert.match(page.unread[0], /asset 2 \(Schema 0f6e1d1a-1c2b-4d3e-8f4a-5b6c7d8e9f02\): attributes\.name: expected string, received undefined/);
      assert.match(page.unread[1], /asset 4 .*attributes\.tableCount: expected number, received string/);
      assert.ok(!page.unread.join(' ').includes('many'), 'reasons name types, never values');
      assert.equal(page.total, 4);
      assert.equal(page.nextFrom, undefined, 'all 4 were in the answer, 2 of them unreadable');
    });

    it('pages children with from/size and says where the next page starts', async () => {
      const body = contract('catalog-children-response.json');
      server.route('POST', SEARCH, { body: { ...body, approximateCount: 9 } });
      const page = await catalog.children({ kind: 'schema', qualifiedName: `${CONNECTION}/shop/sales` }, { from: 4, size: 4 });
      assert.equal(page.nextFrom, 8);
      const dsl = server.requests[0].body.dsl;
      assert.deepEqual([dsl.from, dsl.size], [4, 4]);
      assert.deepEqual(dsl.query.bool.filter[1], { terms: { '__typeName.keyword': ['Table', 'View', 'MaterialisedView'] } });
      assert.deepEqual(dsl.query.bool.filter[2], { term: { connectionQualifiedName: { value: CONNECTION, case_insensitive: false } } }, 'the connection is the schema qualified name\'s first three parts');
      assert.deepEqual(dsl.query.bool.filter[3], { term: { schemaQualifiedName: { value: `${CONNECTION}/shop/sales`, case_insensitive: false } } });
    });

    it("asks for a run's removed schemas and tables by state and update time over the run's window", () => {
      assert.deepEqual(changeWindowOfRun({ startedAt: '2023-11-14T22:14:59Z', finishedAt: '2023-11-14T22:15:00Z' }), { since: 1700000099000, until: 1700000160000 }, 'a minute of grace after the end');
      assert.deepEqual(changeWindowOfRun({ startedAt: '2023-11-14T22:14:59Z', finishedAt: '2023-11-14T22:15:00Z' }, '2023-11-14T22:15:30Z'), { since: 1700000099000, until: 1700000129999 }, 'never into the next run');
      const requests = changesRequests(CONNECTION, { since: 1700000099001, until: 1700000200000 }, 5);
      assert.deepEqual(requests.removed, contract('catalog-changes-removed-request.json'));
      assert.deepEqual(requests.added.dsl.query, {
        bool: {
          filter: [
            { term: { __state: { value: 'ACTIVE', case_insensitive: false } } },
            { terms: { '__typeName.keyword': ['Schema', 'Table', 'View', 'MaterialisedView'] } },
            { term: { connectionQualifiedName: { value: CONNECTION, case_insensitive: false } } },
            { range: { __timestamp: { gte: 1700000099001, lte: 1700000200000 } } },
          ],
        },
      });
      assert.equal(changeWindowOfRun({}), undefined);
      assert.deepEqual(changeWindowOfRun({ startedAt: '2023-11-14T22:14:59Z' }), { since: 1700000099000 });
    });

    it('describes changes: a few names, a count of the rest', () => {
      const item = (typeName: 'Schema' | 'Table', name: string, schemaName?: string): ReturnType<typeof readCatalogItem> =>
        readCatalogItem({ typeName, guid: name, attributes: { name, qualifiedName: `q/${name}`, ...(schemaName ? { schemaName } : {}) } }, 0);
      const items = [item('Schema', 'staging'), item('Table', 'raw', 'staging')].filter((i) => !('reason' in i)) as never[];
      assert.equal(
        formatCatalogChanges({ added: { items: [item('Table', 'refunds', 'public')] as never[], total: 1 }, removed: { items, total: 5 }, unread: [] }),
        'New: table public.refunds. Removed: schema staging, table staging.raw and 3 more.',
      );
      assert.equal(formatCatalogChanges({ added: { items: [], total: 0 }, removed: { items: [], total: 0 }, unread: [] }), 'No schemas, tables or views added or removed.');
    });
  });

  describe('against the sandbox after crawls', () => {
    let sandbox: SandboxHandle;
    let http: AtlanHttp;
    let catalog: CatalogAssets;
    let found: CrawledObjects | undefined;
    const crawler: CrawlerPort = {
      crawlPostgres: async (cred, filters, signal) => ({ ...(await fakeCrawler.crawlPostgres(cred, filters, signal)), ...(found ? { found } : {}) }),
      testPostgresCredential: (cred) => fakeCrawler.testPostgresCredential(cred),
    };

    before(async () => {
      sandbox = await startSandbox({ clockSpeed: 2000, surfaces: 'apps', crawler, log: () => {} });
      http = new AtlanHttp({ baseUrl: sandbox.url, token: sandbox.tokens.apiToken });
      catalog = new CatalogAssets(new AssetSearch(http));
    });
    after(async () => {
      await http.close();
      await sandbox.stop();
    });

    it('counts, pages and reports what a rerun added and removed', async () => {
      const connection = 'default/postgres/1714000000';
      assert.deepEqual(await catalog.counts(connection), { byType: {}, total: 0 }, 'not crawled yet');
      const inputs = {
        connection: { typeName: 'Connection', attributes: { qualifiedName: connection, connectorName: 'postgres', name: 'cat', adminUsers: ['demo.admin'] } },
        credential: { authType: 'basic', name: 'default-postgres-1714000000-0', connectorConfigName: 'atlan-connectors-postgres', connectorType: 'postgres', host: 'db.example.com', port: 5432, username: 'crawler', password: 'pw', extra: { database: 'shop' } },
      };
      const headers = { authorization: `Bearer ${sandbox.tokens.apiToken}`, 'content-type': 'application/json' };
      const created = (await (await fetch(`${sandbox.url}/api/service/v1/app`, { method: 'POST', headers, body: JSON.stringify({ app_id: 'postgres-crawler', name: 'cat', inputs }) })).json()) as { slug: string; run_id: string };
      const runOf = async (id: string): Promise<{ status: string; started_at: string; finished_at: string }> =>
        (await (await fetch(`${sandbox.url}/api/service/v1/app/runs/${id}`, { headers })).json()) as { status: string; started_at: string; finished_at: string };
      const finished = async (id: string): Promise<{ status: string; started_at: string; finished_at: string }> => {
        const deadline = Date.now() + 10_000;
        for (;;) {
          const run = await runOf(id);
          if (run.status === 'Succeeded') return run;
          if (Date.now() > deadline) throw new Error(`run ${id} never succeeded (${run.status})`);
          await new Promise((r) => setTimeout(r, 10));
        }
      };
      await finished(created.run_id);

      const counts = await catalog.counts(connection);
      assert.deepEqual(counts.byType, { Database: 1, Schema: 2, Table: 12, View: 2, MaterialisedView: 1, Column: 87 });
      const databases = await catalog.children({ kind: 'connection', qualifiedName: connection }, { size: 10 });
      assert.deepEqual(databases.items.map((d) => [d.name, d.schemaCount]), [['shop', 2]]);
      const schemas = await catalog.children({ kind: 'database', qualifiedName: databases.items[0].qualifiedName }, { size: 10 });
      assert.deepEqual(schemas.items.map((s) => [s.name, s.tableCount, s.viewsCount]), [['public', 6, 1], ['sales', 6, 2]]);
      const first = await catalog.children({ kind: 'schema', qualifiedName: schemas.items[1].qualifiedName }, { size: 5 });
      assert.deepEqual(first.items.map((t) => t.name), ['accounts', 'invoices', 'leads', 'pipeline', 'quotes']);
      assert.equal(first.nextFrom, 5);
      const second = await catalog.children({ kind: 'schema', qualifiedName: schemas.items[1].qualifiedName }, { from: first.nextFrom, size: 5 });
      assert.deepEqual(second.items.map((t) => `${t.typeName} ${t.name}`), ['Table regions', 'MaterialisedView revenue', 'Table targets']);
      assert.equal(second.nextFrom, undefined);

      // Run times are whole seconds: the rerun must start in a later second than the first run's publish.
      await new Promise((r) => setTimeout(r, 1_100));
      const base = fakeCatalog('shop');
      found = { ...base, relations: [...base.relations.filter((r) => r.name !== 'leads'), { schema: 'sales', name: 'refunds', kind: 'table', columns: [] }] };
      const rerun = (await (await fetch(`${sandbox.url}/api/service/v1/app/${created.slug}/submit`, { method: 'POST', headers, body: '{}' })).json()) as { run_id: string };
      const run = await finished(rerun.run_id);
      const window = changeWindowOfRun({ startedAt: run.started_at, finishedAt: run.finished_at });
      assert.ok(window);
      const changes = await catalog.changes(connection, window);
      assert.equal(formatCatalogChanges(changes), 'New: table sales.refunds. Removed: table sales.leads.');
      const firstRun = await runOf(created.run_id);
      const firstWindow = changeWindowOfRun({ startedAt: firstRun.started_at, finishedAt: firstRun.finished_at }, run.started_at);
      assert.ok(firstWindow);
      const initial = await catalog.changes(connection, firstWindow, 3);
      // 2 schemas and 15 tables and views, less leads: archived since, so no longer among what the first run added.
      assert.equal(initial.added.total, 16);
      assert.equal(initial.added.items.length, 3);
    });
  });
});
