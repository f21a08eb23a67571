/**
 * Realistic bulk data: Postgres crawler workflows with a history of runs (mostly Succeeded, some
 * Failed, a few still in flight), or App workflows with runs, so lists, searches and benchmarks
 * have something to chew on. 10,000 workflows x 10 runs build in about a second. Legacy crawlers
 * are named as the SDKs and as Atlan's UI name them, next to a template of another package.
 */
import * as z from 'zod';
import type { AppRecord } from '../apps/appRecords';
import type { AppService } from '../apps/appService';
import type { AppCatalog } from '../assets/appCatalog';
import { POSTGRES_APP_ID, POSTGRES_ENTRYPOINT } from '../apps/contract';
import { API_TOKEN_IDENTITY, USER_IDENTITY } from '../auth';
import { runDoc, rfc3339, templateDoc } from '../legacy/documents';
import type { LegacyService } from '../legacy/legacyService';
import { crawlerTemplate, minerTemplate, sdkCrawlerName, uiCrawlerName } from '../legacy/packageTemplates';
import type { RunState, StepState } from '../runs/runEngine';
import type { TenantState } from './tenant';

export const SeedRequest = z
  .object({
    workflows: z.number().int().min(0).max(10_000),
    runsPerWorkflow: z.number().int().min(0).max(50).default(3),
    inFlight: z.number().int().min(0).default(0),
    surface: z.enum(['legacy', 'apps', 'both']).optional(),
    /**
     * How legacy crawlers are named: as the SDKs name them (`atlan-postgres-<epoch>`), as Atlan's
     * UI does (`atlan-postgres-default-postgres-<epoch>`), or a mix (every third one UI-made).
     */
    names: z.enum(['sdk', 'ui', 'mixed']).default('mixed'),
    /** Adds one Postgres miner template (another package, no runs) that no crawler list may show. */
    miner: z.boolean().default(true),
  })
  .strict()
  .refine((s) => s.inFlight <= s.workflows, { message: 'inFlight cannot exceed workflows', path: ['inFlight'] });
export type SeedRequest = z.input<typeof SeedRequest>;

export interface SeedSummary {
  /** Postgres crawlers (legacy templates). */
  workflows: number;
  /** Of which named as Atlan's UI names them. */
  uiNamed: number;
  /** Templates of other packages (the miner). */
  otherPackages: number;
  runs: number;
  apps: number;
  appRuns: number;
  inFlight: number;
  ms: number;
}

export interface SeedDeps {
  tenant: TenantState;
  legacy: LegacyService;
  apps: AppService;
  catalog: AppCatalog;
  now: () => number;
  surfaces: 'legacy' | 'apps' | 'both';
}

/** People who start App runs from Atlan's UI in seeded tenants (users of the sandbox directory). */
export const UI_RUN_USERS = ['ada.lovelace', 'grace.hopper'] as const;

const TEAMS = ['finance', 'sales', 'marketing', 'ops', 'hr', 'product', 'growth', 'risk', 'support', 'logistics'];
const ENVS = ['prod', 'staging', 'dev', 'analytics'];
const FAILURES = [
  'Check failed for sales_db',
  'Check failed. Missing some of the required grants SELECT, SHOW VIEW, EXECUTE on tables: public.orders',
  'FATAL: password authentication failed for user "crawler"',
  'connect ECONNREFUSED 10.0.4.12:5432',
];
const DAY_S = 86_400;

