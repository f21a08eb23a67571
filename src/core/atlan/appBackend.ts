/**
 * CrawlerBackend for Atlan's App API (`v1/app`), where a workflow is identified by its slug.
 *
 * The App API has no run search: a run can only be read by id. Newer tenants keep every run as an
 * `AppWorkflowRun` asset in the catalog, so run reads go to the asset search (appRuns.ts,
 * appRunCatalog.ts): runs started anywhere (the Atlan UI, a schedule, other clients), one request
 * per read whatever the number of workflows or runs. The runs this backend started (and any the
 * caller hands it via `rememberRuns`, e.g. persisted ids) are merged in until the catalog shows
 * them; a tenant without such assets falls back to those runs alone (`runScope` 'own').
 *
 * This class holds the pieces together: workflow reads (appWorkflows.ts), schedules
 * (appSchedules.ts), the stored definition and the bodies sent (appDefinitions.ts), runs
 * (appRuns.ts) and writes (appWrites.ts), with the hooks callers set for the log and persistence.
 */
import { AppDefinitions, type SentBody } from './appDefinitions';
import { workflowFromSummary } from './appMapping';
import { AppRuns } from './appRuns';
import { AppSchedules } from './appSchedules';
import { AppWorkflows } from './appWorkflows';
import { AppWrites } from './appWrites';
import type {
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
import { systemClock, type Clock } from './clock';
import type { AtlanHttp } from './http';

export { POSTGRES_APP_ID } from './appMapping';
export type { SentBody } from './appDefinitions';

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

export class AppBackend implements CrawlerBackend {
  readonly surface = 'apps' as const;
  private readonly workflows: AppWorkflows;
  private readonly schedules: AppSchedules;
  private readonly definitions: AppDefinitions;
  private readonly runs: AppRuns;
  private readonly writes: AppWrites;
  /**
   * Told after every change of the schedules this client attached, so they can outlive the
   * session: without them a later update could not remove the trigger it replaces.
   */
  onDidChangeSchedules?: (known: Record<string, Schedule[]>) => void;
  /** Told what the catalog's answers left out and why (assets that do not parse), and when run reads fall back. */
  onNote?: (note: string) => void;
  /** Told after this client records a body it sent, so it outlives the session (per tenant). */
  onDidChangeSentBodies?: (known: Record<string, SentBody>) => void;

  constructor(options: AppBackendOptions) {
    const clock = options.clock ?? systemClock;
    const indexLagMs = options.indexLagMs ?? 2_000;
    const note = (text: string): void => this.onNote?.(text);
    this.workflows = new AppWorkflows(options.http, note);
    this.schedules = new AppSchedules(this.workflows, (known) => this.onDidChangeSchedules?.(known));
    this.definitions = new AppDefinitions(this.workflows, this.schedules, (known) => this.onDidChangeSentBodies?.(known));
    this.runs = new AppRuns({
      http: options.http,
      clock,
      indexLagMs,
      runConcurrency: Math.max(1, options.runConcurrency ?? 4),
      catalogLagMs: options.catalogLagMs ?? 120_000,
      note,
    });
    this.writes = new AppWrites(this.workflows, this.schedules, this.definitions, this.runs, {
      clock,
      indexLagMs,
      createLookupAttempts: Math.max(1, options.createLookupAttempts ?? 3),
    });
  }

  /**
   * One request per poll for any number of runs once the catalog answered (a batch read by id);
   * one per run otherwise, so the monitor budgets requests.
   */
  get pollCost(): PollCost {
    return this.runs.pollCost;
  }

  /** 'all' once the catalog answered, 'own' after the fallback, undefined until a run read tells. */
  get runScope(): RunScope | undefined {
    return this.runs.runScope;
  }

  /** Why run reads see only this client's runs (after the fallback). */
  get runScopeReason(): string | undefined {
    return this.runs.runScopeReason;
  }

  /** Teach the backend runs it did not start (e.g. ids persisted by the extension). Newest last. */
  rememberRuns(runs: readonly CrawlerRun[]): void {
    for (const run of runs) this.runs.remember(run);
  }

  /** Teach the backend schedules it attached in an earlier session (see onDidChangeSchedules). */
  rememberSchedules(known: Readonly<Record<string, readonly Schedule[]>>): void {
    this.schedules.remember(known);
  }

  /** Teach the backend the bodies it sent in earlier sessions (see onDidChangeSentBodies). */
  rememberSentBodies(known: Readonly<Record<string, SentBody>>): void {
    this.definitions.rememberSent(known);
  }

  /** Every run this backend knows, to persist across sessions. */
  knownRuns(): CrawlerRun[] {
    return this.runs.knownRuns();
  }

  // ------------------------------------------------------------------ workflows

  /** One `GET v1/app` page; other apps' workflows are dropped, so a page may hold fewer than `size`. Order is the tenant's. */
  async listWorkflows(query: { cursor?: string; size: number; name?: string }, options?: CallOptions): Promise<Page<CrawlerWorkflow>> {
    const page = await this.workflows.listPage(query, options);
    const items = page.summaries.map((summary) => this.schedules.withKnownSchedule(workflowFromSummary(summary)));
    return { items, ...(page.next ? { next: page.next } : {}), ...(page.unread ? { unread: page.unread } : {}) };
  }

  async getWorkflow(slug: string, options?: CallOptions): Promise<CrawlerWorkflow | undefined> {
    const summary = await this.workflows.getSummary(slug, options);
    return summary ? this.schedules.withKnownSchedule(workflowFromSummary(summary)) : undefined;
  }

  /**
   * Workflows whose display name is this connection name (`GET v1/app?name=`): the App builder
   * names a workflow after its connection. Workflows renamed away from their connection are missed.
   */
  async findByConnectionName(connectionName: string, options?: CallOptions): Promise<CrawlerWorkflow[]> {
    this.workflows.requireName(connectionName, 'connection name');
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
  latestRuns(workflowNames: readonly string[], options?: CallOptions): Promise<LatestRuns> {
    return this.runs.latest(workflowNames, options);
  }

  /**
   * Runs of one workflow, newest first: the catalog's page (one request), the first page topped
   * with this client's runs the catalog does not show yet. Without the catalog: the remembered
   * runs, the page's unfinished ones re-read (one request each).
   */
  listRuns(workflowName: string, query: { cursor?: string; size: number }, options?: CallOptions): Promise<Page<CrawlerRun>> {
    return this.runs.list(workflowName, query, options);
  }

  /**
   * Current state of runs. With the catalog: one search by id for all of them, the ones it does
   * not show yet (just started) read by id. Without: `GET v1/app/runs/{id}` per run (the App API
   * has no batch read). A remembered finished run is final and served from memory at no cost.
   * Unknown ids are left out.
   */
  getRuns(runs: readonly { id: string; workflowName: string }[], options?: CallOptions): Promise<Map<string, CrawlerRun>> {
    return this.runs.get(runs, options);
  }

  // ------------------------------------------------------------------ writes

  create(crawler: BuiltCrawler, options?: CallOptions & { run?: boolean }): Promise<CreatedCrawler> {
    return this.writes.create(crawler, options);
  }

  rerun(slug: string, options?: CallOptions & { idempotent?: boolean }): Promise<RerunResult> {
    return this.writes.rerun(slug, options);
  }

  /**
   * `PUT v1/app/{slug}`: a new version on the same slug. Without credential fields the stored
   * credential is kept. The PUT carries inputs only, so a changed schedule is applied after it: the
   * new trigger is added (it attaches to the latest version) and the known ones that no longer
   * match are removed; no schedule in the crawler removes them all.
   */
  update(slug: string, crawler: BuiltCrawler, options?: CallOptions): Promise<CrawlerWorkflow> {
    return this.writes.update(slug, crawler, options);
  }

  archive(slug: string, options?: CallOptions): Promise<void> {
    return this.writes.archive(slug, options);
  }

  stop(run: { id: string; workflowName: string }, options?: CallOptions): Promise<CrawlerRun> {
    return this.writes.stop(run, options);
  }

  // ------------------------------------------------------------------ schedules and definition

  /** The tenant's schedules for the workflow plus those added through this client (the get does not always list them). */
  getSchedules(slug: string, options?: CallOptions): Promise<Schedule[]> {
    return this.schedules.get(slug, options);
  }

  addSchedule(slug: string, schedule: Schedule, options?: CallOptions): Promise<Schedule> {
    return this.schedules.add(slug, schedule, options);
  }

  removeSchedule(slug: string, schedule: Schedule, options?: CallOptions): Promise<void> {
    return this.schedules.remove(slug, schedule, options);
  }

  /** The stored definition (appDefinitions.ts): the get's inputs, else the list item's DAG, else the body this client sent, with a caveat. */
  getDefinition(slug: string, options?: CallOptions): Promise<StoredDefinition> {
    return this.definitions.get(slug, options);
  }
}
