/**
 * What the package-workflow backend changes on the tenant: create (`POST workflows?submit=`),
 * rerun (`workflows/submit`), update, archive, stop (`runs/{name}/stop`) and the schedule, which
 * lives in two annotations of the template. Writes are never retried: after an ambiguous failure
 * the tenant is searched instead, and index lag is absorbed by the SubmissionLedger.
 */
import type { BuiltCrawler, CallOptions, CrawlerRun, CrawlerWorkflow, CreatedCrawler, LegacyWorkflowJson, RerunResult, Schedule } from './backend';
import type { Clock } from './clock';
import { AtlanError, CancelledError, ConflictError, InvalidArgumentError } from './errors';
import { servicePath, type AtlanHttp } from './http';
import { runFromDoc, scheduleFromAnnotations, SCHEDULE_ANNOTATION, TIMEZONE_ANNOTATION, workflowFromTemplate } from './legacyMapping';
import type { LegacyRuns } from './legacyRuns';
import type { LegacyWorkflows } from './legacyWorkflows';
import { createWorkflowResponseSchema, ignoredBody, runResponseSchema, type WorkflowTemplateDoc } from './models';
import { shareRerun } from './sharedRerun';
import { isPendingRunId, type SubmissionLedger } from './submissionLedger';
import { requireName, validateSchedule } from './validation';
import { mayHaveHappened } from './writeOutcome';

/** `workflows` for API-token users, `package-workflows` for everyone else (pyatlan's rule). */
export type WorkflowEndpoints = 'workflows' | 'package-workflows';

export interface LegacyWritesOptions {
  http: AtlanHttp;
  clock: Clock;
  /** Resolved once, lazily: which endpoint family this user must call. */
  endpoints: () => Promise<WorkflowEndpoints>;
  /** See LegacyBackendOptions.indexLagMs. */
  indexLagMs: number;
  /** Searches after an ambiguous create failure before concluding nothing was created. */
  createLookupAttempts: number;
}

export class LegacyWrites {
  private readonly http: AtlanHttp;
  private endpointsPromise?: Promise<WorkflowEndpoints>;
  /** One rerun at a time per workflow within this client, so two clicks cannot start two runs. */
  private readonly reruns = new Map<string, Promise<RerunResult>>();

  constructor(
    private readonly workflows: LegacyWorkflows,
    private readonly runs: LegacyRuns,
    private readonly ledger: SubmissionLedger,
    private readonly options: LegacyWritesOptions,
  ) {
    this.http = options.http;
  }

  async create(crawler: BuiltCrawler, options?: CallOptions & { run?: boolean }): Promise<CreatedCrawler> {
    const workflow = this.legacyWorkflow(crawler);
    const name = workflow.metadata.name;
    this.requireName(name, 'workflow metadata.name');
    if (await this.workflows.findTemplate(name, options)) {
      throw new ConflictError({
        origin: this.http.origin,
        message: `A workflow named ${name} already exists on ${this.http.origin}: rerun it or update it instead of creating it again.`,
      });
    }
    const endpoints = await this.endpoints();
    const run = options?.run ?? true;
    let created: WorkflowTemplateDoc;
    try {
      created = await this.http.request({
        method: 'POST',
        path: endpoints,
        // `submit=false` (create without running) is inferred from the flag's existence, not documented.
        query: { submit: run ? 'true' : 'false' },
        body: workflow,
        schema: createWorkflowResponseSchema,
        retry: false,
        signal: options?.signal,
      });
    } catch (error) {
      if (!(error instanceof AtlanError) || !mayHaveHappened(error)) throw error;
      const lookup = await this.lookUpAfterAmbiguousCreate(name, options);
      if (!lookup.found) {
        const { createLookupAttempts, indexLagMs } = this.options;
        error.message += lookup.checked
          ? ` No workflow named ${name} appeared on the tenant in the following` +
            ` ${Math.round((createLookupAttempts * indexLagMs) / 1000)} s, so it was most likely not created;` +
            ' refresh the workflow list before creating it again.'
          : ` Whether workflow ${name} was created could not be checked (the tenant did not answer);` +
            ' look at the workflow list before creating it again.';
        throw error;
      }
      created = lookup.found;
    }
    this.workflows.recordCreated(name, created);
    return {
      workflow: workflowFromTemplate(created),
      ...(run ? { run: this.ledger.recordCreate(name) } : {}),
    };
  }

