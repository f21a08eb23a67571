/**
 * CrawlerBackend for Atlan's App API (`v1/app`), where a workflow is identified by its slug.
 *
 * The App API has no run search: a run can only be read by id. So this backend remembers the runs
 * it started (and any the caller hands it via `rememberRuns`, e.g. persisted ids), and
 * latestRuns / listRuns / idempotent reruns see only those. Runs started elsewhere (the Atlan UI,
 * a schedule) are invisible here until the tenant offers a way to list them.
 *
 * A duplicate name is a conflict error, never a silent reuse (unlike pyatlan's create-or-reuse),
 * and writes are never retried.
 */
import { shareRerun } from './sharedRerun';
import type {
  AppCreateBody,
  BuiltCrawler,
  CallOptions,
  CrawlerBackend,
  CrawlerRun,
  CrawlerWorkflow,
  CreatedCrawler,
  Page,
  RerunResult,
  Schedule,
} from './backend';
import { isFinished } from './backend';
import { systemClock, type Clock } from './clock';
import { AtlanError, CancelledError, ConflictError, InvalidArgumentError, InvalidResponseError, NotFoundError } from './errors';
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
}

/** Remembered runs per workflow. */
const MAX_RUNS_PER_WORKFLOW = 50;

export class AppBackend implements CrawlerBackend {
  readonly surface = 'apps' as const;
  /** No batch read: every run costs a request, so the monitor budgets requests, not polls. */
  readonly pollCost = 'per-run' as const;
  private readonly http: AtlanHttp;
  private readonly clock: Clock;
  private readonly indexLagMs: number;
  private readonly createLookupAttempts: number;
  private readonly runConcurrency: number;
  /** slug -> runs, newest first. */
  private readonly runs = new Map<string, CrawlerRun[]>();
  /** slug -> schedules added through this client (the tenant's get does not list them). */
  private readonly addedSchedules = new Map<string, Schedule[]>();
  /**
   * Told after every change of the schedules this client attached, so they can outlive the
   * session: without them a later update could not remove the trigger it replaces.
   */
  onDidChangeSchedules?: (known: Record<string, Schedule[]>) => void;
  private readonly reruns = new Map<string, Promise<RerunResult>>();

  constructor(options: AppBackendOptions) {
    this.http = options.http;
    this.clock = options.clock ?? systemClock;
    this.indexLagMs = options.indexLagMs ?? 2_000;
    this.createLookupAttempts = Math.max(1, options.createLookupAttempts ?? 3);
    this.runConcurrency = Math.max(1, options.runConcurrency ?? 4);
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
    const items = (list.workflows ?? []).filter(isPostgresApp).map((summary) => this.withKnownSchedule(workflowFromSummary(summary)));
    const next = list.has_more && list.next_cursor ? list.next_cursor : undefined;
    return { items, ...(next ? { next } : {}) };
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

  /** The newest remembered run of each workflow, re-read from the tenant when not finished (one request per run). */
  async latestRuns(workflowNames: readonly string[], options?: CallOptions): Promise<Map<string, CrawlerRun>> {
    const latest = [...new Set(workflowNames)].flatMap((slug) => this.runs.get(slug)?.slice(0, 1) ?? []);
    const fresh = await this.getRuns(latest, options);
    const result = new Map<string, CrawlerRun>();
    for (const run of latest) result.set(run.workflowName, fresh.get(run.id) ?? run);
    return result;
  }

  /** Remembered runs of one workflow, newest first, the page's unfinished runs re-read from the tenant. */
  async listRuns(workflowName: string, query: { cursor?: string; size: number }, options?: CallOptions): Promise<Page<CrawlerRun>> {
    const all = this.runs.get(workflowName) ?? [];
    const from = query.cursor === undefined ? 0 : Number(query.cursor);
    if (!Number.isInteger(from) || from < 0) {
      throw new InvalidArgumentError(this.http.origin, `The page cursor "${query.cursor}" is not one this client handed out.`);
    }
    const page = all.slice(from, from + query.size);
    const fresh = await this.getRuns(page, options);
    const items = page.map((run) => fresh.get(run.id) ?? run);
    const end = from + page.length;
    return { items, total: all.length, ...(end < all.length ? { next: String(end) } : {}) };
  }

  /**
   * `GET v1/app/runs/{id}` per run not known to be finished (the App API has no batch read); a
   * remembered finished run is final and served from memory at no cost. Unknown ids are left out.
   */
  async getRuns(runs: readonly { id: string; workflowName: string }[], options?: CallOptions): Promise<Map<string, CrawlerRun>> {
    const unique = [...new Map(runs.map((r) => [r.id, r])).values()];
    const result = new Map<string, CrawlerRun>();
    const toRead: { id: string; workflowName: string }[] = [];
    for (const ref of unique) {
      const known = this.runs.get(ref.workflowName)?.find((r) => r.id === ref.id);
      if (known && isFinished(known.phase)) result.set(ref.id, known);
      else toRead.push(ref);
    }
    await forEachLimited(toRead, this.runConcurrency, async (ref) => {
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
      }
    });
    return result;
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
    for (const item of summary.schedules ?? []) {
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
   * so a workflow created with a schedule does not drift on it.
   */
  async getDefinition(slug: string, options?: CallOptions): Promise<BuiltCrawler> {
    const summary = await this.requireSummary(slug, options);
    const stored = storedInputs(summary);
    const schedule = this.schedulesOf(slug, summary)[0];
    if (!stored) {
      throw new InvalidResponseError({
        origin: this.http.origin,
        method: 'GET',
        path: `/api/service/v1/app/${slug}`,
        fieldPath: 'inputs',
        problem: 'the answer does not include the workflow inputs, so its definition cannot be imported',
      });
    }
    return {
      surface: 'apps',
      body: {
        app_id: summary.app_id ?? POSTGRES_APP_ID,
        name: summary.name ?? slug,
        inputs: stored.inputs,
        ...(stored.entrypoint ? { entrypoint: stored.entrypoint } : {}),
        ...(schedule ? { schedule: { cron: schedule.cron, timezone: schedule.timezone } } : {}),
      },
    };
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
    return (list.workflows ?? []).filter((w) => w.name === name);
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
  const first = (summary.schedules ?? []).find((s) => s.cron);
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
