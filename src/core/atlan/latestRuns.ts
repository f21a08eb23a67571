/**
 * The latest run of many workflows from `runs/indexsearch`, correct whatever the run history,
 * in as few requests as the tenant allows.
 *
 * 1. Collapse (one request): `terms` on the template names, newest first, collapsed on the run's
 *    template name as Argo stamps it into `status` (the `spec` copy is nested, which collapse
 *    refuses). Size N + 1: one group per workflow plus the group of runs not stamped yet. When that
 *    group shows up, one more search reads the unstamped runs (just submitted, seconds old).
 * 2. A tenant that rejects collapse (400) is remembered (searchFeatures.ts); one that ignores it
 *    shows the same workflow twice, and its answer is used as a plain window: both continue with
 *    the fallback, and later calls go straight to it.
 * 3. Fallback, windows: runs of the names newest first, so a workflow's first hit is its latest run.
 *    The first window is sized from the hits per workflow earlier answers needed (3 at first);
 *    when a full window misses names, the next asks for just those, sized from the runs per
 *    workflow the tenant counted (`hits.total`) and never larger than the runs left uncounted.
 *    A window that is not full ends the search: names still missing never ran.
 *    A window much larger than the names (busy histories) asks only for the fields that locate a
 *    run (`RUN_LOCATOR_FIELDS`, ~0.35 KB a hit instead of ~1.6); the runs it located as latest are
 *    then read by `_id` in one more request.
 *
 * Every round of a window search either finds a new workflow or ends it, but a pathological
 * history could need many; after `maxRounds` search requests (the read by id comes on top) the
 * names still missing are returned as `unknown` (they may have runs), never silently as "never
 * ran"; so is a workflow whose located run was gone by the time it was read.
 */
import type { CrawlerRun } from './backend';
import { RUN_LOCATOR_FIELDS, runFromDoc, storedTemplateName } from './legacyMapping';
import type { RunHit, RunSearchResponse } from './models';
import type { OptionalKeys, SearchBody, SearchOutcome, TenantSearchFeatures } from './searchFeatures';
import { latestRunsSearch, runsByIdSearch, STORED_TEMPLATE_NAME_FIELD, unstampedRunsSearch, type SearchRequest } from './searchQueries';

/** Elasticsearch's default result window. */
export const MAX_WINDOW = 10_000;
export const DEFAULT_MAX_ROUNDS = 8;
/** Hits per workflow of the first fallback window before any answer taught better. */
export const INITIAL_HITS_PER_WORKFLOW = 3;
/** Head room over the depth the last answer needed, so a little more activity still fits. */
const DEPTH_MARGIN = 1.25;
/** Windows of more than this many hits per name asked ask for locator fields only. */
const LEAN_ABOVE_HITS_PER_NAME = 2;
/** Ids per `terms` query when reading located runs. */
const MAX_IDS = 5_000;

export type RunSearch = (body: SearchBody, optional: OptionalKeys) => Promise<SearchOutcome<RunSearchResponse>>;

export interface LatestRunsFound {
  /** Runs seen per workflow (any order; the newest is the latest). Workflows that never ran are absent. */
  seen: Map<string, CrawlerRun[]>;
  /** Workflows whose latest run is not known: the round cap was reached before they showed, or their located run vanished. */
  unknown: string[];
  /** runs/indexsearch requests this call sent (failed attempts excluded). */
  requests: number;
}

interface Call {
  search: RunSearch;
  names: ReadonlySet<string>;
  seen: Map<string, CrawlerRun[]>;
  /** Runs a lean window located as a workflow's latest (or without a start time), to read by id. */
  located: Map<string, string>;
  unknown: string[];
  requests: number;
}

export class LatestRunFinder {
  /** Hits per workflow a window needed to show every workflow, learned from previous answers. */
  private hitsPerWorkflow = INITIAL_HITS_PER_WORKFLOW;
  private readonly maxRounds: number;

  constructor(
    private readonly features: TenantSearchFeatures,
    options: { maxRounds?: number } = {},
  ) {
    this.maxRounds = Math.max(1, options.maxRounds ?? DEFAULT_MAX_ROUNDS);
  }

