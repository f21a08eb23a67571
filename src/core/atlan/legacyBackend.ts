/**
 * CrawlerBackend for Atlan's package-workflow API (`workflows`, `package-workflows`, `runs`),
 * searching the workflows and runs indexes as pyatlan does.
 *
 * Request economy: latestRuns for N workflows and getRuns for N runs are one runs/indexsearch
 * request each (terms queries), whatever N (up to 5,000 per request), when the tenant collapses
 * (latestRuns.ts says what happens when it does not). Run searches ask for just the fields the
 * client reads (`_source` includes), unless the tenant refused that (searchFeatures.ts).
 *
 * Writes are never retried. Index lag is absorbed by a SubmissionLedger (see there).
 */
import { shareRerun } from './sharedRerun';
import type {
  BuiltCrawler,
  CallOptions,
  CrawlerBackend,
  CrawlerRun,
  CrawlerWorkflow,
  CreatedCrawler,
  LatestRuns,
  LegacyWorkflowJson,
  Page,
  RerunResult,
  Schedule,
} from './backend';
import { isFinished } from './backend';
import { systemClock, type Clock } from './clock';
import { isPostgresCrawlerTemplate } from './crawlerIdentity';
import { AtlanError, CancelledError, ConflictError, InvalidArgumentError, NotFoundError } from './errors';
import { servicePath, type AtlanHttp } from './http';
import { describeUnread } from './itemReader';
import { LatestRunFinder } from './latestRuns';
import {
  compareRunsNewestFirst,
  connectionProblem,
  RUN_SOURCE_FIELDS,
  runFromDoc,
  TEMPLATE_SOURCE_FIELDS,
  scheduleFromAnnotations,
  SCHEDULE_ANNOTATION,
  TIMEZONE_ANNOTATION,
  workflowFromTemplate,
} from './legacyMapping';
import {
  createWorkflowResponseSchema,
  ignoredBody,
  runResponseSchema,
  runSearchSchema,
  workflowSearchSchema,
  type RunSearchResponse,
  type WorkflowSearchResponse,
  type WorkflowTemplateDoc,
} from './models';
import {
  sourceLooksFiltered,
  TenantSearchFeatures,
  type FeatureVerdict,
  type OptionalKeys,
  type SearchBody,
  type SearchFeature,
  type SearchOutcome,
} from './searchFeatures';
import {
  currentRunsSearch,
  postgresWorkflowsSearch,
  runsByIdSearch,
  workflowByNameSearch,
  workflowRunsSearch,
  type SearchRequest,
} from './searchQueries';
import { isPendingRunId, SubmissionLedger, workflowOfPendingRunId } from './submissionLedger';
import { validateSchedule } from './validation';
import { mayHaveHappened } from './writeOutcome';

/** `workflows` for API-token users, `package-workflows` for everyone else (pyatlan's rule). */
export type WorkflowEndpoints = 'workflows' | 'package-workflows';

export interface LegacyBackendOptions {
  http: AtlanHttp;
  /** Resolved once, lazily: which endpoint family this user must call (see AtlanClient.whoami). */
  endpoints: () => Promise<WorkflowEndpoints>;
  clock?: Clock;
  /**
   * How long the search index may lag behind a submit. An idempotent rerun that finds no run in
   * flight searches once more after this delay before submitting; an ambiguous create failure is
   * checked this often. Default 2 s.
   */
  indexLagMs?: number;
  /** Searches after an ambiguous create failure before concluding nothing was created. Default 4. */
  createLookupAttempts?: number;
  /** How long a submitted run may stay invisible to the index before the index is trusted. Default 10 min. */
  ledgerTtlMs?: number;
  /**
   * Searches one latestRuns call may send per 5,000 workflows (the collapse one included; reading
   * located runs by id comes on top) before reporting the workflows still missing as unknown. Default 8.
   */
  latestRunsMaxRequests?: number;
}

