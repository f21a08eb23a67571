/**
 * The App API's workflow reads (`GET v1/app`, `GET v1/app/{slug}`) and the specific "no such
 * workflow / run" errors its 404s become. Other apps' workflows are never returned.
 */
import type { CallOptions } from './backend';
import { AtlanError, InvalidArgumentError, NotFoundError } from './errors';
import { servicePath, type AtlanHttp } from './http';
import { noteUnread } from './itemReader';
import { isPostgresApp, POSTGRES_APP_ID } from './appMapping';
import { appListSchema, appSummarySchema, type AppSummary } from './models';
import { requireName } from './validation';

/** One `GET v1/app` page of Postgres crawler summaries. */
export interface SummaryPage {
  summaries: AppSummary[];
  next?: string;
  unread?: readonly string[];
}

export class AppWorkflows {
  constructor(
    readonly http: AtlanHttp,
    /** Told what an answer left out (for the log). */
    private readonly note: (text: string) => void,
  ) {}

  /** One `GET v1/app` page; other apps' workflows are dropped, so a page may hold fewer than `size`. Order is the tenant's. */
  async listPage(query: { cursor?: string; size: number; name?: string }, options?: CallOptions): Promise<SummaryPage> {
    if (!Number.isInteger(query.size) || query.size < 1 || query.size > 1000) {
      throw new InvalidArgumentError(this.http.origin, `Page size must be a whole number from 1 to 1000 (got ${query.size}).`);
    }
    const list = await this.http.request({
      method: 'GET',
      path: 'v1/app',
      query: { limit: query.size, cursor: query.cursor, name: query.name },
      schema: appListSchema,
      signal: options?.signal,
    });
    const summaries = list.workflows.filter(isPostgresApp);
    for (const summary of summaries) this.noteUnread(`schedules of ${summary.slug}`, summary.unreadSchedules);
    const next = list.has_more && list.next_cursor ? list.next_cursor : undefined;
    const unread = this.noteUnread('App workflows', list.unread);
    return { summaries, ...(next ? { next } : {}), ...(unread ? { unread } : {}) };
  }

  /** Every workflow (of any app) whose display name is exactly `name`: one `GET v1/app?name=`. */
  async findByName(name: string, options?: CallOptions): Promise<AppSummary[]> {
    const list = await this.http.request({ method: 'GET', path: 'v1/app', query: { name }, schema: appListSchema, signal: options?.signal });
    this.noteUnread(`App workflows named ${name}`, list.unread);
    return list.workflows.filter((w) => w.name === name);
  }

  /** The workflow's summary; undefined for a 404 or another app's workflow. */
  async getSummary(slug: string, options?: CallOptions): Promise<AppSummary | undefined> {
    this.requireName(slug, 'workflow slug');
    try {
      const summary = await this.http.request({ method: 'GET', path: servicePath('v1', 'app', slug), schema: appSummarySchema, signal: options?.signal });
      return summary.app_id && summary.app_id !== POSTGRES_APP_ID ? undefined : summary;
    } catch (error) {
      if (error instanceof NotFoundError) return undefined;
      throw error;
    }
  }

  /** The workflow's summary; a 404 (or another app's workflow) is the specific "no such workflow" error. */
  async requireSummary(slug: string, options?: CallOptions): Promise<AppSummary> {
    this.requireName(slug, 'workflow slug');
    const summary = await this.http
      .request({ method: 'GET', path: servicePath('v1', 'app', slug), schema: appSummarySchema, signal: options?.signal })
      .catch((error: unknown) => this.rethrowNotFound(error, () => this.unknownWorkflow(slug, error)));
    if (summary.app_id && summary.app_id !== POSTGRES_APP_ID) throw this.unknownWorkflow(slug);
    return summary;
  }

  /** A 404 about the workflow itself: the slug is unknown (deleted, or never on this tenant). */
  unknownWorkflow(slug: string, cause?: unknown): NotFoundError {
    return new NotFoundError({
      ...notFoundDetails(cause, this.http.origin),
      message: `There is no Postgres crawler workflow ${slug} on ${this.http.origin}: it may have been deleted. Refresh the workflow list.`,
    });
  }

  /** A 404 about a run: the App API reads and cancels runs by id alone. */
  unknownRun(run: { id: string; workflowName: string }, cause?: unknown): NotFoundError {
    return new NotFoundError({
      ...notFoundDetails(cause, this.http.origin),
      message: `Atlan has no run ${run.id} of workflow ${run.workflowName} on ${this.http.origin}: it may have been deleted. Refresh the workflow list.`,
    });
  }

  /** Throws `specific()` for a 404, the error itself otherwise. */
  rethrowNotFound(error: unknown, specific: () => NotFoundError): never {
    throw error instanceof NotFoundError ? specific() : error;
  }

  requireName(value: string, what: string): void {
    requireName(this.http.origin, value, what);
  }

  /** Logs the reasons an answer's items were left out; returns them for the caller (undefined when none). */
  noteUnread(what: string, unread: readonly string[] | undefined): readonly string[] | undefined {
    return noteUnread(this.note, this.http.origin, what, unread);
  }
}

/** The request facts of a tenant's 404 (for the log), kept on the specific error that replaces it. */
export function notFoundDetails(
  cause: unknown,
  origin?: string,
): { origin: string; method?: string; path?: string; status?: number; errorCode?: string; rawBody?: string; cause?: unknown } {
  if (!(cause instanceof AtlanError)) return { origin: origin ?? '' };
  return { origin: cause.origin, method: cause.method, path: cause.path, status: cause.status, errorCode: cause.errorCode, rawBody: cause.rawBody, cause };
}
