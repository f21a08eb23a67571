/**
 * CrawlerBackend for Atlan's App API (`v1/app`), where a workflow is identified by its slug.
 *
 * The App API has no run search: a run can only be read by id. Newer tenants keep every run as an
 * `AppWorkflowRun` asset in the catalog, so run reads go to the asset search (appRunCatalog.ts):
 * runs started anywhere (the Atlan UI, a schedule, other clients), one request per read whatever
 * the number of workflows or runs. The runs this backend started (and any the caller hands it via
 * `rememberRuns`, e.g. persisted ids) are merged in until the catalog shows them.
 *
 * Where the tenant has no such assets (its search refuses, or holds no App run at all although
 * this client knows one older than the catalog's lag), run reads fall back, for the client's life,
 * to the remembered runs read by id (`runScope` becomes 'own'). An empty answer alone proves
 * nothing: the fallback needs a known run the catalog should have shown, and a probe that finds
 * no AppWorkflowRun asset on the whole tenant.
 *
 * A duplicate name is a conflict error, never a silent reuse (unlike pyatlan's create-or-reuse),
 * and writes are never retried.
 */
import { AppRunCatalog, type CatalogRuns } from './appRunCatalog';
import { AssetSearch, MAX_RESULT_WINDOW } from './assetSearch';
import { shareRerun } from './sharedRerun';
import type {
  AppCreateBody,
  BuiltCrawler,
  CallOptions,
  CrawlerBackend,
  CrawlerRun,
  CrawlerWorkflow,
  CreatedCrawler,
  LatestRuns,
  Page,
  PollCost,
  RerunResult,
  RunScope,
  Schedule,
  StoredDefinition,
} from './backend';
import { isFinished } from './backend';
import { systemClock, type Clock } from './clock';
import { describeUnread } from './itemReader';
import { AtlanError, CancelledError, ConflictError, InvalidArgumentError, NotFoundError } from './errors';
import { servicePath, type AtlanHttp } from './http';
import {
  appCancelSchema,
  appDeleteSchema,
  appListSchema,
  appResponseSchema,
  appRunSchema,
  appScheduleDeleteSchema,
  appScheduleResponseSchema,
  appSubmitSchema,
  appSummarySchema,
  type AppRun,
  type AppSummary,
} from './models';
import { redactPatterns } from './redact';
import { validateSchedule } from './validation';
import { mayHaveHappened } from './writeOutcome';

export const POSTGRES_APP_ID = 'postgres-crawler';

export interface AppBackendOptions {
  http: AtlanHttp;
  clock?: Clock;
  /** Pause between the look-ups after an ambiguous create failure. Default 2 s. */
  indexLagMs?: number;
  /** Look-ups after an ambiguous create failure. Default 3. */
  createLookupAttempts?: number;
  /** Run reads in flight at once (one request per run). Default 4. */
  runConcurrency?: number;
  /**
   * How long a run may take to reach the catalog. A known run older than this that the catalog
   * does not show is evidence that the tenant does not catalogue App runs. Default 2 min.
   */
  catalogLagMs?: number;
}

/** Remembered runs per workflow. */
const MAX_RUNS_PER_WORKFLOW = 50;
/** Search answers meaning "this tenant's catalog has no App runs for this client" (not a passing failure). */
const CATALOG_ABSENT_KINDS: ReadonlySet<string> = new Set(['notFound', 'permission', 'invalidRequest']);

export class AppBackend implements CrawlerBackend {
  readonly surface = 'apps' as const;
  private readonly http: AtlanHttp;
  private readonly clock: Clock;
  private readonly indexLagMs: number;
  private readonly createLookupAttempts: number;
  private readonly runConcurrency: number;
  private readonly catalogLagMs: number;
  private readonly catalog: AppRunCatalog;
  /** Where run reads come from: not known yet, the catalog (it answered), or only the runs this client knows. */
  private runSource: 'unknown' | 'catalog' | 'client' = 'unknown';
  private runSourceReason: string | undefined;
  /** The catalog has shown an AppWorkflowRun: an empty answer for a workflow is then no evidence against it. */
  private catalogHasRuns = false;
  /** slug -> runs, newest first. */
  private readonly runs = new Map<string, CrawlerRun[]>();
  /** slug -> schedules added through this client (the tenant's get does not list them). */
  private readonly addedSchedules = new Map<string, Schedule[]>();
  /**
   * Told after every change of the schedules this client attached, so they can outlive the
   * session: without them a later update could not remove the trigger it replaces.
   */
  onDidChangeSchedules?: (known: Record<string, Schedule[]>) => void;
  /** Told what the catalog's answers left out and why (assets that do not parse), and when run reads fall back. */
  onNote?: (note: string) => void;
  private readonly reruns = new Map<string, Promise<RerunResult>>();
  /** slug -> the body this client last created or updated the workflow with (no inline credential), for a get without inputs. */
  private readonly sentBodies = new Map<string, SentBody>();
  /** Told after this client records a body it sent, so it outlives the session (per tenant). */
  onDidChangeSentBodies?: (known: Record<string, SentBody>) => void;

  constructor(options: AppBackendOptions) {
    this.http = options.http;
    this.clock = options.clock ?? systemClock;
    this.indexLagMs = options.indexLagMs ?? 2_000;
    this.createLookupAttempts = Math.max(1, options.createLookupAttempts ?? 3);
    this.runConcurrency = Math.max(1, options.runConcurrency ?? 4);
    this.catalogLagMs = options.catalogLagMs ?? 120_000;
    this.catalog = new AppRunCatalog(new AssetSearch(this.http));
  }

  /**
   * One request per poll for any number of runs once the catalog answered (a batch read by id);
   * one per run otherwise, so the monitor budgets requests.
   */
  get pollCost(): PollCost {
    return this.runSource === 'catalog' ? 'one-request' : 'per-run';
  }

