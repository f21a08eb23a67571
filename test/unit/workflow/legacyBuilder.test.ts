import assert from 'node:assert/strict';
import { CrawlerConfigSchema, type CrawlerConfigInput } from '../../../src/core/config/model';
import type { BuildContext } from '../../../src/core/workflow/context';
import { CrawlerBuildError } from '../../../src/core/workflow/errors';
import { buildLegacyWorkflow } from '../../../src/core/workflow/legacyBuilder';
import { GOLDEN_CASES, goldenContext, loadGolden, normalizeLegacy, parametersOf } from './goldenCases';

describe('buildLegacyWorkflow', () => {
  describe('golden payloads (pyatlan unit-test fixtures)', () => {
    for (const golden of GOLDEN_CASES) {
      it(`equals ${golden.fixture}`, () => {
        const built = buildLegacyWorkflow(golden.config, goldenContext(golden.secrets));
        assert.deepStrictEqual(normalizeLegacy(built), normalizeLegacy(loadGolden(golden.fixture)));
      });
    }

    it('emits parameters in the SDK order', () => {
      const built = buildLegacyWorkflow(GOLDEN_CASES[3].config, goldenContext({}));
      assert.deepStrictEqual([...parametersOf(built).keys()], [...parametersOf(loadGolden('postgres_s3_offline.json')).keys()]);
    });
  });

  const base: CrawlerConfigInput = {
    connectionName: 'warehouse-prod',
    admins: { users: ['jane'] },
    extraction: { method: 'direct', host: 'db.internal', database: 'analytics', auth: { type: 'basic', username: 'crawler', password: { secret: 'pw' } } },
  };
  const ctx: BuildContext = { epoch: 1714638976, adminRoleIds: [], secrets: new Map([['pw', 's3cr3t']]) };
  const build = (overrides: Partial<CrawlerConfigInput>, context = ctx) =>
    buildLegacyWorkflow(CrawlerConfigSchema.parse({ ...base, ...overrides }), context);

  it('keeps an existing workflow name (a crawler made in Atlan UI) when the context gives it', () => {
    const built = build({}, { ...ctx, workflowName: 'atlan-postgres-default-postgres-1714638976' });
    assert.equal(built.metadata.name, 'atlan-postgres-default-postgres-1714638976');
    const connection = parametersOf(built).get('connection') as { attributes: Record<string, unknown> };
    assert.equal(connection.attributes.qualifiedName, 'default/postgres/1714638976');
  });

  it('names the workflow, connection and credential after the epoch', () => {
    const built = build({});
    assert.equal(built.metadata.name, 'atlan-postgres-1714638976');
    assert.equal(built.metadata.annotations['orchestration.atlan.com/atlanName'], 'atlan-postgres-default-postgres-1714638976');
    assert.equal(built.metadata.labels['orchestration.atlan.com/default-postgres-1714638976'], 'true');
    const connection = parametersOf(built).get('connection') as { attributes: Record<string, unknown>; guid: string };
    assert.equal(connection.attributes.qualifiedName, 'default/postgres/1714638976');
    assert.match(connection.guid, /^-\d+$/);
    assert.equal(built.payload[0].body.name, 'default-postgres-1714638976-0');
  });

  it('anchors several databases and their schemas in include and exclude', () => {
    const built = build({ include: { analytics: ['public', 'sales'], ops: [] }, exclude: { analytics: ['sales_tmp'], 'legacy-db': ['a', 'b'] } });
    const params = parametersOf(built);
    assert.deepStrictEqual(params.get('include-filter'), { '^analytics$': ['^public$', '^sales$'], '^ops$': [] });
    assert.deepStrictEqual(params.get('exclude-filter'), { '^analytics$': ['^sales_tmp$'], '^legacy-db$': ['^a$', '^b$'] });
  });

  it('passes already-anchored regexes through unchanged', () => {
    const params = parametersOf(build({ include: { '^analytics$': ['^sales_.*$', 'public'] } }));
    assert.deepStrictEqual(params.get('include-filter'), { '^analytics$': ['^sales_.*$', '^public$'] });
  });

  it('writes empty filters as the string {} and no regex as ""', () => {
    const built = build({});
    const raw = (built.spec as { templates: { dag: { tasks: { arguments: { parameters: { name: string; value: unknown }[] } }[] } }[] })
      .templates[0].dag.tasks[0].arguments.parameters;
    assert.equal(raw.find((p) => p.name === 'include-filter')!.value, '{}');
    assert.equal(raw.find((p) => p.name === 'exclude-filter')!.value, '{}');
    assert.equal(raw.find((p) => p.name === 'temp-table-regex')!.value, '');
  });

  it('applies the defaults: source-level filtering off, JDBC internal methods on, query settings', () => {
    const params = parametersOf(build({}));
    assert.equal(params.get('use-source-schema-filtering'), false);
    assert.equal(params.get('use-jdbc-internal-methods'), true);
    const attributes = (params.get('connection') as { attributes: Record<string, unknown> }).attributes;
    assert.equal(attributes.allowQuery, true);
    assert.equal(attributes.allowQueryPreview, true);
    assert.equal(attributes.rowLimit, 10000);
  });

  it('carries every flag off and a custom row limit', () => {
    const params = parametersOf(build({ allowQuery: false, allowQueryPreview: false, rowLimit: 25, sourceLevelFiltering: false, jdbcInternalMethods: false }));
    assert.equal(params.get('use-source-schema-filtering'), false);
    assert.equal(params.get('use-jdbc-internal-methods'), false);
    const attributes = (params.get('connection') as { attributes: Record<string, unknown> }).attributes;
    assert.deepStrictEqual([attributes.allowQuery, attributes.allowQueryPreview, attributes.rowLimit], [false, false, 25]);
  });

  it('builds offline S3 extraction with filters and without a region', () => {
    const built = build({ extraction: { method: 's3', bucket: 'dumps', prefix: 'pg/prod' }, include: { prod: ['public'] }, excludeRegex: '^tmp_.*' });
    const params = parametersOf(built);
    assert.equal(params.get('extraction-method'), 's3');
    assert.equal(params.get('metadata-s3-bucket'), 'dumps');
    assert.equal(params.get('metadata-s3-prefix'), 'pg/prod');
    assert.equal(params.has('metadata-s3-region'), false);
    assert.deepStrictEqual(params.get('include-filter'), { '^prod$': ['^public$'] });
    assert.equal(params.get('temp-table-regex'), '^tmp_.*');
    assert.deepStrictEqual(built.payload, []);
  });

  it('adds the schedule annotations', () => {
    const built = build({ schedule: { cron: '45 4 * * *', timezone: 'Europe/Paris' } });
    assert.equal(built.metadata.annotations['orchestration.atlan.com/schedule'], '45 4 * * *');
    assert.equal(built.metadata.annotations['orchestration.atlan.com/timezone'], 'Europe/Paris');
  });

  it('defaults the schedule time zone to UTC and has no schedule annotations without a schedule', () => {
    assert.equal(build({ schedule: { cron: '0 0 * * *' } }).metadata.annotations['orchestration.atlan.com/timezone'], 'UTC');
    assert.equal('orchestration.atlan.com/schedule' in build({}).metadata.annotations, false);
  });

  it('puts admin users, groups and role ids on the connection', () => {
    const built = build({ admins: { users: ['jane'], groups: ['data-eng'], roles: ['$admin'] } }, { ...ctx, adminRoleIds: ['role-1'] });
    const attributes = (parametersOf(built).get('connection') as { attributes: Record<string, unknown> }).attributes;
    assert.deepStrictEqual([attributes.adminUsers, attributes.adminGroups, attributes.adminRoles], [['jane'], ['data-eng'], ['role-1']]);
  });

  it('keeps a stored credential: its guid, no payload, no secrets needed', () => {
    const built = build({}, { ...ctx, secrets: new Map(), credentialGuid: 'cred-guid-1', connectionQualifiedName: 'default/postgres/1600000000' });
    const params = parametersOf(built);
    assert.equal(params.get('credential-guid'), 'cred-guid-1');
    const attributes = (params.get('connection') as { attributes: Record<string, unknown> }).attributes;
    assert.equal(attributes.defaultCredentialGuid, 'cred-guid-1');
    assert.equal(attributes.qualifiedName, 'default/postgres/1600000000');
    assert.deepStrictEqual(built.payload, []);
  });

  it('leaves the external id out of an IAM role credential without one', () => {
    const built = build({
      extraction: { method: 'direct', host: 'h', database: 'd', auth: { type: 'iam_role', username: 'u', roleArn: 'arn:aws:iam::123456789012:role/r' } },
    });
    assert.deepStrictEqual(built.payload[0].body.extra, { database: 'd', username: 'u', aws_role_arn: 'arn:aws:iam::123456789012:role/r' });
  });

  it('fails clearly when a secret is not resolved, without any secret value', () => {
    assert.throws(
      () => build({}, { ...ctx, secrets: new Map() }),
      (e: unknown) => e instanceof CrawlerBuildError && e.code === 'missing-secret' && /"pw".*extraction\.auth\.password/.test(e.message),
    );
  });

  it('fails when roles are the only admins and no role id was resolved', () => {
    assert.throws(
      () => build({ admins: { roles: ['$admin'] } }),
      (e: unknown) => e instanceof CrawlerBuildError && e.code === 'missing-admin',
    );
  });

  it('rejects an epoch that is not a positive whole number', () => {
    for (const epoch of [0, -5, 1.5, Number.NaN]) {
      assert.throws(() => build({}, { ...ctx, epoch }), (e: unknown) => e instanceof CrawlerBuildError && e.code === 'invalid-context');
    }
  });
});
