/**
 * What the App backend changes on the tenant: create (`POST v1/app`), update (`PUT v1/app/{slug}`
 * and its schedules), rerun (`submit`), stop (`runs/{id}/cancel`) and archive (`DELETE`).
 *
 * A duplicate name is a conflict error, never a silent reuse (unlike pyatlan's create-or-reuse),
 * and writes are never retried: after an ambiguous failure the tenant is looked at instead.
 */
import type { AppCreateBody, BuiltCrawler, CallOptions, CrawlerRun, CrawlerWorkflow, CreatedCrawler, RerunResult } from './backend';
import { isFinished } from './backend';
import type { Clock } from './clock';
import { AtlanError, CancelledError, ConflictError, InvalidArgumentError, NotFoundError } from './errors';
import { servicePath, type AtlanHttp } from './http';
import { appCancelSchema, appDeleteSchema, appResponseSchema, appSubmitSchema, type AppSummary } from './models';
import { isPostgresApp, normaliseCron, POSTGRES_APP_ID, runFromApp, sameSchedule, workflowFromInputs, workflowFromSummary } from './appMapping';
import type { AppDefinitions } from './appDefinitions';
import type { AppRuns } from './appRuns';
import type { AppSchedules } from './appSchedules';
import type { AppWorkflows } from './appWorkflows';
import { shareRerun } from './sharedRerun';
import { validateSchedule } from './validation';
import { mayHaveHappened } from './writeOutcome';

export interface AppWritesOptions {
  clock: Clock;
  /** Pause between the look-ups after an ambiguous create failure. */
  indexLagMs: number;
  /** Look-ups after an ambiguous create failure. */
  createLookupAttempts: number;
}

export class AppWrites {
  private readonly http: AtlanHttp;
  /** One rerun at a time per workflow within this client, so two clicks cannot start two runs. */
  private readonly reruns = new Map<string, Promise<RerunResult>>();

  constructor(
    private readonly workflows: AppWorkflows,
    private readonly schedules: AppSchedules,
    private readonly definitions: AppDefinitions,
    private readonly runs: AppRuns,
    private readonly options: AppWritesOptions,
  ) {
    this.http = workflows.http;
  }

  async create(crawler: BuiltCrawler, options?: CallOptions & { run?: boolean }): Promise<CreatedCrawler> {
    const body = this.appBody(crawler, options?.run);
    const existing = await this.workflows.findByName(body.name, options);
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
    if (workflow.schedule) this.schedules.record(response.slug, workflow.schedule);
    this.definitions.recordSent(response.slug, body, this.now());
    if (!response.run_id) return { workflow };
    const run: CrawlerRun = { id: response.run_id, workflowName: response.slug, phase: 'Pending', failedSteps: [] };
    this.runs.remember(run);
    return { workflow, run };
  }

  async rerun(slug: string, options?: CallOptions & { idempotent?: boolean }): Promise<RerunResult> {
    this.workflows.requireName(slug, 'workflow slug');
    return shareRerun(this.reruns, slug, () => this.rerunOnce(slug, options));
  }

  /** See AppBackend.update. */
  async update(slug: string, crawler: BuiltCrawler, options?: CallOptions): Promise<CrawlerWorkflow> {
    this.workflows.requireName(slug, 'workflow slug');
    const body = this.appBody(crawler, undefined);
    const wanted = body.schedule ? { cron: normaliseCron(body.schedule.cron), timezone: body.schedule.timezone ?? 'UTC' } : undefined;
    if (wanted) validateSchedule(this.http.origin, wanted);
    // Read before writing: a schedule that would have to go but cannot is refused up front.
    const current = await this.schedules.get(slug, options);
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
      .catch((error: unknown) => this.workflows.rethrowNotFound(error, () => this.workflows.unknownWorkflow(slug, error)));
    this.definitions.recordSent(slug, { ...body, inputs }, this.now());
    let schedule = kept;
    try {
      if (wanted && !kept) schedule = await this.schedules.add(slug, wanted, options);
      for (const old of stale) await this.schedules.remove(slug, old, options);
    } catch (error) {
      if (error instanceof Error) {
        error.message += ` The inputs of ${slug} were updated, but its schedule may not match the configuration yet: compare again and update once more.`;
      }
      throw error;
    }
    return { ...workflowFromInputs(slug, body), ...(schedule ? { schedule } : {}) };
  }

