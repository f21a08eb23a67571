import { EventEmitter } from 'node:events';
import { isFinished, type CrawlerBackend, type CrawlerRun, type CrawlerWorkflow, type LatestRuns } from '../atlan/backend';
import { isPendingRunId } from '../atlan/submissionLedger';
import { RunRecords } from './runRecords';

/**
 * What the extension knows of the active tenant's crawler workflows and their runs, keyed by
 * workflow name, with change events naming what changed so a view refreshes only those nodes.
 * A refresh costs two requests whatever the number of workflows: one page of workflows, and the
 * latest run of all of them in one batched query.
 */
export interface WorkflowEntry {
  workflow: CrawlerWorkflow;
  readonly latestRun?: CrawlerRun;
  /** The tenant could not say what the latest run is (search limits): not the same as "never run". */
  latestRunUnknown?: boolean;
  /** Recent runs, newest first; undefined until loaded (when the user expands the workflow). */
  readonly recentRuns?: CrawlerRun[];
}

/** An entry names its runs by id; their state lives once, in the store's RunRecords. */
class StoredEntry implements WorkflowEntry {
  latestRunId: string | undefined;
  recentRunIds: string[] | undefined;

  constructor(
    public workflow: CrawlerWorkflow,
    private readonly records: RunRecords,
    public latestRunUnknown?: boolean,
  ) {}

  get latestRun(): CrawlerRun | undefined {
    return this.latestRunId === undefined ? undefined : this.records.get(this.latestRunId);
  }

  get recentRuns(): CrawlerRun[] | undefined {
    return this.recentRunIds?.map((id) => this.records.get(id)).filter((r): r is CrawlerRun => r !== undefined);
  }

