/**
 * How to make the sandbox answer the request a corpus fixture answers: each scenario sets up
 * what the request needs (a workflow, a finished or running run, a duplicate name...) and returns
 * the request, on the same method and path template as the manifest's. The answer is then checked
 * against the fixture's documented shape (sandboxContract.test.ts).
 */
/* eslint-disable @typescript-eslint/no-explicit-any -- the sandbox's answers are read as untyped JSON, as a client reads them before validating. */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { CrawlerPort } from '../../../sandbox/crawlerPort';
import { fakeCrawler } from '../../../sandbox/crawlerPort';
import type { SandboxHandle } from '../../../sandbox/server';
import { postgresWorkflowsSearch, workflowRunsSearch } from '../../../src/core/atlan/searchQueries';
import { call, fastSandbox, waitFor } from '../sandbox/helpers';

export interface SandboxCall {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** The manifest's path template, e.g. `v1/app/{slug}`. */
  path: string;
  params?: Record<string, string>;
  query?: Record<string, string>;
  body?: unknown;
  /** Whose token: the API token (default) or the signed-in user's. */
  as?: 'apiToken' | 'user';
  /** Undo what the scenario changed once the answer is in (e.g. the clock speed). */
  after?: () => Promise<void>;
}

/** A database the fake crawler refuses, so runs and credential tests can fail the way a tenant's do. */
const REFUSING_HOST = 'refuses.example.com';

/** The fake crawler, refusing the credential of one host with Postgres's own words. */
export const contractCrawler: CrawlerPort = {
  crawlPostgres: (cred, filters, signal) => fakeCrawler.crawlPostgres(cred, filters, signal),
  testPostgresCredential: (cred) =>
    Promise.resolve(cred.host === REFUSING_HOST ? { ok: false, message: `FATAL: password authentication failed for user "${cred.username}"` } : { ok: true }),
};

const SDK_PAYLOAD = path.resolve(__dirname, '../../../../test/fixtures/sdk-payloads/postgres_direct_basic.json');
const FAST = 2000;

function legacyPayload(epoch: number, host: string, annotations: Record<string, string> = {}): any {
  const doc = JSON.parse(readFileSync(SDK_PAYLOAD, 'utf8').split('123456').join(String(epoch)));
  doc.payload[0].body.host = host;
  Object.assign(doc.metadata.annotations, annotations);
  return doc;
}

function credential(host: string): Record<string, unknown> {
  return { name: 'default-postgres-1772445600-0', host, port: 5432, authType: 'basic', connectorType: 'jdbc', username: 'atlan_crawler', password: 'contract-db-password', extra: { database: 'orders' }, connectorConfigName: 'atlan-connectors-postgres' };
}

function appBody(name: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    app_id: 'postgres-crawler',
    name,
    inputs: {
      connection: { typeName: 'Connection', attributes: { qualifiedName: 'default/postgres/1772445600', name, connectorName: 'postgres', adminRoles: ['2d8f4b6a-91c3-4e07-b5a2-6f1e0c9d3b71'] } },
      extraction_method: 'direct',
      credential_guid: '',
      include_filter: '{"^orders$": ["^public$"]}',
      credential: credential('orders-db.internal'),
    },
    entrypoint: 'crawler',
    run: false,
    ...overrides,
  };
}

/** One sandbox for every scenario, with what they share created once, on first need. */
export class SandboxWorld {
  private constructor(readonly sandbox: SandboxHandle) {}
  private epoch = 1_772_400_000;
  private legacy?: Promise<{ scheduled: string; failed: string; failedRun: string }>;
  private appSlug?: Promise<{ slug: string; name: string }>;
  private finishedAppRun?: Promise<string>;

  static async start(): Promise<SandboxWorld> {
    return new SandboxWorld(await fastSandbox({ crawler: contractCrawler }));
  }

  stop(): Promise<void> {
    return this.sandbox.stop();
  }

  async send(request: { method: string; path: string; query?: Record<string, string>; body?: unknown; as?: 'apiToken' | 'user' }): Promise<{ status: number; json: any; text: string }> {
    const query = request.query ? `?${new URLSearchParams(request.query).toString()}` : '';
    const token = request.as === 'user' ? this.sandbox.tokens.userToken : this.sandbox.tokens.apiToken;
    return call(this.sandbox, request.method, `${request.path}${query}`, { token, ...(request.body !== undefined ? { body: request.body } : {}) });
  }