/** Deterministic pseudo-random numbers so seeded tenants look the same run after run. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function finishedState(startS: number, random: () => number): RunState {
  const failed = random() < 0.15;
  const durationS = 60 + Math.floor(random() * 600);
  const at = (offset: number): string => rfc3339((startS + offset) * 1000);
  const step = (name: StepState['name'], from: number, to: number, phase: StepState['phase'], message?: string): StepState => ({
    name,
    phase,
    startedAt: at(from),
    finishedAt: at(to),
    ...(message ? { message } : {}),
  });
  if (failed) {
    const message = FAILURES[Math.floor(random() * FAILURES.length)];
    return {
      phase: 'Failed',
      startedAt: at(0),
      finishedAt: at(durationS),
      progress: '1/3',
      message,
      steps: [step('preflight-check', 3, 8, 'Succeeded'), step('extract', 8, durationS, 'Failed', message), { name: 'publish', phase: 'Omitted' }],
    };
  }
  const tables = 5 + Math.floor(random() * 400);
  return {
    phase: 'Succeeded',
    startedAt: at(0),
    finishedAt: at(durationS),
    progress: '3/3',
    message: `Crawled 1 database, ${1 + Math.floor(tables / 40)} schemas, ${tables} tables, ${Math.floor(tables / 5)} views, ${tables * 9} columns`,
    steps: [
      step('preflight-check', 3, 8, 'Succeeded'),
      step('extract', 8, durationS - 20, 'Succeeded'),
      step('publish', durationS - 20, durationS, 'Succeeded'),
    ],
  };
}

export function seedTenant(deps: SeedDeps, raw: unknown): SeedSummary {
  const started = Date.now();
  const request = SeedRequest.parse(raw);
  const surface = request.surface ?? deps.surfaces;
  const random = mulberry32(42 + deps.tenant.workflows.size + deps.tenant.apps.size);
  // One demo credential backs every seeded workflow; it points at a local database.
  const credentialGuid = deps.tenant.vault.store({
    name: 'sandbox-seed-credential',
    host: '127.0.0.1',
    port: 5432,
    authType: 'basic',
    username: 'postgres',
    password: 'postgres',
    extra: { database: 'postgres' },
    connectorConfigName: 'atlan-connectors-postgres',
  });
  const summary: SeedSummary = { workflows: 0, uiNamed: 0, otherPackages: 0, runs: 0, apps: 0, appRuns: 0, inFlight: 0, ms: 0 };
  const nowS = Math.floor(deps.now() / 1000);
  const creators = [USER_IDENTITY, API_TOKEN_IDENTITY];

  for (let i = 0; i < request.workflows; i++) {
    const team = TEAMS[i % TEAMS.length];
    const env = ENVS[Math.floor(i / TEAMS.length) % ENVS.length];
    const connectionName = `${team}-${env}-pg-${i}`;
    const db = `${team}_${env}`;
    // Oldest first, so later workflows are newer; runs are daily after creation.
    const epoch = nowS - (request.workflows - i) * 3_600 - request.runsPerWorkflow * DAY_S;
    const inFlight = i >= request.workflows - request.inFlight;
    const creator = creators[i % creators.length];

    if (surface !== 'apps') {
      const madeInUi = request.names === 'ui' || (request.names === 'mixed' && i % 3 === 2);
      const nameOf = madeInUi ? uiCrawlerName : sdkCrawlerName;
      let name = nameOf(epoch);
      for (let n = epoch; deps.tenant.workflows.get(name); n++) name = nameOf(n + 1);
      const template = templateDoc(
        crawlerTemplate({
          name,
          epoch,
          connectionName,
          credentialGuid,
          include: { [db]: ['public'] },
          ...(i % 7 === 0 ? { schedule: { cron: '45 4 * * *', timezone: 'Europe/Paris' } } : {}),
          madeInUi,
        }),
        madeInUi ? USER_IDENTITY : creator,
        epoch * 1000,
      );
      deps.tenant.workflows.put(name, template, 0);
      summary.workflows++;
      if (madeInUi) summary.uiNamed++;
      const finishedRuns = inFlight ? request.runsPerWorkflow - 1 : request.runsPerWorkflow;
      for (let r = 0; r < finishedRuns; r++) {
        const state = finishedState(epoch + 60 + r * DAY_S, random);
        let runName = `${name}-${suffix(random)}`;
        while (deps.tenant.runs.get(runName)) runName = `${name}-${suffix(random)}`;
        deps.tenant.runs.put(runName, runDoc(runName, name, creator, state), 0);
        summary.runs++;
      }
      if (inFlight && request.runsPerWorkflow > 0) {
        deps.legacy.startRun(template, creator);
        summary.runs++;
        summary.inFlight++;
      }
    }

    if (surface !== 'legacy') {
      const app: AppRecord = {
        slug: `${connectionName}-${(0x10000000 + i).toString(16)}`,
        name: connectionName,
        appId: POSTGRES_APP_ID,
        entrypoint: POSTGRES_ENTRYPOINT,
        inputs: {
          connection: { typeName: 'Connection', attributes: { qualifiedName: `default/postgres/${epoch}`, connectorName: 'postgres', name: connectionName, adminUsers: [creator.username] } },
          extraction_method: 'direct',
          credential_guid: credentialGuid,
          include_filter: JSON.stringify({ [`^${db}$`]: ['^public$'] }),
          exclude_filter: '{}',
          temp_table_regex: '',
          advanced_config: 'default',
          use_source_schema_filtering: 'false',
          use_jdbc_internal_methods: 'true',
          control_config_strategy: 'default',
          control_config: '{}',
        },
        version: epoch,
        owner: creator.username,
        ownerId: creator.id,
        createdAt: rfc3339(epoch * 1000),
        updatedAt: rfc3339(epoch * 1000),
        schedules: [],
      };
      if (deps.tenant.apps.has(app.slug)) app.slug = `${app.slug}-${suffix(random)}`;
      deps.tenant.apps.set(app.slug, app);
      deps.catalog.workflowChanged(app, { seeded: true });
      summary.apps++;
      const finishedRuns = inFlight ? request.runsPerWorkflow - 1 : request.runsPerWorkflow;
      for (let r = 0; r < finishedRuns; r++) {
        const state = finishedState(epoch + 60 + r * DAY_S, random);
        const runId = `${app.slug}-run-${r}`;
        // Every third run was started by someone in Atlan's UI, the others by the workflow's creator (its API token or schedule).
        const startedBy = r % 3 === 2 ? UI_RUN_USERS[(i + r) % UI_RUN_USERS.length] : creator.username;
        const run = { runId, slug: app.slug, version: app.version, createdBy: startedBy, state };
        deps.tenant.appRuns.set(runId, run);
        deps.catalog.runChanged(run, { seeded: true });
        summary.appRuns++;
      }
      if (inFlight && request.runsPerWorkflow > 0) {
        deps.apps.startRun(app, creator);
        summary.appRuns++;
        if (surface === 'apps') summary.inFlight++;
      }
    }
  }
  if (request.miner && request.workflows > 0 && surface !== 'apps') {
    // The newest template of all: if anything let it through, it would top the list.
    const epoch = nowS - 60;
    let name = minerTemplate(epoch, '').name;
    for (let n = epoch; deps.tenant.workflows.get(name); n++) name = minerTemplate(n + 1, '').name;
    const miner = minerTemplate(epoch, `default/postgres/${epoch}`);
    deps.tenant.workflows.put(name, templateDoc({ ...miner, name }, USER_IDENTITY, epoch * 1000), 0);
    summary.otherPackages++;
  }
  summary.ms = Date.now() - started;
  return summary;
}

function suffix(random: () => number): string {
  const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789';
  let out = '';
  for (let i = 0; i < 5; i++) out += alphabet[Math.floor(random() * alphabet.length)];
  return out;
}
