/** The shared submit steps (core/tenant/submission), against an in-memory backend. */
import assert from 'node:assert/strict';
import type { BuiltCrawler, CrawlerBackend, CrawlerWorkflow, CreatedCrawler, Surface } from '../../../src/core/atlan/backend';
import { parseConfig } from '../../../src/core/config/parse';
import { MissingSecretsError } from '../../../src/core/config/secrets';
import { DuplicateWorkflowError, duplicateWarning, prepareSubmission, submitPrepared } from '../../../src/core/tenant/submission';

const CONFIG_TEXT = `{
  "connectionName": "warehouse",
  "admins": { "roles": ["$admin"] },
  "extraction": { "method": "direct", "host": "db", "database": "analytics",
    "auth": { "type": "basic", "username": "crawler", "password": { "secret": "pg" } } }
}`;

function config(extra: Record<string, unknown> = {}) {
  const parsed = parseConfig(JSON.stringify({ ...(JSON.parse(CONFIG_TEXT) as object), ...extra }));
  assert.ok(parsed.config, JSON.stringify(parsed.issues));
  return parsed.config;
}

/** A backend with the given workflows; records what was created. */
function backend(surface: Surface, workflows: CrawlerWorkflow[]): CrawlerBackend & { created: { crawler: BuiltCrawler; run?: boolean }[] } {
  const created: { crawler: BuiltCrawler; run?: boolean }[] = [];
  const unsupported = (): never => {
    throw new Error('not used');
  };
  return {
    surface,
    created,
    getWorkflow: (name) => Promise.resolve(workflows.find((w) => w.name === name)),
    findByConnectionName: (connection) => Promise.resolve(workflows.filter((w) => w.connectionName === connection)),
    create: (crawler, options): Promise<CreatedCrawler> => {
      created.push({ crawler, run: options?.run });
      return Promise.resolve({ workflow: { name: 'created-1', surface } });
    },
    listWorkflows: unsupported,
    latestRuns: unsupported,
    listRuns: unsupported,
    getRuns: unsupported,
    rerun: unsupported,
    update: unsupported,
    archive: unsupported,
    stop: unsupported,
    getSchedules: unsupported,
    addSchedule: unsupported,
    removeSchedule: unsupported,
    getDefinition: unsupported,
  };
}

const roles = { asked: [] as string[][], resolveRoleIds: (names: readonly string[]) => (roles.asked.push([...names]), Promise.resolve(names.map((n) => `id-of-${n}`))) };
const secrets = (name: string) => Promise.resolve(name === 'pg' ? 'pg-password-value' : undefined);
const NOW = () => 1_714_638_976_123;

