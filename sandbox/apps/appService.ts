/**
 * The App API (`v1/app`, `v1/apps`) for the postgres-crawler app: create/publish, list, get,
 * update (new version), delete, submit, run status, cancel, schedules. Runs really crawl through
 * the same RunEngine as legacy runs.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import * as z from 'zod';
import type { Identity } from '../auth';
import { SandboxHttpError, notFound } from '../http/errors';
import type { AppCatalog } from '../assets/appCatalog';
import { describeZodError, parseOr400 } from '../http/validate';
import { planFromInputs } from '../runs/executionPlan';
import { connectionOfAsset } from '../assets/crawlCatalog';
import { newRunState, type RunEngine, type RunState } from '../runs/runEngine';
import { cronProblem, timezoneProblem } from '../schedule';
import type { TenantState } from '../state/tenant';
import type { AppRecord, AppRunRecord } from './appRecords';
import { POSTGRES_APP_ID, POSTGRES_ENTRYPOINT, PostgresCrawlerInputs } from './contract';

export const CONTRACT_MISMATCH = 1000;
export const UNKNOWN_APP = 1003;

const ScheduleIn = z.object({
  cron: z.string().min(1),
  timezone: z.string({ error: 'timezone is required (e.g. "UTC")' }).min(1),
});

const CreateAppIn = z
  .object({
    app_id: z.string().min(1),
    name: z.string().min(1).max(200),
    inputs: z.record(z.string(), z.unknown()),
    entrypoint: z.string().optional(),
    schedule: z.object({ cron: z.string().min(1), timezone: z.string().min(1).optional() }).optional(),
    run: z.boolean().optional(),
  })
  .strict();

const OnBehalfIn = z.object({ slug: z.string().min(1), startedBy: z.string().min(1).max(200) }).strict();

const UpdateAppIn = z.object({ inputs: z.record(z.string(), z.unknown()), entrypoint: z.string().optional() }).strict();

/** App API errors carry a numeric `code` and a `message` (no errorCode), as the SDK parses them. */
function appError(status: number, code: number, message: string): SandboxHttpError {
  return new SandboxHttpError(status, message, { code, message }, { replaceBody: true });
}

export function checkAppAndEntrypoint(appId: string, entrypoint: string | undefined): void {
  if (appId !== POSTGRES_APP_ID) {
    throw appError(404, UNKNOWN_APP, `Unknown app '${appId}' (${UNKNOWN_APP}): this tenant only has the ${POSTGRES_APP_ID} app.`);
  }
  if (entrypoint === '') throw appError(400, CONTRACT_MISMATCH, `entrypoint must be omitted or non-empty (${CONTRACT_MISMATCH}).`);
  if (entrypoint !== undefined && entrypoint !== POSTGRES_ENTRYPOINT) {
    throw appError(400, UNKNOWN_APP, `unknown entrypoint '${entrypoint}' for app ${appId} (${UNKNOWN_APP}); entrypoints: ${POSTGRES_ENTRYPOINT}.`);
  }
}

export interface AppServiceDeps {
  tenant: TenantState;
  engine: RunEngine;
  now: () => number;
  changed: () => void;
  /** Keeps the catalog's AtlanAppWorkflow / AppWorkflowRun assets in step with the records. */
  catalog: AppCatalog;
  /** How many `slug: null` items the list shows first (SandboxSettings.appListSlugless). */
  sluglessItems?: () => number;
}

function iso(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function slugFor(name: string): string {
  const base = name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60);
  return `${base || 'app'}-${randomBytes(4).toString('hex')}`;
}

/** A list item without a slug (pyatlan AppSummary: slug optional): a Postgres crawler nobody can address. */
function sluglessItem(index: number, now: number): Record<string, unknown> {
  return { slug: null, name: `no-slug-${index + 1}`, version: 1, owner: 'demo.user', app_id: 'postgres-crawler', created_at: iso(now), schedules: null };
}

export class AppService {
  constructor(private readonly deps: AppServiceDeps) {}

  private get tenant(): TenantState {
    return this.deps.tenant;
  }

  private app(slug: string): AppRecord {
    const app = this.tenant.apps.get(slug);
    if (!app) throw notFound(`No app workflow with slug '${slug}'.`);
    return app;
  }

  /** Epoch-like versions that always increase, even within one second. */
  private nextVersion(previous = 0): number {
    return Math.max(previous + 1, Math.floor(this.deps.now() / 1000));
  }

