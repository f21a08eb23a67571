/**
 * App workflow runs: read from the catalog (appRunCatalog.ts) when the tenant keeps runs as assets,
 * merged with the runs this client started (or was told of) until the catalog shows them; read by
 * id (`GET v1/app/runs/{id}`, one request each) otherwise.
 *
 * Where the tenant has no such assets (its search refuses, or holds no App run at all although
 * this client knows one older than the catalog's lag), run reads fall back, for the client's life,
 * to the remembered runs read by id (`runScope` becomes 'own'). An empty answer alone proves
 * nothing: the fallback needs a known run the catalog should have shown, and a probe that finds
 * no AppWorkflowRun asset on the whole tenant.
 */
import { AppRunCatalog, type CatalogRuns } from './appRunCatalog';
import { AssetSearch, MAX_RESULT_WINDOW } from './assetSearch';
import type { CallOptions, CrawlerRun, LatestRuns, Page, PollCost, RunScope } from './backend';
import { isFinished } from './backend';
import type { Clock } from './clock';
import { AtlanError, InvalidArgumentError, NotFoundError } from './errors';
import { servicePath, type AtlanHttp } from './http';
import { appRunSchema } from './models';
import { runFromApp } from './appMapping';

export interface AppRunsOptions {
  http: AtlanHttp;
  clock: Clock;
  /** A just-submitted run the tenant does not know yet is not forgotten before this. */
  indexLagMs: number;
  /** Run reads in flight at once (one request per run). */
  runConcurrency: number;
  /** How long a run may take to reach the catalog (see AppBackendOptions). */
  catalogLagMs: number;
  /** Told what the catalog's answers left out and why, and when run reads fall back. */
  note: (text: string) => void;
}

/** Remembered runs per workflow. */
const MAX_RUNS_PER_WORKFLOW = 50;
/** Search answers meaning "this tenant's catalog has no App runs for this client" (not a passing failure). */
const CATALOG_ABSENT_KINDS: ReadonlySet<string> = new Set(['notFound', 'permission', 'invalidRequest']);

export class AppRuns {
  private readonly http: AtlanHttp;
  private readonly clock: Clock;
  private readonly catalog: AppRunCatalog;
  /** Where run reads come from: not known yet, the catalog (it answered), or only the runs this client knows. */
  private runSource: 'unknown' | 'catalog' | 'client' = 'unknown';
  private runSourceReason: string | undefined;
  /** The catalog has shown an AppWorkflowRun: an empty answer for a workflow is then no evidence against it. */
  private catalogHasRuns = false;
  /** slug -> runs, newest first. */
  private readonly runs = new Map<string, CrawlerRun[]>();

  constructor(private readonly options: AppRunsOptions) {
    this.http = options.http;
    this.clock = options.clock;
    this.catalog = new AppRunCatalog(new AssetSearch(this.http));
  }

  /** See AppBackend.pollCost. */
  get pollCost(): PollCost {
    return this.runSource === 'catalog' ? 'one-request' : 'per-run';
  }

  get runScope(): RunScope | undefined {
    return this.runSource === 'catalog' ? 'all' : this.runSource === 'client' ? 'own' : undefined;
  }

  get runScopeReason(): string | undefined {
    return this.runSourceReason;
  }

  /** Every run this client knows, to persist across sessions. */
  knownRuns(): CrawlerRun[] {
    return [...this.runs.values()].flat();
  }

  /** A run this client started, stopped or read: kept (newest first) until the catalog shows it. */
  remember(run: CrawlerRun): void {
    const list = this.runs.get(run.workflowName) ?? [];
    const index = list.findIndex((r) => r.id === run.id);
    if (index >= 0) list[index] = run;
    else list.unshift(run);
    this.runs.set(run.workflowName, list.slice(0, MAX_RUNS_PER_WORKFLOW));
  }

  /** The workflow is gone (archived): its runs go with it. */
  forgetWorkflow(slug: string): void {
    this.runs.delete(slug);
  }

  /** See AppBackend.latestRuns. */
  async latest(workflowNames: readonly string[], options?: CallOptions): Promise<LatestRuns> {
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

  /** See AppBackend.listRuns. */
  async list(workflowName: string, query: { cursor?: string; size: number }, options?: CallOptions): Promise<Page<CrawlerRun>> {
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

  /** See AppBackend.getRuns. */
  async get(runs: readonly { id: string; workflowName: string }[], options?: CallOptions): Promise<Map<string, CrawlerRun>> {
    const unique = [...new Map(runs.map((r) => [r.id, r])).values()];
    const result = new Map<string, CrawlerRun>();
    const toRead: { id: string; workflowName: string }[] = [];
    for (const ref of unique) {
      const known = this.known(ref);
      if (known && isFinished(known)) result.set(ref.id, known);
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
    if (answer.skipped.length > 0) this.options.note(`Left out ${answer.skipped.length} App run asset(s) that could not be read: ${answer.skipped.slice(0, 3).join('; ')}`);
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
    const evidence = empty
      .filter((slug) => !shown.has(slug))
      .flatMap((slug) => this.runs.get(slug) ?? [])
      .find((run) => this.startedBefore(run, this.options.catalogLagMs));
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
    this.options.note(`Runs started outside this client are not visible on ${this.http.origin}: ${reason}.`);
  }

  /**
   * Remembered runs of a workflow the catalog may not show yet, newest first: not in `listed`, and
   * in flight or not started (just submitted). A finished one is the catalog's to show: it may sit
   * on another page, and counting it here would list it twice.
   */
  private uncataloguedRuns(slug: string, listed: readonly CrawlerRun[]): CrawlerRun[] {
    const ids = new Set(listed.map((r) => r.id));
    return (this.runs.get(slug) ?? []).filter((run) => !ids.has(run.id) && (!isFinished(run) || !run.startedAt));
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
      if (isFinished(known)) result.set(run.id, known);
      else toRead.push(run);
    }
    for (const [id, run] of await this.readById(toRead, options)) result.set(id, run);
    return result;
  }

  /** `GET v1/app/runs/{id}` per run, a few at a time; ids the tenant does not know (yet) are left out. */
  private async readById(runs: readonly { id: string; workflowName: string }[], options?: CallOptions): Promise<Map<string, CrawlerRun>> {
    const result = new Map<string, CrawlerRun>();
    await forEachLimited(runs, this.options.runConcurrency, async (ref) => {
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
        if (known && this.startedBefore(known, this.options.indexLagMs)) this.forget(known);
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
