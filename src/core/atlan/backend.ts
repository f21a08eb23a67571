/**
 * The workflow / run vocabulary the features speak, independent of which Atlan API surface
 * (legacy package workflows or the newer App API) a tenant runs. Each surface implements
 * CrawlerBackend; features never build HTTP requests themselves.
 */

/** Which Atlan API surface a tenant uses for crawler workflows. */
export type Surface = 'workflows' | 'apps';

/** Phases from both surfaces. Unknown phases are kept as they are, never dropped. */
export type KnownRunPhase =
  | 'Pending'
  | 'Running'
  | 'Paused'
  | 'Succeeded'
  | 'Failed'
  | 'Error'
  | 'Stopped'
  | 'Terminated'
  | 'Skipped';
export type RunPhase = KnownRunPhase | (string & {});

const FINISHED: ReadonlySet<string> = new Set(['Succeeded', 'Failed', 'Error', 'Stopped', 'Terminated', 'Skipped']);

/** Phases of a run that is waiting, running or paused: it can still change. */
const IN_FLIGHT: ReadonlySet<string> = new Set(['Pending', 'Running', 'Paused']);

/**
 * A run (or step) is finished when its phase can no longer change. A phase this client does not
 * know counts as in flight only while the run has no end time: once the tenant gives it a
 * `finishedAt` it has ended, whatever the phase is called (shown as it is). A bare phase has no end
 * time to tell, so an unknown one counts as in flight.
 */
export function isFinished(run: RunPhase | { readonly phase: RunPhase; readonly finishedAt?: string }): boolean {
  if (typeof run === 'string') return FINISHED.has(run);
  if (FINISHED.has(run.phase) || IN_FLIGHT.has(run.phase)) return FINISHED.has(run.phase);
  return typeof run.finishedAt === 'string' && run.finishedAt.trim() !== '';
}

export interface Schedule {
  /** Five-field cron expression, e.g. `45 4 * * *`. */
  cron: string;
  /** IANA time zone, e.g. `Europe/Paris`. */
  timezone: string;
  /** App API trigger id, when the surface has one. */
  triggerId?: string;
}

/** A Postgres crawler workflow on the tenant. */
export interface CrawlerWorkflow {
  /** Stable identifier: the template name (`atlan-postgres-<epoch>`, `atlan-postgres-default-postgres-<epoch>`, ...) or the App API slug. */
  name: string;
  /** The connection name the crawler creates or updates, when known. */
  connectionName?: string;
  /** `default/postgres/<epoch>` when known. */
  connectionQualifiedName?: string;
  /** RFC 3339. */
  createdAt?: string;
  schedule?: Schedule;
  surface: Surface;
}

/** One step of a run (an Argo leaf node: a pod). */
export interface RunStep {
  name: string;
  phase: RunPhase;
  /** RFC 3339, when the surface reports step times. */
  startedAt?: string;
  finishedAt?: string;
  message?: string;
}

/** One run of a crawler workflow. */
export interface CrawlerRun {
  /** Run name (`<template>-abcde`) or App API run id. */
  id: string;
  workflowName: string;
  phase: RunPhase;
  /** RFC 3339. */
  startedAt?: string;
  finishedAt?: string;
  /** Argo "n/m" progress. */
  progress?: string;
  message?: string;
  /** Who started it (preferred username or email). */
  startedBy?: string;
  /** Who stopped it, on a Stopped run whose tenant records that (see legacyMapping). */
  stoppedBy?: string;
  /** Steps that failed, with their messages; empty when none or unknown. */
  failedSteps: RunStep[];
  /** Every step in the order they started (not started last); undefined when the surface reports no steps. */
  steps?: RunStep[];
}

/**
 * The latest run of each workflow asked for. A workflow that never ran is absent. `unknown` (when
 * present and not empty) names workflows whose latest run could not be determined (the search
 * reached its request cap): absent from the map although they may have runs, so a view should
 * say "unknown", not "never run".
 */
export type LatestRuns = Map<string, CrawlerRun> & { readonly unknown?: readonly string[]; readonly unread?: readonly string[] };

/**
 * One page of results. `next` is an opaque cursor; absent on the last page. `unread` (when present
 * and not empty) gives one reason per item of the tenant's answer that could not be read and was
 * left out (see itemReader.ts): the rest is in `items`, and a view says how many are missing.
 */
export interface Page<T> {
  items: T[];
  total?: number;
  next?: string;
  unread?: readonly string[];
}

export interface CallOptions {
  signal?: AbortSignal;
}

