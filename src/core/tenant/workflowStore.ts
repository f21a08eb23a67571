import { EventEmitter } from 'node:events';
import { isFinished, type CrawlerBackend, type CrawlerRun, type CrawlerWorkflow } from '../atlan/backend';
import { isPendingRunId } from '../atlan/submissionLedger';

/**
 * What the extension knows of the active tenant's crawler workflows and their runs, keyed by
 * workflow name, with change events naming what changed so a view refreshes only those nodes.
 * A refresh costs two requests whatever the number of workflows: one page of workflows, and the
 * latest run of all of them in one batched query.
 */
export interface WorkflowEntry {
  workflow: CrawlerWorkflow;
  latestRun?: CrawlerRun;
  /** The tenant could not say what the latest run is (search limits): not the same as "never run". */
  latestRunUnknown?: boolean;
  /** Recent runs, newest first; undefined until loaded (when the user expands the workflow). */
  recentRuns?: CrawlerRun[];
}

export type StoreChange =
  /** Everything changed (refresh, new page, filter, sign-out). */
  | { kind: 'all' }
  /** One workflow's entry changed (a run moved on, its runs loaded). */
  | { kind: 'workflow'; name: string };

export interface StoreOptions {
  pageSize: number;
  recentRuns: number;
}

export class WorkflowStore {
  private readonly events = new EventEmitter();
  private readonly entries = new Map<string, WorkflowEntry>();
  private order: string[] = [];
  private nextCursor: string | undefined;
  private totalCount: number | undefined;
  private loadedOnce = false;

  constructor(
    private backend: CrawlerBackend | undefined,
    private options: StoreOptions,
  ) {}

  /** New page size or number of recent runs (settings changed); they apply from the next refresh. */
  setOptions(options: StoreOptions): void {
    this.options = { ...options };
  }

  onDidChange(listener: (change: StoreChange) => void): { dispose(): void } {
    this.events.on('change', listener);
    return { dispose: () => this.events.off('change', listener) };
  }

  private emit(change: StoreChange): void {
    this.events.emit('change', change);
  }

  /** Switches tenant (or signs out with undefined): forgets everything. */
  setBackend(backend: CrawlerBackend | undefined): void {
    this.backend = backend;
    this.clear();
  }

  get surface(): CrawlerBackend['surface'] | undefined {
    return this.backend?.surface;
  }

  clear(): void {
    this.entries.clear();
    this.order = [];
    this.nextCursor = undefined;
    this.totalCount = undefined;
    this.loadedOnce = false;
    this.emit({ kind: 'all' });
  }

  get loaded(): boolean {
    return this.loadedOnce;
  }

  get hasMore(): boolean {
    return this.nextCursor !== undefined;
  }

  get total(): number | undefined {
    return this.totalCount;
  }

  workflows(): WorkflowEntry[] {
    return this.order.map((name) => this.entries.get(name)).filter((e): e is WorkflowEntry => e !== undefined);
  }

  get(name: string): WorkflowEntry | undefined {
    return this.entries.get(name);
  }

  /** Runs that are not finished, across loaded workflows (latest and recent runs). */
  inFlightRuns(): CrawlerRun[] {
    const runs = new Map<string, CrawlerRun>();
    for (const entry of this.entries.values()) {
      for (const run of [entry.latestRun, ...(entry.recentRuns ?? [])]) {
        if (run && !isFinished(run.phase)) runs.set(run.id, run);
      }
    }
    return [...runs.values()];
  }

  /** Whether a run of this workflow is known by its real id (not only a create's placeholder). */
  knowsRealRunOf(workflowName: string): boolean {
    const entry = this.entries.get(workflowName);
    return [entry?.latestRun, ...(entry?.recentRuns ?? [])].some((r) => r !== undefined && !isPendingRunId(r.id));
  }

  private requireBackend(): CrawlerBackend {
    if (!this.backend) throw new Error('Not signed in to an Atlan tenant.');
    return this.backend;
  }

  /** Reloads the first page and the latest runs of its workflows (two requests). */
  async refresh(signal?: AbortSignal): Promise<void> {
    const backend = this.requireBackend();
    const page = await backend.listWorkflows({ size: this.options.pageSize }, { signal });
    const latest = await backend.latestRuns(page.items.map((w) => w.name), { signal });
    // The tenant changed (sign-out, profile switch) while this was in flight: its answer is stale.
    if (this.backend !== backend) return;
    const previous = this.entries;
    const fresh = new Map<string, WorkflowEntry>();
    for (const workflow of page.items) {
      // Keep runs already loaded for an expanded workflow; they are refreshed when it is expanded again.
      fresh.set(
        workflow.name,
        withoutResolvedPlaceholder({
          workflow,
          latestRun: latest.get(workflow.name),
          latestRunUnknown: latest.unknown?.includes(workflow.name),
          recentRuns: previous.get(workflow.name)?.recentRuns,
        }),
      );
    }
    this.entries.clear();
    for (const [k, v] of fresh) this.entries.set(k, v);
    this.order = page.items.map((w) => w.name);
    this.nextCursor = page.next;
    this.totalCount = page.total;
    this.loadedOnce = true;
    this.emit({ kind: 'all' });
  }

