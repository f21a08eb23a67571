import assert from 'node:assert/strict';
import type { LegacyWorkflowJson } from '../../../src/core/atlan/backend';
import { CrawlerConfigSchema, type CrawlerConfigInput } from '../../../src/core/config/model';
import { parseConfig } from '../../../src/core/config/parse';
import { formatConfig } from '../../../src/core/config/write';
import { buildAppCreateBody } from '../../../src/core/workflow/appBuilder';
import { WorkflowImportError } from '../../../src/core/workflow/errors';
import { importFollowUps } from '../../../src/core/workflow/importFollowUps';
import { importCrawler, type ImportedCrawler } from '../../../src/core/workflow/import';
import { buildLegacyWorkflow } from '../../../src/core/workflow/legacyBuilder';
import type { BuildContext } from '../../../src/core/workflow/context';
import { GOLDEN_CASES, ROLE_NAMES, loadGolden, normalizeLegacy } from './goldenCases';

/** The build context that rebuilds an imported workflow: its identity, role ids, the secrets filled back in. */
function rebuildContext(imported: ImportedCrawler, secretValues: string[], roleIds: Map<string, string>): BuildContext {
  const { identity } = imported;
  const ctx: BuildContext = {
    epoch: identity.epoch,
    adminRoleIds: (imported.config.admins?.roles ?? []).map((name) => roleIds.get(name) ?? name),
    secrets: new Map(imported.secretRefs.map((ref, i) => [ref.name, secretValues[i]])),
    connectionQualifiedName: identity.connectionQualifiedName,
  };
  if (identity.connectionGuid !== undefined) ctx.connectionGuid = identity.connectionGuid;
  if (identity.credentialGuid !== undefined) ctx.credentialGuid = identity.credentialGuid;
  return ctx;
}

const ROLE_IDS = new Map([...ROLE_NAMES].map(([id, name]) => [name, id]));