  /** The current window estimate (for tests and logs). */
  get windowEstimate(): number {
    return this.hitsPerWorkflow;
  }

  /** `names` must be distinct and at most 5,000 (the caller chunks); `search` sends one runs/indexsearch. */
  async find(names: readonly string[], search: RunSearch): Promise<LatestRunsFound> {
    const call: Call = { search, names: new Set(names), seen: new Map(), located: new Map(), unknown: [], requests: 0 };
    if (names.length === 0) return found(call);
    await this.locate(call, names);
    await this.readLocated(call);
    return found(call);
  }

  /** Finds each workflow's latest run: recorded in `call.seen`, or located for `readLocated`. */
  private async locate(call: Call, names: readonly string[]): Promise<void> {
    // The fallback's first window: sized from what earlier answers needed.
    const windowSize = clamp(Math.ceil(this.hitsPerWorkflow * names.length), names.length, MAX_WINDOW);
    if (!this.features.usable('collapse')) {
      await this.windowRounds(call, names, windowSize, latestRunsSearch, { learn: true });
      return;
    }
    const groups = Math.min(MAX_WINDOW, names.length + 1);
    call.requests++;
    // If the tenant refuses collapse (400), the retry without it is the fallback's first window.
    const { response, sent } = await call.search((keys) => latestRunsSearch(names, keys.has('collapse') ? groups : windowSize), {
      collapse: { field: STORED_TEMPLATE_NAME_FIELD },
    });
    if (!sent.has('collapse')) {
      await this.windowRounds(call, names, windowSize, latestRunsSearch, { learn: true, first: response });
    } else if (repeatsAGroup(response.hits?.hits ?? [])) {
      this.features.noteIgnored('collapse');
      // Not collapsed: the newest `groups` runs, a window like any other.
      await this.windowRounds(call, names, groups, latestRunsSearch, { learn: true, first: response });
    } else {
      await this.useCollapsed(call, names, response, groups);
    }
  }

  private async useCollapsed(call: Call, names: readonly string[], response: RunSearchResponse, size: number): Promise<void> {
    const hits = response.hits?.hits ?? [];
    // Hits that could not be read still took their place in the answer.
    const returned = response.hits?.returned ?? hits.length;
    let unstamped = false;
    for (const hit of hits) {
      if (groupOf(hit) === null) unstamped = true;
      record(call, runOf(hit));
    }
    if (unstamped) {
      await this.windowRounds(call, names, Math.min(MAX_WINDOW, names.length + 1), unstampedRunsSearch, { learn: false });
    }
    const missing = names.filter((n) => !call.seen.has(n));
    // Fewer groups than asked for: every group came back, so a missing name never ran. A full page
    // can only miss names when runs are stamped with another template's name; look them up plainly.
    if (returned < size || missing.length === 0) return;
    const total = response.hits?.total?.value;
    const left = total === undefined ? MAX_WINDOW : total - returned;
    await this.windowRounds(call, missing, clamp(missing.length * this.hitsPerWorkflow, 1, Math.min(MAX_WINDOW, left)), latestRunsSearch, { learn: false });
  }

  /** Reads the runs lean windows located; a run gone meanwhile leaves its workflow unknown. */
  private async readLocated(call: Call): Promise<void> {
    const ids = [...call.located.keys()];
    for (let i = 0; i < ids.length; i += MAX_IDS) {
      const chunk = ids.slice(i, i + MAX_IDS);
      call.requests++;
      const { response } = await call.search(runsByIdSearch(chunk, [], chunk.length), {});
      for (const hit of response.hits?.hits ?? []) record(call, runOf(hit));
    }
    const missing = new Set([...call.located.values()].filter((name) => !call.seen.has(name)));
    call.unknown.push(...[...missing].filter((name) => !call.unknown.includes(name)));
  }