  /** 'all' once the catalog answered, 'own' after the fallback, undefined until a run read tells. */
  get runScope(): RunScope | undefined {
    return this.runSource === 'catalog' ? 'all' : this.runSource === 'client' ? 'own' : undefined;
  }

  /** Why run reads see only this client's runs (after the fallback). */
  get runScopeReason(): string | undefined {
    return this.runSourceReason;
  }

  /** Teach the backend runs it did not start (e.g. ids persisted by the extension). Newest last. */
  rememberRuns(runs: readonly CrawlerRun[]): void {
    for (const run of runs) this.remember(run);
  }

  /** Teach the backend schedules it attached in an earlier session (see onDidChangeSchedules). */
  rememberSchedules(known: Readonly<Record<string, readonly Schedule[]>>): void {
    for (const [slug, schedules] of Object.entries(known)) if (schedules.length > 0) this.addedSchedules.set(slug, [...schedules]);
  }

  private schedulesChanged(): void {
    this.onDidChangeSchedules?.(Object.fromEntries(this.addedSchedules));
  }

  /** Teach the backend the bodies it sent in earlier sessions (see onDidChangeSentBodies). */
  rememberSentBodies(known: Readonly<Record<string, SentBody>>): void {
    for (const [slug, sent] of Object.entries(known)) this.sentBodies.set(slug, sent);
  }

  private recordSentBody(slug: string, body: AppCreateBody, at: string): void {
    // The inline credential holds the secret the tenant vaulted: it is never kept.
    const { credential: _secret, ...inputs } = body.inputs;
    const kept: AppCreateBody = { app_id: body.app_id, name: body.name, inputs, ...(body.entrypoint ? { entrypoint: body.entrypoint } : {}) };
    this.sentBodies.set(slug, { body: kept, at });
    this.onDidChangeSentBodies?.(Object.fromEntries(this.sentBodies));
  }

  /** Every run this backend knows, to persist across sessions. */
  knownRuns(): CrawlerRun[] {
    return [...this.runs.values()].flat();
  }

  // ------------------------------------------------------------------ workflows

  /** One `GET v1/app` page; other apps' workflows are dropped, so a page may hold fewer than `size`. Order is the tenant's. */
  async listWorkflows(query: { cursor?: string; size: number; name?: string }, options?: CallOptions): Promise<Page<CrawlerWorkflow>> {
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
    const postgres = list.workflows.filter(isPostgresApp);
    for (const summary of postgres) this.noteUnread(`schedules of ${summary.slug}`, summary.unreadSchedules);
    const items = postgres.map((summary) => this.withKnownSchedule(workflowFromSummary(summary)));
    const next = list.has_more && list.next_cursor ? list.next_cursor : undefined;
    const unread = this.noteUnread('App workflows', list.unread);
    return { items, ...(next ? { next } : {}), ...(unread ? { unread } : {}) };
  }

  /** Logs the reasons an answer's items were left out; returns them for the caller (undefined when none). */
  private noteUnread(what: string, unread: readonly string[] | undefined): readonly string[] | undefined {
    if (!unread || unread.length === 0) return undefined;
    this.onNote?.(`Some ${what} on ${this.http.origin} were left out: ${describeUnread(unread)}.`);
    return unread;
  }

  async getWorkflow(slug: string, options?: CallOptions): Promise<CrawlerWorkflow | undefined> {
    const summary = await this.getSummary(slug, options);
    return summary ? this.withKnownSchedule(workflowFromSummary(summary)) : undefined;
  }

  /** The tenant's list and get may not show attached schedules: add the ones this client attached. */
  private withKnownSchedule(workflow: CrawlerWorkflow): CrawlerWorkflow {
    const known = this.addedSchedules.get(workflow.name)?.[0];
    return workflow.schedule || !known ? workflow : { ...workflow, schedule: known };
  }

  /**
   * Workflows whose display name is this connection name (`GET v1/app?name=`): the App builder
   * names a workflow after its connection. Workflows renamed away from their connection are missed.
   */
  async findByConnectionName(connectionName: string, options?: CallOptions): Promise<CrawlerWorkflow[]> {
    this.requireName(connectionName, 'connection name');
    const found: CrawlerWorkflow[] = [];
    let cursor: string | undefined;
    for (let page = 0; page < 100; page++) {
      const result = await this.listWorkflows({ cursor, size: 100, name: connectionName }, options);
      found.push(...result.items);
      if (!result.next) break;
      cursor = result.next;
    }
    return found;
  }

  // ------------------------------------------------------------------ runs

  /**
   * The latest run of each workflow: the catalog's (one request), with a run this client started
   * that the catalog does not show yet taking its place when newer. Without the catalog: the newest
   * remembered run, re-read when not finished (one request per run).
   */
  async latestRuns(workflowNames: readonly string[], options?: CallOptions): Promise<LatestRuns> {
    const slugs = [...new Set(workflowNames)];
    const catalogued = await this.fromCatalog(() => this.catalog.latest(slugs, options));
    if (!catalogued || !(await this.catalogHolds(catalogued, slugs, options))) return this.latestRemembered(slugs, options);
    const bySlug = new Map(catalogued.runs.map((run) => [run.workflowName, run]));
    const result = new Map<string, CrawlerRun>();
    const uncatalogued: CrawlerRun[] = [];
    for (const slug of slugs) {
      const listed = bySlug.get(slug);
      const own = this.uncataloguedRuns(slug, listed ? [listed] : []).find((run) => !listed || startedNoEarlier(run, listed));
      if (own) uncatalogued.push(own);
      else if (listed) result.set(slug, this.merged(listed));
    }
    const fresh = await this.readByIdUnlessFinished(uncatalogued, options);
    for (const run of uncatalogued) result.set(run.workflowName, fresh.get(run.id) ?? run);
    return catalogued.skipped.length > 0 ? Object.assign(result, { unread: catalogued.skipped }) : result;
  }

