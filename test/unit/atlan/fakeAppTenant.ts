/** A tiny App API tenant (`v1/app`) on a ScriptedServer, following app-api.md. */
import { AppBackend, type AppBackendOptions } from '../../../src/core/atlan/appBackend';
import { AtlanHttp } from '../../../src/core/atlan/http';
import { FakeClock, ScriptedServer, type RecordedRequest, type Reply } from './helpers';

export interface FakeApp {
  slug: string;
  name: string;
  app_id: string;
  version: number;
  inputs: Record<string, unknown>;
  entrypoint?: string;
}

export interface FakeRun {
  run_id: string;
  slug: string;
  status: string;
  started_at?: string;
}

export class FakeAppTenant {
  apps: FakeApp[] = [];
  runs = new Map<string, FakeRun>();
  schedules = new Map<string, { trigger_id: string; cron: string; timezone: string }[]>();
  /** Whether `GET v1/app/{slug}` lists attached schedules (the reference tenant answers `schedules: null`). */
  listsSchedules = false;
  /** Entrypoints the tenant knows; creating with another answers code 1003. */
  entrypoints = new Set(['crawler']);
  private counter = 0;

  constructor(readonly server: ScriptedServer) {
    server.fallback = (req) => this.handle(req);
  }

  addApp(name: string, appId = 'postgres-crawler', inputs: Record<string, unknown> = {}): FakeApp {
    const app = { slug: `${name}-${(++this.counter).toString(16).padStart(8, '0')}`, name, app_id: appId, version: 1, inputs };
    this.apps.push(app);
    return app;
  }

  private handle(req: RecordedRequest): Reply {
    const parts = req.path.split('/');
    const m = `${req.method} ${parts.slice(0, 2).join('/')}`;
    if (m !== 'GET v1/app' && m !== 'POST v1/app' && m !== 'PUT v1/app' && m !== 'DELETE v1/app') return { status: 404, body: { message: 'not found' } };
    const [, , a, b, c] = parts;
    if (a === 'runs' && b) {
      const run = this.runs.get(b);
      if (!run) return { status: 404, body: { message: `no run ${b}` } };
      if (req.method === 'GET' && !c) return { body: run };
      if (req.method === 'POST' && c === 'cancel') {
        run.status = 'Stopped';
        return { body: { run_id: run.run_id, cancelled: true, status: 'Stopped', slug: run.slug } };
      }
    }
    if (a === undefined) {
      if (req.method === 'GET') return this.list(req);
      if (req.method === 'POST') return this.create(req);
    }
    const app = this.apps.find((x) => x.slug === a);
    if (!app) return { status: 404, body: { message: `no app ${a}` } };
    if (req.method === 'GET' && !b) return { body: { ...app, owner: 'jane', schedules: this.listsSchedules ? (this.schedules.get(app.slug) ?? []) : null } };
    if (req.method === 'PUT' && !b) {
      app.inputs = req.body.inputs;
      app.version++;
      return { body: { slug: app.slug, version: app.version } };
    }
    if (req.method === 'DELETE' && !b) {
      this.apps = this.apps.filter((x) => x !== app);
      return { body: { slug: app.slug, archived: true } };
    }
    if (req.method === 'POST' && b === 'submit') return { body: this.startRun(app.slug) };
    if (req.method === 'POST' && b === 'schedule') {
      const trigger = { trigger_id: `t-${++this.counter}`, cron: req.body.cron, timezone: req.body.timezone };
      this.schedules.set(app.slug, [...(this.schedules.get(app.slug) ?? []), trigger]);
      return { body: trigger };
    }
    if (req.method === 'DELETE' && b === 'schedule' && c) {
      this.schedules.set(app.slug, (this.schedules.get(app.slug) ?? []).filter((t) => t.trigger_id !== c));
      return { body: { trigger_id: c, deleted: true } };
    }
    return { status: 404, body: { message: 'not found' } };
  }

  startRun(slug: string): FakeRun {
    const run = { run_id: `r-${++this.counter}`, slug, status: 'Pending', started_at: '2026-03-01T00:00:00Z' };
    this.runs.set(run.run_id, run);
    return { ...run };
  }

  private list(req: RecordedRequest): Reply {
    const name = req.query.get('name');
    const limit = Number(req.query.get('limit') ?? 50);
    const from = Number(req.query.get('cursor') ?? 0);
    const matched = this.apps.filter((x) => name === null || x.name === name);
    const page = matched.slice(from, from + limit).map((x) => ({ slug: x.slug, name: x.name, version: x.version, dag: { extract: { inputs: { ...x.inputs, app_id: x.app_id } } } }));
    const more = from + limit < matched.length;
    return { body: { workflows: page, has_more: more, next_cursor: more ? String(from + limit) : null } };
  }

  private create(req: RecordedRequest): Reply {
    const body = req.body as { app_id: string; name: string; inputs: Record<string, unknown>; entrypoint?: string; run?: boolean; schedule?: { cron: string; timezone?: string } };
    const existing = this.apps.find((x) => x.name === body.name);
    if (existing) return { status: 409, body: { message: 'a workflow with that name already exists', slug: existing.slug, version: existing.version } };
    if (body.entrypoint !== undefined && !this.entrypoints.has(body.entrypoint)) return { status: 400, body: { code: 1003, message: `unknown entrypoint ${body.entrypoint}` } };
    const app = this.addApp(body.name, body.app_id, body.inputs);
    const answer: Record<string, unknown> = { execution_mode: 'native', slug: app.slug, version: app.version };
    if (body.run !== false) answer.run_id = this.startRun(app.slug).run_id;
    if (body.schedule) {
      answer.schedule_trigger_id = `t-${++this.counter}`;
      this.schedules.set(app.slug, [{ trigger_id: answer.schedule_trigger_id as string, cron: body.schedule.cron, timezone: body.schedule.timezone ?? 'UTC' }]);
    }
    return { body: answer };
  }
}

/** What a suite against a FakeAppTenant gets: fresh per test, except the server. */
export interface AppSuite {
  server: ScriptedServer;
  tenant: FakeAppTenant;
  clock: FakeClock;
  http: AtlanHttp;
  backend: AppBackend;
}

/**
 * Registers the mocha hooks of a suite against a FakeAppTenant (a server for the suite; a fresh
 * tenant, clock, client and backend for each test) and returns the live context.
 */
export function useFakeAppTenant(token: string, backendOptions: Partial<AppBackendOptions> = {}): AppSuite {
  const suite = {} as AppSuite;
  before(async () => {
    suite.server = await ScriptedServer.start();
  });
  beforeEach(() => {
    suite.server.reset();
    suite.tenant = new FakeAppTenant(suite.server);
    suite.clock = new FakeClock();
    suite.http = new AtlanHttp({ baseUrl: suite.server.url, token, clock: suite.clock, random: () => 0.5 });
    suite.backend = new AppBackend({ http: suite.http, clock: suite.clock, ...backendOptions });
  });
  afterEach(async () => {
    await suite.http.close();
  });
  after(async () => {
    await suite.server.stop();
  });
  return suite;
}
