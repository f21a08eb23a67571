/**
 * App workflow runs as Atlan's catalog keeps them: `AppWorkflowRun` assets (pyatlan's
 * `app_workflow_run.py`), read with the asset search whoever started the run (the UI, a
 * schedule, another client). Each read is one request whatever the number of workflows or runs:
 *
 * - the latest run of many workflows: a `terms` aggregation on the workflow slug, each bucket's
 *   newest run as a `top_hits` sub-aggregation (a run without a start time counts as newest: it
 *   was just queued). pyatlan sends exactly this nesting (`bucket_by(include_source_value=True)`),
 *   so the tenant's search passes it through; `collapse`, which the legacy runs search uses, is
 *   not part of pyatlan's DSL model at all;
 * - the runs of one workflow, newest first, paged;
 * - runs by id, for the monitor: `terms` on `appWorkflowRunTemporalRunId`.
 *
 * The run id is `appWorkflowRunTemporalRunId`: the App API runs on Temporal and its `run_id` is
 * what `GET v1/app/runs/{id}` and cancel take (inferred: no document says so). A run without it
 * cannot be acted on, so it is skipped with a reason, as is anything that does not parse.
 */
import type { CallOptions, CrawlerRun, RunStep } from './backend';
import { isFinished } from './backend';
import { termsBuckets, topHitSources, type AssetSearch } from './assetSearch';
import { activeOfType, assetSearchRequest, sortBy, term, terms, termsAggregation, topHitsAggregation, ASSET_FIELDS } from './assetQueries';
import { appRunAttributesSchema, appRunStepSchema, type AppRunAttributes } from './models';
import { redactPatterns } from './redact';

export const APP_RUN_TYPE = 'AppWorkflowRun';

/** Index field (= attribute) names of an AppWorkflowRun. */
export const APP_RUN_FIELDS = {
  status: 'appWorkflowRunStatus',
  startedAt: 'appWorkflowRunStartedAt',
  completedAt: 'appWorkflowRunCompletedAt',
  startedBy: 'appWorkflowRunStartedBy',
  outputs: 'appWorkflowRunOutputs',
  steps: 'appWorkflowRunSteps',
  slug: 'appWorkflowRunAppWorkflowSlug',
  workflowName: 'appWorkflowRunAppWorkflowName',
  runId: 'appWorkflowRunTemporalRunId',
} as const;

/** What `runFromAsset` reads: asked for on each entity. */
const RUN_ATTRIBUTES: readonly string[] = Object.values(APP_RUN_FIELDS);
/** The same without the steps, for the latest-run aggregation (a raw `_source`: structs may be stored otherwise). */
const LATEST_SOURCE_FIELDS: readonly string[] = [ASSET_FIELDS.guid, ...RUN_ATTRIBUTES.filter((f) => f !== APP_RUN_FIELDS.steps)];

/** Newest first; a run not started yet (no start time) first of all; equal starts by guid. */
const NEWEST_FIRST = [sortBy(APP_RUN_FIELDS.startedAt, 'desc', '_first')];

/** A run the catalog holds, or why it was left out. */
export type CatalogRead = { run: CrawlerRun } | { reason: string };

export interface CatalogRuns {
  runs: CrawlerRun[];
  /** Why assets were left out (for the log). */
  skipped: string[];
  /** AppWorkflowRun assets the answer held, readable or not: evidence that the tenant catalogues runs. */
  seen: number;
  total?: number;
}

/** RFC 3339 (without milliseconds when they are zero, as the App API writes times) from epoch ms, or a date string. */
function timeOf(value: number | string | null | undefined): string | undefined {
  if (value === null || value === undefined || value === '') return undefined;
  const ms = typeof value === 'number' ? value : /^\d+$/.test(value) ? Number(value) : Date.parse(value);
  if (!Number.isFinite(ms) || ms <= 0) return undefined;
  return new Date(ms).toISOString().replace('.000Z', 'Z');
}