  private async ok(method: string, apiPath: string, body?: unknown, query?: Record<string, string>): Promise<any> {
    const reply = await this.send({ method, path: apiPath, body, ...(query ? { query } : {}) });
    if (reply.status !== 200) throw new Error(`sandbox set-up: ${method} ${apiPath} answered ${reply.status}: ${reply.text.slice(0, 300)}`);
    return reply.json;
  }

  nextEpoch(): number {
    return ++this.epoch;
  }

  /** A scheduled SDK-made crawler whose run succeeded, and one whose run failed at its preflight step. */
  legacyWorkflows(): Promise<{ scheduled: string; failed: string; failedRun: string }> {
    this.legacy ??= (async () => {
      const scheduled = legacyPayload(this.nextEpoch(), 'orders-db.internal', { 'orchestration.atlan.com/schedule': '45 4 * * *', 'orchestration.atlan.com/timezone': 'Europe/Paris' });
      const failed = legacyPayload(this.nextEpoch(), REFUSING_HOST);
      await this.ok('POST', 'workflows', scheduled, { submit: 'true' });
      await this.ok('POST', 'workflows', failed, { submit: 'true' });
      const failedName = failed.metadata.name as string;
      const failedRun = await waitFor(
        async () => {
          const hits = (await this.ok('POST', 'runs/indexsearch', workflowRunsSearch(failedName, 0, 1))).hits.hits as any[];
          return hits[0]?._source.status.phase === 'Failed' ? (hits[0]._id as string) : undefined;
        },
        5000,
        'the failing legacy run to end Failed',
      );
      return { scheduled: scheduled.metadata.name as string, failed: failedName, failedRun };
    })();
    return this.legacy;
  }

  /** An App workflow (not run at creation). */
  app(): Promise<{ slug: string; name: string }> {
    this.appSlug ??= (async () => {
      const name = 'contract-warehouse';
      const created = await this.ok('POST', 'v1/app', appBody(name));
      return { slug: created.slug as string, name };
    })();
    return this.appSlug;
  }

  /** The id of a finished App run. */
  appRunFinished(): Promise<string> {
    this.finishedAppRun ??= (async () => {
      const { slug } = await this.app();
      const runId = (await this.ok('POST', `v1/app/${slug}/submit`)).run_id as string;
      await waitFor(async () => ((await this.ok('GET', `v1/app/runs/${runId}`)).status === 'Succeeded' ? true : undefined), 5000, 'the App run to succeed');
      return runId;
    })();
    return this.finishedAppRun;
  }

  /** Slows the tenant so a run started now is still in flight when the next request lands. */
  async slowRuns(): Promise<() => Promise<void>> {
    await this.sandbox.admin.setClockSpeed(1);
    return async () => {
      await this.sandbox.admin.setClockSpeed(FAST);
    };
  }

  async createLegacy(epoch: number, submit: boolean): Promise<string> {
    const doc = legacyPayload(epoch, 'orders-db.internal');
    await this.ok('POST', 'workflows', doc, { submit: String(submit) });
    return doc.metadata.name as string;
  }

  async createApp(name: string): Promise<string> {
    return (await this.ok('POST', 'v1/app', appBody(name))).slug as string;
  }

  /** Two App workflows of one name: the API refuses to create that, so the second is put in the tenant's state directly. */
  async twinApps(name: string): Promise<void> {
    const slug = await this.createApp(name);
    const first = this.sandbox.app.tenant.apps.get(slug);
    if (!first) throw new Error(`sandbox set-up: app ${slug} is not in the tenant state`);
    const twin = `${slug.replace(/-[0-9a-f]+$/, '')}-0badc0de`;
    this.sandbox.app.tenant.apps.set(twin, { ...first, slug: twin, schedules: [] });
  }
}

export type Scenario = (world: SandboxWorld) => Promise<SandboxCall>;