/** Hits per search request, at most: Elasticsearch's default result window is 10,000. */
const MAX_WINDOW = 10_000;
/** Names or ids per terms query; keeps each request and its answer bounded. */
const MAX_TERMS = 5_000;
/** Run hits carry only what runFromDoc reads. */
const RUN_SOURCE: NonNullable<OptionalKeys['_source']> = { includes: RUN_SOURCE_FIELDS };
/** Template hits of a listing carry only what workflowFromTemplate reads. */
const TEMPLATE_SOURCE: NonNullable<OptionalKeys['_source']> = { includes: TEMPLATE_SOURCE_FIELDS };

export class LegacyBackend implements CrawlerBackend {
  readonly surface = 'workflows' as const;
  readonly pollCost = 'one-request' as const;
  private readonly http: AtlanHttp;
  private readonly clock: Clock;
  private readonly indexLagMs: number;
  private readonly createLookupAttempts: number;
  private readonly ledger: SubmissionLedger;
  private readonly resolveEndpoints: () => Promise<WorkflowEndpoints>;
  private endpointsPromise?: Promise<WorkflowEndpoints>;
  /** One rerun at a time per workflow within this client, so two clicks cannot start two runs. */
  private readonly reruns = new Map<string, Promise<RerunResult>>();
  /** What this tenant's runs/indexsearch does with `collapse` and `_source`, learned once. */
  private readonly searchFeatures = new TenantSearchFeatures();
  /** The same for workflows/indexsearch (another endpoint: it may differ). */
  private readonly templateSearchFeatures = new TenantSearchFeatures();
  private readonly latestRunFinder: LatestRunFinder;
  /** Told what the tenant's answers held that could not be read (left out, or shown in part) and why: for the log. */
  onNote?: (note: string) => void;
  /**
   * Templates this client created that the index may not show yet (the ledger's twin for
   * workflows): without it a second create in the same second would reuse the name, and a rerun
   * right after a create would find no workflow.
   */
  private readonly createdTemplates = new Map<string, { doc: WorkflowTemplateDoc; createdAt: number }>();
  private readonly ledgerTtlMs: number;

  constructor(options: LegacyBackendOptions) {
    this.http = options.http;
    this.clock = options.clock ?? systemClock;
    this.indexLagMs = options.indexLagMs ?? 2_000;
    this.createLookupAttempts = Math.max(1, options.createLookupAttempts ?? 4);
    this.ledgerTtlMs = options.ledgerTtlMs ?? 10 * 60_000;
    this.ledger = new SubmissionLedger(this.clock, this.ledgerTtlMs);
    this.resolveEndpoints = options.endpoints;
    this.latestRunFinder = new LatestRunFinder(this.searchFeatures, { maxRounds: options.latestRunsMaxRequests });
  }

  /** What the tenant's runs search did with the optional keys so far (logs, benches). */
  searchFeatureVerdicts(): Record<SearchFeature, FeatureVerdict> {
    return this.searchFeatures.snapshot();
  }

  /** What the tenant's workflows search did with `_source` so far. */
  templateSearchFeatureVerdicts(): Record<SearchFeature, FeatureVerdict> {
    return this.templateSearchFeatures.snapshot();
  }

  // ------------------------------------------------------------------ workflows

  async listWorkflows(query: { cursor?: string; size: number; name?: string }, options?: CallOptions): Promise<Page<CrawlerWorkflow>> {
    const size = this.pageSize(query.size);
    if (query.name !== undefined) {
      const one = await this.getWorkflow(query.name, options);
      return { items: one ? [one] : [], total: one ? 1 : 0 };
    }
    const from = this.parseCursor(query.cursor);
    const response = await this.listTemplates(postgresWorkflowsSearch(from, size), options);
    const hits = response.hits?.hits ?? [];
    const items = this.crawlersOf(hits);
    const total = response.hits?.total?.value;
    // Paging counts what the tenant returned: a hit left out here still took its place in the window.
    const returned = response.hits?.returned ?? hits.length;
    const end = from + returned;
    const more = total !== undefined ? end < total : returned === size;
    const unread = this.noteUnread('workflows', response.hits?.unread);
    return { items, ...(total !== undefined ? { total } : {}), ...(more && returned > 0 ? { next: String(end) } : {}), ...(unread ? { unread } : {}) };
  }

