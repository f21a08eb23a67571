/**
 * Runs one manifest check: serves its fixtures to the real AtlanClient over loopback HTTP, does
 * what the extension or the CLI does (the `op`), and asserts what the user would see, through
 * the same formatting the CLI uses (src/cli/runFormat.ts) and the values the tree renders.
 */
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { AppBackend } from '../../../src/core/atlan/appBackend';
import { AtlanClient } from '../../../src/core/atlan/atlanClient';
import { isFinished, type BuiltCrawler, type CrawlerBackend, type CrawlerRun, type CrawlerWorkflow, type LegacyWorkflowJson, type Schedule, type StoredDefinition } from '../../../src/core/atlan/backend';
import { isAtlanError } from '../../../src/core/atlan/errors';
import { cronListSchema } from '../../../src/core/atlan/models';
import { formatRunDuration } from '../../../src/core/format/runTiming';
import { failedStepLines, phaseText, runLabel } from '../../../src/cli/runFormat';
import { FakeClock, type ScriptedServer } from '../atlan/helpers';
import type { Check, Corpus, CorpusFixture, RunView, Sees, WorkflowView } from './corpus';
import { serveFixtures } from './fixtureTenant';

/** The API token of every check: it must never show in anything the user sees. */
const TOKEN = 'contract-corpus-token-5f2a9c';
/** The database password sent by credential tests and creates: same rule. */
const DB_PASSWORD = 'contract-db-password-8d1e';

const SDK_PAYLOAD = path.resolve(__dirname, '../../../../test/fixtures/sdk-payloads/postgres_direct_basic.json');


/** What an operation gave the user. */
interface Observed {
  workflows?: CrawlerWorkflow[];
  runs?: (CrawlerRun | undefined)[];
  run?: CrawlerRun;
  reused?: boolean;
  created?: { workflow: CrawlerWorkflow; run?: CrawlerRun };
  done?: true;
  whoami?: { username: string; isApiTokenUser: boolean; roles: string[] };
  names?: string[];
  ids?: string[];
  page?: { names: string[]; total?: number; more: boolean };
  credential?: { ok: boolean; message: string };
  surface?: string;
  schedule?: Schedule;
  schedules?: { name: string; cron: string; timezone: string }[];
  definition?: StoredDefinition;
  unread?: number;
  error?: unknown;
}

function arg<T>(check: Check, name: string): T {
  const value = check.args?.[name];
  assert.notEqual(value, undefined, `the check "${check.what}" needs args.${name}`);
  return value as T;
}

function legacyCrawler(epoch: number, connectionName: string): BuiltCrawler {
  const text = readFileSync(SDK_PAYLOAD, 'utf8').split('123456').join(String(epoch)).split('test-sdk-postgresql').join(connectionName).split('test-password').join(DB_PASSWORD);
  return { surface: 'workflows', workflow: JSON.parse(text) as LegacyWorkflowJson };
}

function appCrawler(name: string, entrypoint?: string): BuiltCrawler {
  return {
    surface: 'apps',
    body: {
      app_id: 'postgres-crawler',
      name,
      inputs: {
        connection: { typeName: 'Connection', attributes: { qualifiedName: 'default/postgres/1772445600', name, connectorName: 'postgres', adminRoles: ['2d8f4b6a-91c3-4e07-b5a2-6f1e0c9d3b71'] } },
        extraction_method: 'direct',
        credential_guid: '',
        include_filter: '{"^inventory$": ["^public$"]}',
        exclude_filter: '{}',
        temp_table_regex: '',
        credential: { authType: 'basic', host: 'inventory-db.internal', port: 5432, username: 'atlan_crawler', password: DB_PASSWORD, extra: { database: 'inventory' } },
      },
      ...(entrypoint ? { entrypoint } : {}),
      run: true,
    },
  };
}

const credentialBody = {
  name: 'default-postgres-1772445600-0',
  host: 'orders-db.internal',
  port: 5432,
  authType: 'basic',
  connectorType: 'jdbc',
  username: 'atlan_crawler',
  password: DB_PASSWORD,
  extra: { database: 'orders' },
  connectorConfigName: 'atlan-connectors-postgres',
};