  /**
   * Runs of one workflow, newest first: the catalog's page (one request), the first page topped
   * with this client's runs the catalog does not show yet. Without the catalog: the remembered
   * runs, the page's unfinished ones re-read (one request each).
   */
  async listRuns(workflowName: string, query: { cursor?: string; size: number }, options?: CallOptions): Promise<Page<CrawlerRun>> {
    const from = this.cursorOffset(query.cursor);
    if (from + query.size > MAX_RESULT_WINDOW) {
      throw new InvalidArgumentError(this.http.origin, `Atlan lists at most the ${MAX_RESULT_WINDOW} newest runs of a workflow.`);
    }
    const page = await this.fromCatalog(() => this.catalog.runsOf(workflowName, { from, size: query.size }, options));
    if (!page || !(await this.catalogHolds(page, page.total === 0 && from === 0 ? [workflowName] : [], options))) {
      return this.listRemembered(workflowName, from, query.size, options);
    }
    const listed = page.runs.map((run) => this.merged(run));
    const own = from === 0 ? this.uncataloguedRuns(workflowName, listed).filter((run) => listed.length < query.size || startedNoEarlier(run, listed[listed.length - 1])) : [];
    const fresh = await this.readByIdUnlessFinished(own, options);
    const mine = own.map((run) => fresh.get(run.id) ?? run);
    const items = [...mine, ...listed].sort(newestFirst(new Set(mine.map((r) => r.id))));
    const end = from + page.seen;
    const total = page.total === undefined ? undefined : page.total + own.length;
    return {
      items,
      ...(total !== undefined ? { total } : {}),
      ...(page.total !== undefined && end < page.total ? { next: `c${end}` } : {}),
      ...(page.skipped.length > 0 ? { unread: page.skipped } : {}),
    };
  }

  /**
   * Current state of runs. With the catalog: one search by id for all of them, the ones it does
   * not show yet (just started) read by id. Without: `GET v1/app/runs/{id}` per run (the App API
   * has no batch read). A remembered finished run is final and served from memory at no cost.
   * Unknown ids are left out.
   */
  async getRuns(runs: readonly { id: string; workflowName: string }[], options?: CallOptions): Promise<Map<string, CrawlerRun>> {
    const unique = [...new Map(runs.map((r) => [r.id, r])).values()];
    const result = new Map<string, CrawlerRun>();
    const toRead: { id: string; workflowName: string }[] = [];
    for (const ref of unique) {
      const known = this.known(ref);
      if (known && isFinished(known.phase)) result.set(ref.id, known);
      else toRead.push(ref);
    }
    if (toRead.length === 0) return result;
    const catalogued = await this.fromCatalog(() => this.catalog.byIds(toRead.map((r) => r.id), options));
    for (const run of catalogued?.runs ?? []) result.set(run.id, this.merged(run));
    const missing = toRead.filter((ref) => !result.has(ref.id));
    for (const [id, run] of await this.readById(missing, options)) result.set(id, run);
    return result;
  }

  /** Runs through the catalog, or undefined when the tenant has none (the fallback then holds for the client's life). */
  private async fromCatalog<T extends CatalogRuns>(read: () => Promise<T>): Promise<T | undefined> {
    if (this.runSource === 'client') return undefined;
    let answer: T;
    try {
      answer = await read();
    } catch (error) {
      if (error instanceof AtlanError && CATALOG_ABSENT_KINDS.has(error.kind)) {
        this.fallBack(`its asset search answered ${error.status ?? error.kind} (${error.message})`);
        return undefined;
      }
      throw error;
    }
    if (answer.seen > 0) this.catalogHasRuns = true;
    if (this.runSource === 'unknown') this.runSource = 'catalog';
    if (answer.skipped.length > 0) this.onNote?.(`Left out ${answer.skipped.length} App run asset(s) that could not be read: ${answer.skipped.slice(0, 3).join('; ')}`);
    return answer;
  }

  /**
   * Whether the catalog can be trusted for these workflows: true unless one of `empty` (workflows it
   * showed no run of) has a remembered run older than the catalog's lag and no AppWorkflowRun exists
   * on the tenant at all (one probe, once per client). False means the fallback has begun.
   */
  private async catalogHolds(answer: CatalogRuns, empty: readonly string[], options?: CallOptions): Promise<boolean> {
    if (this.catalogHasRuns || answer.seen > 0) return true;
    const shown = new Set(answer.runs.map((r) => r.workflowName));
    const evidence = empty.filter((slug) => !shown.has(slug)).flatMap((slug) => this.runs.get(slug) ?? []).find((run) => this.olderThanCatalogLag(run));
    if (!evidence) return true;
    if (await this.catalog.hasAnyRun(options)) {
      this.catalogHasRuns = true;
      return true;
    }
    this.fallBack(`its catalog has no App run at all, although run ${evidence.id} of ${evidence.workflowName} started ${evidence.startedAt ?? 'earlier'}`);
    return false;
  }

  private fallBack(reason: string): void {
    if (this.runSource === 'client') return;
    this.runSource = 'client';
    this.runSourceReason = reason;
    this.onNote?.(`Runs started outside this client are not visible on ${this.http.origin}: ${reason}.`);
  }

  private olderThanCatalogLag(run: CrawlerRun): boolean {
    return this.startedBefore(run, this.catalogLagMs);
  }

  /**
   * Remembered runs of a workflow the catalog may not show yet, newest first: not in `listed`, and
   * in flight or not started (just submitted). A finished one is the catalog's to show: it may sit
   * on another page, and counting it here would list it twice.
   */
  private uncataloguedRuns(slug: string, listed: readonly CrawlerRun[]): CrawlerRun[] {
    const ids = new Set(listed.map((r) => r.id));
    return (this.runs.get(slug) ?? []).filter((run) => !ids.has(run.id) && (!isFinished(run.phase) || !run.startedAt));
  }

