/**
 * The sandbox's dependency on the Postgres crawler, as an injectable port.
 *
 * The real crawler lands in `sandbox/crawler/index.ts` (written in parallel); these types mirror
 * its agreed interface so the server can take either it or a test double. The default here is a
 * fake that "succeeds" without touching any database, so the sandbox works before the real
 * crawler exists and unit tests never need Postgres.
 */

export interface PostgresCredential {
  host: string;
  port: number;
  database: string;
  authType: 'basic' | 'iam_user' | 'iam_role';
  username: string;
  password?: string;
  extra: Record<string, unknown>;
}

/** Anchored-regex maps as the workflow carries them (already JSON-parsed). */
export interface CrawlFilters {
  include: Record<string, string[]>;
  exclude: Record<string, string[]>;
  excludeRegex: string;
}

export interface CrawlResult {
  databases: number;
  schemas: number;
  tables: number;
  views: number;
  columns: number;
  summary: string;
}

/** A crawl that failed; the message is Atlan-style: the reason the run failed. */
export class CrawlError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CrawlError';
  }
}

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