/** A crawler ready to send, built from a configuration for one surface (see core/workflow). */
export type BuiltCrawler =
  | { surface: 'workflows'; workflow: LegacyWorkflowJson }
  | { surface: 'apps'; body: AppCreateBody };

/** The package-workflow JSON: `{metadata, spec, payload}` as in reference/sdk-payloads. */
export interface LegacyWorkflowJson {
  metadata: { name: string; namespace: string; labels: Record<string, string>; annotations: Record<string, string> };
  spec: Record<string, unknown>;
  payload: { parameter: string; type: string; body: Record<string, unknown> }[];
}

/** App API create body, keys in the order the SDK sends them. */
export interface AppCreateBody {
  app_id: string;
  name: string;
  inputs: Record<string, unknown>;
  entrypoint?: string;
  schedule?: { cron: string; timezone?: string };
  run?: boolean;
}

/**
 * A workflow's definition as read from the tenant. `caveat` says, when the tenant's own read of the
 * workflow lacked it, what was missing and where the definition came from instead (the list
 * item's DAG, or the body this client created it with): views show it next to what they conclude.
 */
export type StoredDefinition = BuiltCrawler & { readonly caveat?: string };

export interface CreatedCrawler {
  workflow: CrawlerWorkflow;
  /** The first run, when the create also started one. */
  run?: CrawlerRun;
}

export interface RerunResult {
  run: CrawlerRun;
  /** True when an in-flight run was returned instead of starting another. */
  reused: boolean;
}

/**
 * What one `getRuns` poll costs: one request whatever the number of runs (the legacy runs
 * search), or one request per run (the App API reads runs by id only).
 */
export type PollCost = 'one-request' | 'per-run';

/**
 * Whose runs the run reads see: 'all' (a run search: runs started anywhere), or 'own' (only the
 * runs this client started or was told about: the tenant cannot list the others).
 */
export type RunScope = 'all' | 'own';

/** Operations on Postgres crawler workflows, implemented once per surface. */
export interface CrawlerBackend {
  readonly surface: Surface;
  /** How the monitor must budget its polls; absent means 'one-request'. */
  readonly pollCost?: PollCost;
  /** Whose runs latestRuns / listRuns see; absent means 'all' (or not known yet). */
  readonly runScope?: RunScope;
  /** Why the scope is 'own', for the log. */
  readonly runScopeReason?: string;
  /** Told, for the log, what the tenant's answers held that could not be read (left out, or shown in part) and why. */
  onNote?: (note: string) => void;
  /** Postgres crawler workflows, newest first. */
  listWorkflows(query: { cursor?: string; size: number; name?: string }, options?: CallOptions): Promise<Page<CrawlerWorkflow>>;
  getWorkflow(name: string, options?: CallOptions): Promise<CrawlerWorkflow | undefined>;
  /** Workflows whose connection has this name (duplicate guard). */
  findByConnectionName(connectionName: string, options?: CallOptions): Promise<CrawlerWorkflow[]>;
  /** Latest run of each workflow; one request on the legacy surface whatever the count (when the tenant collapses). */
  latestRuns(workflowNames: readonly string[], options?: CallOptions): Promise<LatestRuns>;
  /** Runs of one workflow, newest first. */
  listRuns(workflowName: string, query: { cursor?: string; size: number }, options?: CallOptions): Promise<Page<CrawlerRun>>;
  /** Current state of several runs; one request per poll on the legacy surface. */
  getRuns(runs: readonly { id: string; workflowName: string }[], options?: CallOptions): Promise<Map<string, CrawlerRun>>;
  create(crawler: BuiltCrawler, options?: CallOptions & { run?: boolean }): Promise<CreatedCrawler>;
  /** Start the workflow again. Idempotent by default: returns an in-flight run if there is one. */
  rerun(workflowName: string, options?: CallOptions & { idempotent?: boolean }): Promise<RerunResult>;
  update(workflowName: string, crawler: BuiltCrawler, options?: CallOptions): Promise<CrawlerWorkflow>;
  archive(workflowName: string, options?: CallOptions): Promise<void>;
  stop(run: { id: string; workflowName: string }, options?: CallOptions): Promise<CrawlerRun>;
  getSchedules(workflowName: string, options?: CallOptions): Promise<Schedule[]>;
  addSchedule(workflowName: string, schedule: Schedule, options?: CallOptions): Promise<Schedule>;
  removeSchedule(workflowName: string, schedule: Schedule, options?: CallOptions): Promise<void>;
  /** The definition as the tenant stores it, for import and drift (credentials appear only as guids). */
  getDefinition(workflowName: string, options?: CallOptions): Promise<StoredDefinition>;
}