async function perform(client: AtlanClient, check: Check): Promise<Observed> {
  const legacy = (): CrawlerBackend => client.backend('workflows');
  const apps = (): AppBackend => client.backend('apps') as AppBackend;
  switch (check.op) {
    case 'tenant.whoami':
      return { whoami: await client.whoami() };
    case 'tenant.listRoles':
      return { names: (await client.listRoles()).map((r) => r.name) };
    case 'tenant.resolveRoleIds':
      return { ids: await client.resolveRoleIds(arg<string[]>(check, 'names')) };
    case 'tenant.listUsers': {
      const page = await client.listUsers({ limit: arg<number>(check, 'limit') });
      return { page: { names: page.items.map((u) => u.username), total: page.total, more: page.next !== undefined } };
    }
    case 'tenant.listGroups': {
      const page = await client.listGroups({ limit: arg<number>(check, 'limit') });
      return { page: { names: page.items.map((g) => g.name), total: page.total, more: page.next !== undefined } };
    }
    case 'tenant.testCredential':
      return { credential: await client.testCredential(credentialBody) };
    case 'tenant.detectSurface':
      return { surface: await client.detectSurface() };
    case 'legacy.listWorkflows': {
      const page = await legacy().listWorkflows({ size: arg<number>(check, 'size') });
      return { workflows: page.items, unread: page.unread?.length ?? 0 };
    }
    case 'legacy.findByConnectionName':
      return { workflows: await legacy().findByConnectionName(arg<string>(check, 'connectionName')) };
    case 'legacy.getWorkflow': {
      const found = await legacy().getWorkflow(arg<string>(check, 'workflow'));
      return { workflows: found ? [found] : [] };
    }
    case 'legacy.latestRuns': {
      const names = arg<string[]>(check, 'workflows');
      const latest = await legacy().latestRuns(names);
      return { runs: names.map((n) => latest.get(n)), unread: latest.unread?.length ?? 0 };
    }
    case 'legacy.listRuns': {
      const page = await legacy().listRuns(arg<string>(check, 'workflow'), { size: arg<number>(check, 'size') });
      return { runs: page.items, unread: page.unread?.length ?? 0 };
    }
    case 'legacy.getRuns': {
      const refs = arg<{ id: string; workflowName: string }[]>(check, 'runs');
      const found = await legacy().getRuns(refs);
      return { runs: refs.map((r) => found.get(r.id)) };
    }
    case 'legacy.rerun': {
      const idempotent = check.args?.idempotent as boolean | undefined;
      const result = await legacy().rerun(arg<string>(check, 'workflow'), idempotent === undefined ? {} : { idempotent });
      return { run: result.run, reused: result.reused };
    }
    case 'legacy.stop':
      return { run: await legacy().stop(arg<{ id: string; workflowName: string }>(check, 'run')) };
    case 'legacy.create':
      return { created: await legacy().create(legacyCrawler(arg<number>(check, 'epoch'), arg<string>(check, 'connectionName'))) };
    case 'legacy.archive':
      await legacy().archive(arg<string>(check, 'workflow'));
      return { done: true };
    case 'models.cronList': {
      const list = await client.http.request({ method: 'GET', path: 'runs/cron', schema: cronListSchema });
      return {
        schedules: (list.items ?? []).map((item) => ({ name: item.metadata?.name ?? '', cron: item.spec?.schedule ?? '', timezone: item.spec?.timezone ?? '' })),
      };
    }
    case 'apps.listWorkflows': {
      const page = await apps().listWorkflows({ size: arg<number>(check, 'size') });
      return { workflows: page.items, unread: page.unread?.length ?? 0 };
    }
    case 'apps.findByConnectionName':
      return { workflows: await apps().findByConnectionName(arg<string>(check, 'connectionName')) };
    case 'apps.getWorkflow': {
      const found = await apps().getWorkflow(arg<string>(check, 'slug'));
      return { workflows: found ? [found] : [] };
    }
    case 'apps.getDefinition':
      return { definition: await apps().getDefinition(arg<string>(check, 'slug')) };
    case 'apps.getRuns': {
      const refs = arg<{ id: string; workflowName: string }[]>(check, 'runs');
      const found = await apps().getRuns(refs);
      return { runs: refs.map((r) => found.get(r.id)) };
    }
    case 'apps.rerun': {
      const result = await apps().rerun(arg<string>(check, 'slug'), { idempotent: false });
      return { run: result.run, reused: result.reused };
    }
    case 'apps.stop':
      return { run: await apps().stop(arg<{ id: string; workflowName: string }>(check, 'run')) };
    case 'apps.addSchedule':
      return { schedule: await apps().addSchedule(arg<string>(check, 'slug'), { cron: arg<string>(check, 'cron'), timezone: arg<string>(check, 'timezone') }) };
    case 'apps.create':
      return { created: await apps().create(appCrawler(arg<string>(check, 'name'), check.args?.entrypoint as string | undefined)) };
    case 'apps.archive':
      await apps().archive(arg<string>(check, 'slug'));
      return { done: true };
  }
}

