/**
 * App workflows and their runs as catalog assets, `AtlanAppWorkflow` and `AppWorkflowRun` (the
 * typedefs in pyatlan's `atlan_app_workflow.py`, `app_workflow_run.py`, `AppWorkflowRunStep` in
 * `structs.py`), kept in step with the App API's records: a run is catalogued when it starts
 * (searchable after the index lag) and updated in place as it moves on.
 *
 * Sandbox choices where Atlan documents nothing: qualified names
 * `default/app/<app id>/<slug>` and `.../<slug>/run/<run id>`, the App API's run id in
 * `appWorkflowRunTemporalRunId`, the step's name in its `appWorkflowRunLabel`, a failure's text in
 * the `message` output, and guids derived from the slug and the run id (stable across restarts).
 */
import type { AppRecord, AppRunRecord } from '../apps/appRecords';
import type { RunState, StepState } from '../runs/runEngine';
import type { AssetIndex, AssetRecord } from './assetIndex';
import { stableGuid } from './stableGuid';

export const APP_WORKFLOW_TYPE = 'AtlanAppWorkflow';
export const APP_RUN_TYPE = 'AppWorkflowRun';
export const APP_TYPES: readonly string[] = [APP_WORKFLOW_TYPE, APP_RUN_TYPE];

export interface AppCatalogDeps {
  assets: AssetIndex;
  apps: ReadonlyMap<string, AppRecord>;
  runs: ReadonlyMap<string, AppRunRecord>;
  now: () => number;
  indexLagMs: () => number;
}

function epochMs(rfc3339: string | undefined): number | null {
  if (!rfc3339) return null;
  const ms = Date.parse(rfc3339);
  return Number.isFinite(ms) ? ms : null;
}

const APP_QUALIFIED_PREFIX = 'default/app';

function workflowQualifiedName(appId: string, slug: string): string {
  return `${APP_QUALIFIED_PREFIX}/${appId}/${slug}`;
}

/** The run engine's step phases as AppWorkflowRunStatus values; an omitted step was skipped. */
function stepStatus(step: StepState): string {
  return step.phase === 'Omitted' ? 'Skipped' : step.phase;
}

function stepStruct(step: StepState): Record<string, unknown> {
  return {
    typeName: 'AppWorkflowRunStep',
    attributes: {
      appWorkflowRunLabel: step.name,
      appWorkflowRunStatus: stepStatus(step),
      appWorkflowRunStartedAt: epochMs(step.startedAt),
      appWorkflowRunCompletedAt: epochMs(step.finishedAt),
      appWorkflowRunOutputs: step.message ? { message: step.message } : {},
    },
  };
}

export class AppCatalog {
  constructor(private readonly deps: AppCatalogDeps) {}

  static workflowGuid(slug: string): string {
    return stableGuid(`app-workflow:${slug}`);
  }

  static runGuid(runId: string): string {
    return stableGuid(`app-run:${runId}`);
  }

  /** Catalogues (or updates) a workflow; `seeded` ones are searchable at once, others after the index lag. */
  workflowChanged(app: AppRecord, options: { seeded?: boolean } = {}): void {
    const created = epochMs(app.createdAt) ?? this.deps.now();
    const asset: AssetRecord = {
      typeName: APP_WORKFLOW_TYPE,
      guid: AppCatalog.workflowGuid(app.slug),
      status: 'ACTIVE',
      attributes: {
        qualifiedName: workflowQualifiedName(app.appId, app.slug),
        name: app.name,
        atlanAppWorkflowSlug: app.slug,
        atlanAppWorkflowVersion: String(app.version),
        atlanAppWorkflowStatus: 'PUBLISHED',
        atlanAppWorkflowOwnership: 'USER',
        // Escaped JSON strings, as the typedef describes them; no inputs (they name the credential).
        atlanAppWorkflowDag: JSON.stringify({ extract: { app_id: app.appId, entrypoint: app.entrypoint } }),
        atlanAppWorkflowTriggers: JSON.stringify(app.schedules.map((s) => ({ trigger_id: s.triggerId, cron: s.cron, timezone: s.timezone }))),
      },
      createTime: created,
      updateTime: epochMs(app.updatedAt) ?? created,
      createdBy: app.owner,
      updatedBy: app.owner,
    };
    this.deps.assets.put(asset, options.seeded ? 0 : this.deps.now() + this.deps.indexLagMs());
  }

  /** An archived workflow stays in the catalog as a deleted asset, as Atlas soft-deletes. */
  workflowDeleted(slug: string): void {
    const asset = this.deps.assets.get(AppCatalog.workflowGuid(slug));
    if (!asset) return;
    this.deps.assets.put({ ...asset, status: 'DELETED', updateTime: this.deps.now() }, 0);
  }

  /** Catalogues a run, or updates it in place as it moves on. */
  runChanged(run: AppRunRecord, options: { seeded?: boolean } = {}): void {
    const app = this.deps.apps.get(run.slug);
    const appId = app?.appId ?? 'postgres-crawler';
    const state: RunState = run.state;
    const started = run.startedAtMs ?? epochMs(state.startedAt) ?? this.deps.now();
    const completed = state.finishedAt ? (run.finishedAtMs ?? epochMs(state.finishedAt)) : null;
    const workflowQn = workflowQualifiedName(appId, run.slug);
    const asset: AssetRecord = {
      typeName: APP_RUN_TYPE,
      guid: AppCatalog.runGuid(run.runId),
      status: 'ACTIVE',
      attributes: {
        qualifiedName: `${workflowQn}/run/${run.runId}`,
        name: `${app?.name ?? run.slug} ${state.startedAt}`,
        appWorkflowRunLabel: `${run.slug}-${run.runId.slice(0, 8)}`,
        appWorkflowRunStatus: state.phase,
        appWorkflowRunStartedAt: started,
        appWorkflowRunStartedBy: run.createdBy,
        appWorkflowRunCompletedAt: completed,
        appWorkflowRunSteps: state.steps.map(stepStruct),
        appWorkflowRunOutputs: state.message ? { message: state.message } : {},
        appWorkflowRunAppQualifiedName: `${APP_QUALIFIED_PREFIX}/${appId}`,
        appWorkflowRunAppName: appId,
        appWorkflowRunAppWorkflowQualifiedName: workflowQn,
        appWorkflowRunAppWorkflowName: app?.name ?? run.slug,
        appWorkflowRunAppWorkflowSlug: run.slug,
        appWorkflowRunAppWorkflowVersion: String(run.version),
        appWorkflowRunTemporalRunId: run.runId,
        appWorkflowRunIsTestRun: false,
      },
      createTime: started,
      updateTime: completed ?? this.deps.now(),
      createdBy: run.createdBy,
      updatedBy: run.createdBy,
    };
    this.deps.assets.put(asset, options.seeded ? 0 : this.deps.now() + this.deps.indexLagMs());
  }

  /** Catalogues every App workflow and run as they are now (after a restore), searchable at once. */
  reindexAll(): void {
    for (const app of this.deps.apps.values()) this.workflowChanged(app, { seeded: true });
    for (const run of this.deps.runs.values()) this.runChanged(run, { seeded: true });
  }
}
