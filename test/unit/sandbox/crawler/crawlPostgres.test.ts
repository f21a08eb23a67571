import assert from 'node:assert/strict';
import { CrawlError, crawlPostgres } from '../../../../sandbox/crawler';
import type { CrawlFilters, PostgresCredential } from '../../../../sandbox/crawler';
import { useDemoPostgres } from '../../postgres/demoServer';

const NO_FILTERS: CrawlFilters = { include: {}, exclude: {}, excludeRegex: '' };

describe('sandbox crawler: crawlPostgres against the demo database', function () {
  this.timeout(10_000); // real server round trips; generous for a loaded machine
  const demo = useDemoPostgres();

  function cred(database: string, overrides: Partial<PostgresCredential> = {}): PostgresCredential {
    const d = demo();
    return { host: d.host, port: d.port, database, authType: 'basic', username: d.user, password: d.password, extra: { database }, ...overrides };
  }

  function counts(result: { databases: number; schemas: number; tables: number; views: number; columns: number }) {
    const { databases, schemas, tables, views, columns } = result;
    return { databases, schemas, tables, views, columns };
  }

  it('catalogs every schema, table (with partitions), view (with materialized) and column when no filter is set', async () => {
    const result = await crawlPostgres(cred('analytics'), NO_FILTERS);
    assert.deepEqual(counts(result), { databases: 1, schemas: 4, tables: 12, views: 3, columns: 42 });
    assert.equal(result.summary, 'Crawled 1 database, 4 schemas, 12 tables, 3 views, 42 columns, 1 function');
  });

  it('crawls only the credential database, whichever database that is', async () => {
    const result = await crawlPostgres(cred('inventory'), NO_FILTERS);
    assert.deepEqual(counts(result), { databases: 1, schemas: 3, tables: 4, views: 1, columns: 14 });
    assert.equal(result.summary, 'Crawled 1 database, 3 schemas, 4 tables, 1 view, 14 columns, 0 functions');
  });

  it('drops tables and views whose names match the exclude regex, case-sensitively', async () => {
    const result = await crawlPostgres(cred('analytics'), { ...NO_FILTERS, excludeRegex: '.*_TEST' });
    // ORDERS_TEST, customers_TEST and raw_orders_TEST go, with their 2 + 2 + 1 columns.
    assert.deepEqual(counts(result), { databases: 1, schemas: 4, tables: 9, views: 3, columns: 37 });
    const lowerCase = await crawlPostgres(cred('analytics'), { ...NO_FILTERS, excludeRegex: '.*_test' });
    assert.equal(lowerCase.tables, 12);
  });

  it('reads the exclude regex as Java does: leading flags, \\Q..\\E; refuses what it cannot match alike', async () => {
    const ignoringCase = await crawlPostgres(cred('analytics'), { ...NO_FILTERS, excludeRegex: '(?i)_test$' });
    assert.equal(ignoringCase.tables, 9);
    const quoted = await crawlPostgres(cred('analytics'), { ...NO_FILTERS, excludeRegex: '\\Qorder_events_\\E' });
    assert.equal(quoted.tables, 10, 'both partitions go, the partitioned parent stays');
    await assert.rejects(crawlPostgres(cred('analytics'), { ...NO_FILTERS, excludeRegex: '_TEST++' }), /possessive quantifier/);
  });

  it('reports what it found, table by table', async () => {
    const result = await crawlPostgres(cred('analytics'), { ...NO_FILTERS, include: { '^analytics$': ['^sales$'] }, excludeRegex: '.*_TEST' });
    assert.equal(result.found?.database, 'analytics');
    assert.deepEqual(result.found?.schemas, ['sales']);
    assert.deepEqual(
      result.found?.relations.map((r) => `${r.kind} ${r.schema}.${r.name}`),
      ['table sales.customers', 'view sales.monthly_revenue', 'table sales.order_events', 'table sales.order_events_2024', 'table sales.order_events_2025', 'view sales.order_totals', 'table sales.orders'],
    );
  });

  it('applies the exclude regex to views too', async () => {
    const result = await crawlPostgres(cred('analytics'), { ...NO_FILTERS, excludeRegex: '^order_totals$|^monthly_revenue$' });
    assert.equal(result.views, 1);
    assert.equal(result.tables, 12);
  });

  it('keeps only the included schemas', async () => {
    const result = await crawlPostgres(cred('analytics'), { ...NO_FILTERS, include: { '^analytics$': ['^sales$'] } });
    // sales: customers, orders, ORDERS_TEST, customers_TEST, order_events + 2 partitions; order_totals, monthly_revenue.
    assert.deepEqual(counts(result), { databases: 1, schemas: 1, tables: 7, views: 2, columns: 26 });
    assert.match(result.summary, /1 function$/);
  });

  it('treats an empty schema list as every schema of that database', async () => {
    const result = await crawlPostgres(cred('analytics'), { ...NO_FILTERS, include: { '^analytics$': [] } });
    assert.deepEqual(counts(result), { databases: 1, schemas: 4, tables: 12, views: 3, columns: 42 });
  });

  it('removes the excluded schemas', async () => {
    const result = await crawlPostgres(cred('analytics'), { ...NO_FILTERS, exclude: { '^analytics$': ['^sales$', '^staging$'] } });
    assert.deepEqual(counts(result), { databases: 1, schemas: 2, tables: 3, views: 1, columns: 13 });
  });

  it('lets exclude win where include and exclude name the same schema', async () => {
    const result = await crawlPostgres(cred('analytics'), {
      include: { '^analytics$': ['^sales$', '^marketing$'] },
      exclude: { '^analytics$': ['^sales$'] },
      excludeRegex: '',
    });
    assert.deepEqual(counts(result), { databases: 1, schemas: 1, tables: 2, views: 1, columns: 10 });
  });

  it('combines include, exclude and the regex', async () => {
    const result = await crawlPostgres(cred('analytics'), {
      include: { '^analytics$': ['^sales$', '^staging$'] },
      exclude: { '^analytics$': ['^staging$'] },
      excludeRegex: '.*_TEST',
    });
    assert.deepEqual(counts(result), { databases: 1, schemas: 1, tables: 5, views: 2, columns: 22 });
  });

  it('matches nothing when the include map names only another database of the server', async () => {
    const result = await crawlPostgres(cred('analytics'), { ...NO_FILTERS, include: { '^inventory$': [] } });
    assert.deepEqual(counts(result), { databases: 0, schemas: 0, tables: 0, views: 0, columns: 0 });
    assert.equal(result.summary, 'Crawled 0 databases, 0 schemas, 0 tables, 0 views, 0 columns, 0 functions');
  });

  it('drops the whole database when the exclude map names it with no schema list', async () => {
    const result = await crawlPostgres(cred('analytics'), { ...NO_FILTERS, exclude: { '^analytics$': [] } });
    assert.deepEqual(counts(result), { databases: 0, schemas: 0, tables: 0, views: 0, columns: 0 });
  });

  it('sees only the schemas a limited role holds privileges on', async () => {
    const limited = demo().limitedUser;
    const result = await crawlPostgres(cred('analytics', { username: limited.user, password: limited.password }), NO_FILTERS);
    // public (events) and marketing (campaigns, leads, active_campaigns); no sales, no staging.
    assert.deepEqual(counts(result), { databases: 1, schemas: 2, tables: 3, views: 1, columns: 13 });
  });

  it('names an invalid exclude regex instead of failing obscurely', async () => {
    await assert.rejects(crawlPostgres(cred('analytics'), { ...NO_FILTERS, excludeRegex: '(unbalanced' }), (err: unknown) => {
      assert.ok(err instanceof CrawlError);
      assert.equal(err.message, 'the exclude regex is not a valid regular expression (Unterminated group): (unbalanced');
      return true;
    });
  });

  it('names an invalid include key', async () => {
    await assert.rejects(crawlPostgres(cred('analytics'), { ...NO_FILTERS, include: { '^ana[lytics$': [] } }), /include filter is not a valid regular expression/);
  });

  it('rejects filters of the wrong shape with a specific message', async () => {
    const malformed = { include: { '^analytics$': '^sales$' }, exclude: {}, excludeRegex: '' } as unknown as CrawlFilters;
    await assert.rejects(crawlPostgres(cred('analytics'), malformed), (err: unknown) => {
      assert.ok(err instanceof CrawlError);
      assert.match(err.message, /^invalid crawl filters: filters\.include\.\^analytics\$/);
      return true;
    });
  });

  it('rejects at once when the signal is already aborted', async () => {
    const controller = new AbortController();
    controller.abort();
    await assert.rejects(crawlPostgres(cred('analytics'), NO_FILTERS, controller.signal), /the crawl was cancelled/);
  });
});
