import assert from 'node:assert/strict';
import { CrawlerConfigSchema, type CrawlerConfigInput } from '../../../src/core/config/model';
import { buildAppCreateBody } from '../../../src/core/workflow/appBuilder';
import type { BuildContext } from '../../../src/core/workflow/context';
import { AppApiUnsupportedError, CrawlerBuildError } from '../../../src/core/workflow/errors';

/** Golden App API bodies written from app-api.md section 3 (the SDK's PostgresCrawler app builder). */
describe('buildAppCreateBody', () => {
  const base: CrawlerConfigInput = {
    connectionName: 'prod-pg',
    admins: { users: ['jane'], roles: ['$admin'] },
    extraction: { method: 'direct', host: 'db.internal', port: 5432, database: 'analytics', auth: { type: 'basic', username: 'crawler', password: { secret: 'pw' } } },
    include: { analytics: ['public'] },
  };
  const ctx: BuildContext = { epoch: 1717286400, adminRoleIds: ['role-guid-1'], secrets: new Map([['pw', 'hunter2'], ['sk', 'aws-secret'], ['ext', 'ext-id']]) };
  const build = (overrides: Partial<CrawlerConfigInput> = {}, context: BuildContext = ctx) =>
    buildAppCreateBody(CrawlerConfigSchema.parse({ ...base, ...overrides }), context);

  it('builds the documented basic-auth body, keys in the SDK order', () => {
    const body = build();
    assert.deepStrictEqual(body, {
      app_id: 'postgres-crawler',
      name: 'prod-pg',
      inputs: {
        connection: {
          typeName: 'Connection',
          attributes: {
            qualifiedName: 'default/postgres/1717286400',
            connectorName: 'postgres',
            name: 'prod-pg',
            adminUsers: ['jane'],
            adminRoles: ['role-guid-1'],
          },
        },
        extraction_method: 'direct',
        credential_guid: '',
        include_filter: '{"^analytics$":["^public$"]}',
        exclude_filter: '{}',
        temp_table_regex: '',
        advanced_config: 'default',
        use_source_schema_filtering: 'false',
        control_config_strategy: 'default',
        control_config: '{}',
        use_jdbc_internal_methods: 'true',
        credential: {
          authType: 'basic',
          name: 'default-postgres-1717286400-0',
          connectorConfigName: 'atlan-connectors-postgres',
          connectorType: 'postgres',
          host: 'db.internal',
          port: 5432,
          username: 'crawler',
          password: 'hunter2',
          extra: { database: 'analytics' },
        },
      },
      entrypoint: 'crawler',
    });
    assert.deepStrictEqual(Object.keys(body), ['app_id', 'name', 'inputs', 'entrypoint']);
    assert.deepStrictEqual(Object.keys(body.inputs), [
      'connection', 'extraction_method', 'credential_guid', 'include_filter', 'exclude_filter', 'temp_table_regex', 'advanced_config',
      'use_source_schema_filtering', 'control_config_strategy', 'control_config', 'use_jdbc_internal_methods', 'credential',
    ]);
  });

  it('sends every flag as a string and anchors filters', () => {
    const { inputs } = build({ sourceLevelFiltering: true, jdbcInternalMethods: false, exclude: { analytics: ['tmp'], '^x_.*$': [] }, excludeRegex: '.*_TEST' });
    assert.equal(inputs.use_source_schema_filtering, 'true');
    assert.equal(inputs.use_jdbc_internal_methods, 'false');
    assert.equal(inputs.advanced_config, 'custom');
    assert.deepStrictEqual(JSON.parse(inputs.exclude_filter as string), { '^analytics$': ['^tmp$'], '^x_.*$': [] });
    assert.equal(inputs.temp_table_regex, '.*_TEST');
  });

  it('sends admin lists only when non-empty', () => {
    const attributes = (build({ admins: { groups: ['data-eng'] } }, { ...ctx, adminRoleIds: [] }).inputs.connection as { attributes: Record<string, unknown> })
      .attributes;
    assert.deepStrictEqual(attributes.adminGroups, ['data-eng']);
    assert.equal('adminUsers' in attributes, false);
    assert.equal('adminRoles' in attributes, false);
  });

  it('sends query settings only when they differ from the defaults', () => {
    const plain = (build().inputs.connection as { attributes: Record<string, unknown> }).attributes;
    assert.equal('allowQuery' in plain, false);
    const custom = (build({ allowQuery: false, rowLimit: 50 }).inputs.connection as { attributes: Record<string, unknown> }).attributes;
    assert.equal(custom.allowQuery, false);
    assert.equal(custom.rowLimit, 50);
    assert.equal('allowQueryPreview' in custom, false);
  });

  it('builds the IAM user credential: access key as username, secret key as password, db user and region in extra', () => {
    const body = build({
      extraction: { method: 'direct', host: 'rds', database: 'app', auth: { type: 'iam_user', username: 'dbuser', accessKey: 'AKIA1', secretKey: { secret: 'sk' }, awsRegion: 'eu-west-1' } },
    });
    const credential = body.inputs.credential as Record<string, unknown>;
    assert.equal(credential.authType, 'iam_user');
    assert.equal(credential.username, 'AKIA1');
    assert.equal(credential.password, 'aws-secret');
    assert.deepStrictEqual(credential.extra, { username: 'dbuser', aws_region: 'eu-west-1', database: 'app' });
  });

  it('builds the IAM role credential: db user as username, no password, role and optional external id in extra', () => {
    const auth = { type: 'iam_role', username: 'dbuser', roleArn: 'arn:aws:iam::123456789012:role/r', awsRegion: 'us-east-1' } as const;
    const withId = build({ extraction: { method: 'direct', host: 'rds', database: 'app', auth: { ...auth, externalId: { secret: 'ext' } } } }).inputs
      .credential as Record<string, unknown>;
    assert.equal(withId.username, 'dbuser');
    assert.equal('password' in withId, false);
    assert.deepStrictEqual(withId.extra, { aws_role_arn: 'arn:aws:iam::123456789012:role/r', aws_external_id: 'ext-id', aws_region: 'us-east-1', database: 'app' });
    const withoutId = build({ extraction: { method: 'direct', host: 'rds', database: 'app', auth } }).inputs.credential as Record<string, unknown>;
    assert.deepStrictEqual(Object.keys(withoutId.extra as object), ['aws_role_arn', 'aws_region', 'database']);
  });

  it('requires an AWS region for IAM authentication', () => {
    assert.throws(
      () => build({ extraction: { method: 'direct', host: 'rds', database: 'app', auth: { type: 'iam_role', username: 'u', roleArn: 'arn:aws:iam::123456789012:role/r' } } }),
      (e: unknown) => e instanceof CrawlerBuildError && e.code === 'missing-aws-region' && /awsRegion/.test(e.message),
    );
  });

  it('adds the schedule with its time zone', () => {
    assert.deepStrictEqual(build({ schedule: { cron: '0 9 * * *', timezone: 'Asia/Kolkata' } }).schedule, { cron: '0 9 * * *', timezone: 'Asia/Kolkata' });
    assert.deepStrictEqual(build({ schedule: { cron: '0 9 * * *' } }).schedule, { cron: '0 9 * * *', timezone: 'UTC' });
  });

  it('reuses a stored credential by guid, with no inline credential', () => {
    const { inputs } = build({}, { ...ctx, secrets: new Map(), credentialGuid: 'cred-1' });
    assert.equal(inputs.credential_guid, 'cred-1');
    assert.equal('credential' in inputs, false);
  });

  it('rejects offline S3 extraction with a clear AppApiUnsupportedError', () => {
    assert.throws(
      () => build({ extraction: { method: 's3', bucket: 'b', prefix: 'p' } }),
      (e: unknown) => e instanceof AppApiUnsupportedError && e.code === 'app-api-unsupported' && /offline S3 extraction has no App API form/.test(e.message),
    );
  });
});