/** Scenario names as the manifest's `sandbox` fields spell them. */
export const SCENARIOS: Record<string, Scenario> = {
  whoami: () => Promise.resolve({ method: 'GET', path: 'whoami' }),
  currentUser: () => Promise.resolve({ method: 'GET', path: 'users/current' }),
  roles: () => Promise.resolve({ method: 'GET', path: 'roles', query: { count: 'true', offset: '0', limit: '100' } }),
  users: () => Promise.resolve({ method: 'GET', path: 'users', query: { limit: '50', offset: '0', sort: 'username', count: 'true' } }),
  groups: () => Promise.resolve({ method: 'GET', path: 'v2/groups', query: { limit: '50', offset: '0', sort: 'name', count: 'true' } }),
  credentialTestAccepted: () => Promise.resolve({ method: 'POST', path: 'credentials/test', body: credential('orders-db.internal') }),
  credentialTestRefused: () => Promise.resolve({ method: 'POST', path: 'credentials/test', body: credential(REFUSING_HOST) }),
  appInfo: () => Promise.resolve({ method: 'GET', path: 'v1/apps/{appId}', params: { appId: 'postgres-crawler' } }),

  workflowsSearch: async (world) => {
    await world.legacyWorkflows();
    return { method: 'POST', path: 'workflows/indexsearch', body: postgresWorkflowsSearch(0, 20) };
  },
  runsSearch: async (world) => {
    const { failed } = await world.legacyWorkflows();
    return { method: 'POST', path: 'runs/indexsearch', body: workflowRunsSearch(failed, 0, 10) };
  },
  rerun: async (world) => {
    const { scheduled } = await world.legacyWorkflows();
    return { method: 'POST', path: 'workflows/submit', body: { namespace: 'default', resourceKind: 'WorkflowTemplate', resourceName: scheduled } };
  },
  stop: async (world) => {
    const { scheduled } = await world.legacyWorkflows();
    const restore = await world.slowRuns();
    const run = await world.send({ method: 'POST', path: 'workflows/submit', body: { namespace: 'default', resourceKind: 'WorkflowTemplate', resourceName: scheduled } });
    return { method: 'POST', path: 'runs/{run}/stop', params: { run: run.json.metadata.name as string }, after: restore };
  },
  create: (world) => Promise.resolve({ method: 'POST', path: 'workflows', query: { submit: 'true' }, body: legacyPayload(world.nextEpoch(), 'orders-db.internal') }),
  archive: async (world) => ({ method: 'POST', path: 'workflows/{workflow}/archive', params: { workflow: await world.createLegacy(world.nextEpoch(), false) } }),
  cronList: async (world) => {
    await world.legacyWorkflows();
    return { method: 'GET', path: 'runs/cron' };
  },

  appList: async (world) => {
    await world.app();
    return { method: 'GET', path: 'v1/app' };
  },
  appListUnknownName: () => Promise.resolve({ method: 'GET', path: 'v1/app', query: { name: 'no-such-crawler' } }),
  appListByName: async (world) => ({ method: 'GET', path: 'v1/app', query: { name: (await world.app()).name } }),
  appGet: async (world) => ({ method: 'GET', path: 'v1/app/{slug}', params: { slug: (await world.app()).slug } }),
  appRun: async (world) => ({ method: 'GET', path: 'v1/app/runs/{runId}', params: { runId: await world.appRunFinished() } }),
  appSubmit: async (world) => ({ method: 'POST', path: 'v1/app/{slug}/submit', params: { slug: (await world.app()).slug } }),
  appCancel: async (world) => {
    const { slug } = await world.app();
    const restore = await world.slowRuns();
    const run = await world.send({ method: 'POST', path: `v1/app/${slug}/submit` });
    return { method: 'POST', path: 'v1/app/runs/{runId}/cancel', params: { runId: run.json.run_id as string }, after: restore };
  },
  appSchedule: async (world) => ({ method: 'POST', path: 'v1/app/{slug}/schedule', params: { slug: (await world.app()).slug }, body: { cron: '0 9 * * *', timezone: 'Asia/Kolkata' } }),
  appCreate: () => Promise.resolve({ method: 'POST', path: 'v1/app', body: appBody('contract-inventory', { run: true }) }),
  appDelete: async (world) => ({ method: 'DELETE', path: 'v1/app/{slug}', params: { slug: await world.createApp('contract-throwaway') } }),

  rerunInvalid: () => Promise.resolve({ method: 'POST', path: 'workflows/submit', body: { namespace: 'default', resourceKind: 'WorkflowTemplate' } }),
  archiveForbidden: async (world) => ({ method: 'POST', path: 'workflows/{workflow}/archive', params: { workflow: (await world.legacyWorkflows()).scheduled }, as: 'user' }),
  appCreateInvalidInputs: () => Promise.resolve({ method: 'POST', path: 'v1/app', body: appBody('contract-invalid', { inputs: { extraction_method: 'direct', include_filter: 'not json' } }) }),
  appCreateUnknownEntrypoint: () => Promise.resolve({ method: 'POST', path: 'v1/app', body: appBody('contract-entrypoint', { entrypoint: 'extract-only' }) }),
  appCreateDuplicate: async (world) => ({ method: 'POST', path: 'v1/app', body: appBody((await world.app()).name) }),
  appCreateDuplicateTwice: async (world) => {
    await world.twinApps('contract-twins');
    return { method: 'POST', path: 'v1/app', body: appBody('contract-twins') };
  },
};