  /** The Postgres crawlers among template hits; one whose connection cannot be read is shown without it (and logged). */
  private crawlersOf(hits: readonly { _source: WorkflowTemplateDoc }[]): CrawlerWorkflow[] {
    const crawlers: CrawlerWorkflow[] = [];
    for (const { _source: doc } of hits) {
      if (!isPostgresCrawlerTemplate(doc)) continue;
      const problem = connectionProblem(doc.spec);
      if (problem) this.onNote?.(`Workflow ${doc.metadata.name} on ${this.http.origin} is shown without its connection: ${problem}.`);
      crawlers.push(workflowFromTemplate(doc));
    }
    return crawlers;
  }

  /** Logs the reasons an answer's items were left out; returns them for the caller (undefined when none). */
  private noteUnread(what: string, unread: readonly string[] | undefined): readonly string[] | undefined {
    if (!unread || unread.length === 0) return undefined;
    this.onNote?.(`Some ${what} on ${this.http.origin} were left out: ${describeUnread(unread)}.`);
    return unread;
  }

  /** The Postgres crawler of that name; undefined when there is none (or the template is another package). */
  async getWorkflow(name: string, options?: CallOptions): Promise<CrawlerWorkflow | undefined> {
    const doc = await this.findTemplate(name, options);
    return doc && isPostgresCrawlerTemplate(doc) ? workflowFromTemplate(doc) : undefined;
  }

  /** Connection names live inside a JSON parameter, so this pages through every Postgres workflow. */
  async findByConnectionName(connectionName: string, options?: CallOptions): Promise<CrawlerWorkflow[]> {
    this.requireName(connectionName, 'connection name');
    const found: CrawlerWorkflow[] = [];
    const pageSize = 100;
    for (let from = 0; ; from += pageSize) {
      const response = await this.listTemplates(postgresWorkflowsSearch(from, pageSize), options);
      const hits = response.hits?.hits ?? [];
      this.noteUnread('workflows (looking for duplicates)', response.hits?.unread);
      for (const workflow of this.crawlersOf(hits)) if (workflow.connectionName === connectionName) found.push(workflow);
      const returned = response.hits?.returned ?? hits.length;
      const total = response.hits?.total?.value ?? Number.POSITIVE_INFINITY;
      if (returned < pageSize || from + returned >= total || from + pageSize >= MAX_WINDOW) return found;
    }
  }

  // ------------------------------------------------------------------ runs

  /**
   * The newest run of each workflow (see latestRuns.ts): one collapsed runs/indexsearch request
   * when the tenant collapses, a few windows of runs when it does not. Merged with this client's
   * own submits the index does not show yet. Names whose latest run could not be found within
   * the request cap are listed in `unknown` rather than reported as never run.
   */
  async latestRuns(workflowNames: readonly string[], options?: CallOptions): Promise<LatestRuns> {
    const names = unique(workflowNames);
    const seen = new Map<string, CrawlerRun[]>();
    const unknown: string[] = [];
    const unreadHits: string[] = [];
    const search = async (body: SearchBody, optional: OptionalKeys) => {
      const outcome = await this.searchRunDocs(body, optional, options);
      unreadHits.push(...(outcome.response.hits?.unread ?? []));
      return outcome;
    };
    for (const chunk of chunks(names, MAX_TERMS)) {
      const found = await this.latestRunFinder.find(chunk, search);
      for (const [name, runs] of found.seen) seen.set(name, runs);
      unknown.push(...found.unknown);
    }
    this.ledger.confirm([...seen.values()].flat());
    const result = new Map<string, CrawlerRun>();
    for (const name of names) {
      const runs = (seen.get(name) ?? []).sort(compareRunsNewestFirst);
      const latest = this.ledger.latest(name, runs);
      if (latest) result.set(name, latest);
    }
    const unread = this.noteUnread('runs', unreadHits);
    return Object.assign(result, { unknown: unknown.filter((name) => !result.has(name)), ...(unread ? { unread } : {}) });
  }