  /** A catalogued run; a remembered one is kept up to date with it (so its finished state costs nothing later). */
  private merged(run: CrawlerRun): CrawlerRun {
    if (this.known(run)) this.remember(run);
    return run;
  }

  private known(ref: { id: string; workflowName: string }): CrawlerRun | undefined {
    return this.runs.get(ref.workflowName)?.find((r) => r.id === ref.id);
  }

  /** `c<offset>` (catalog pages) or `<offset>` (remembered runs); both are offsets into newest-first runs. */
  private cursorOffset(cursor: string | undefined): number {
    const from = cursor === undefined ? 0 : Number(cursor.replace(/^c/, ''));
    if (!Number.isInteger(from) || from < 0 || cursor === '') {
      throw new InvalidArgumentError(this.http.origin, `The page cursor "${cursor}" is not one this client handed out.`);
    }
    return from;
  }

  /** The newest remembered run of each workflow, re-read from the tenant when not finished (one request per run). */
  private async latestRemembered(slugs: readonly string[], options?: CallOptions): Promise<Map<string, CrawlerRun>> {
    const latest = slugs.flatMap((slug) => this.runs.get(slug)?.slice(0, 1) ?? []);
    const fresh = await this.readByIdUnlessFinished(latest, options);
    const result = new Map<string, CrawlerRun>();
    for (const run of latest) result.set(run.workflowName, fresh.get(run.id) ?? run);
    return result;
  }

  /** Remembered runs of one workflow, newest first, the page's unfinished runs re-read from the tenant. */
  private async listRemembered(workflowName: string, from: number, size: number, options?: CallOptions): Promise<Page<CrawlerRun>> {
    const all = this.runs.get(workflowName) ?? [];
    const page = all.slice(from, from + size);
    const fresh = await this.readByIdUnlessFinished(page, options);
    const items = page.map((run) => fresh.get(run.id) ?? run);
    const end = from + page.length;
    return { items, total: all.length, ...(end < all.length ? { next: String(end) } : {}) };
  }

  /** By id, except remembered runs known to be finished (final: served from memory). */
  private async readByIdUnlessFinished(runs: readonly CrawlerRun[], options?: CallOptions): Promise<Map<string, CrawlerRun>> {
    const result = new Map<string, CrawlerRun>();
    const toRead: CrawlerRun[] = [];
    for (const run of runs) {
      const known = this.known(run) ?? run;
      if (isFinished(known.phase)) result.set(run.id, known);
      else toRead.push(run);
    }
    for (const [id, run] of await this.readById(toRead, options)) result.set(id, run);
    return result;
  }

  /** `GET v1/app/runs/{id}` per run, a few at a time; ids the tenant does not know (yet) are left out. */
  private async readById(runs: readonly { id: string; workflowName: string }[], options?: CallOptions): Promise<Map<string, CrawlerRun>> {
    const result = new Map<string, CrawlerRun>();
    await forEachLimited(runs, this.runConcurrency, async (ref) => {
      try {
        const wire = await this.http.request({
          method: 'GET',
          path: servicePath('v1', 'app', 'runs', ref.id),
          schema: appRunSchema,
          signal: options?.signal,
        });
        const run = runFromApp(wire, ref);
        this.remember(run);
        result.set(ref.id, run);
      } catch (error) {
        // Just submitted runs may not be readable yet; the caller sees them as absent.
        if (!(error instanceof NotFoundError)) throw error;
        // A remembered run the tenant no longer knows (deleted) would otherwise cost a read on every refresh.
        const known = this.known(ref);
        if (known && this.startedBefore(known, this.indexLagMs)) this.forget(known);
      }
    });
    return result;
  }

  private startedBefore(run: CrawlerRun, ms: number): boolean {
    const started = run.startedAt ? Date.parse(run.startedAt) : Number.NaN;
    return Number.isFinite(started) && this.clock.now() - started > ms;
  }

  private forget(run: CrawlerRun): void {
    const list = (this.runs.get(run.workflowName) ?? []).filter((r) => r.id !== run.id);
    if (list.length > 0) this.runs.set(run.workflowName, list);
    else this.runs.delete(run.workflowName);
  }

  // ------------------------------------------------------------------ writes

  async create(crawler: BuiltCrawler, options?: CallOptions & { run?: boolean }): Promise<CreatedCrawler> {
    const body = this.appBody(crawler, options?.run);
    const existing = await this.findByName(body.name, options);
    if (existing.length > 0) throw this.duplicateName(body.name, existing.map((w) => w.slug));

    let response;
    try {
      response = await this.postCreate(body, options);
    } catch (error) {
      if (error instanceof ConflictError) throw this.duplicateName(body.name, error.slug ? [error.slug] : (error.slugs ?? []));
      if (!(error instanceof AtlanError) || !mayHaveHappened(error)) throw error;
      const lookup = await this.lookUpAfterAmbiguousCreate(body.name, options);
      if (!lookup.found) {
        error.message += lookup.checked
          ? ` No workflow named ${body.name} appeared on the tenant afterwards, so it was most likely not created;` +
            ' refresh the workflow list before creating it again.'
          : ` Whether workflow ${body.name} was created could not be checked (the tenant did not answer);` +
            ' look at the workflow list before creating it again.';
        throw error;
      }
      // Created, but the answer (and its run id) was lost.
      return { workflow: workflowFromSummary(lookup.found) };
    }
    const workflow: CrawlerWorkflow = {
      ...workflowFromInputs(response.slug, body),
      ...(body.schedule
        ? { schedule: { cron: body.schedule.cron, timezone: body.schedule.timezone ?? 'UTC', ...(response.schedule_trigger_id ? { triggerId: response.schedule_trigger_id } : {}) } }
        : {}),
    };
    if (workflow.schedule) this.rememberSchedule(response.slug, workflow.schedule);
    this.recordSentBody(response.slug, body, new Date(this.clock.now()).toISOString());
    if (!response.run_id) return { workflow };
    const run: CrawlerRun = { id: response.run_id, workflowName: response.slug, phase: 'Pending', failedSteps: [] };
    this.remember(run);
    return { workflow, run };
  }