  create(body: unknown, identity: Identity): Record<string, unknown> {
    const input = parseOr400(CreateAppIn, body, 'create request');
    checkAppAndEntrypoint(input.app_id, input.entrypoint);
    const existing = [...this.tenant.apps.values()].filter((a) => a.name === input.name);
    if (existing.length > 0) {
      const first = existing[0];
      const base = { message: 'a workflow with that name already exists' };
      const extra = existing.length === 1 ? { ...base, slug: first.slug, version: first.version } : { ...base, slugs: existing.map((a) => a.slug) };
      throw new SandboxHttpError(409, base.message, extra, { replaceBody: true });
    }
    if (input.schedule) this.checkSchedule(input.schedule.cron, input.schedule.timezone ?? 'UTC');
    const inputs = this.validInputs(input.inputs, undefined);
    const now = this.deps.now();
    const app: AppRecord = {
      slug: slugFor(input.name),
      name: input.name,
      appId: input.app_id,
      entrypoint: input.entrypoint ?? POSTGRES_ENTRYPOINT,
      inputs,
      version: this.nextVersion(),
      owner: identity.username,
      ownerId: identity.id,
      createdAt: iso(now),
      updatedAt: iso(now),
      schedules: [],
    };
    this.tenant.apps.set(app.slug, app);
    const response: Record<string, unknown> = { execution_mode: 'native', slug: app.slug, version: app.version };
    if (input.schedule) {
      response['schedule_trigger_id'] = this.attachSchedule(app, input.schedule.cron, input.schedule.timezone ?? 'UTC').triggerId;
    }
    this.deps.catalog.workflowChanged(app);
    if (input.run !== false) response['run_id'] = this.startRun(app, identity).runId;
    this.deps.changed();
    return response;
  }

  list(query: URLSearchParams): Record<string, unknown> {
    const limitRaw = query.get('limit');
    if (limitRaw !== null && !/^\d+$/.test(limitRaw)) throw new SandboxHttpError(400, `Query parameter 'limit' must be a positive integer, got '${limitRaw}'.`);
    const limit = Math.min(limitRaw === null ? 50 : Math.max(1, Number(limitRaw)), 500);
    const cursor = query.get('cursor');
    let offset = 0;
    if (cursor) {
      const decoded = /^o:(\d+)$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
      if (!decoded) throw new SandboxHttpError(400, `Query parameter 'cursor' is not a cursor this tenant issued: '${cursor}'.`);
      offset = Number(decoded[1]);
    }
    const name = query.get('name');
    // Newest first, as the App list shows them.
    const all = [...this.tenant.apps.values()].filter((a) => name === null || a.name === name).reverse();
    const page = all.slice(offset, offset + limit);
    const hasMore = offset + limit < all.length;
    // Items without a slug, as some tenants list them, on the first page of an unfiltered list.
    const slugless = offset === 0 && name === null ? Array.from({ length: this.deps.sluglessItems?.() ?? 0 }, (_, i) => sluglessItem(i, this.deps.now())) : [];
    return {
      workflows: [...slugless, ...page.map((a) => this.summary(a))],
      has_more: hasMore,
      next_cursor: hasMore ? Buffer.from(`o:${offset + limit}`).toString('base64url') : null,
    };
  }

  get(slug: string): Record<string, unknown> {
    return this.summary(this.app(slug));
  }

  update(slug: string, body: unknown): Record<string, unknown> {
    const app = this.app(slug);
    const input = parseOr400(UpdateAppIn, body, 'update request');
    checkAppAndEntrypoint(app.appId, input.entrypoint);
    app.inputs = this.validInputs(input.inputs, app.inputs['credential_guid']);
    if (input.entrypoint) app.entrypoint = input.entrypoint;
    app.version = this.nextVersion(app.version);
    app.updatedAt = iso(this.deps.now());
    this.deps.catalog.workflowChanged(app);
    this.deps.changed();
    return { execution_mode: 'native', slug: app.slug, version: app.version };
  }

  delete(slug: string): Record<string, unknown> {
    this.app(slug);
    this.tenant.apps.delete(slug);
    this.deps.catalog.workflowDeleted(slug);
    this.deps.changed();
    return { slug, archived: true };
  }

  submit(slug: string, identity: Identity): Record<string, unknown> {
    const run = this.startRun(this.app(slug), identity);
    this.deps.changed();
    return { slug, run_id: run.runId, status: run.state.phase, started_at: run.state.startedAt };
  }

  /** `POST /_sandbox/app-runs`: a run started by someone else than the caller (Atlan's UI, a schedule). */
  submitOnBehalf(body: unknown): Record<string, unknown> {
    const input = parseOr400(OnBehalfIn, body, 'app run');
    const run = this.startRun(this.app(input.slug), { username: input.startedBy });
    this.deps.changed();
    return { slug: input.slug, run_id: run.runId, status: run.state.phase, started_at: run.state.startedAt };
  }

  getRun(runId: string): Record<string, unknown> {
    return this.runView(this.run(runId));
  }

  cancel(runId: string): Record<string, unknown> {
    const run = this.run(runId);
    const cancelled = this.deps.engine.stop(runId);
    // The App API reports the cancellation at once; the engine winds the crawl down behind it.
    if (cancelled) {
      run.state.phase = 'Stopped';
      this.deps.catalog.runChanged(run);
      this.deps.changed();
    }
    return { run_id: runId, cancelled, status: run.state.phase, slug: run.slug };
  }