describe('importCrawler', () => {
  describe('round trip on the golden legacy payloads: build(import(w)) equals w', () => {
    for (const golden of GOLDEN_CASES) {
      it(golden.fixture, () => {
        const workflow = loadGolden(golden.fixture);
        const imported = importCrawler({ surface: 'workflows', workflow }, ROLE_NAMES);
        assert.deepStrictEqual(imported.notes, []);
        const config = CrawlerConfigSchema.parse(imported.config);
        const rebuilt = buildLegacyWorkflow(config, rebuildContext(imported, Object.values(golden.secrets), ROLE_IDS));
        assert.deepStrictEqual(normalizeLegacy(rebuilt), normalizeLegacy(workflow));
      });
    }
  });

  it('imports a crawler made in Atlan UI under its own name, and rebuilds the same workflow', () => {
    const workflow = loadGolden(GOLDEN_CASES[0].fixture);
    workflow.metadata.name = 'atlan-postgres-default-postgres-123456';
    const imported = importCrawler({ surface: 'workflows', workflow }, ROLE_NAMES, { workflowName: workflow.metadata.name });
    assert.equal(imported.config.workflow, 'atlan-postgres-default-postgres-123456');
    assert.equal(imported.identity.epoch, 123456);
    const config = CrawlerConfigSchema.parse(imported.config);
    const ctx = { ...rebuildContext(imported, Object.values(GOLDEN_CASES[0].secrets), ROLE_IDS), workflowName: workflow.metadata.name };
    assert.deepStrictEqual(normalizeLegacy(buildLegacyWorkflow(config, ctx)), normalizeLegacy(workflow));
  });

  it('imports secrets as references named after the connection, never their values', () => {
    const workflow = loadGolden('postgres_direct_basic.json');
    const imported = importCrawler({ surface: 'workflows', workflow }, ROLE_NAMES);
    assert.deepStrictEqual(imported.secretRefs, [{ name: 'test-sdk-postgresql', path: ['extraction', 'auth', 'password'], label: 'database password' }]);
    const text = formatConfig(imported.config);
    assert.equal(text.includes('test-password'), false);
    assert.match(text, /"password": \{\s*"secret": "test-sdk-postgresql"/);
  });

  it('produces a file that parses cleanly, with role names and the workflow name', () => {
    const imported = importCrawler({ surface: 'workflows', workflow: loadGolden('postgres_direct_iam_role.json') }, ROLE_NAMES);
    const parsed = parseConfig(formatConfig(imported.config));
    assert.deepStrictEqual(parsed.issues.filter((i) => i.severity === 'error'), []);
    assert.deepStrictEqual(parsed.config?.admins.roles, ['$admin']);
    assert.equal(parsed.config?.workflow, 'atlan-postgres-123456');
    assert.deepStrictEqual(imported.identity, {
      surface: 'workflows',
      workflowName: 'atlan-postgres-123456',
      epoch: 123456,
      connectionQualifiedName: 'default/postgres/123456',
      connectionGuid: '-1234567890000000000000000',
    });
  });

  describe('a workflow as the tenant stores it (credential guid only, no payload)', () => {
    const tenantForm = (): LegacyWorkflowJson => {
      const workflow = structuredClone(loadGolden('postgres_direct_basic.json'));
      const params = (workflow.spec as { templates: { dag: { tasks: { arguments: { parameters: { name: string; value: unknown }[] } }[] } }[] })
        .templates[0].dag.tasks[0].arguments.parameters;
      for (const p of params) {
        if (p.name === 'credential-guid') p.value = 'cred-guid-9';
        if (p.name === 'connection') p.value = (p.value as string).replace('{{credentialGuid}}', 'cred-guid-9');
      }
      workflow.payload = [];
      return workflow;
    };

    it('leaves the credential details empty and says what to fill in', () => {
      const imported = importCrawler({ surface: 'workflows', workflow: tenantForm() }, ROLE_NAMES);
      assert.equal(imported.identity.credentialGuid, 'cred-guid-9');
      assert.deepStrictEqual(
        imported.notes.map((n) => [n.kind, n.path.join('.')]),
        [['not-returned', 'extraction.host'], ['not-returned', 'extraction.port'], ['not-returned', 'extraction.database'], ['not-returned', 'extraction.auth']],
      );
      const codes = parseConfig(formatConfig(imported.config)).issues.map((i) => `${i.code}@${i.path.join('.')}`);
      assert.deepStrictEqual(codes, ['empty-value@extraction.host', 'empty-value@extraction.database', 'empty-value@extraction.auth.username']);
    });

    it('says once, in what is left to do, that the tenant keeps the credential to itself', () => {
      const imported = importCrawler({ surface: 'workflows', workflow: tenantForm() }, ROLE_NAMES);
      const todo = importFollowUps(imported);
      assert.deepStrictEqual(todo, [
        'store the secret "test-sdk-postgresql" (database password)',
        'the tenant keeps the credential to itself: fill in extraction.host, extraction.port and extraction.database; check the authentication type and fill in extraction.auth.username',
      ]);
      assert.equal(todo.join('; ').split('keeps the credential to itself').length - 1, 1);
    });

    it('fills them from the credential details the caller fetched, and rebuilds the same workflow', () => {
      const credential = { authType: 'basic', host: 'test.com', port: 5432, username: 'test-user', extra: { database: 'test-db' } };
      const workflow = tenantForm();
      const imported = importCrawler({ surface: 'workflows', workflow }, ROLE_NAMES, { credential });
      assert.deepStrictEqual(imported.notes, []);
      const rebuilt = buildLegacyWorkflow(CrawlerConfigSchema.parse(imported.config), rebuildContext(imported, ['unused'], ROLE_IDS));
      assert.deepStrictEqual(normalizeLegacy(rebuilt), normalizeLegacy(workflow));
    });
  });

  it('keeps an unknown role id and notes it', () => {
    const imported = importCrawler({ surface: 'workflows', workflow: loadGolden('postgres_s3_offline.json') }, new Map());
    assert.deepStrictEqual(imported.config.admins?.roles, ['admin-guid-1234']);
    assert.deepStrictEqual(imported.notes.map((n) => n.kind), ['role-id']);
  });

  it('reads the schedule annotations', () => {
    const workflow = structuredClone(loadGolden('postgres_s3_offline.json'));
    workflow.metadata.annotations['orchestration.atlan.com/schedule'] = '45 4 * * *';
    workflow.metadata.annotations['orchestration.atlan.com/timezone'] = 'Europe/Paris';
    assert.deepStrictEqual(importCrawler({ surface: 'workflows', workflow }, ROLE_NAMES).config.schedule, { cron: '45 4 * * *', timezone: 'Europe/Paris' });
  });

  describe('App API bodies', () => {
    const configs: CrawlerConfigInput[] = [
      {
        connectionName: 'prod-pg',
        admins: { users: ['jane'], roles: ['$admin'], groups: ['eng'] },
        rowLimit: 500,
        allowQueryPreview: false,
        extraction: { method: 'direct', host: 'db', port: 6543, database: 'analytics', auth: { type: 'basic', username: 'crawler', password: { secret: 'prod-pg' } } },
        include: { analytics: ['public', 'sales'], ops: [] },
        exclude: { analytics: ['tmp'] },
        excludeRegex: '.*_TEST',
        sourceLevelFiltering: true,
        jdbcInternalMethods: false,
        schedule: { cron: '0 9 * * 1-5', timezone: 'Asia/Kolkata' },
      },
      {
        connectionName: 'rds',
        admins: { users: ['jane'] },
        extraction: {
          method: 'direct',
          host: 'rds',
          database: 'app',
          auth: { type: 'iam_user', username: 'u', accessKey: 'AKIA1', secretKey: { secret: 'rds-aws-secret-key' }, awsRegion: 'eu-west-1' },
        },
      },
      {
        connectionName: 'aurora',
        admins: { groups: ['g'] },
        extraction: {
          method: 'direct',
          host: 'aurora',
          database: 'rep',
          auth: { type: 'iam_role', username: 'u', roleArn: 'arn:aws:iam::123456789012:role/r', externalId: { secret: 'aurora-external-id' }, awsRegion: 'us-east-1' },
        },
      },
    ];
    for (const input of configs) {
      it(`round trips ${input.connectionName} (${input.extraction.method === 'direct' ? input.extraction.auth.type : 's3'})`, () => {
        const config = CrawlerConfigSchema.parse(input);
        const secrets = new Map([['prod-pg', 'pw'], ['rds-aws-secret-key', 'sk'], ['aurora-external-id', 'ext']]);
        const body = buildAppCreateBody(config, { epoch: 1717286400, adminRoleIds: config.admins.roles ? ['admin-guid-1234'] : [], secrets });
        const imported = importCrawler({ surface: 'apps', body }, ROLE_NAMES, { workflowName: 'prod-pg-3f9ab2c1' });
        assert.equal(imported.identity.workflowName, 'prod-pg-3f9ab2c1');
        assert.deepStrictEqual(imported.notes, []);
        const values = imported.secretRefs.map((ref) => secrets.get(ref.name)!);
        const rebuilt = buildAppCreateBody(CrawlerConfigSchema.parse(imported.config), rebuildContext(imported, values, ROLE_IDS));
        assert.deepStrictEqual(rebuilt, body);
      });
    }
  });

  it('rejects what is not a Postgres crawler with a clear error', () => {
    const bad: unknown[] = [
      {},
      { metadata: { name: 'x' }, spec: { templates: [] } },
      { metadata: { name: 'x' }, spec: { templates: [{ dag: { tasks: [{ arguments: { parameters: [] } }] } }] } },
      { metadata: { name: 'x' }, spec: { templates: [{ dag: { tasks: [{ arguments: { parameters: [{ name: 'connection', value: '{not json' }] } }] } }] } },
    ];
    for (const workflow of bad) {
      assert.throws(
        () => importCrawler({ surface: 'workflows', workflow: workflow as LegacyWorkflowJson }, ROLE_NAMES),
        (e: unknown) => e instanceof WorkflowImportError && e.message.length > 10,
      );
    }
    const agent = { app_id: 'postgres-crawler', name: 'a', inputs: { connection: { typeName: 'Connection', attributes: { qualifiedName: 'default/postgres/1' } }, extraction_method: 'agent' } };
    assert.throws(() => importCrawler({ surface: 'apps', body: agent }, ROLE_NAMES), /extraction method "agent"/);
  });
});