  async rerun(slug: string, options?: CallOptions & { idempotent?: boolean }): Promise<RerunResult> {
    this.requireName(slug, 'workflow slug');
    return shareRerun(this.reruns, slug, () => this.rerunOnce(slug, options));
  }

  /**
   * `PUT v1/app/{slug}`: a new version on the same slug. Without credential fields the stored
   * credential is kept. The PUT carries inputs only, so a changed schedule is applied after it: the
   * new trigger is added (it attaches to the latest version) and the known ones that no longer
   * match are removed; no schedule in the crawler removes them all.
   */
  async update(slug: string, crawler: BuiltCrawler, options?: CallOptions): Promise<CrawlerWorkflow> {
    this.requireName(slug, 'workflow slug');
    const body = this.appBody(crawler, undefined);
    const wanted = body.schedule ? { cron: normaliseCron(body.schedule.cron), timezone: body.schedule.timezone ?? 'UTC' } : undefined;
    if (wanted) validateSchedule(this.http.origin, wanted);
    // Read before writing: a schedule that would have to go but cannot is refused up front.
    const current = await this.getSchedules(slug, options);
    const kept = wanted ? current.find((s) => sameSchedule(s, wanted)) : undefined;
    const stale = current.filter((s) => !(wanted && sameSchedule(s, wanted)));
    const unremovable = stale.find((s) => !s.triggerId);
    if (unremovable) {
      throw new InvalidArgumentError(
        this.http.origin,
        `Workflow ${slug} has the schedule "${unremovable.cron}" (${unremovable.timezone}) without a trigger id, so the App API cannot replace it; ` +
          'remove it in Atlan, then update again.',
      );
    }
    const inputs = { ...body.inputs };
    if (!('credential' in inputs) && !('credential_guid' in inputs)) inputs.credential_guid = '';
    await this.http
      .request({
        method: 'PUT',
        path: servicePath('v1', 'app', slug),
        body: { inputs, ...(body.entrypoint ? { entrypoint: body.entrypoint } : {}) },
        schema: appResponseSchema,
        retry: false,
        signal: options?.signal,
      })
      .catch((error: unknown) => this.rethrowNotFound(error, () => this.unknownWorkflow(slug, error)));
    this.recordSentBody(slug, { ...body, inputs }, new Date(this.clock.now()).toISOString());
    let schedule = kept;
    try {
      if (wanted && !kept) schedule = await this.addSchedule(slug, wanted, options);
      for (const old of stale) await this.removeSchedule(slug, old, options);
    } catch (error) {
      if (error instanceof Error) {
        error.message += ` The inputs of ${slug} were updated, but its schedule may not match the configuration yet: compare again and update once more.`;
      }
      throw error;
    }
    return { ...workflowFromInputs(slug, body), ...(schedule ? { schedule } : {}) };
  }

  async archive(slug: string, options?: CallOptions): Promise<void> {
    this.requireName(slug, 'workflow slug');
    await this.http
      .request({ method: 'DELETE', path: servicePath('v1', 'app', slug), schema: appDeleteSchema, retry: false, signal: options?.signal })
      .catch((error: unknown) => this.rethrowNotFound(error, () => this.unknownWorkflow(slug, error)));
    this.runs.delete(slug);
    if (this.addedSchedules.delete(slug)) this.schedulesChanged();
  }

  async stop(run: { id: string; workflowName: string }, options?: CallOptions): Promise<CrawlerRun> {
    this.requireName(run.id, 'run id');
    const answer = await this.http
      .request({
        method: 'POST',
        path: servicePath('v1', 'app', 'runs', run.id, 'cancel'),
        schema: appCancelSchema,
        retry: false,
        signal: options?.signal,
      })
      .catch((error: unknown) => this.rethrowNotFound(error, () => this.unknownRun(run, error)));
    let stopped: CrawlerRun;
    if (answer.status) {
      stopped = { id: answer.run_id ?? run.id, workflowName: answer.slug ?? run.workflowName, phase: answer.status, failedSteps: [] };
    } else {
      // No status in the answer: read the run rather than guess.
      stopped = (await this.getRuns([run], options)).get(run.id) ?? { ...run, phase: answer.cancelled ? 'Stopped' : 'Running', failedSteps: [] };
    }
    this.remember(stopped);
    return stopped;
  }

  // ------------------------------------------------------------------ schedules and definition

  /** The tenant's schedules for the workflow plus those added through this client (the get does not always list them). */
  async getSchedules(slug: string, options?: CallOptions): Promise<Schedule[]> {
    return this.schedulesOf(slug, await this.requireSummary(slug, options));
  }

  private schedulesOf(slug: string, summary: AppSummary): Schedule[] {
    const schedules: Schedule[] = [];
    for (const item of summary.readSchedules) {
      if (item.cron) schedules.push({ cron: item.cron, timezone: item.timezone ?? 'UTC', ...(item.trigger_id ? { triggerId: item.trigger_id } : {}) });
    }
    for (const added of this.addedSchedules.get(slug) ?? []) {
      if (!schedules.some((s) => s.triggerId === added.triggerId)) schedules.push(added);
    }
    return schedules;
  }

  async addSchedule(slug: string, schedule: Schedule, options?: CallOptions): Promise<Schedule> {
    this.requireName(slug, 'workflow slug');
    validateSchedule(this.http.origin, schedule);
    const answer = await this.http
      .request({
        method: 'POST',
        path: servicePath('v1', 'app', slug, 'schedule'),
        // The tenant rejects a null time zone; the schedule always carries one.
        body: { cron: schedule.cron, timezone: schedule.timezone },
        schema: appScheduleResponseSchema,
        retry: false,
        signal: options?.signal,
      })
      .catch((error: unknown) => this.rethrowNotFound(error, () => this.unknownWorkflow(slug, error)));
    const added: Schedule = { cron: answer.cron ?? schedule.cron, timezone: answer.timezone ?? schedule.timezone, triggerId: answer.trigger_id };
    this.rememberSchedule(slug, added);
    return added;
  }

