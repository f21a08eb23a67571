/**
 * Package-workflow runs read from the runs index: the latest run of many workflows
 * (latestRuns.ts), a workflow's runs, runs by id, the run in flight. Each is one runs/indexsearch
 * request for up to 5,000 names or ids (when the tenant collapses), merged with this client's own
 * submits the index does not show yet (the SubmissionLedger).
 */
import type { CallOptions, CrawlerRun, LatestRuns, Page } from './backend';
import { isFinished } from './backend';
import { noteUnread } from './itemReader';
import { LatestRunFinder } from './latestRuns';
import { compareRunsNewestFirst, runFromDoc } from './legacyMapping';
import { MAX_WINDOW, type LegacySearch } from './legacySearch';
import type { RunSearchResponse } from './models';
import type { OptionalKeys, SearchBody } from './searchFeatures';
import { currentRunsSearch, runsByIdSearch, workflowRunsSearch } from './searchQueries';
import { isPendingRunId, workflowOfPendingRunId, type SubmissionLedger } from './submissionLedger';
import { requireName } from './validation';

/** Names or ids per terms query; keeps each request and its answer bounded. */
const MAX_TERMS = 5_000;

export class LegacyRuns {
  private readonly latestRunFinder: LatestRunFinder;

  constructor(
    private readonly search: LegacySearch,
    private readonly ledger: SubmissionLedger,
    /** Told what the tenant's answers held that could not be read and why. */
    private readonly note: (text: string) => void,
    latestRunsMaxRequests: number | undefined,
  ) {
    this.latestRunFinder = new LatestRunFinder(search.runFeatures, { maxRounds: latestRunsMaxRequests });
  }

  private get origin(): string {
    return this.search.http.origin;
  }

  /** See LegacyBackend.latestRuns. */
  async latest(workflowNames: readonly string[], options?: CallOptions): Promise<LatestRuns> {
    const names = unique(workflowNames);
    const seen = new Map<string, CrawlerRun[]>();
    const unknown: string[] = [];
    const unreadHits: string[] = [];
    const search = async (body: SearchBody, optional: OptionalKeys) => {
      const outcome = await this.search.runs(body, optional, options);
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
    const unread = noteUnread(this.note, this.origin, 'runs', unreadHits);
    return Object.assign(result, { unknown: unknown.filter((name) => !result.has(name)), ...(unread ? { unread } : {}) });
  }

  async list(workflowName: string, query: { cursor?: string; size: number }, options?: CallOptions): Promise<Page<CrawlerRun>> {
    requireName(this.origin, workflowName, 'workflow name');
    const size = this.search.pageSize(query.size);
    const from = this.search.parseCursor(query.cursor);
    const { response } = await this.search.runs(workflowRunsSearch(workflowName, from, size), {}, options);
    const items = this.runsOf(response).sort(compareRunsNewestFirst);
    const pending = this.ledger.latest(workflowName, items);
    if (from === 0 && pending && !items.some((r) => r.id === pending.id)) items.unshift(pending);
    const total = response.hits?.total?.value;
    const returned = response.hits?.returned ?? response.hits?.hits.length ?? 0;
    const end = from + returned;
    const more = total !== undefined ? end < total : returned === size;
    const unread = noteUnread(this.note, this.origin, `runs of ${workflowName}`, response.hits?.unread);
    return { items, ...(total !== undefined ? { total } : {}), ...(more && end > from ? { next: String(end) } : {}), ...(unread ? { unread } : {}) };
  }

  /** See LegacyBackend.getRuns. */
  async get(runs: readonly { id: string; workflowName: string }[], options?: CallOptions): Promise<Map<string, CrawlerRun>> {
    const result = new Map<string, CrawlerRun>();
    const requested = unique(runs.map((r) => r.id));
    for (const chunk of chunks(requested, MAX_TERMS)) {
      const ids = chunk.filter((id) => !isPendingRunId(id));
      const pendingWorkflows = chunk.filter(isPendingRunId).map(workflowOfPendingRunId);
      const size = Math.min(MAX_WINDOW, ids.length + pendingWorkflows.length * 5);
      const { response } = await this.search.runs(runsByIdSearch(ids, pendingWorkflows, size), {}, options);
      noteUnread(this.note, this.origin, 'runs being watched', response.hits?.unread);
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

  /** A Pending/Running (or unknown-phase) run per the index, else one this client submitted and the index does not show yet. */
  async inFlight(workflowName: string, options?: CallOptions): Promise<CrawlerRun | undefined> {
    const runs = this.runsOf((await this.search.runs(currentRunsSearch(workflowName), {}, options)).response).sort(compareRunsNewestFirst);
    const indexed = runs.find((r) => r.workflowName === workflowName && !isFinished(r));
    if (indexed) return indexed;
    this.ledger.latest(workflowName, runs);
    return this.ledger.inFlight(workflowName);
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
}

function unique(values: readonly string[]): string[] {
  return [...new Set(values.filter((v) => typeof v === 'string' && v !== ''))];
}

function chunks<T>(values: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < values.length; i += size) out.push(values.slice(i, i + size));
  return out;
}
