/**
 * The `/_sandbox/` admin API for tests and demos: faults, reset, seed, request log and counters,
 * settings (clock speed, surfaces, index lag, App assets), App runs started on someone's behalf,
 * what real crawls found (table by table), a synthetic crawl published into the catalog, and a
 * state summary. Loopback only, no token.
 */
import type { PublishOutcome } from '../assets/crawlCatalog';
import { FaultRuleIn, type FaultInjector } from '../faults';
import { SandboxHttpError } from '../http/errors';
import type { HandlerResult } from '../http/router';
import { parseOr400 } from '../http/validate';
import type { UiCrawlerCreated } from '../legacy/packageTemplates';
import type { RequestLog } from '../requestLog';
import type { ScaledClock } from '../runs/clock';
import type { RunEngine } from '../runs/runEngine';
import { SettingsPatch, type SandboxSettings } from '../settings';
import { SeedRequest, type SeedSummary } from '../state/seed';
import type { TenantState } from '../state/tenant';

export interface AdminDeps {
  tenant: TenantState;
  faults: FaultInjector;
  log: RequestLog;
  clock: ScaledClock;
  engine: RunEngine;
  settings: SandboxSettings;
  seed: (request: unknown) => SeedSummary;
  /** A Postgres crawler as Atlan's UI creates it (body: UiCrawlerRequest). */
  createUiCrawler: (request: unknown) => UiCrawlerCreated;
  reset: () => void;
  changed: () => void;
  /** Starts a run of an App workflow on someone else's behalf (a person in Atlan's UI, a schedule). */
  startAppRun: (request: unknown) => Record<string, unknown>;
  /** Publishes a synthetic crawl of any size into the catalog (body: SyntheticCatalogRequest). */
  publishCatalog: (request: unknown) => PublishOutcome;
}

export interface SandboxStateSummary {
  surfaces: SandboxSettings['surfaces'];
  clockSpeed: number;
  indexLagMs: number;
  appAssets: boolean;
  workflows: number;
  runs: number;
  apps: number;
  appRuns: number;
  assets: number;
  credentials: number;
  activeRuns: number;
  faults: number;
}

export function stateSummary(deps: AdminDeps): SandboxStateSummary {
  return {
    surfaces: deps.settings.surfaces,
    clockSpeed: deps.clock.speed,
    indexLagMs: deps.settings.indexLagMs,
    appAssets: deps.settings.appAssets !== false,
    workflows: deps.tenant.workflows.size,
    runs: deps.tenant.runs.size,
    apps: deps.tenant.apps.size,
    appRuns: deps.tenant.appRuns.size,
    assets: deps.tenant.assets.size,
    credentials: deps.tenant.vault.size,
    activeRuns: deps.engine.activeCount,
    faults: deps.faults.list().length,
  };
}

export function handleAdmin(deps: AdminDeps, method: string, path: string, query: URLSearchParams, body: unknown): HandlerResult {
  const route = `${method} ${path}`;
  switch (route) {
    case 'GET /_sandbox/state':
      return { body: stateSummary(deps) };
    case 'GET /_sandbox/faults':
      return { body: { faults: deps.faults.list() } };
    case 'POST /_sandbox/faults':
      return { body: deps.faults.add(parseOr400(FaultRuleIn, body, 'fault rule')) };
    case 'DELETE /_sandbox/faults':
      deps.faults.clear();
      return { body: { cleared: true } };
    case 'POST /_sandbox/reset':
      deps.reset();
      return { body: stateSummary(deps) };
    case 'POST /_sandbox/seed': {
      parseOr400(SeedRequest, body, 'seed request');
      const summary = deps.seed(body);
      deps.changed();
      return { body: summary };
    }
    case 'POST /_sandbox/ui-crawlers':
      return { body: deps.createUiCrawler(body) };
    case 'GET /_sandbox/requests': {
      const pathFilter = query.get('path');
      let regex: RegExp | undefined;
      try {
        regex = pathFilter ? new RegExp(pathFilter) : undefined;
      } catch {
        throw new SandboxHttpError(400, `Query parameter 'path' is not a valid regular expression: ${pathFilter}`);
      }
      return { body: { requests: deps.log.list({ method: query.get('method')?.toUpperCase() ?? undefined, path: regex }) } };
    }
    case 'DELETE /_sandbox/requests':
      deps.log.clear();
      return { body: { cleared: true } };
    case 'GET /_sandbox/counters':
      return { body: { counters: deps.log.counters() } };
    case 'POST /_sandbox/settings': {
      const patch = parseOr400(SettingsPatch, body, 'settings');
      if (patch.clockSpeed !== undefined) deps.clock.speed = patch.clockSpeed;
      if (patch.surfaces !== undefined) deps.settings.surfaces = patch.surfaces;
      if (patch.indexLagMs !== undefined) deps.settings.indexLagMs = patch.indexLagMs;
      if (patch.appAssets !== undefined) deps.settings.appAssets = patch.appAssets;
      if (patch.appListSlugless !== undefined) deps.settings.appListSlugless = patch.appListSlugless;
      return { body: stateSummary(deps) };
    }
    case 'GET /_sandbox/crawls': {
      // What real crawls catalogued, table by table, newest first; ?run=ID narrows to one run.
      const run = query.get('run');
      return { body: { crawls: deps.engine.crawls.filter((c) => run === null || c.run === run) } };
    }
    case 'POST /_sandbox/catalog': {
      const outcome = deps.publishCatalog(body);
      deps.changed();
      return { body: outcome };
    }
    case 'POST /_sandbox/app-runs': {
      const started = deps.startAppRun(body);
      deps.changed();
      return { body: started };
    }
    default:
      throw new SandboxHttpError(404, `No admin endpoint ${route}. Endpoints: GET state, GET/POST/DELETE faults, POST reset, POST seed, POST ui-crawlers, GET/DELETE requests, GET counters, POST settings, POST app-runs, GET crawls, POST catalog.`);
  }
}