  /**
   * Windows of runs, newest first, for the names not found yet, until each has shown (its first
   * hit is its newest matching run) or a window comes back short (the rest have no matching run).
   */
  private async windowRounds(
    call: Call,
    names: readonly string[],
    firstSize: number,
    query: (names: readonly string[], size: number) => SearchRequest,
    options: { learn: boolean; first?: RunSearchResponse },
  ): Promise<void> {
    let asked = names;
    let size = firstSize;
    let response = options.first;
    let learn = options.learn;
    let leanHits = false;
    for (;;) {
      if (!response) {
        if (call.requests >= this.maxRounds) {
          call.unknown.push(...asked);
          return;
        }
        call.requests++;
        const lean = size > LEAN_ABOVE_HITS_PER_NAME * asked.length && this.features.usable('_source');
        const outcome = await call.search(query(asked, size), lean ? { _source: { includes: RUN_LOCATOR_FIELDS } } : {});
        response = outcome.response;
        // Whole documents when the tenant dropped or ignored the includes: nothing left to read.
        leanHits = lean && outcome.sent.has('_source') && this.features.verdict('_source') !== 'ignored';
      }
      const hits = response.hits?.hits ?? [];
      // Paging counts what the tenant sent, hits that could not be read included.
      const returned = response.hits?.returned ?? hits.length;
      const askedSet = new Set(asked);
      const shown = new Set<string>();
      let depth = 0;
      hits.forEach((hit, i) => {
        const run = runOf(hit);
        if (!askedSet.has(run.workflowName)) return;
        const first = !shown.has(run.workflowName);
        if (!leanHits) record(call, run);
        // The client counts a run without a start time as the newest; Elasticsearch sorts it last.
        else if (first || !run.startedAt) call.located.set(run.id, run.workflowName);
        if (first) {
          shown.add(run.workflowName);
          depth = i + 1;
        }
      });
      const total = response.hits?.total?.value;
      const full = total !== undefined ? total > returned : returned >= size;
      const missing = asked.filter((n) => !shown.has(n));
      if (learn) {
        // What the next call's first window should be: the depth this one needed, or, when it
        // was not enough, the runs per workflow the tenant counted.
        const complete = !full || missing.length === 0;
        const perWorkflow = complete ? (depth * DEPTH_MARGIN) / asked.length : (total ?? returned * 2) / asked.length;
        this.hitsPerWorkflow = Math.max(1, perWorkflow);
        learn = false;
      }
      if (!full || missing.length === 0) return;
      if (returned === 0) {
        // A tenant that counts runs it will not return: nothing more can be learned.
        call.unknown.push(...missing);
        return;
      }
      // Runs of the missing names are among those this window left out.
      const left = total === undefined ? MAX_WINDOW : total - returned;
      const perWorkflow = (total ?? returned * 2) / asked.length;
      size = clamp(Math.ceil(perWorkflow * missing.length), missing.length, Math.min(MAX_WINDOW, left));
      asked = missing;
      response = undefined;
    }
  }
}

function found(call: Call): LatestRunsFound {
  return { seen: call.seen, unknown: call.unknown, requests: call.requests };
}

function clamp(value: number, min: number, max: number): number {
  return Math.max(Math.min(value, max), Math.min(min, max), 1);
}

function runOf(hit: RunHit): CrawlerRun {
  return runFromDoc(hit._source, hit._id);
}

function record(call: Call, run: CrawlerRun): void {
  if (!call.names.has(run.workflowName)) return;
  const list = call.seen.get(run.workflowName);
  if (!list) call.seen.set(run.workflowName, [run]);
  else if (!list.some((r) => r.id === run.id)) list.push(run);
}

/**
 * The collapse group of a hit: Elasticsearch reports it in `fields`; a tenant that rebuilds hits
 * may drop that, and then the stamped name in `_source` says the same. null = not stamped.
 */
function groupOf(hit: RunHit): string | null {
  const fields: unknown = (hit as { fields?: unknown }).fields;
  if (fields !== null && typeof fields === 'object') {
    const values: unknown = (fields as Record<string, unknown>)[STORED_TEMPLATE_NAME_FIELD];
    if (Array.isArray(values) && values.length > 0) {
      const value: unknown = values[0];
      return typeof value === 'string' ? value : null;
    }
  }
  return storedTemplateName(hit._source) ?? null;
}

/** Two hits in one group: the tenant did not collapse. */
function repeatsAGroup(hits: readonly RunHit[]): boolean {
  const groups = new Set<string | null>();
  for (const hit of hits) {
    const group = groupOf(hit);
    if (groups.has(group)) return true;
    groups.add(group);
  }
  return false;
}
