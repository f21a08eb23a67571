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
 *
 * This class holds the pieces together: the two searches (legacySearch.ts), templates
 * (legacyWorkflows.ts), runs (legacyRuns.ts) and writes (legacyWrites.ts).
 */
import type {
  BuiltCrawler,
  CallOptions,
  CrawlerBackend,
  CrawlerRun,
  CrawlerWorkflow,
  CreatedCrawler,
  LatestRuns,
  Page,
  RerunResult,
  Schedule,
} from './backend';
import { systemClock, type Clock } from './clock';
import type { AtlanHttp } from './http';
import { LegacyRuns } from './legacyRuns';
import { LegacySearch } from './legacySearch';
import { LegacyWorkflows } from './legacyWorkflows';
import { LegacyWrites, type WorkflowEndpoints } from './legacyWrites';
import type { FeatureVerdict, SearchFeature } from './searchFeatures';
import { SubmissionLedger } from './submissionLedger';

export type { WorkflowEndpoints } from './legacyWrites';

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

export class LegacyBackend implements CrawlerBackend {
  readonly surface = 'workflows' as const;
  readonly pollCost = 'one-request' as const;
  private readonly search: LegacySearch;
  private readonly workflows: LegacyWorkflows;
  private readonly runs: LegacyRuns;
  private readonly writes: LegacyWrites;
  /** Told what the tenant's answers held that could not be read (left out, or shown in part) and why: for the log. */
  onNote?: (note: string) => void;

  constructor(options: LegacyBackendOptions) {
    const clock = options.clock ?? systemClock;
    const ledgerTtlMs = options.ledgerTtlMs ?? 10 * 60_000;
    const ledger = new SubmissionLedger(clock, ledgerTtlMs);
    const note = (text: string): void => this.onNote?.(text);
    this.search = new LegacySearch(options.http);
    this.workflows = new LegacyWorkflows(this.search, clock, ledgerTtlMs, note);
    this.runs = new LegacyRuns(this.search, ledger, note, options.latestRunsMaxRequests);
    this.writes = new LegacyWrites(this.workflows, this.runs, ledger, {
      http: options.http,
      clock,
      endpoints: options.endpoints,
      indexLagMs: options.indexLagMs ?? 2_000,
      createLookupAttempts: Math.max(1, options.createLookupAttempts ?? 4),
    });
  }

  /** What the tenant's runs search did with the optional keys so far (logs, benches). */
  searchFeatureVerdicts(): Record<SearchFeature, FeatureVerdict> {
    return this.search.runFeatureVerdicts();
  }

  /** What the tenant's workflows search did with `_source` so far. */
  templateSearchFeatureVerdicts(): Record<SearchFeature, FeatureVerdict> {
    return this.search.templateFeatureVerdicts();
  }

  // ------------------------------------------------------------------ workflows

  listWorkflows(query: { cursor?: string; size: number; name?: string }, options?: CallOptions): Promise<Page<CrawlerWorkflow>> {
    return this.workflows.list(query, options);
  }

  /** The Postgres crawler of that name; undefined when there is none (or the template is another package). */
  getWorkflow(name: string, options?: CallOptions): Promise<CrawlerWorkflow | undefined> {
    return this.workflows.get(name, options);
  }

  /** Connection names live inside a JSON parameter, so this pages through every Postgres workflow. */
  findByConnectionName(connectionName: string, options?: CallOptions): Promise<CrawlerWorkflow[]> {
    return this.workflows.findByConnectionName(connectionName, options);
  }

  // ------------------------------------------------------------------ runs

  /**
   * The newest run of each workflow (see latestRuns.ts): one collapsed runs/indexsearch request
   * when the tenant collapses, a few windows of runs when it does not. Merged with this client's
   * own submits the index does not show yet. Names whose latest run could not be found within
   * the request cap are listed in `unknown` rather than reported as never run.
   */
  latestRuns(workflowNames: readonly string[], options?: CallOptions): Promise<LatestRuns> {
    return this.runs.latest(workflowNames, options);
  }

  listRuns(workflowName: string, query: { cursor?: string; size: number }, options?: CallOptions): Promise<Page<CrawlerRun>> {
    return this.runs.list(workflowName, query, options);
  }

  /**
   * One runs/indexsearch request for any number of runs: `terms` on `_id`. Placeholder ids of
   * runs started by a create (name not known yet) resolve, in the same request, to the newest run
   * of their workflow; the map stays keyed by the id asked for.
   */
  getRuns(runs: readonly { id: string; workflowName: string }[], options?: CallOptions): Promise<Map<string, CrawlerRun>> {
    return this.runs.get(runs, options);
  }

  // ------------------------------------------------------------------ writes

  create(crawler: BuiltCrawler, options?: CallOptions & { run?: boolean }): Promise<CreatedCrawler> {
    return this.writes.create(crawler, options);
  }

  rerun(workflowName: string, options?: CallOptions & { idempotent?: boolean }): Promise<RerunResult> {
    return this.writes.rerun(workflowName, options);
  }

  update(workflowName: string, crawler: BuiltCrawler, options?: CallOptions): Promise<CrawlerWorkflow> {
    return this.writes.update(workflowName, crawler, options);
  }

  archive(workflowName: string, options?: CallOptions): Promise<void> {
    return this.writes.archive(workflowName, options);
  }

  stop(run: { id: string; workflowName: string }, options?: CallOptions): Promise<CrawlerRun> {
    return this.writes.stop(run, options);
  }

  // ------------------------------------------------------------------ schedules and definition

  /** The package-workflow surface keeps at most one schedule per workflow, in two annotations. */
  getSchedules(workflowName: string, options?: CallOptions): Promise<Schedule[]> {
    return this.writes.getSchedules(workflowName, options);
  }

  /** Sets (replaces) the workflow's schedule: annotations on the template, then an update. */
  addSchedule(workflowName: string, schedule: Schedule, options?: CallOptions): Promise<Schedule> {
    return this.writes.addSchedule(workflowName, schedule, options);
  }

  /** Removes the schedule annotation (the time zone stays, as pyatlan does). */
  removeSchedule(workflowName: string, _schedule: Schedule, options?: CallOptions): Promise<void> {
    return this.writes.removeSchedule(workflowName, options);
  }

  getDefinition(workflowName: string, options?: CallOptions): Promise<BuiltCrawler> {
    return this.workflows.definition(workflowName, options);
  }
}
