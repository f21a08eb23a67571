/* eslint-disable @typescript-eslint/no-explicit-any -- these tests read the sandbox's untyped JSON replies, as a client would before validating them. */
/**
 * What a crawl publishes into the sandbox's catalog: Database, Schema, Table, View,
 * MaterialisedView and Column assets under the run's connection, archived (DELETED) when a rerun
 * no longer finds them, created when new; on both API surfaces.
 */
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { AssetIndex } from '../../../sandbox/assets/assetIndex';
import { CrawlCatalog } from '../../../sandbox/assets/crawlCatalog';
import { fakeCatalog, fakeCrawler, type CrawledObjects, type CrawlerPort } from '../../../sandbox/crawlerPort';
import type { SandboxHandle } from '../../../sandbox/server';
import { call, fastSandbox, fixture, runsOf, waitFor } from './helpers';

const SEARCH = '/api/meta/search/indexsearch';
const CONNECTION = 'default/postgres/1700000000';
const CONTRACT = path.resolve(__dirname, '../../../../test/fixtures/atlan-contract/asset-search');
/** The duplicate guard's search for the Postgres Connection assets called `name` (the contract's, renamed). */
const connectionsNamed = (name: string): unknown =>
  JSON.parse(readFileSync(path.join(CONTRACT, 'connections-by-name-request.json'), 'utf8').split('"warehouse-legacy"').join(JSON.stringify(name)));

function byQn(assets: AssetIndex): Map<string, { typeName: string; status: string; attributes: Record<string, unknown>; createTime: number; updateTime: number }> {
  return new Map(assets.all().map((a) => [String(a.attributes['qualifiedName']), a]));
}