function outputText(outputs: Record<string, unknown> | null | undefined): string | undefined {
  const text = outputs?.message ?? outputs?.error;
  // A tenant's failure text may echo a secret (`password=...`): never shown as is.
  return typeof text === 'string' && text !== '' ? redactPatterns(text) : undefined;
}

/** Steps in order; a step that does not parse is left out. Structs come as `{typeName, attributes}` (or flat). */
function stepsOf(raw: readonly unknown[]): RunStep[] {
  const steps: RunStep[] = [];
  raw.forEach((item, index) => {
    const body = typeof item === 'object' && item !== null && 'attributes' in item ? item.attributes : item;
    const parsed = appRunStepSchema.safeParse(body);
    if (!parsed.success) return;
    const s = parsed.data;
    const startedAt = timeOf(s.appWorkflowRunStartedAt);
    const finishedAt = timeOf(s.appWorkflowRunCompletedAt);
    const message = outputText(s.appWorkflowRunOutputs);
    steps.push({
      name: s.appWorkflowRunLabel ?? `step ${index + 1}`,
      phase: s.appWorkflowRunStatus ?? 'Pending',
      ...(message ? { message } : {}),
      ...(startedAt ? { startedAt } : {}),
      ...(finishedAt ? { finishedAt } : {}),
    });
  });
  return steps;
}

/** A CrawlerRun from an AppWorkflowRun's attributes (an entity's, or a top hit's `_source`). */
export function runFromAsset(attributes: Record<string, unknown>, where: string): CatalogRead {
  const parsed = appRunAttributesSchema.safeParse(attributes);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { reason: `${where}: ${issue ? `${issue.path.join('.')}: ${issue.message.replace(/^Invalid input: /, '')}` : 'not a run'}` };
  }
  const a: AppRunAttributes = parsed.data;
  if (!a.appWorkflowRunTemporalRunId) return { reason: `${where}: no ${APP_RUN_FIELDS.runId}, so the run cannot be read or stopped by id` };
  if (!a.appWorkflowRunAppWorkflowSlug) return { reason: `${where}: no ${APP_RUN_FIELDS.slug}, so its workflow is unknown` };
  // Unknown statuses are kept verbatim; none yet means the run is waiting to start.
  const phase = a.appWorkflowRunStatus ?? 'Pending';
  const startedAt = timeOf(a.appWorkflowRunStartedAt);
  // A finished run's duration ends at its completion; a run in flight has none yet, whatever the asset
  // says. An unknown status with a completion has ended (isFinished), so the completion is kept.
  const completedAt = timeOf(a.appWorkflowRunCompletedAt);
  const finishedAt = completedAt !== undefined && isFinished({ phase, finishedAt: completedAt }) ? completedAt : undefined;
  const steps = a.appWorkflowRunSteps ? stepsOf(a.appWorkflowRunSteps) : undefined;
  const message = outputText(a.appWorkflowRunOutputs);
  const done = steps?.filter((s) => s.phase === 'Succeeded').length;
  return {
    run: {
      id: a.appWorkflowRunTemporalRunId,
      workflowName: a.appWorkflowRunAppWorkflowSlug,
      phase,
      ...(startedAt ? { startedAt } : {}),
      ...(finishedAt ? { finishedAt } : {}),
      ...(steps && steps.length > 0 ? { progress: `${done}/${steps.length}` } : {}),
      ...(message ? { message } : {}),
      ...(a.appWorkflowRunStartedBy ? { startedBy: a.appWorkflowRunStartedBy } : {}),
      failedSteps: (steps ?? []).filter((s) => s.phase === 'Failed' || s.phase === 'Error'),
      ...(steps ? { steps } : {}),
    },
  };
}

function collect(reads: readonly CatalogRead[]): { runs: CrawlerRun[]; skipped: string[] } {
  const runs: CrawlerRun[] = [];
  const skipped: string[] = [];
  for (const read of reads) {
    if ('run' in read) runs.push(read.run);
    else skipped.push(read.reason);
  }
  return { runs, skipped };
}