  async removeSchedule(slug: string, schedule: Schedule, options?: CallOptions): Promise<void> {
    this.requireName(slug, 'workflow slug');
    if (!schedule.triggerId) {
      throw new InvalidArgumentError(this.http.origin, `The schedule "${schedule.cron}" has no trigger id, so the App API cannot remove it; refresh the schedules first.`);
    }
    const triggerId = schedule.triggerId;
    await this.http
      .request({
        method: 'DELETE',
        path: servicePath('v1', 'app', slug, 'schedule', triggerId),
        schema: appScheduleDeleteSchema,
        retry: false,
        signal: options?.signal,
      })
      .catch((error: unknown) =>
        this.rethrowNotFound(
          error,
          () =>
            new NotFoundError({
              ...notFoundDetails(error, this.http.origin),
              message:
                `Atlan has no schedule ${triggerId} ("${schedule.cron}") on workflow ${slug} on ${this.http.origin}, or no longer that workflow: ` +
                'it may have been removed already. Refresh the workflow list.',
            }),
        ),
      );
    const kept = (this.addedSchedules.get(slug) ?? []).filter((s) => s.triggerId !== schedule.triggerId);
    this.addedSchedules.set(slug, kept);
    this.schedulesChanged();
  }

  /**
   * The stored inputs, from `GET v1/app/{slug}` (`inputs`, or the list's `dag.extract.inputs`), and
   * the first known schedule (the tenant's, or one this client attached) as the body's `schedule`,
   * so a workflow created with a schedule does not drift on it. The SDK's own get has no inputs:
   * then the list item's DAG (`GET v1/app?name=`, one more request), else the body this client
   * created or last updated it with, each with a `caveat` saying so; with neither, an error that
   * says what is missing and what can still be done.
   */
  async getDefinition(slug: string, options?: CallOptions): Promise<StoredDefinition> {
    const summary = await this.requireSummary(slug, options);
    const schedule = this.schedulesOf(slug, summary)[0];
    const found = await this.definitionSource(slug, summary, options);
    return {
      surface: 'apps',
      body: {
        app_id: summary.app_id ?? POSTGRES_APP_ID,
        name: summary.name ?? found.name ?? slug,
        inputs: found.inputs,
        ...(found.entrypoint ? { entrypoint: found.entrypoint } : {}),
        ...(schedule ? { schedule: { cron: schedule.cron, timezone: schedule.timezone } } : {}),
      },
      ...(found.caveat ? { caveat: found.caveat } : {}),
    };
  }

  /** Where the definition's inputs come from: the get, the list item's DAG, or the body this client sent. */
  private async definitionSource(
    slug: string,
    summary: AppSummary,
    options?: CallOptions,
  ): Promise<{ inputs: Record<string, unknown>; entrypoint?: string; name?: string; caveat?: string }> {
    const stored = storedInputs(summary);
    if (stored) return stored;
    const missing = `Atlan's answer for workflow ${slug} (GET v1/app/${slug}) does not include its inputs`;
    if (summary.name) {
      const item = (await this.findByName(summary.name, options)).find((w) => w.slug === slug);
      const listed = item ? storedInputs(item) : undefined;
      if (listed) return { ...listed, caveat: `${missing}; its definition was read from the workflow list instead (the item's DAG).` };
    }
    const sent = this.sentBodies.get(slug);
    if (sent) {
      return {
        inputs: sent.body.inputs,
        ...(sent.body.entrypoint ? { entrypoint: sent.body.entrypoint } : {}),
        name: sent.body.name,
        caveat:
          `${missing}, nor does the workflow list; this is the definition this client sent on ${sent.at}. ` +
          'Changes made in Atlan since then are not known, so the comparison may miss them.',
      };
    }
    // Not a malformed answer (the SDK's own get has no inputs): say what is missing and what still works.
    throw new InvalidArgumentError(
      this.http.origin,
      `On ${this.http.origin}, ${missing}, nor does the workflow list, and this client did not create it, so its definition is not known. ` +
        'To manage it from a file, write a configuration for its connection by hand and update the workflow from it (an update replaces the inputs); ' +
        'rerunning it works as before.',
    );
  }

  // ------------------------------------------------------------------ internals

  private async rerunOnce(slug: string, options?: CallOptions & { idempotent?: boolean }): Promise<RerunResult> {
    if (options?.idempotent ?? true) {
      const latest = (await this.latestRuns([slug], options)).get(slug);
      if (latest && !isFinished(latest.phase)) return { run: latest, reused: true };
    }
    let answer;
    try {
      answer = await this.http.request({
        method: 'POST',
        path: servicePath('v1', 'app', slug, 'submit'),
        schema: appSubmitSchema,
        retry: false,
        signal: options?.signal,
      });
    } catch (error) {
      if (error instanceof NotFoundError) throw this.unknownWorkflow(slug, error);
      if (error instanceof AtlanError && mayHaveHappened(error)) {
        error.message += ` A run of ${slug} may have started anyway: check its runs in Atlan before trying again.`;
      }
      throw error;
    }
    const run = runFromApp(answer, { id: answer.run_id, workflowName: slug });
    this.remember(run);
    return { run, reused: false };
  }

