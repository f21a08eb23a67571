/**
 * The App bodies this client sent, as the definition of a workflow whose `GET v1/app/{slug}` has
 * no inputs: the credential is compared too (host, port, database, user, auth type), never its
 * secrets, and an update that keeps the stored credential keeps what the create said of it.
 */
import * as assert from 'node:assert/strict';
import { AtlanClient } from '../../../src/core/atlan/atlanClient';
import type { AppBackend } from '../../../src/core/atlan/appBackend';
import { credentialIdentity } from '../../../src/core/atlan/appDefinitions';
import { CrawlerConfigSchema, type CrawlerConfigInput } from '../../../src/core/config/model';
import { buildAppCreateBody } from '../../../src/core/workflow/appBuilder';
import { detectDrift } from '../../../src/core/workflow/drift';
import { FakeClock, ScriptedServer } from './helpers';

const PASSWORD = 'pw-never-kept-81c2';
const EXTERNAL_ID = 'ext-never-kept-5d7e';
const slug = 'prod-pg-1a2b';
const config: CrawlerConfigInput = {
  connectionName: 'prod-pg',
  admins: { roles: ['$admin'] },
  extraction: { method: 'direct', host: 'db.internal', port: 5432, database: 'analytics', auth: { type: 'basic', username: 'crawler', password: { secret: 'pw' } } },
  include: { analytics: ['public'] },
};
const roles = new Map([['role-guid-1', '$admin']]);
const built = (input: CrawlerConfigInput) =>
  buildAppCreateBody(CrawlerConfigSchema.parse(input), { epoch: 1717286400, adminRoleIds: ['role-guid-1'], secrets: new Map([['pw', PASSWORD], ['ext', EXTERNAL_ID]]) });

describe('atlan/App sent bodies as the definition', () => {
  let server: ScriptedServer;
  let client: AtlanClient;
  before(async () => {
    server = await ScriptedServer.start();
  });
  beforeEach(() => {
    server.reset();
    client = new AtlanClient({ baseUrl: server.url, token: 'tok-sent', clock: new FakeClock(Date.parse('2026-03-05T12:00:00Z')), indexLagMs: 0, createLookupAttempts: 1 });
    server.route('POST', 'v1/app', { body: { slug, version: 1 } });
    // The SDK's own get: no inputs; the list item has no DAG either.
    server.route('GET', `v1/app/${slug}`, { body: { slug, name: 'prod-pg', app_id: 'postgres-crawler', version: 1 } });
    server.route('GET', 'v1/app', (request) => ({
      body: { workflows: request.query.get('name') === 'prod-pg' && server.count('POST', 'v1/app') > 0 ? [{ slug, name: 'prod-pg', app_id: 'postgres-crawler', version: 1 }] : [] },
    }));
  });
  afterEach(async () => {
    await client.close();
  });
  after(async () => {
    await server.stop();
  });

  const created = async (): Promise<{ backend: AppBackend; saved: () => Record<string, unknown> }> => {
    const backend = client.backend('apps') as AppBackend;
    let saved: Record<string, unknown> = {};
    backend.onDidChangeSentBodies = (known) => (saved = known);
    await backend.create({ surface: 'apps', body: built(config) });
    return { backend, saved: () => saved };
  };

  it('compares the credential of the recorded body: in sync as far as is known, host, port, database, user all compared', async () => {
    const { backend, saved } = await created();
    assert.ok(!JSON.stringify(saved()).includes(PASSWORD), 'the recorded body holds no secret');
    const definition = await backend.getDefinition(slug);
    const report = detectDrift(config, definition, { roleNamesById: roles, workflowName: slug });
    assert.equal(report.inSync, true, JSON.stringify(report.differences));
    assert.deepEqual(report.notCompared, [], 'the extraction is compared, not left out');
    assert.match(report.caveat ?? '', /this is the definition this client sent/);
  });

  it('a file whose database host or user changed since the create differs on them', async () => {
    const { backend } = await created();
    const definition = await backend.getDefinition(slug);
    const changed: CrawlerConfigInput = {
      ...config,
      extraction: { method: 'direct', host: 'db2.internal', port: 5432, database: 'analytics', auth: { type: 'basic', username: 'reader', password: { secret: 'pw' } } },
    };
    const report = detectDrift(changed, definition, { roleNamesById: roles, workflowName: slug });
    assert.deepEqual(report.differences.map((d) => [d.path, d.file, d.tenant]).sort(), [
      ['extraction.auth.username', 'reader', 'crawler'],
      ['extraction.host', 'db2.internal', 'db.internal'],
    ]);
  });

  it('an update that keeps the stored credential keeps what the create said of it', async () => {
    const { backend, saved } = await created();
    server.route('PUT', `v1/app/${slug}`, { body: { slug, version: 2 } });
    const update = buildAppCreateBody(CrawlerConfigSchema.parse({ ...config, include: { analytics: ['public', 'sales'] } }), {
      epoch: 1717286400,
      adminRoleIds: ['role-guid-1'],
      secrets: new Map(),
      credentialGuid: 'cred-guid-9',
    });
    await backend.update(slug, { surface: 'apps', body: update });
    const recorded = (saved()[slug] as { body: { inputs: Record<string, unknown> } }).body.inputs;
    assert.equal(recorded.credential_guid, 'cred-guid-9');
    assert.deepEqual((recorded.credential as { host?: string }).host, 'db.internal');
    const report = detectDrift({ ...config, include: { analytics: ['public', 'sales'] } }, await backend.getDefinition(slug), { roleNamesById: roles, workflowName: slug });
    assert.equal(report.inSync, true, JSON.stringify(report.differences));
  });

  it('keeps only what identifies a credential: secrets never, an external id only as "set"', () => {
    const identity = credentialIdentity({
      authType: 'iam_role',
      host: 'db.internal',
      port: 5432,
      username: 'crawler',
      password: PASSWORD,
      secret: 'anything',
      extra: { aws_role_arn: 'arn:aws:iam::1:role/r', aws_external_id: EXTERNAL_ID, aws_region: 'eu-west-1', database: 'analytics', token: 'x' },
    });
    assert.deepEqual(identity, {
      authType: 'iam_role',
      host: 'db.internal',
      port: 5432,
      username: 'crawler',
      extra: { database: 'analytics', aws_region: 'eu-west-1', aws_role_arn: 'arn:aws:iam::1:role/r', aws_external_id: '[REDACTED]' },
    });
    assert.equal(credentialIdentity('text'), undefined);
  });
});