  async rerun(workflowName: string, options?: CallOptions & { idempotent?: boolean }): Promise<RerunResult> {
    this.requireName(workflowName, 'workflow name');
    return shareRerun(this.reruns, workflowName, () => this.rerunOnce(workflowName, options));
  }

  async update(workflowName: string, crawler: BuiltCrawler, options?: CallOptions): Promise<CrawlerWorkflow> {
    this.requireName(workflowName, 'workflow name');
    const workflow = this.legacyWorkflow(crawler);
    if (workflow.metadata.name !== workflowName) {
      throw new InvalidArgumentError(
        this.http.origin,
        `The configuration describes workflow ${workflow.metadata.name}, not ${workflowName}; an update keeps the workflow's name.`,
      );
    }
    const endpoints = await this.endpoints();
    const updated = await this.http.request({
      method: 'POST',
      path: `${endpoints}/${servicePath(workflowName)}`,
      body: workflow,
      schema: createWorkflowResponseSchema,
      retry: false,
      signal: options?.signal,
    });
    return workflowFromTemplate(updated);
  }

  async archive(workflowName: string, options?: CallOptions): Promise<void> {
    this.requireName(workflowName, 'workflow name');
    const endpoints = await this.endpoints();
    await this.http.request({
      method: 'POST',
      path: `${endpoints}/${servicePath(workflowName, 'archive')}`,
      schema: ignoredBody,
      retry: false,
      signal: options?.signal,
    });
    this.workflows.forgetCreated(workflowName);
  }

  async stop(run: { id: string; workflowName: string }, options?: CallOptions): Promise<CrawlerRun> {
    let id = run.id;
    if (isPendingRunId(id)) {
      const resolved = (await this.runs.get([run], options)).get(id);
      if (!resolved || isPendingRunId(resolved.id)) {
        throw new InvalidArgumentError(
          this.http.origin,
          `Atlan has not reported the first run of ${run.workflowName} yet, so it cannot be stopped; try again in a few seconds.`,
        );
      }
      id = resolved.id;
    }
    this.requireName(id, 'run name');
    const doc = await this.http.request({
      method: 'POST',
      path: servicePath('runs', id, 'stop'),
      schema: runResponseSchema,
      retry: false,
      signal: options?.signal,
    });
    const stopped = runFromDoc(doc);
    this.ledger.update(stopped);
    return stopped;
  }

  /** The package-workflow surface keeps at most one schedule per workflow, in two annotations. */
  async getSchedules(workflowName: string, options?: CallOptions): Promise<Schedule[]> {
    const doc = await this.workflows.requireTemplate(workflowName, options);
    const schedule = scheduleFromAnnotations(doc.metadata.annotations);
    return schedule ? [schedule] : [];
  }

  /** Sets (replaces) the workflow's schedule: annotations on the template, then an update. */
  async addSchedule(workflowName: string, schedule: Schedule, options?: CallOptions): Promise<Schedule> {
    validateSchedule(this.http.origin, schedule);
    const doc = await this.workflows.requireTemplate(workflowName, options);
    const annotations = { ...(doc.metadata.annotations ?? {}), [SCHEDULE_ANNOTATION]: schedule.cron, [TIMEZONE_ANNOTATION]: schedule.timezone };
    await this.postTemplate(doc, annotations, options);
    return { cron: schedule.cron, timezone: schedule.timezone };
  }

