/** Typed helpers calling a sandbox's `/_sandbox/` admin API over HTTP (for tests and scripts). */
import { request } from 'undici';
import type { FaultRule, FaultRuleIn } from '../faults';
import type { UiCrawlerCreated, UiCrawlerRequest } from '../legacy/packageTemplates';
import type { LoggedRequest } from '../requestLog';
import type { SettingsPatch, Surfaces } from '../settings';
import type { SeedRequest, SeedSummary } from '../state/seed';
import type { CrawlRecord } from '../runs/runEngine';
import type { SandboxStateSummary } from './adminRoutes';
import type { PublishOutcome, SyntheticCatalogRequest } from '../assets/crawlCatalog';
import type * as z from 'zod';

export interface SandboxAdmin {
  state(): Promise<SandboxStateSummary>;
  addFault(rule: FaultRuleIn): Promise<FaultRule>;
  faults(): Promise<FaultRule[]>;
  clearFaults(): Promise<void>;
  reset(): Promise<SandboxStateSummary>;
  seed(request: SeedRequest): Promise<SeedSummary>;
  /** A Postgres crawler as Atlan's UI creates it: `atlan-postgres-default-postgres-<epoch>`. */
  createUiCrawler(request: UiCrawlerRequest): Promise<UiCrawlerCreated>;
  requests(filter?: { method?: string; path?: string }): Promise<LoggedRequest[]>;
  clearRequests(): Promise<void>;
  counters(): Promise<Record<string, number>>;
  settings(patch: SettingsPatch): Promise<SandboxStateSummary>;
  setClockSpeed(speed: number): Promise<SandboxStateSummary>;
  setSurfaces(surfaces: Surfaces): Promise<SandboxStateSummary>;
  setIndexLag(ms: number): Promise<SandboxStateSummary>;
  /** Whether the asset search shows App workflows and runs (off: an older tenant's catalog). */
  setAppAssets(on: boolean): Promise<SandboxStateSummary>;
  /** Starts a run of an App workflow as `startedBy` would from Atlan's UI; answers like `submit`. */
  startAppRun(request: { slug: string; startedBy: string }): Promise<{ slug: string; run_id: string; status: string; started_at: string }>;
  /** What real crawls catalogued, table by table, newest first (optionally of one run). */
  crawls(run?: string): Promise<CrawlRecord[]>;
  /** Publishes a synthetic crawl of any size into the catalog (POST /_sandbox/catalog). */
  publishCatalog(request: z.input<typeof SyntheticCatalogRequest>): Promise<PublishOutcome>;
}

export function adminClient(baseUrl: string): SandboxAdmin {
  async function call<T>(method: 'GET' | 'POST' | 'DELETE', path: string, body?: unknown): Promise<T> {
    const res = await request(`${baseUrl}/_sandbox/${path}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.body.text();
    if (res.statusCode !== 200) throw new Error(`sandbox admin ${method} ${path} failed with ${res.statusCode}: ${text}`);
    return JSON.parse(text) as T;
  }
  const settings = (patch: SettingsPatch): Promise<SandboxStateSummary> => call('POST', 'settings', patch);
  return {
    state: () => call('GET', 'state'),
    addFault: (rule) => call('POST', 'faults', rule),
    faults: async () => (await call<{ faults: FaultRule[] }>('GET', 'faults')).faults,
    clearFaults: async () => {
      await call('DELETE', 'faults');
    },
    reset: () => call('POST', 'reset'),
    seed: (req) => call('POST', 'seed', req),
    createUiCrawler: (req) => call('POST', 'ui-crawlers', req),
    requests: async (filter = {}) => {
      const q = new URLSearchParams();
      if (filter.method) q.set('method', filter.method);
      if (filter.path) q.set('path', filter.path);
      const suffix = q.size > 0 ? `?${q.toString()}` : '';
      return (await call<{ requests: LoggedRequest[] }>('GET', `requests${suffix}`)).requests;
    },
    clearRequests: async () => {
      await call('DELETE', 'requests');
    },
    counters: async () => (await call<{ counters: Record<string, number> }>('GET', 'counters')).counters,
    settings,
    setClockSpeed: (clockSpeed) => settings({ clockSpeed }),
    setSurfaces: (surfaces) => settings({ surfaces }),
    setIndexLag: (indexLagMs) => settings({ indexLagMs }),
    setAppAssets: (appAssets) => settings({ appAssets }),
    startAppRun: (req) => call('POST', 'app-runs', req),
    publishCatalog: (req) => call('POST', 'catalog', req),
    crawls: async (run) => (await call<{ crawls: CrawlRecord[] }>('GET', run === undefined ? 'crawls' : `crawls?run=${encodeURIComponent(run)}`)).crawls,
  };
}