  private async postCreate(body: AppCreateBody, options?: CallOptions) {
    const send = (b: AppCreateBody) =>
      this.http.request({ method: 'POST', path: 'v1/app', body: b, schema: appResponseSchema, retry: false, signal: options?.signal });
    try {
      return await send(body);
    } catch (error) {
      // pyatlan's fallback: a tenant that does not know the entrypoint accepts the app's default.
      const unknownEntrypoint =
        error instanceof AtlanError &&
        error.kind === 'invalidRequest' &&
        (error.errorCode === '1003' || /unknown entrypoint/i.test(error.message));
      if (!unknownEntrypoint || body.entrypoint === undefined) throw error;
      const { entrypoint: _dropped, ...withoutEntrypoint } = body;
      return send(withoutEntrypoint);
    }
  }

  /** Looks for the workflow a failed create may have made; `checked` is false when no look-up got an answer. */
  private async lookUpAfterAmbiguousCreate(name: string, options?: CallOptions): Promise<{ found?: AppSummary; checked: boolean }> {
    let checked = false;
    for (let attempt = 1; attempt <= this.createLookupAttempts; attempt++) {
      try {
        const match = (await this.findByName(name, options)).find(isPostgresApp);
        if (match) return { found: match, checked: true };
        checked = true;
      } catch (lookupError) {
        if (options?.signal?.aborted) throw lookupError;
      }
      if (attempt < this.createLookupAttempts) {
        try {
          await this.clock.sleep(this.indexLagMs, options?.signal);
        } catch (cause) {
          throw new CancelledError({ origin: this.http.origin, cause });
        }
      }
    }
    return { checked };
  }

  private async findByName(name: string, options?: CallOptions): Promise<AppSummary[]> {
    const list = await this.http.request({ method: 'GET', path: 'v1/app', query: { name }, schema: appListSchema, signal: options?.signal });
    this.noteUnread(`App workflows named ${name}`, list.unread);
    return list.workflows.filter((w) => w.name === name);
  }

  private duplicateName(name: string, slugs: readonly string[]): ConflictError {
    const slugText = slugs.length === 1 ? ` (slug ${slugs[0]})` : slugs.length > 1 ? ` (slugs ${slugs.join(', ')})` : '';
    return new ConflictError({
      origin: this.http.origin,
      method: 'POST',
      path: '/api/service/v1/app',
      status: 409,
      slug: slugs.length === 1 ? slugs[0] : undefined,
      slugs,
      message: `On ${this.http.origin}, a workflow named ${name} already exists${slugText}: rerun it or update it.`,
    });
  }