  async listRuns(workflowName: string, query: { cursor?: string; size: number }, options?: CallOptions): Promise<Page<CrawlerRun>> {
    this.requireName(workflowName, 'workflow name');
    const size = this.pageSize(query.size);
    const from = this.parseCursor(query.cursor);
    const { response } = await this.searchRunDocs(workflowRunsSearch(workflowName, from, size), {}, options);
    const items = this.runsOf(response).sort(compareRunsNewestFirst);
    const pending = this.ledger.latest(workflowName, items);
    if (from === 0 && pending && !items.some((r) => r.id === pending.id)) items.unshift(pending);
    const total = response.hits?.total?.value;
    const returned = response.hits?.returned ?? response.hits?.hits.length ?? 0;
    const end = from + returned;
    const more = total !== undefined ? end < total : returned === size;
    const unread = this.noteUnread(`runs of ${workflowName}`, response.hits?.unread);
    return { items, ...(total !== undefined ? { total } : {}), ...(more && end > from ? { next: String(end) } : {}), ...(unread ? { unread } : {}) };
  }

  /**
   * One runs/indexsearch request for any number of runs: `terms` on `_id`. Placeholder ids of
   * runs started by a create (name not known yet) resolve, in the same request, to the newest run
   * of their workflow; the map stays keyed by the id asked for.
   */
  async getRuns(runs: readonly { id: string; workflowName: string }[], options?: CallOptions): Promise<Map<string, CrawlerRun>> {
    const result = new Map<string, CrawlerRun>();
    const requested = unique(runs.map((r) => r.id));
    for (const chunk of chunks(requested, MAX_TERMS)) {
      const ids = chunk.filter((id) => !isPendingRunId(id));
      const pendingWorkflows = chunk.filter(isPendingRunId).map(workflowOfPendingRunId);
      const size = Math.min(MAX_WINDOW, ids.length + pendingWorkflows.length * 5);
      const { response } = await this.searchRunDocs(runsByIdSearch(ids, pendingWorkflows, size), {}, options);
      this.noteUnread('runs being watched', response.hits?.unread);
      const found = this.runsOf(response).sort(compareRunsNewestFirst);
      const byId = new Map(found.map((r) => [r.id, r]));
      for (const id of chunk) {
        if (isPendingRunId(id)) {
          const workflowName = workflowOfPendingRunId(id);
          const run = found.find((r) => r.workflowName === workflowName) ?? this.ledger.get(workflowName);
          if (run) result.set(id, run);
          continue;
        }
        const run = byId.get(id) ?? this.unconfirmedRun(id, runs);
        if (run) result.set(id, run);
      }
    }
    return result;
  }

  // ------------------------------------------------------------------ writes