  /** The ids this entry shows, for pruning records. */
  runIds(): string[] {
    return [...(this.latestRunId === undefined ? [] : [this.latestRunId]), ...(this.recentRunIds ?? [])];
  }
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
  private readonly entries = new Map<string, StoredEntry>();
  /** The state of every run known, by id: what every view of a run reads. */
  private readonly records = new RunRecords();
  /** Latest run ids of workflows the view does not hold (a lens, a notification follows them), by workflow name. */
  private readonly latestOutside = new Map<string, string>();
  private order: string[] = [];
  private nextCursor: string | undefined;
  private totalCount: number | undefined;
  private loadedOnce = false;
  /** Why items of the loaded pages (workflows, their latest runs) were left out: one reason per item. */
  private unreadItems: string[] = [];
  /** Why runs of a workflow's recent runs were left out, by workflow name. */
  private readonly unreadRuns = new Map<string, readonly string[]>();

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
    this.records.clear();
    this.latestOutside.clear();
    this.order = [];
    this.nextCursor = undefined;
    this.totalCount = undefined;
    this.loadedOnce = false;
    this.unreadItems = [];
    this.unreadRuns.clear();
    this.emit({ kind: 'all' });
  }

  /**
   * One reason per item the tenant's answers held that could not be read and were left out of the
   * loaded pages (workflows and their latest runs); everything else is shown.
   */
  get unread(): readonly string[] {
    return this.unreadItems;
  }

  /** Reasons for runs left out of a workflow's recent runs when they were last loaded. */
  unreadRunsOf(name: string): readonly string[] {
    return this.unreadRuns.get(name) ?? [];
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
    return this.order.map((name) => this.entries.get(name)).filter((e): e is StoredEntry => e !== undefined);
  }

  get(name: string): WorkflowEntry | undefined {
    return this.entries.get(name);
  }

  /** A run's current state, by its id or the placeholder id it was submitted under. */
  run(id: string): CrawlerRun | undefined {
    return this.records.get(id);
  }

  /** The latest run of a workflow, whether the view holds it or something else follows it. */
  latestRunOf(workflowName: string): CrawlerRun | undefined {
    const entry = this.entries.get(workflowName);
    if (entry) return entry.latestRun;
    const id = this.latestOutside.get(workflowName);
    return id === undefined ? undefined : this.records.get(id);
  }

  /** Whether the latest run of this workflow is known by its real name (not only a create's placeholder). */
  knowsRealRunOf(workflowName: string): boolean {
    const latest = this.latestRunOf(workflowName);
    return latest !== undefined && !isPendingRunId(latest.id);
  }

  /** Runs that are not finished: of loaded workflows (latest and recent runs) and the latest runs followed outside the view. */
  inFlightRuns(): CrawlerRun[] {
    const ids = new Set<string>(this.latestOutside.values());
    for (const entry of this.entries.values()) for (const id of entry.runIds()) ids.add(id);
    const runs = new Map<string, CrawlerRun>();
    for (const id of ids) {
      const run = this.records.get(id);
      if (run && !isFinished(run)) runs.set(run.id, run);
    }
    return [...runs.values()];
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
    const previous = new Map(this.entries);
    this.entries.clear();
    for (const workflow of page.items) {
      const entry = this.newEntry(workflow, latest, previous.get(workflow.name));
      // Keep runs already loaded for an expanded workflow; they are refreshed when it is expanded again.
      entry.recentRunIds = previous.get(workflow.name)?.recentRunIds;
      this.entries.set(workflow.name, entry);
      this.settlePlaceholder(workflow.name, latest.get(workflow.name));
    }
    this.pruneRecords();
    this.order = page.items.map((w) => w.name);
    this.nextCursor = page.next;
    this.totalCount = page.total;
    this.unreadItems = [...(page.unread ?? []), ...(latest.unread ?? [])];
    this.unreadRuns.clear();
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
      this.entries.set(workflow.name, this.newEntry(workflow, latest, this.entries.get(workflow.name)));
      this.settlePlaceholder(workflow.name, latest.get(workflow.name));
    }
    this.nextCursor = page.next;
    this.totalCount = page.total ?? this.totalCount;
    this.unreadItems = [...this.unreadItems, ...(page.unread ?? []), ...(latest.unread ?? [])];
    this.emit({ kind: 'all' });
  }

  /** Loads the recent runs of one workflow (one request). */
  async loadRuns(name: string, signal?: AbortSignal): Promise<CrawlerRun[]> {
    const backend = this.requireBackend();
    const page = await backend.listRuns(name, { size: this.options.recentRuns }, { signal });
    if (this.backend !== backend) return uniqueById(page.items);
    if (page.unread && page.unread.length > 0) this.unreadRuns.set(name, page.unread);
    else this.unreadRuns.delete(name);
    const kept = uniqueById(page.items).map((run) => this.records.merge(run));
    const entry = this.entries.get(name);
    if (entry) {
      entry.recentRunIds = kept.map((r) => r.id);
      const newest = kept[0];
      if (newest && isNewer(newest, entry.latestRun)) entry.latestRunId = newest.id;
    } else if (kept[0]) {
      this.noteOutside(kept[0]);
    }
    this.settlePlaceholder(name, kept.find((r) => !isPendingRunId(r.id)));
    this.emit({ kind: 'workflow', name });
    return entry?.recentRuns ?? kept.filter((r) => this.records.resolve(r.id) === r.id);
  }

  /**
   * Merges a run seen elsewhere (a submit, a poll) into the store. `replacesId` is the id it was
   * known by before, when that was a placeholder (a run submitted but not yet in the index).
   */
  applyRun(run: CrawlerRun, replacesId: string = run.id): void {
    const kept = this.records.merge(run, replacesId);
    const entry = this.entries.get(kept.workflowName);
    if (!entry) {
      this.noteOutside(kept, replacesId);
    } else {
      const sameRun = (id: string | undefined): boolean => id === kept.id || id === replacesId;
      if (entry.latestRunId === undefined || sameRun(entry.latestRunId) || isNewer(kept, entry.latestRun)) entry.latestRunId = kept.id;
      if (entry.recentRunIds) {
        const ids = entry.recentRunIds;
        const i = ids.findIndex(sameRun);
        if (i >= 0) entry.recentRunIds = ids.map((id, j) => (j === i ? kept.id : id)).filter((id, j) => j === i || !sameRun(id));
        else entry.recentRunIds = [kept.id, ...ids].slice(0, Math.max(this.options.recentRuns, ids.length));
      }
    }
    this.settlePlaceholder(kept.workflowName, kept);
    this.emit({ kind: 'workflow', name: kept.workflowName });
  }

  /** Adds a workflow created in this session at the top, before the search index shows it. */
  addWorkflow(workflow: CrawlerWorkflow, run?: CrawlerRun): void {
    if (!this.entries.has(workflow.name)) this.order.unshift(workflow.name);
    const entry = new StoredEntry(workflow, this.records);
    if (run) {
      const kept = this.records.merge(run);
      entry.latestRunId = kept.id;
      entry.recentRunIds = [kept.id];
    }
    this.entries.set(workflow.name, entry);
    this.latestOutside.delete(workflow.name);
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

  /** An entry for a listed workflow, its latest run recorded; a run already known to be newer (a rerun the index lags behind) stays the latest. */
  private newEntry(workflow: CrawlerWorkflow, latest: LatestRuns, previous: StoredEntry | undefined): StoredEntry {
    const entry = new StoredEntry(workflow, this.records, latest.unknown?.includes(workflow.name));
    const found = latest.get(workflow.name);
    const kept = found ? this.records.merge(found) : undefined;
    const known = previous?.latestRun ?? this.latestRunOf(workflow.name);
    entry.latestRunId = known && (!kept || (known.id !== kept.id && isNewer(known, kept))) ? known.id : kept?.id;
    this.latestOutside.delete(workflow.name);
    return entry;
  }

  /**
   * A create's first run is known by a placeholder id until the tenant names it (submissionLedger).
   * A real run of the same workflow is that run (a new workflow has no older runs), however it
   * became known (a refresh, the run list, a poll): the placeholder turns into its alias, so the
   * run shows, and counts as in flight, once.
   */
  private settlePlaceholder(workflowName: string, real: CrawlerRun | undefined): void {
    if (!real || isPendingRunId(real.id)) return;
    const entry = this.entries.get(workflowName);
    const outside = this.latestOutside.get(workflowName);
    const ids = entry ? entry.runIds() : outside === undefined ? [] : [outside];
    const placeholders = ids.map((id) => this.records.resolve(id)).filter((id) => isPendingRunId(id));
    if (placeholders.length === 0) return;
    for (const placeholder of placeholders) this.records.resolvePlaceholder(placeholder, real.id);
    const resolve = (id: string): string => this.records.resolve(id);
    if (entry) {
      if (entry.latestRunId !== undefined) entry.latestRunId = resolve(entry.latestRunId);
      if (entry.recentRunIds) entry.recentRunIds = [...new Set(entry.recentRunIds.map(resolve))];
    } else if (outside !== undefined) {
      this.latestOutside.set(workflowName, resolve(outside));
    }
  }

  /** Follows the latest run of a workflow the view does not hold. */
  private noteOutside(run: CrawlerRun, replacesId: string = run.id): void {
    const id = this.latestOutside.get(run.workflowName);
    const current = id === undefined ? undefined : this.records.get(id);
    if (!current || current.id === run.id || id === replacesId || isNewer(run, current)) this.latestOutside.set(run.workflowName, run.id);
  }

  /** Records only the runs something shows: the entries' and those followed outside the view. */
  private pruneRecords(): void {
    const keep = new Set<string>();
    for (const id of this.latestOutside.values()) keep.add(this.records.resolve(id));
    for (const entry of this.entries.values()) for (const id of entry.runIds()) keep.add(this.records.resolve(id));
    this.records.retain(keep);
  }
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