  addSchedule(slug: string, body: unknown): Record<string, unknown> {
    const app = this.app(slug);
    const input = parseOr400(ScheduleIn, body, 'schedule');
    this.checkSchedule(input.cron, input.timezone);
    const schedule = this.attachSchedule(app, input.cron, input.timezone);
    this.deps.catalog.workflowChanged(app);
    this.deps.changed();
    return { trigger_id: schedule.triggerId, cron: schedule.cron, timezone: schedule.timezone };
  }

  removeSchedule(slug: string, triggerId: string): Record<string, unknown> {
    const app = this.app(slug);
    const index = app.schedules.findIndex((s) => s.triggerId === triggerId);
    if (index < 0) throw notFound(`App '${slug}' has no schedule with trigger id '${triggerId}'.`);
    app.schedules.splice(index, 1);
    this.deps.catalog.workflowChanged(app);
    this.deps.changed();
    return { trigger_id: triggerId, deleted: true };
  }

  /** Starts a run of the app's current version, on behalf of `identity` (a caller, a schedule, someone in the UI). */
  startRun(app: AppRecord, identity: Pick<Identity, 'username'>, state: RunState = newRunState(this.deps.now())): AppRunRecord {
    const run: AppRunRecord = { runId: randomUUID(), slug: app.slug, version: app.version, createdBy: identity.username, state, startedAtMs: this.deps.now() };
    this.tenant.appRuns.set(run.runId, run);
    this.deps.catalog.runChanged(run);
    const inputs = app.inputs;
    const plan = planFromInputs({
      extractionMethod: inputs['extraction_method'],
      credentialGuid: inputs['credential_guid'],
      include: inputs['include_filter'],
      exclude: inputs['exclude_filter'],
      excludeRegex: inputs['temp_table_regex'],
    });
    const onChange = (): void => {
      // The run's times are whole seconds; the catalog keeps milliseconds, so its completion cannot precede its start.
      if (state.finishedAt && run.finishedAtMs === undefined) run.finishedAtMs = this.deps.now();
      this.deps.catalog.runChanged(run);
      this.deps.changed();
    };
    this.deps.engine.start(run.runId, plan, { stoppedPhase: 'Stopped', onChange, connection: connectionOfAsset(inputs['connection']) }, state);
    return run;
  }

  private run(runId: string): AppRunRecord {
    const run = this.tenant.appRuns.get(runId);
    if (!run) throw notFound(`No app run with id '${runId}'.`);
    return run;
  }

  private runView(run: AppRunRecord): Record<string, unknown> {
    const s = run.state;
    return {
      run_id: run.runId,
      status: s.phase,
      slug: run.slug,
      started_at: s.startedAt,
      // Sandbox extras (the SDK types only the four fields above): useful, but not guaranteed by a real tenant.
      finished_at: s.finishedAt ?? null,
      message: s.message ?? null,
    };
  }

  private summary(app: AppRecord): Record<string, unknown> {
    return {
      slug: app.slug,
      name: app.name,
      version: app.version,
      owner: app.owner,
      app_id: app.appId,
      entrypoint: app.entrypoint,
      created_at: app.createdAt,
      updated_at: app.updatedAt,
      schedules: null,
      inputs: app.inputs,
      dag: { extract: { inputs: { app_id: app.appId } } },
    };
  }

  private checkSchedule(cron: string, timezone: string): void {
    const problem = cronProblem(cron) ?? timezoneProblem(timezone);
    if (problem) throw new SandboxHttpError(400, `Invalid schedule: ${problem}`);
  }

  private attachSchedule(app: AppRecord, cron: string, timezone: string): AppRecord['schedules'][number] {
    const schedule = { triggerId: `trg-${randomBytes(6).toString('hex')}`, cron, timezone, version: app.version, createdAt: iso(this.deps.now()) };
    app.schedules.push(schedule);
    return schedule;
  }

  /**
   * Validates inputs against the contract (code 1000 naming the field), vaults an inline
   * credential and returns the inputs to store: never the secret, always the guid.
   */
  private validInputs(raw: Record<string, unknown>, keptGuid: unknown): Record<string, unknown> {
    const result = PostgresCrawlerInputs.safeParse(
      // A PUT that keeps the stored credential sends credential_guid "" and no credential.
      raw['credential'] === undefined && (raw['credential_guid'] ?? '') === '' && typeof keptGuid === 'string' && keptGuid
        ? { ...raw, credential_guid: keptGuid }
        : raw,
    );
    if (!result.success) {
      throw appError(400, CONTRACT_MISMATCH, `Inputs do not match the app input contract (${CONTRACT_MISMATCH}): ${describeZodError(result.error, 'inputs')}`);
    }
    const { credential, ...inputs } = result.data;
    if (credential) {
      inputs.credential_guid = this.tenant.vault.store(credential);
    } else if (inputs.credential_guid && !this.tenant.vault.has(inputs.credential_guid)) {
      throw appError(400, CONTRACT_MISMATCH, `Inputs do not match the app input contract (${CONTRACT_MISMATCH}): inputs.credential_guid: no credential '${inputs.credential_guid}' on this tenant`);
    }
    return inputs;
  }
}