// ------------------------------------------------------------------ what the user sees

function workflowView(w: CrawlerWorkflow): WorkflowView {
  return {
    name: w.name,
    ...(w.connectionName !== undefined ? { connectionName: w.connectionName } : {}),
    ...(w.connectionQualifiedName !== undefined ? { connectionQualifiedName: w.connectionQualifiedName } : {}),
    ...(w.schedule ? { schedule: `${w.schedule.cron} ${w.schedule.timezone}` } : {}),
  };
}

/** The duration the tree shows for a run (runItem in src/features/tree/treeNodes.ts computes it this way). */
function treeDuration(run: CrawlerRun, now: number): string | undefined {
  return formatRunDuration(run, isFinished(run.phase), now);
}

const HOUR = 3_600_000;

function assertRun(actual: CrawlerRun | undefined, expected: RunView, now: number, where: string): void {
  assert.ok(actual, `${where}: no run was shown`);
  const seen: Partial<Record<keyof RunView, unknown>> = {};
  if (expected.id !== undefined) seen.id = actual.id;
  if (expected.workflowName !== undefined) seen.workflowName = actual.workflowName;
  if (expected.phase !== undefined) seen.phase = actual.phase;
  if (expected.startedBy !== undefined) seen.startedBy = actual.startedBy;
  if (expected.line !== undefined) seen.line = phaseText(actual, now);
  if (expected.steps !== undefined) seen.steps = failedStepLines(actual);
  if (expected.label !== undefined) seen.label = runLabel(actual);
  const { lineMatches, treeDuration: duration, ...rest } = expected;
  assert.deepEqual(seen, rest, `${where}: the run ${actual.id} reads differently`);
  if (lineMatches !== undefined) assert.match(phaseText(actual, now), new RegExp(lineMatches), `${where}: the CLI line of ${actual.id}`);
  if (duration !== undefined) {
    const shown = [treeDuration(actual, now) ?? null, treeDuration(actual, now + HOUR) ?? null];
    assert.deepEqual(shown, [duration, duration], `${where}: the duration shown for ${actual.id} now and an hour later`);
  }
}

function assertWorkflows(actual: CrawlerWorkflow[], expected: NonNullable<Sees['workflows']>): void {
  const views = actual.map(workflowView);
  if (expected.exactly) assert.deepEqual(views, expected.exactly, 'the workflows shown');
  for (const wanted of expected.includes ?? []) {
    assert.deepEqual(views.find((v) => v.name === wanted.name), wanted, `workflow ${wanted.name} is shown as documented (shown: ${views.map((v) => v.name).join(', ') || 'none'})`);
  }
  for (const name of expected.excludes ?? []) assert.ok(!views.some((v) => v.name === name), `workflow ${name} must not be shown`);
}

