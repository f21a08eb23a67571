/**
 * What a sandbox workflow run does: crawl a real Postgres with the workflow's credential and
 * filters, and report what it catalogued. The sandbox server imports this module; it shares no
 * code with the extension (src/core/postgres has its own, separate checks).
 *
 * Scope: a crawl covers the credential's database only. Atlan's Postgres extraction queries
 * read `current_database()` (one connection, one database); include-map entries that name other
 * databases on the same server match nothing, exactly as they would on a tenant.
 */
import { compileFilters, crawlFiltersSchema } from './filters';
import { describeCredentialIssues, iamFailureMessage, postgresCredentialSchema } from './credential';
import type { ValidCredential } from './credential';
import { CrawlError, withConnection } from './connection';
import type { ConnectionOptions } from './connection';
import { crawlCatalog } from './catalog';
import type { CatalogCounts, CrawledObjects } from './catalog';
import type { z } from 'zod';

export { CrawlError } from './connection';
export type { ConnectionOptions } from './connection';
export type { CrawledObjects, CrawledRelation } from './catalog';

export interface PostgresCredential {
  host: string;
  port: number;
  database: string;
  authType: 'basic' | 'iam_user' | 'iam_role';
  username: string;
  password?: string;
  extra: Record<string, unknown>;
}

/** Anchored-regex maps as the workflow carries them (already JSON-parsed); "" = no regex. */
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
  /** The schemas, tables and views catalogued (absent from test doubles that do not crawl). */
  found?: CrawledObjects;
  /** For the run's status message, e.g. "Crawled 1 database, 3 schemas, 12 tables, 4 views, 87 columns, 1 function". */
  summary: string;
}

/**
 * Crawls the credential's database. Rejects with CrawlError when the credential or filters are
 * malformed, an IAM mode is used (the sandbox has no AWS), the server cannot be reached or
 * refuses the login, or `signal` aborts.
 */
export async function crawlPostgres(
  cred: PostgresCredential,
  filters: CrawlFilters,
  signal?: AbortSignal,
  options?: ConnectionOptions,
): Promise<CrawlResult> {
  const valid = validateCredential(cred);
  const parsedFilters = crawlFiltersSchema.safeParse(filters);
  if (!parsedFilters.success) throw new CrawlError(describeFilterIssues(parsedFilters.error));
  const compiled = compileFilters(parsedFilters.data);
  const { counts, found } = await withConnection(valid, (client) => crawlCatalog(client, compiled), signal, options);
  const { databases, schemas, tables, views, columns } = counts;
  return { databases, schemas, tables, views, columns, found, summary: summarize(counts) };
}

/** Atlan's "Test Authentication": can this credential log in to its database? */
export async function testPostgresCredential(
  cred: PostgresCredential,
  options?: ConnectionOptions,
): Promise<{ ok: true } | { ok: false; message: string }> {
  try {
    const valid = validateCredential(cred);
    await withConnection(valid, (client) => client.query('SELECT 1'), undefined, options);
    return { ok: true };
  } catch (err) {
    if (err instanceof CrawlError) return { ok: false, message: err.message };
    throw err;
  }
}

function validateCredential(cred: PostgresCredential): ValidCredential {
  const parsed = postgresCredentialSchema.safeParse(cred);
  if (!parsed.success) throw new CrawlError(describeCredentialIssues(parsed.error));
  if (parsed.data.authType !== 'basic') throw new CrawlError(iamFailureMessage(parsed.data));
  return parsed.data;
}

function describeFilterIssues(error: z.ZodError): string {
  const issue = error.issues[0];
  const where = issue === undefined ? 'filters' : ['filters', ...issue.path.map(String)].join('.');
  return `invalid crawl filters: ${where}: ${issue?.message ?? 'malformed'} (expected {"^db$": ["^schema$", ...]} maps and a regex string)`;
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

export function summarize(counts: CatalogCounts): string {
  return `Crawled ${plural(counts.databases, 'database')}, ${plural(counts.schemas, 'schema')}, ${plural(counts.tables, 'table')}, ${plural(counts.views, 'view')}, ${plural(counts.columns, 'column')}, ${plural(counts.functions, 'function')}`;
}