export class AppRunCatalog {
  constructor(private readonly assets: AssetSearch) {}

  /** The newest run of each workflow that has one, in one request. */
  async latest(slugs: readonly string[], options?: CallOptions): Promise<CatalogRuns> {
    const unique = [...new Set(slugs)];
    if (unique.length === 0) return { runs: [], skipped: [], seen: 0 };
    const request = assetSearchRequest(activeOfType(APP_RUN_TYPE, terms(APP_RUN_FIELDS.slug, unique)), {
      size: 0,
      trackTotalHits: false,
      aggregations: {
        latest: termsAggregation(APP_RUN_FIELDS.slug, unique.length, { run: topHitsAggregation(1, NEWEST_FIRST, LATEST_SOURCE_FIELDS) }),
      },
    });
    const page = await this.assets.search(request, options);
    const buckets = termsBuckets(page.aggregations, 'latest') ?? [];
    const reads: CatalogRead[] = [];
    let seen = 0;
    for (const bucket of buckets) {
      seen += bucket.docCount;
      const hit = topHitSources(bucket.sub.run)?.[0];
      if (!hit) {
        reads.push({ reason: `the latest run of ${String(bucket.key)}: the answer has no top hit` });
        continue;
      }
      const read = runFromAsset(hit.source, `the latest run of ${String(bucket.key)}`);
      // The bucket is the slug asked for: a top hit of another workflow would be a tenant bug.
      reads.push('run' in read && read.run.workflowName !== String(bucket.key) ? { reason: `the latest run of ${String(bucket.key)}: it belongs to ${read.run.workflowName}` } : read);
    }
    return { ...collect(reads), seen };
  }

  /** Runs of one workflow, newest first, `size` from `from`. */
  async runsOf(slug: string, page: { from: number; size: number }, options?: CallOptions): Promise<CatalogRuns> {
    const request = assetSearchRequest(activeOfType(APP_RUN_TYPE, term(APP_RUN_FIELDS.slug, slug)), {
      from: page.from,
      size: page.size,
      sort: NEWEST_FIRST,
      attributes: RUN_ATTRIBUTES,
    });
    const answer = await this.assets.search(request, options);
    const reads = answer.entities.map((e, i) => runFromAsset(e.attributes ?? {}, `run ${page.from + i} of ${slug} (asset ${e.guid})`));
    const skipped = answer.skipped.map((s) => `run ${page.from + s.index} of ${slug}: ${s.reason}`);
    const collected = collect(reads);
    return {
      runs: collected.runs,
      skipped: [...skipped, ...collected.skipped],
      seen: answer.returned,
      ...(answer.approximateCount !== undefined ? { total: answer.approximateCount } : {}),
    };
  }

  /** The runs with these ids (App API run ids), in one request; ids the catalog does not have are absent. */
  async byIds(ids: readonly string[], options?: CallOptions): Promise<CatalogRuns> {
    const unique = [...new Set(ids)];
    if (unique.length === 0) return { runs: [], skipped: [], seen: 0 };
    const request = assetSearchRequest(activeOfType(APP_RUN_TYPE, terms(APP_RUN_FIELDS.runId, unique)), {
      size: unique.length,
      attributes: RUN_ATTRIBUTES,
    });
    const answer = await this.assets.search(request, options);
    const reads = answer.entities.map((e) => runFromAsset(e.attributes ?? {}, `asset ${e.guid}`));
    const collected = collect(reads);
    return { runs: collected.runs, skipped: [...answer.skipped.map((s) => `entity ${s.index}: ${s.reason}`), ...collected.skipped], seen: answer.returned };
  }

  /** Whether the tenant catalogues any App run at all (one request, no entity read). */
  async hasAnyRun(options?: CallOptions): Promise<boolean> {
    const answer = await this.assets.search(assetSearchRequest(activeOfType(APP_RUN_TYPE), { size: 0 }), options);
    return (answer.approximateCount ?? 0) > 0;
  }
}