describe('prepareSubmission / submitPrepared', () => {
  beforeEach(() => {
    roles.asked = [];
  });

  it('takes the next free second when a legacy workflow of this second already exists', async () => {
    const taken = [1_714_638_976, 1_714_638_977].map((e) => ({ name: `atlan-postgres-${e}`, surface: 'workflows' as const, connectionName: 'other' }));
    const prepared = await prepareSubmission({ config: config(), client: roles, backend: backend('workflows', taken), lookupSecret: secrets, now: NOW });
    assert.equal(prepared.epoch, 1_714_638_978);
    assert.equal(prepared.built.surface === 'workflows' && prepared.built.workflow.metadata.name, 'atlan-postgres-1714638978');
  });

  it('builds for the backend surface with resolved role ids and the epoch of `now`', async () => {
    const legacy = await prepareSubmission({ config: config(), client: roles, backend: backend('workflows', []), lookupSecret: secrets, now: NOW });
    assert.equal(legacy.built.surface, 'workflows');
    assert.equal(legacy.epoch, 1_714_638_976);
    assert.deepEqual(legacy.adminRoleIds, ['id-of-$admin']);
    assert.equal(legacy.built.surface === 'workflows' && legacy.built.workflow.metadata.name, 'atlan-postgres-1714638976');
    assert.deepEqual(legacy.duplicates, []);
    assert.equal(duplicateWarning(legacy), undefined);

    const apps = await prepareSubmission({ config: config(), client: roles, backend: backend('apps', []), lookupSecret: secrets, now: NOW });
    assert.equal(apps.built.surface === 'apps' && apps.built.body.name, 'warehouse');
  });

  it('tells each step as it starts: admins before the duplicate look-ups', async () => {
    const told: string[] = [];
    const target = backend('workflows', []);
    const lookups = target.getWorkflow.bind(target);
    target.getWorkflow = (name, options) => (told.push('lookup'), lookups(name, options));
    await prepareSubmission({ config: config(), client: roles, backend: target, lookupSecret: secrets, now: NOW, onStage: (stage) => told.push(stage) });
    assert.deepEqual(told.slice(0, 3), ['resolvingAdmins', 'checkingDuplicates', 'lookup']);
  });

  it('finds duplicates by the recorded workflow and by connection name, once each', async () => {
    const existing: CrawlerWorkflow[] = [
      { name: 'atlan-postgres-1700000000', connectionName: 'warehouse', surface: 'workflows' },
      { name: 'atlan-postgres-1700000001', connectionName: 'warehouse', surface: 'workflows' },
      { name: 'atlan-postgres-1700000002', connectionName: 'other', surface: 'workflows' },
    ];
    const prepared = await prepareSubmission({
      config: config({ workflow: 'atlan-postgres-1700000000' }),
      client: roles,
      backend: backend('workflows', existing),
      lookupSecret: secrets,
      now: NOW,
    });
    assert.deepEqual(prepared.duplicates.map((w) => w.name), ['atlan-postgres-1700000000', 'atlan-postgres-1700000001']);
    assert.deepEqual(prepared.recorded, { name: 'atlan-postgres-1700000000', found: true });
    const warning = duplicateWarning(prepared) ?? '';
    assert.match(warning, /records workflow atlan-postgres-1700000000, which exists/);
    assert.match(warning, /already has workflow atlan-postgres-1700000001 for connection "warehouse"/);
    assert.match(warning, /duplicates every asset/);
  });

  it('says when the recorded workflow is not on this tenant', async () => {
    const prepared = await prepareSubmission({ config: config({ workflow: 'gone-1' }), client: roles, backend: backend('apps', []), lookupSecret: secrets, now: NOW });
    assert.deepEqual(prepared.recorded, { name: 'gone-1', found: false });
    assert.deepEqual(prepared.duplicates, []);
    assert.match(duplicateWarning(prepared) ?? '', /gone-1, which this tenant does not have/);
  });

  it('fails on a missing secret before asking the tenant anything', async () => {
    await assert.rejects(
      prepareSubmission({ config: config(), client: roles, backend: backend('workflows', []), lookupSecret: () => Promise.resolve(undefined), whereToSetSecret: (n) => `store "${n}" first` }),
      (error: unknown) => error instanceof MissingSecretsError && /store "pg" first/.test(error.message),
    );
    assert.deepEqual(roles.asked, []);
  });

  it('submitPrepared refuses a duplicate unless createAnyway, and creates with a run by default', async () => {
    const target = backend('workflows', [{ name: 'atlan-postgres-1700000000', connectionName: 'warehouse', surface: 'workflows' }]);
    const prepared = await prepareSubmission({ config: config(), client: roles, backend: target, lookupSecret: secrets, now: NOW });
    await assert.rejects(submitPrepared(target, prepared), DuplicateWorkflowError);
    assert.equal(target.created.length, 0);
    const created = await submitPrepared(target, prepared, { createAnyway: true });
    assert.equal(created.workflow.name, 'created-1');
    assert.deepEqual(target.created.map((c) => c.run), [true]);
    assert.ok(!JSON.stringify(prepared.duplicates).includes('pg-password-value'));
  });

  it('refuses a crawler built for the other surface', async () => {
    const prepared = await prepareSubmission({ config: config(), client: roles, backend: backend('apps', []), lookupSecret: secrets, now: NOW });
    await assert.rejects(submitPrepared(backend('workflows', []), prepared), /built for the apps surface, but the backend is workflows/);
  });
});
