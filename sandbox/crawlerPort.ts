/**
 * The sandbox's dependency on the Postgres crawler, as an injectable port.
 *
 * The server takes the real crawler (`sandbox/crawler`) or a test double through this port. The
 * fake here "succeeds" without touching any database, so unit tests never need Postgres.
 */

import { CrawlError, type CrawledObjects, type CrawledRelation, type CrawlFilters, type CrawlResult, type PostgresCredential } from './crawler';

export { CrawlError, type CrawledObjects, type CrawledRelation, type CrawlFilters, type CrawlResult, type PostgresCredential };

export type CredentialTestOutcome = { ok: true } | { ok: false; message: string };

/** What the server needs from a crawler: the same two functions `sandbox/crawler` exports. */
export interface CrawlerPort {
  crawlPostgres(cred: PostgresCredential, filters: CrawlFilters, signal?: AbortSignal): Promise<CrawlResult>;
  testPostgresCredential(cred: PostgresCredential): Promise<CredentialTestOutcome>;
}

/**
 * The small catalog the fake crawler "finds" in any database: schemas `public` (orders, customers,
 * events, sessions, products, payments) and `sales` (accounts, invoices, leads, regions, targets,
 * quotes), views `public.daily_orders`, `sales.pipeline` and the materialized `sales.revenue`;
 * 6 columns a table and 5 a view (87 in all).
 */
export function fakeCatalog(database: string): CrawledObjects {
  const columns = (n: number): { name: string; dataType: string }[] =>
    Array.from({ length: n }, (_, i) => ({ name: i === 0 ? 'id' : `field_${i}`, dataType: i === 0 ? 'integer' : 'text' }));
  const table = (schema: string, name: string, rowCount: number): CrawledRelation => ({ schema, name, kind: 'table', rowCount, columns: columns(6) });
  return {
    database,
    schemas: ['public', 'sales'],
    relations: [
      ...['orders', 'customers', 'events', 'sessions', 'products', 'payments'].map((name, i) => table('public', name, 100 * (i + 1))),
      { schema: 'public', name: 'daily_orders', kind: 'view', columns: columns(5) },
      ...['accounts', 'invoices', 'leads', 'regions', 'targets', 'quotes'].map((name, i) => table('sales', name, 10 * (i + 1))),
      { schema: 'sales', name: 'pipeline', kind: 'view', columns: columns(5) },
      { schema: 'sales', name: 'revenue', kind: 'view', materialized: true, rowCount: 12, columns: columns(5) },
    ],
  };
}

/** A crawler that pretends every database holds the same small catalog (fakeCatalog). */
export const fakeCrawler: CrawlerPort = {
  crawlPostgres(cred: PostgresCredential, _filters: CrawlFilters, signal?: AbortSignal): Promise<CrawlResult> {
    if (signal?.aborted) return Promise.reject(new CrawlError('The crawl was cancelled.'));
    const result = { databases: 1, schemas: 2, tables: 12, views: 3, columns: 87 };
    return Promise.resolve({
      ...result,
      found: fakeCatalog(cred.database),
      summary: `Crawled ${cred.database}: ${result.databases} database, ${result.schemas} schemas, ${result.tables} tables, ${result.views} views, ${result.columns} columns`,
    });
  },
  testPostgresCredential(): Promise<CredentialTestOutcome> {
    return Promise.resolve({ ok: true });
  },
};