  async archive(slug: string, options?: CallOptions): Promise<void> {
    this.workflows.requireName(slug, 'workflow slug');
    await this.http
      .request({ method: 'DELETE', path: servicePath('v1', 'app', slug), schema: appDeleteSchema, retry: false, signal: options?.signal })
      .catch((error: unknown) => this.workflows.rethrowNotFound(error, () => this.workflows.unknownWorkflow(slug, error)));
    this.runs.forgetWorkflow(slug);
    this.schedules.forgetWorkflow(slug);
  }

  async stop(run: { id: string; workflowName: string }, options?: CallOptions): Promise<CrawlerRun> {
    this.workflows.requireName(run.id, 'run id');
    const answer = await this.http
      .request({
        method: 'POST',
        path: servicePath('v1', 'app', 'runs', run.id, 'cancel'),
        schema: appCancelSchema,
        retry: false,
        signal: options?.signal,
      })
      .catch((error: unknown) => this.workflows.rethrowNotFound(error, () => this.workflows.unknownRun(run, error)));
    let stopped: CrawlerRun;
    if (answer.status) {
      stopped = { id: answer.run_id ?? run.id, workflowName: answer.slug ?? run.workflowName, phase: answer.status, failedSteps: [] };
    } else {
      // No status in the answer: read the run rather than guess.
      stopped = (await this.runs.get([run], options)).get(run.id) ?? { ...run, phase: answer.cancelled ? 'Stopped' : 'Running', failedSteps: [] };
    }
    this.runs.remember(stopped);
    return stopped;
  }

  private async rerunOnce(slug: string, options?: CallOptions & { idempotent?: boolean }): Promise<RerunResult> {
    if (options?.idempotent ?? true) {
      const latest = (await this.runs.latest([slug], options)).get(slug);
      if (latest && !isFinished(latest)) return { run: latest, reused: true };
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
      if (error instanceof NotFoundError) throw this.workflows.unknownWorkflow(slug, error);
      if (error instanceof AtlanError && mayHaveHappened(error)) {
        error.message += ` A run of ${slug} may have started anyway: check its runs in Atlan before trying again.`;
      }
      throw error;
    }
    const run = runFromApp(answer, { id: answer.run_id, workflowName: slug });
    this.runs.remember(run);
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
    const { createLookupAttempts: attempts, clock, indexLagMs } = this.options;
    let checked = false;
    for (let attempt = 1; attempt <= attempts; attempt++) {
      try {
        const match = (await this.workflows.findByName(name, options)).find(isPostgresApp);
        if (match) return { found: match, checked: true };
        checked = true;
      } catch (lookupError) {
        if (options?.signal?.aborted) throw lookupError;
      }
      if (attempt < attempts) {
        try {
          await clock.sleep(indexLagMs, options?.signal);
        } catch (cause) {
          throw new CancelledError({ origin: this.http.origin, cause });
        }
      }
    }
    return { checked };
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

  private appBody(crawler: BuiltCrawler, run: boolean | undefined): AppCreateBody {
    if (crawler.surface !== 'apps') {
      throw new InvalidArgumentError(this.http.origin, `${this.http.origin} uses the App API, but this crawler was built for package workflows.`);
    }
    const source = crawler.body;
    this.workflows.requireName(source.name, 'workflow name');
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

  private now(): string {
    return new Date(this.options.clock.now()).toISOString();
  }
}