  /** Removes the schedule annotation (the time zone stays, as pyatlan does). */
  async removeSchedule(workflowName: string, options?: CallOptions): Promise<void> {
    const doc = await this.workflows.requireTemplate(workflowName, options);
    const annotations = { ...(doc.metadata.annotations ?? {}) };
    if (!(SCHEDULE_ANNOTATION in annotations)) return;
    delete annotations[SCHEDULE_ANNOTATION];
    await this.postTemplate(doc, annotations, options);
  }

  private async rerunOnce(workflowName: string, options?: CallOptions & { idempotent?: boolean }): Promise<RerunResult> {
    if (options?.idempotent ?? true) {
      const inFlight = await this.runs.inFlight(workflowName, options);
      if (inFlight) return { run: inFlight, reused: true };
      // One empty search is not proof: another client may have submitted a moment ago and the
      // index has not caught up. Look once more after the index's usual lag.
      await this.pause(this.options.indexLagMs, options);
      const late = await this.runs.inFlight(workflowName, options);
      if (late) return { run: late, reused: true };
    }
    const endpoints = await this.endpoints();
    let doc;
    try {
      doc = await this.http.request({
        method: 'POST',
        path: `${endpoints}/submit`,
        body: { namespace: 'default', resourceKind: 'WorkflowTemplate', resourceName: workflowName },
        schema: runResponseSchema,
        retry: false,
        signal: options?.signal,
      });
    } catch (error) {
      if (error instanceof AtlanError && mayHaveHappened(error)) {
        error.message += ` The run of ${workflowName} may have started anyway: refresh its runs before trying again.`;
      }
      throw error;
    }
    const run = runFromDoc(doc);
    this.ledger.recordRun(run);
    return { run, reused: false };
  }

  /** Searches for the template a failed create may have made; `checked` is false when no search got an answer. */
  private async lookUpAfterAmbiguousCreate(name: string, options?: CallOptions): Promise<{ found?: WorkflowTemplateDoc; checked: boolean }> {
    const attempts = this.options.createLookupAttempts;
    let checked = false;
    for (let attempt = 1; attempt <= attempts; attempt++) {
      try {
        const found = await this.workflows.findTemplate(name, options);
        if (found) return { found, checked: true };
        checked = true;
      } catch (lookupError) {
        if (options?.signal?.aborted) throw lookupError;
      }
      if (attempt < attempts) await this.pause(this.options.indexLagMs, options);
    }
    return { checked };
  }

  private async pause(ms: number, options?: CallOptions): Promise<void> {
    try {
      await this.options.clock.sleep(ms, options?.signal);
    } catch (cause) {
      throw new CancelledError({ origin: this.http.origin, cause });
    }
  }

  private async postTemplate(doc: WorkflowTemplateDoc, annotations: Record<string, string>, options?: CallOptions): Promise<void> {
    const endpoints = await this.endpoints();
    await this.http.request({
      method: 'POST',
      path: `${endpoints}/${servicePath(doc.metadata.name)}`,
      body: { metadata: { ...doc.metadata, annotations }, spec: doc.spec ?? {}, payload: [] },
      schema: createWorkflowResponseSchema,
      retry: false,
      signal: options?.signal,
    });
  }

  private endpoints(): Promise<WorkflowEndpoints> {
    if (!this.endpointsPromise) {
      this.endpointsPromise = this.options.endpoints().catch((error: unknown) => {
        this.endpointsPromise = undefined;
        throw error;
      });
    }
    return this.endpointsPromise;
  }

  private legacyWorkflow(crawler: BuiltCrawler): LegacyWorkflowJson {
    if (crawler.surface !== 'workflows') {
      throw new InvalidArgumentError(this.http.origin, `${this.http.origin} uses package workflows, but this crawler was built for the App API.`);
    }
    return crawler.workflow;
  }

  private requireName(value: string, what: string): void {
    requireName(this.http.origin, value, what);
  }
}