  async create(crawler: BuiltCrawler, options?: CallOptions & { run?: boolean }): Promise<CreatedCrawler> {
    const workflow = this.legacyWorkflow(crawler);
    const name = workflow.metadata.name;
    this.requireName(name, 'workflow metadata.name');
    if (await this.findTemplate(name, options)) {
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
        error.message += lookup.checked
          ? ` No workflow named ${name} appeared on the tenant in the following` +
            ` ${Math.round((this.createLookupAttempts * this.indexLagMs) / 1000)} s, so it was most likely not created;` +
            ' refresh the workflow list before creating it again.'
          : ` Whether workflow ${name} was created could not be checked (the tenant did not answer);` +
            ' look at the workflow list before creating it again.';
        throw error;
      }
      created = lookup.found;
    }
    this.createdTemplates.set(name, { doc: created, createdAt: this.clock.now() });
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
    this.createdTemplates.delete(workflowName);
  }

  async stop(run: { id: string; workflowName: string }, options?: CallOptions): Promise<CrawlerRun> {
    let id = run.id;
    if (isPendingRunId(id)) {
      const resolved = (await this.getRuns([run], options)).get(id);
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

  // ------------------------------------------------------------------ schedules and definition

  /** The package-workflow surface keeps at most one schedule per workflow, in two annotations. */
  async getSchedules(workflowName: string, options?: CallOptions): Promise<Schedule[]> {
    const doc = await this.requireTemplate(workflowName, options);
    const schedule = scheduleFromAnnotations(doc.metadata.annotations);
    return schedule ? [schedule] : [];
  }

  /** Sets (replaces) the workflow's schedule: annotations on the template, then an update. */
  async addSchedule(workflowName: string, schedule: Schedule, options?: CallOptions): Promise<Schedule> {
    validateSchedule(this.http.origin, schedule);
    const doc = await this.requireTemplate(workflowName, options);
    const annotations = { ...(doc.metadata.annotations ?? {}), [SCHEDULE_ANNOTATION]: schedule.cron, [TIMEZONE_ANNOTATION]: schedule.timezone };
    await this.postTemplate(doc, annotations, options);
    return { cron: schedule.cron, timezone: schedule.timezone };
  }

  /** Removes the schedule annotation (the time zone stays, as pyatlan does). */
  async removeSchedule(workflowName: string, _schedule: Schedule, options?: CallOptions): Promise<void> {
    const doc = await this.requireTemplate(workflowName, options);
    const annotations = { ...(doc.metadata.annotations ?? {}) };
    if (!(SCHEDULE_ANNOTATION in annotations)) return;
    delete annotations[SCHEDULE_ANNOTATION];
    await this.postTemplate(doc, annotations, options);
  }

  async getDefinition(workflowName: string, options?: CallOptions): Promise<BuiltCrawler> {
    const doc = await this.requireTemplate(workflowName, options);
    const { name, namespace, labels, annotations } = doc.metadata;
    return {
      surface: 'workflows',
      workflow: {
        metadata: { name, namespace: namespace ?? 'default', labels: labels ?? {}, annotations: annotations ?? {} },
        spec: doc.spec ?? {},
        // The tenant stores credentials itself; the template only references their guid.
        payload: [],
      },
    };
  }

  // ------------------------------------------------------------------ internals

  private async rerunOnce(workflowName: string, options?: CallOptions & { idempotent?: boolean }): Promise<RerunResult> {
    if (options?.idempotent ?? true) {
      const inFlight = await this.findRunInFlight(workflowName, options);
      if (inFlight) return { run: inFlight, reused: true };
      // One empty search is not proof: another client may have submitted a moment ago and the
      // index has not caught up. Look once more after the index's usual lag.
      await this.pause(this.indexLagMs, options);
      const late = await this.findRunInFlight(workflowName, options);
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

  /** A Pending/Running (or unknown-phase) run per the index, else one this client submitted and the index does not show yet. */
  private async findRunInFlight(workflowName: string, options?: CallOptions): Promise<CrawlerRun | undefined> {
    const runs = this.runsOf((await this.searchRunDocs(currentRunsSearch(workflowName), {}, options)).response).sort(compareRunsNewestFirst);
    const indexed = runs.find((r) => r.workflowName === workflowName && !isFinished(r.phase));
    if (indexed) return indexed;
    this.ledger.latest(workflowName, runs);
    return this.ledger.inFlight(workflowName);
  }

  /** Searches for the template a failed create may have made; `checked` is false when no search got an answer. */
  private async lookUpAfterAmbiguousCreate(name: string, options?: CallOptions): Promise<{ found?: WorkflowTemplateDoc; checked: boolean }> {
    let checked = false;
    for (let attempt = 1; attempt <= this.createLookupAttempts; attempt++) {
      try {
        const found = await this.findTemplate(name, options);
        if (found) return { found, checked: true };
        checked = true;
      } catch (lookupError) {
        if (options?.signal?.aborted) throw lookupError;
      }
      if (attempt < this.createLookupAttempts) await this.pause(this.indexLagMs, options);
    }
    return { checked };
  }

  private async pause(ms: number, options?: CallOptions): Promise<void> {
    try {
      await this.clock.sleep(ms, options?.signal);
    } catch (cause) {
      throw new CancelledError({ origin: this.http.origin, cause });
    }
  }

  private unconfirmedRun(id: string, runs: readonly { id: string; workflowName: string }[]): CrawlerRun | undefined {
    const workflowName = runs.find((r) => r.id === id)?.workflowName;
    if (!workflowName) return undefined;
    const pending = this.ledger.get(workflowName);
    return pending?.id === id ? pending : undefined;
  }

  private runsOf(response: RunSearchResponse): CrawlerRun[] {
    const runs = (response.hits?.hits ?? []).map((hit) => runFromDoc(hit._source, hit._id));
    this.ledger.confirm(runs);
    return runs;
  }

  private async findTemplate(name: string, options?: CallOptions): Promise<WorkflowTemplateDoc | undefined> {
    this.requireName(name, 'workflow name');
    const response = await this.searchWorkflows(workflowByNameSearch(name), options);
    const indexed = (response.hits?.hits ?? []).map((h) => h._source).find((doc) => doc.metadata.name === name);
    const created = this.createdTemplates.get(name);
    if (indexed || (created && this.clock.now() - created.createdAt > this.ledgerTtlMs)) this.createdTemplates.delete(name);
    return indexed ?? this.createdTemplates.get(name)?.doc;
  }

  private async requireTemplate(name: string, options?: CallOptions): Promise<WorkflowTemplateDoc> {
    const doc = await this.findTemplate(name, options);
    if (!doc) {
      throw new NotFoundError({ origin: this.http.origin, message: `There is no workflow named ${name} on ${this.http.origin}; it may have been archived.` });
    }
    return doc;
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

  private searchWorkflows(body: SearchRequest, options?: CallOptions) {
    return this.http.request({ method: 'POST', path: 'workflows/indexsearch', body, schema: workflowSearchSchema, retry: true, signal: options?.signal });
  }

  /** A page of templates for a listing: `_source` includes, as far as the tenant takes them. */
  private async listTemplates(body: SearchRequest, options?: CallOptions): Promise<WorkflowSearchResponse> {
    const outcome = await this.templateSearchFeatures.send(body, { _source: TEMPLATE_SOURCE }, (b) => this.searchWorkflows(b, options));
    const first = outcome.response.hits?.hits?.[0]?._source;
    if (outcome.sent.has('_source') && first && !sourceLooksFiltered(first, TEMPLATE_SOURCE.includes)) this.templateSearchFeatures.noteIgnored('_source');
    return outcome.response;
  }

  private searchRuns(body: SearchRequest, options?: CallOptions) {
    return this.http.request({ method: 'POST', path: 'runs/indexsearch', body, schema: runSearchSchema, retry: true, signal: options?.signal });
  }

  /** A runs search with `_source` includes (RUN_SOURCE unless `optional` names others), as far as the tenant takes them. */
  private async searchRunDocs(body: SearchBody, optional: OptionalKeys, options?: CallOptions): Promise<SearchOutcome<RunSearchResponse>> {
    const source = optional._source ?? RUN_SOURCE;
    const outcome = await this.searchFeatures.send(body, { ...optional, _source: source }, (b) => this.searchRuns(b, options));
    const first = outcome.response.hits?.hits?.[0]?._source;
    if (outcome.sent.has('_source') && first && !sourceLooksFiltered(first, source.includes)) {
      // Whole documents came back: the answer is right, the includes are just dead weight.
      this.searchFeatures.noteIgnored('_source');
    }
    return outcome;
  }

  private endpoints(): Promise<WorkflowEndpoints> {
    if (!this.endpointsPromise) {
      this.endpointsPromise = this.resolveEndpoints().catch((error: unknown) => {
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
    if (typeof value !== 'string' || value.trim() === '') throw new InvalidArgumentError(this.http.origin, `The ${what} is empty.`);
  }

  private pageSize(size: number): number {
    if (!Number.isInteger(size) || size < 1 || size > 1000) {
      throw new InvalidArgumentError(this.http.origin, `Page size must be a whole number from 1 to 1000 (got ${size}).`);
    }
    return size;
  }

  private parseCursor(cursor: string | undefined): number {
    if (cursor === undefined) return 0;
    if (!/^\d+$/.test(cursor) || Number(cursor) >= MAX_WINDOW) {
      throw new InvalidArgumentError(this.http.origin, `The page cursor "${cursor}" is not one this client handed out.`);
    }
    return Number(cursor);
  }
}

function unique(values: readonly string[]): string[] {
  return [...new Set(values.filter((v) => typeof v === 'string' && v !== ''))];
}

function chunks<T>(values: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < values.length; i += size) out.push(values.slice(i, i + size));
  return out;
}