  /** Appends the next page (two requests). */
  async loadMore(signal?: AbortSignal): Promise<void> {
    const backend = this.requireBackend();
    if (this.nextCursor === undefined) return;
    const page = await backend.listWorkflows({ size: this.options.pageSize, cursor: this.nextCursor }, { signal });
    const latest = await backend.latestRuns(page.items.map((w) => w.name), { signal });
    if (this.backend !== backend) return;
    for (const workflow of page.items) {
      if (!this.entries.has(workflow.name)) this.order.push(workflow.name);
      this.entries.set(workflow.name, { workflow, latestRun: latest.get(workflow.name), latestRunUnknown: latest.unknown?.includes(workflow.name) });
    }
    this.nextCursor = page.next;
    this.totalCount = page.total ?? this.totalCount;
    this.emit({ kind: 'all' });
  }

  /** Loads the recent runs of one workflow (one request). */
  async loadRuns(name: string, signal?: AbortSignal): Promise<CrawlerRun[]> {
    const backend = this.requireBackend();
    const page = await backend.listRuns(name, { size: this.options.recentRuns }, { signal });
    const entry = this.backend === backend ? this.entries.get(name) : undefined;
    if (entry) {
      entry.recentRuns = uniqueById(page.items);
      const newest = page.items[0];
      if (newest && isNewer(newest, entry.latestRun)) entry.latestRun = newest;
      withoutResolvedPlaceholder(entry);
      this.emit({ kind: 'workflow', name });
    }
    return entry?.recentRuns ?? uniqueById(page.items);
  }

  /**
   * Merges a run seen elsewhere (a submit, a poll) into the store. `replacesId` is the id it was
   * known by before, when that was a placeholder (a run submitted but not yet in the index).
   */
  applyRun(run: CrawlerRun, replacesId: string = run.id): void {
    const entry = this.entries.get(run.workflowName);
    if (!entry) return;
    const sameRun = (r: CrawlerRun | undefined): boolean => r !== undefined && (r.id === run.id || r.id === replacesId);
    if (!entry.latestRun || sameRun(entry.latestRun) || isNewer(run, entry.latestRun)) entry.latestRun = run;
    if (entry.recentRuns) {
      const i = entry.recentRuns.findIndex(sameRun);
      if (i >= 0) entry.recentRuns[i] = run;
      else entry.recentRuns = [run, ...entry.recentRuns].slice(0, Math.max(this.options.recentRuns, entry.recentRuns.length));
    }
    withoutResolvedPlaceholder(entry);
    this.emit({ kind: 'workflow', name: run.workflowName });
  }

  /** Adds a workflow created in this session at the top, before the search index shows it. */
  addWorkflow(workflow: CrawlerWorkflow, run?: CrawlerRun): void {
    if (!this.entries.has(workflow.name)) this.order.unshift(workflow.name);
    this.entries.set(workflow.name, { workflow, latestRun: run, recentRuns: run ? [run] : undefined });
    if (this.totalCount !== undefined) this.totalCount++;
    this.emit({ kind: 'all' });
  }

  /** A workflow's new definition (after an update): its runs stay. */
  applyWorkflow(workflow: CrawlerWorkflow): void {
    const entry = this.entries.get(workflow.name);
    if (!entry) return;
    entry.workflow = { ...entry.workflow, ...workflow };
    this.emit({ kind: 'workflow', name: workflow.name });
  }

  removeWorkflow(name: string): void {
    if (!this.entries.delete(name)) return;
    this.order = this.order.filter((n) => n !== name);
    if (this.totalCount !== undefined) this.totalCount--;
    this.emit({ kind: 'all' });
  }
}

/**
 * A create's first run is known by a placeholder id until the index names it (submissionLedger).
 * Once the entry holds a real run of the workflow, that run is the placeholder's (a new workflow
 * has no older runs), so the placeholder goes: kept, the same run would show, and count as in
 * flight, twice.
 */
function withoutResolvedPlaceholder(entry: WorkflowEntry): WorkflowEntry {
  const real = [entry.latestRun, ...(entry.recentRuns ?? [])].find((r) => r !== undefined && !isPendingRunId(r.id));
  if (!real) return entry;
  if (entry.latestRun && isPendingRunId(entry.latestRun.id)) entry.latestRun = real;
  if (entry.recentRuns?.some((r) => isPendingRunId(r.id))) entry.recentRuns = uniqueById(entry.recentRuns.map((r) => (isPendingRunId(r.id) ? real : r)));
  return entry;
}

/** Tree items need unique ids: a run seen twice (index plus the client's own record of a submit) is listed once. */
function uniqueById(runs: CrawlerRun[]): CrawlerRun[] {
  const seen = new Set<string>();
  return runs.filter((r) => !seen.has(r.id) && seen.add(r.id));
}

function isNewer(a: CrawlerRun, b: CrawlerRun | undefined): boolean {
  if (!b) return true;
  if (a.id === b.id) return true;
  // A run that has not started yet (just submitted) is the newest there is.
  const NOT_STARTED = '\uffff';
  return (a.startedAt ?? NOT_STARTED) > (b.startedAt ?? NOT_STARTED);
}