  private async getSummary(slug: string, options?: CallOptions): Promise<AppSummary | undefined> {
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
  private async requireSummary(slug: string, options?: CallOptions): Promise<AppSummary> {
    this.requireName(slug, 'workflow slug');
    const summary = await this.http
      .request({ method: 'GET', path: servicePath('v1', 'app', slug), schema: appSummarySchema, signal: options?.signal })
      .catch((error: unknown) => this.rethrowNotFound(error, () => this.unknownWorkflow(slug, error)));
    if (summary.app_id && summary.app_id !== POSTGRES_APP_ID) throw this.unknownWorkflow(slug);
    return summary;
  }

  /** A 404 about the workflow itself: the slug is unknown (deleted, or never on this tenant). */
  private unknownWorkflow(slug: string, cause?: unknown): NotFoundError {
    return new NotFoundError({
      ...notFoundDetails(cause, this.http.origin),
      message: `There is no Postgres crawler workflow ${slug} on ${this.http.origin}: it may have been deleted. Refresh the workflow list.`,
    });
  }

  /** A 404 about a run: the App API reads and cancels runs by id alone. */
  private unknownRun(run: { id: string; workflowName: string }, cause?: unknown): NotFoundError {
    return new NotFoundError({
      ...notFoundDetails(cause, this.http.origin),
      message: `Atlan has no run ${run.id} of workflow ${run.workflowName} on ${this.http.origin}: it may have been deleted. Refresh the workflow list.`,
    });
  }

  /** Throws `specific()` for a 404, the error itself otherwise. */
  private rethrowNotFound(error: unknown, specific: () => NotFoundError): never {
    throw error instanceof NotFoundError ? specific() : error;
  }

  private appBody(crawler: BuiltCrawler, run: boolean | undefined): AppCreateBody {
    if (crawler.surface !== 'apps') {
      throw new InvalidArgumentError(this.http.origin, `${this.http.origin} uses the App API, but this crawler was built for package workflows.`);
    }
    const source = crawler.body;
    this.requireName(source.name, 'workflow name');
    if (source.app_id !== POSTGRES_APP_ID) {
      throw new InvalidArgumentError(this.http.origin, `This client manages ${POSTGRES_APP_ID} workflows, not ${source.app_id}.`);
    }
    // The key order pyatlan sends: app_id, name, inputs, entrypoint, schedule, run.
    const effectiveRun = run ?? source.run;
    return {
      app_id: source.app_id,
      name: source.name,
      inputs: source.inputs,
      ...(source.entrypoint ? { entrypoint: source.entrypoint } : {}),
      ...(source.schedule ? { schedule: { cron: source.schedule.cron, timezone: source.schedule.timezone ?? 'UTC' } } : {}),
      ...(effectiveRun !== undefined ? { run: effectiveRun } : {}),
    };
  }

  private remember(run: CrawlerRun): void {
    const list = this.runs.get(run.workflowName) ?? [];
    const index = list.findIndex((r) => r.id === run.id);
    if (index >= 0) list[index] = run;
    else list.unshift(run);
    this.runs.set(run.workflowName, list.slice(0, MAX_RUNS_PER_WORKFLOW));
  }

  private rememberSchedule(slug: string, schedule: Schedule): void {
    const list = (this.addedSchedules.get(slug) ?? []).filter((s) => s.triggerId !== schedule.triggerId);
    list.push(schedule);
    this.addedSchedules.set(slug, list);
    this.schedulesChanged();
  }

  private requireName(value: string, what: string): void {
    if (typeof value !== 'string' || value.trim() === '') throw new InvalidArgumentError(this.http.origin, `The ${what} is empty.`);
  }
}

// ---------------------------------------------------------------------- mapping

/** A body this client sent (create or update), without its inline credential, and when (RFC 3339). */
export interface SentBody {
  body: AppCreateBody;
  at: string;
}

/** The request facts of a tenant's 404 (for the log), kept on the specific error that replaces it. */
function notFoundDetails(cause: unknown, origin?: string): { origin: string; method?: string; path?: string; status?: number; errorCode?: string; rawBody?: string; cause?: unknown } {
  if (!(cause instanceof AtlanError)) return { origin: origin ?? '' };
  return { origin: cause.origin, method: cause.method, path: cause.path, status: cause.status, errorCode: cause.errorCode, rawBody: cause.rawBody, cause };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `inputs` (get) or `dag.extract.inputs` (list items, as pyatlan's generator reads them). */
function storedInputs(summary: AppSummary): { inputs: Record<string, unknown>; entrypoint?: string } | undefined {
  if (isRecord(summary.inputs)) {
    return { inputs: summary.inputs, ...(typeof summary.entrypoint === 'string' ? { entrypoint: summary.entrypoint } : {}) };
  }
  const dag = summary.dag;
  if (isRecord(dag) && isRecord(dag.extract) && isRecord(dag.extract.inputs)) {
    const entrypoint = dag.extract.entrypoint;
    return { inputs: dag.extract.inputs, ...(typeof entrypoint === 'string' ? { entrypoint } : {}) };
  }
  return undefined;
}

/** Cron fields separated by single spaces, so `0  9 * * *` and `0 9 * * *` are one schedule. */
function normaliseCron(cron: string): string {
  return cron.trim().split(/\s+/).join(' ');
}

function sameSchedule(a: Schedule, b: Schedule): boolean {
  return normaliseCron(a.cron) === normaliseCron(b.cron) && a.timezone === b.timezone;
}

function isPostgresApp(summary: AppSummary): boolean {
  if (summary.app_id) return summary.app_id === POSTGRES_APP_ID;
  return storedInputs(summary)?.inputs.app_id === POSTGRES_APP_ID;
}

function connectionOf(inputs: Record<string, unknown> | undefined): { name?: string; qualifiedName?: string } {
  const connection = inputs?.connection;
  if (!isRecord(connection) || !isRecord(connection.attributes)) return {};
  const { name, qualifiedName } = connection.attributes;
  return { ...(typeof name === 'string' ? { name } : {}), ...(typeof qualifiedName === 'string' ? { qualifiedName } : {}) };
}

function workflowFromSummary(summary: AppSummary): CrawlerWorkflow {
  const connection = connectionOf(storedInputs(summary)?.inputs);
  // Without inputs, the display name stands in: the App builder names workflows after their connection.
  const connectionName = connection.name ?? summary.name ?? undefined;
  const first = summary.readSchedules.find((s) => s.cron);
  const createdAt = typeof summary.created_at === 'string' ? summary.created_at : undefined;
  return {
    name: summary.slug,
    surface: 'apps',
    ...(connectionName ? { connectionName } : {}),
    ...(connection.qualifiedName ? { connectionQualifiedName: connection.qualifiedName } : {}),
    ...(createdAt ? { createdAt } : {}),
    ...(first?.cron ? { schedule: { cron: first.cron, timezone: first.timezone ?? 'UTC', ...(first.trigger_id ? { triggerId: first.trigger_id } : {}) } } : {}),
  };
}

function workflowFromInputs(slug: string, body: AppCreateBody): CrawlerWorkflow {
  const connection = connectionOf(body.inputs);
  return {
    name: slug,
    surface: 'apps',
    connectionName: connection.name ?? body.name,
    ...(connection.qualifiedName ? { connectionQualifiedName: connection.qualifiedName } : {}),
  };
}

function runFromApp(wire: AppRun, ref: { id: string; workflowName: string }): CrawlerRun {
  return {
    id: wire.run_id ?? ref.id,
    workflowName: wire.slug ?? ref.workflowName,
    // Unknown statuses are kept verbatim; no status yet means the run is waiting to start.
    phase: wire.status ?? 'Pending',
    ...(wire.started_at ? { startedAt: wire.started_at } : {}),
    ...(wire.finished_at ? { finishedAt: wire.finished_at } : {}),
    // The tenant's failure text may echo a secret (`password=...`): it never reaches the tree as is.
    ...(wire.message || wire.error ? { message: redactPatterns(wire.message ?? wire.error ?? '') } : {}),
    failedSteps: [],
  };
}

/** Start in epoch ms; a run not started yet (just submitted) is the newest there is. */
function startOf(run: CrawlerRun): number {
  const ms = run.startedAt ? Date.parse(run.startedAt) : Number.NaN;
  return Number.isFinite(ms) ? ms : Number.POSITIVE_INFINITY;
}

/** Descending, equal values equal (Infinity included). */
function descending(x: number, y: number): number {
  return x === y ? 0 : x > y ? -1 : 1;
}

/** Newest first to the second, this client's runs first within a second (see startedNoEarlier), then to the millisecond. */
function newestFirst(ownIds: ReadonlySet<string>): (a: CrawlerRun, b: CrawlerRun) => number {
  const second = (run: CrawlerRun): number => Math.floor(startOf(run) / 1000);
  return (a, b) => descending(second(a), second(b)) || descending(Number(ownIds.has(a.id)), Number(ownIds.has(b.id))) || descending(startOf(a), startOf(b));
}

/**
 * Whether this client's run `own` started no earlier than the catalogued `listed`, to the second:
 * the App API may give whole seconds where the catalog has milliseconds, and a run just submitted
 * here is the one the user expects to see.
 */
function startedNoEarlier(own: CrawlerRun, listed: CrawlerRun): boolean {
  return Math.floor(startOf(own) / 1000) >= Math.floor(startOf(listed) / 1000);
}

async function forEachLimited<T>(items: readonly T[], limit: number, task: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const item = items[next++];
      await task(item);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}