function assertSees(observed: Observed, sees: Sees, now: number, server: ScriptedServer): void {
  if (sees.error) {
    const error = observed.error;
    assert.ok(error !== undefined, `an error was expected (${sees.error.kind}), the operation succeeded`);
    assert.ok(isAtlanError(error), `the error is one of the client's typed errors: ${error instanceof Error ? error.stack : JSON.stringify(error)}`);
    assert.equal(error.kind, sees.error.kind, `error kind (message: ${error.message})`);
    if (sees.error.status !== undefined) assert.equal(error.status, sees.error.status, 'HTTP status on the error');
    for (const part of sees.error.includes) assert.ok(error.message.includes(part), `the message says "${part}": ${error.message}`);
    for (const part of sees.error.excludes ?? []) assert.ok(!error.message.includes(part), `the message does not say "${part}": ${error.message}`);
  } else if (observed.error !== undefined) {
    assert.fail(`the operation failed: ${observed.error instanceof Error ? (observed.error.stack ?? observed.error.message) : JSON.stringify(observed.error)}`);
  }
  if (sees.workflows) assertWorkflows(observed.workflows ?? [], sees.workflows);
  if (sees.runs) {
    assert.equal(observed.runs?.length, sees.runs.length, `runs shown: ${(observed.runs ?? []).map((r) => r?.id).join(', ')}`);
    sees.runs.forEach((expected, i) => assertRun(observed.runs?.[i], expected, now, `run ${i + 1}`));
  }
  if (sees.run) assertRun(observed.run, sees.run, now, 'the run');
  if (sees.reused !== undefined) assert.equal(observed.reused, sees.reused, 'an in-flight run was reused');
  if (sees.created) {
    assert.ok(observed.created, 'something was created');
    assert.deepEqual(workflowView(observed.created.workflow), sees.created.workflow, 'the created workflow');
    if (sees.created.run) assertRun(observed.created.run, sees.created.run, now, 'the first run');
  }
  if (sees.done) assert.equal(observed.done, true);
  if (sees.whoami) assert.deepEqual(observed.whoami, sees.whoami);
  if (sees.names) assert.deepEqual(observed.names, sees.names);
  if (sees.ids) assert.deepEqual(observed.ids, sees.ids);
  if (sees.page) assert.deepEqual(observed.page, sees.page);
  if (sees.credential) assert.deepEqual(observed.credential, sees.credential);
  if (sees.surface) assert.equal(observed.surface, sees.surface);
  if (sees.schedule) assert.deepEqual(observed.schedule, sees.schedule);
  if (sees.schedules) assert.deepEqual(observed.schedules, sees.schedules);
  if (sees.definition) {
    const body = observed.definition?.surface === 'apps' ? observed.definition.body : undefined;
    assert.ok(body, 'an App API definition was read');
    const connection = (body.inputs.connection as { attributes?: { qualifiedName?: string } } | undefined)?.attributes;
    const { caveat, ...expected } = sees.definition;
    assert.deepEqual({ name: body.name, ...(expected.connectionQualifiedName !== undefined ? { connectionQualifiedName: connection?.qualifiedName } : {}) }, expected);
    if (caveat !== undefined) assert.ok(observed.definition?.caveat?.includes(caveat), `the definition's caveat says "${caveat}": ${observed.definition?.caveat}`);
  }
  if (sees.unread !== undefined) assert.equal(observed.unread, sees.unread, 'items left out because they could not be read');
  for (const { method, path: p, count } of sees.requests ?? []) {
    assert.equal(server.requests.filter((r) => r.method === method && r.path === p).length, count, `requests sent to ${method} ${p}`);
  }
}

/** Secrets never reach what the user sees, whatever the tenant echoes. */
function assertNoSecrets(observed: Observed): void {
  const text = JSON.stringify(observed, (_key, value: unknown) => (value instanceof Error ? value.message : value));
  for (const secret of [TOKEN, DB_PASSWORD]) assert.ok(!text.includes(secret), `a secret reached what the user sees: ${text.slice(0, 300)}`);
}

/** Serves the check's fixtures, performs its operation with a fresh client and asserts what the user sees. */
export async function runCheck(server: ScriptedServer, corpus: Corpus, fx: CorpusFixture, check: Check): Promise<void> {
  server.reset();
  const tenant = serveFixtures(server, corpus, [fx.path, ...(check.with ?? [])]);
  const client = new AtlanClient({ baseUrl: server.url, token: TOKEN, clock: new FakeClock(corpus.now), indexLagMs: 0, createLookupAttempts: 1 });
  let observed: Observed;
  try {
    observed = await perform(client, check);
  } catch (error) {
    observed = { error };
  } finally {
    await client.close();
  }
  assert.deepEqual(tenant.unanswered, [], 'every request the client sent is one a fixture of this check answers');
  assertSees(observed, check.sees, corpus.now, server);
  assertNoSecrets(observed);
}
