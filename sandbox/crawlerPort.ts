/**
 * The sandbox's dependency on the Postgres crawler, as an injectable port.
 *
 * The server takes the real crawler (`sandbox/crawler`) or a test double through this port. The
 * fake here "succeeds" without touching any database, so unit tests never need Postgres.
 */

import { CrawlError, type CrawledObjects, type CrawlFilters, type CrawlResult, type PostgresCredential } from './crawler';

export { CrawlError, type CrawledObjects, type CrawlFilters, type CrawlResult, type PostgresCredential };

export type CredentialTestOutcome = { ok: true } | { ok: false; message: string };

/** What the server needs from a crawler: the same two functions `sandbox/crawler` exports. */
export interface CrawlerPort {
  crawlPostgres(cred: PostgresCredential, filters: CrawlFilters, signal?: AbortSignal): Promise<CrawlResult>;
  testPostgresCredential(cred: PostgresCredential): Promise<CredentialTestOutcome>;
}

/** A crawler that pretends every database holds the same small catalog. */
export const fakeCrawler: CrawlerPort = {
  crawlPostgres(cred: PostgresCredential, _filters: CrawlFilters, signal?: AbortSignal): Promise<CrawlResult> {
    if (signal?.aborted) return Promise.reject(new CrawlError('The crawl was cancelled.'));
    const result = { databases: 1, schemas: 2, tables: 12, views: 3, columns: 87 };
    return Promise.resolve({
      ...result,
      summary: `Crawled ${cred.database}: ${result.databases} database, ${result.schemas} schemas, ${result.tables} tables, ${result.views} views, ${result.columns} columns`,
    });
  },
  testPostgresCredential(): Promise<CredentialTestOutcome> {
    return Promise.resolve({ ok: true });
  },
};