describe('sandbox catalog: what a crawl publishes', () => {
  describe('publish and republish (CrawlCatalog)', () => {
    it('catalogues the database, schemas, tables, views, materialised views and columns with counts', () => {
      const assets = new AssetIndex();
      const outcome = new CrawlCatalog({ assets, now: () => 1_000 }).publish({ qualifiedName: CONNECTION, name: 'prod' }, fakeCatalog('shop'));
      // 1 database, 2 schemas, 12 tables, 2 views, 1 materialised view, 87 columns.
      assert.deepEqual(outcome, { created: 105, updated: 0, archived: 0, unchanged: 0 });
      const qn = byQn(assets);
      const db = qn.get(`${CONNECTION}/shop`);
      assert.equal(db?.typeName, 'Database');
      assert.equal(db?.attributes['schemaCount'], 2);
      assert.equal(db?.attributes['connectionQualifiedName'], CONNECTION);
      assert.equal(db?.attributes['connectionName'], 'prod');
      const sales = qn.get(`${CONNECTION}/shop/sales`);
      assert.deepEqual([sales?.typeName, sales?.attributes['tableCount'], sales?.attributes['viewsCount'], sales?.attributes['databaseName']], ['Schema', 6, 2, 'shop']);
      const orders = qn.get(`${CONNECTION}/shop/public/orders`);
      assert.deepEqual(
        [orders?.typeName, orders?.attributes['columnCount'], orders?.attributes['rowCount'], orders?.attributes['schemaName'], orders?.attributes['schemaQualifiedName']],
        ['Table', 6, 100, 'public', `${CONNECTION}/shop/public`],
      );
      assert.equal(qn.get(`${CONNECTION}/shop/sales/revenue`)?.typeName, 'MaterialisedView');
      assert.equal(qn.get(`${CONNECTION}/shop/sales/pipeline`)?.typeName, 'View');
      assert.equal(qn.get(`${CONNECTION}/shop/sales/pipeline`)?.attributes['rowCount'], undefined, 'a plain view has no rows');
      const column = qn.get(`${CONNECTION}/shop/public/orders/id`);
      assert.deepEqual([column?.typeName, column?.attributes['tableQualifiedName'], column?.attributes['order'], column?.attributes['dataType']], ['Column', `${CONNECTION}/shop/public/orders`, 1, 'integer']);
      assert.equal(qn.get(`${CONNECTION}/shop/sales/pipeline/id`)?.attributes['viewQualifiedName'], `${CONNECTION}/shop/sales/pipeline`);
      for (const asset of assets.all()) assert.equal(asset.status, 'ACTIVE');
    });

    it('a rerun archives what it no longer finds, creates what is new and leaves the rest untouched', () => {
      const assets = new AssetIndex();
      let now = 1_000;
      const catalog = new CrawlCatalog({ assets, now: () => now });
      catalog.publish({ qualifiedName: CONNECTION }, fakeCatalog('shop'));
      const first = fakeCatalog('shop');
      const second: CrawledObjects = {
        ...first,
        relations: [
          ...first.relations.filter((r) => r.name !== 'payments'),
          { schema: 'public', name: 'refunds', kind: 'table', rowCount: 3, columns: [{ name: 'id', dataType: 'integer' }] },
        ],
      };
      now = 2_000;
      const outcome = catalog.publish({ qualifiedName: CONNECTION }, second);
      // payments and its 6 columns archived; refunds and its column created; public's counts unchanged (6 tables).
      assert.deepEqual(outcome, { created: 2, updated: 0, archived: 7, unchanged: 98 });
      const qn = byQn(assets);
      const payments = qn.get(`${CONNECTION}/shop/public/payments`);
      assert.deepEqual([payments?.status, payments?.createTime, payments?.updateTime], ['DELETED', 1_000, 2_000]);
      assert.equal(qn.get(`${CONNECTION}/shop/public/payments/id`)?.status, 'DELETED');
      const refunds = qn.get(`${CONNECTION}/shop/public/refunds`);
      assert.deepEqual([refunds?.status, refunds?.createTime, refunds?.updateTime], ['ACTIVE', 2_000, 2_000]);
      assert.equal(qn.get(`${CONNECTION}/shop/public/orders`)?.updateTime, 1_000, 'an unchanged table keeps its update time');

      now = 3_000;
      const third = catalog.publish({ qualifiedName: CONNECTION }, first);
      assert.deepEqual(third, { created: 0, updated: 7, archived: 2, unchanged: 98 }, 'payments restored, refunds archived');
      const restored = byQn(assets).get(`${CONNECTION}/shop/public/payments`);
      assert.deepEqual([restored?.status, restored?.createTime, restored?.updateTime], ['ACTIVE', 1_000, 3_000]);
    });

    it('leaves other connections alone and archives everything when the database is out of scope', () => {
      const assets = new AssetIndex();
      const catalog = new CrawlCatalog({ assets, now: () => 5 });
      catalog.publish({ qualifiedName: CONNECTION }, fakeCatalog('shop'));
      catalog.publish({ qualifiedName: 'default/postgres/1800000000' }, fakeCatalog('shop'));
      const outcome = catalog.publish({ qualifiedName: CONNECTION }, { database: undefined, schemas: [], relations: [] });
      assert.equal(outcome.archived, 105);
      const other = assets.all().filter((a) => a.attributes['connectionQualifiedName'] === 'default/postgres/1800000000');
      assert.equal(other.length, 105);
      assert.ok(other.every((a) => a.status === 'ACTIVE'));
    });
  });

  describe('the Connection asset of each connection', () => {
    it('a publish catalogues the named connection once (not in its outcome), and no crawl archives it', () => {
      const assets = new AssetIndex();
      const catalog = new CrawlCatalog({ assets, now: () => 7 });
      catalog.publish({ qualifiedName: CONNECTION, name: 'prod' }, fakeCatalog('shop'));
      const outcome = catalog.publish({ qualifiedName: CONNECTION, name: 'prod' }, { database: undefined, schemas: [], relations: [] });
      assert.equal(outcome.archived, 105);
      const connections = assets.all().filter((a) => a.typeName === 'Connection');
      assert.deepEqual(
        connections.map((a) => [a.status, a.attributes]),
        [['ACTIVE', { qualifiedName: CONNECTION, name: 'prod', connectorName: 'postgres', category: 'database' }]],
      );
    });

    it('a connection without a name (its parameter did not say) gets no Connection asset', () => {
      const assets = new AssetIndex();
      new CrawlCatalog({ assets, now: () => 7 }).publish({ qualifiedName: CONNECTION }, fakeCatalog('shop'));
      assert.equal(assets.all().filter((a) => a.typeName === 'Connection').length, 0);
    });

    it('a UI crawler brings its Connection asset, found by the duplicate guard\'s search; an old one keeps its connection parameter as plain text', async () => {
      const sandbox = await fastSandbox({ surfaces: 'legacy', indexLagMs: 0 });
      try {
        const made = await sandbox.admin.createUiCrawler({ connectionName: 'warehouse-legacy', epoch: 1_698_710_400, connectionParameter: 'qualifiedName' });
        await sandbox.admin.createUiCrawler({ connectionName: 'another', epoch: 1_698_710_500 });
        assert.equal(made.connectionQualifiedName, 'default/postgres/1698710400');
        const answer = (await call(sandbox, 'POST', SEARCH, { body: connectionsNamed('warehouse-legacy') })).json;
        assert.deepEqual(
          answer.entities.map((e: any) => [e.typeName, e.attributes.qualifiedName, e.attributes.name, e.attributes.connectorName]),
          [['Connection', 'default/postgres/1698710400', 'warehouse-legacy', 'postgres']],
        );
        const templates = (await call(sandbox, 'POST', 'workflows/indexsearch', { body: { from: 0, size: 10, query: { match_all: {} } } })).json;
        const template = templates.hits.hits.find((h: any) => h._source.metadata.name === made.name);
        const parameters = template?._source.spec.templates[0].dag.tasks[0].arguments.parameters as { name: string; value: string }[];
        assert.equal(parameters.find((p) => p.name === 'connection')?.value, 'default/postgres/1698710400');
        assert.equal((await call(sandbox, 'POST', SEARCH, { body: connectionsNamed('nobody') })).json.entities, undefined, 'another name finds nothing');
      } finally {
        await sandbox.stop();
      }
    });
  });

  /** A crawler whose next crawls find `catalog` (fakeCatalog until changed). */
  function steeredCrawler(): CrawlerPort & { catalog?: CrawledObjects } {
    const crawler: CrawlerPort & { catalog?: CrawledObjects } = {
      crawlPostgres: async (cred, filters, signal) => {
        const result = await fakeCrawler.crawlPostgres(cred, filters, signal);
        return crawler.catalog ? { ...result, found: crawler.catalog } : result;
      },
      testPostgresCredential: (cred) => fakeCrawler.testPostgresCredential(cred),
    };
    return crawler;
  }

  async function search(sandbox: SandboxHandle, query: unknown, extra: Record<string, unknown> = {}): Promise<any> {
    const reply = await call(sandbox, 'POST', SEARCH, { body: { dsl: { from: 0, size: 200, track_total_hits: true, query, ...extra }, attributes: ['tableCount', 'connectionQualifiedName'] } });
    assert.equal(reply.status, 200, reply.text);
    return reply.json;
  }

  const ofConnection = (qualifiedName: string, state = 'ACTIVE'): unknown => ({
    bool: { filter: [{ term: { connectionQualifiedName: { value: qualifiedName } } }, { term: { __state: { value: state } } }] },
  });

  async function countsByType(sandbox: SandboxHandle, qualifiedName: string): Promise<Record<string, number>> {
    const answer = await search(sandbox, ofConnection(qualifiedName), { size: 0, aggregations: { types: { terms: { field: '__typeName.keyword', size: 20 } } } });
    return Object.fromEntries(answer.aggregations.types.buckets.map((b: any) => [b.key, b.doc_count]));
  }

  describe('old UI crawlers (the connection parameter is its qualified name, as plain text)', () => {
    it('a run publishes under that qualified name, as Atlan does', async () => {
      const sandbox = await fastSandbox({ surfaces: 'legacy', indexLagMs: 0, crawler: steeredCrawler() });
      try {
        const made = await sandbox.admin.createUiCrawler({ connectionName: 'old-ui', epoch: 1_698_710_600, connectionParameter: 'qualifiedName', run: true });
        await waitFor(async () => {
          const run = (await call(sandbox, 'POST', 'runs/indexsearch', { body: runsOf(made.name, 1) })).json.hits.hits[0]?._source;
          return run?.status.phase === 'Succeeded' ? run : undefined;
        }, 5000, `a succeeded run of ${made.name}`);
        const counts = await countsByType(sandbox, 'default/postgres/1698710600');
        assert.ok((counts['Table'] ?? 0) > 0, `tables published under the plain qualified name: ${JSON.stringify(counts)}`);
      } finally {
        await sandbox.stop();
      }
    });
  });

  describe('through the API surfaces', () => {
    let sandbox: SandboxHandle;
    const crawler = steeredCrawler();
    before(async () => {
      sandbox = await fastSandbox({ surfaces: 'both', crawler });
    });
    after(async () => {
      await sandbox.stop();
    });
    afterEach(() => {
      crawler.catalog = undefined;
    });

    it("legacy: a run's crawl is catalogued under the template's connection, a rerun archives and adds", async () => {
      const epoch = 1_712_000_000;
      const created = await call(sandbox, 'POST', 'workflows?submit=true', { body: fixture('postgres_direct_basic', epoch) });
      assert.equal(created.status, 200, created.text);
      const name = created.json.metadata.name as string;
      const finished = async (count: number): Promise<void> => {
        await waitFor(async () => {
          const hits = (await call(sandbox, 'POST', 'runs/indexsearch', { body: runsOf(name, 5) })).json.hits.hits;
          return hits.length === count && hits.every((h: any) => h._source.status.phase === 'Succeeded') ? true : undefined;
        }, 10_000, `${count} succeeded run(s) of ${name}`);
      };
      await finished(1);
      const connection = `default/postgres/${epoch}`;
      assert.deepEqual(await countsByType(sandbox, connection), { Column: 87, Table: 12, Schema: 2, View: 2, Database: 1, MaterialisedView: 1 });

      const base = fakeCatalog('x');
      const database = (await search(sandbox, { bool: { filter: [{ term: { connectionQualifiedName: { value: connection } } }, { term: { '__typeName.keyword': { value: 'Database' } } }] } })).entities[0];
      crawler.catalog = {
        database: database.attributes.name,
        schemas: ['public'],
        relations: [...base.relations.filter((r) => r.schema === 'public'), { schema: 'public', name: 'refunds', kind: 'table', rowCount: 1, columns: [] }],
      };
      const rerun = await call(sandbox, 'POST', 'workflows/submit', { body: { namespace: 'default', resourceKind: 'WorkflowTemplate', resourceName: name } });
      assert.equal(rerun.status, 200, rerun.text);
      await finished(2);
      assert.deepEqual(await countsByType(sandbox, connection), { Column: 41, Table: 7, Schema: 1, View: 1, Database: 1 });
      const deleted = await search(sandbox, { bool: { filter: [{ term: { connectionQualifiedName: { value: connection } } }, { term: { __state: { value: 'DELETED' } } }, { terms: { '__typeName.keyword': ['Schema', 'Table'] } }] } });
      assert.deepEqual(deleted.entities.map((e: any) => `${e.typeName} ${e.attributes.name}`).sort(), ['Schema sales', 'Table accounts', 'Table invoices', 'Table leads', 'Table quotes', 'Table regions', 'Table targets']);
      const refunds = (await search(sandbox, { bool: { filter: [{ term: { connectionQualifiedName: { value: connection } } }, { term: { 'name.keyword': { value: 'refunds' } } }] } })).entities[0];
      const orders = (await search(sandbox, { bool: { filter: [{ term: { connectionQualifiedName: { value: connection } } }, { term: { 'name.keyword': { value: 'orders' } } }] } })).entities[0];
      assert.ok(refunds.createTime > orders.createTime, 'the new table was created by the rerun');
    });

    it("App API: a run's crawl is catalogued under the inputs' connection", async () => {
      const connection = 'default/postgres/1713000000';
      const inputs = {
        connection: { typeName: 'Connection', attributes: { qualifiedName: connection, connectorName: 'postgres', name: 'app-pg', adminUsers: ['demo.admin'] } },
        extraction_method: 'direct',
        credential: { authType: 'basic', name: 'default-postgres-1713000000-0', connectorConfigName: 'atlan-connectors-postgres', connectorType: 'postgres', host: 'db.example.com', port: 5432, username: 'crawler', password: 'test-password', extra: { database: 'shop' } },
      };
      const res = await call(sandbox, 'POST', 'v1/app', { body: { app_id: 'postgres-crawler', name: 'App PG', inputs, entrypoint: 'crawler' } });
      assert.equal(res.status, 200, res.text);
      await waitFor(async () => ((await call(sandbox, 'GET', `v1/app/runs/${res.json.run_id}`)).json.status === 'Succeeded' ? true : undefined), 10_000, 'the App run to succeed');
      assert.deepEqual(await countsByType(sandbox, connection), { Column: 87, Table: 12, Schema: 2, View: 2, Database: 1, MaterialisedView: 1 });
      const db = await search(sandbox, { bool: { filter: [{ term: { connectionQualifiedName: { value: connection } } }, { term: { '__typeName.keyword': { value: 'Database' } } }] } });
      assert.equal(db.entities[0].attributes.qualifiedName, `${connection}/shop`);
      assert.equal(db.entities[0].attributes.connectionName, undefined, 'only the asked-for attributes come back');
    });
  });
});
