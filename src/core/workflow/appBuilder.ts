/**
 * Configuration -> the App API (`POST v1/app`) create body for the `postgres-crawler` app. Inputs
 * follow app-api.md section 3: snake_case keys in the SDK's order, string flags, anchored filters,
 * the connection object, and the credential inline (the server vaults it and fills
 * `credential_guid`).
 */
import type { AppCreateBody } from '../atlan/backend';
import { DEFAULTS, type CrawlerConfig, type DirectExtraction } from '../config/model';
import { checkContext, qualifiedNameOf, secretValue, type BuildContext } from './context';
import { AppApiUnsupportedError, CrawlerBuildError } from './errors';
import { filterToWire } from './filters';
import { APP_ENTRYPOINT, APP_ID, CONNECTOR_CONFIG_NAME, CONNECTOR_NAME, credentialName } from './postgres';

export function buildAppCreateBody(config: CrawlerConfig, ctx: BuildContext): AppCreateBody {
  checkContext(ctx);
  const extraction = directOnly(config);
  const inputs = appInputs(config, ctx, ctx.credentialGuid ?? '');
  if (ctx.credentialGuid === undefined) inputs.credential = appCredential(extraction, ctx);
  const body: AppCreateBody = { app_id: APP_ID, name: config.connectionName, inputs, entrypoint: APP_ENTRYPOINT };
  if (config.schedule) body.schedule = { cron: config.schedule.cron, timezone: config.schedule.timezone };
  return body;
}

function directOnly(config: CrawlerConfig): DirectExtraction {
  if (config.extraction.method !== 'direct') {
    throw new AppApiUnsupportedError(
      'offline S3 extraction has no App API form yet (the postgres-crawler app accepts direct and agent extraction only); ' +
        'use the legacy workflow API for this crawler, or switch extraction.method to "direct"',
    );
  }
  return config.extraction;
}

function appInputs(config: CrawlerConfig, ctx: BuildContext, credentialGuid: string): Record<string, unknown> {
  const users = config.admins.users ?? [];
  const groups = config.admins.groups ?? [];
  if (users.length + groups.length + ctx.adminRoleIds.length === 0) {
    throw new CrawlerBuildError('missing-admin', 'the connection needs at least one admin user, group or role id');
  }
  const attributes: Record<string, unknown> = { qualifiedName: qualifiedNameOf(ctx), connectorName: CONNECTOR_NAME, name: config.connectionName };
  // Admin lists only when non-empty, as the SDK sends them.
  if (users.length) attributes.adminUsers = users;
  if (groups.length) attributes.adminGroups = groups;
  if (ctx.adminRoleIds.length) attributes.adminRoles = ctx.adminRoleIds;
  // The SDK sends no query settings; send them only when they differ from Atlan's defaults so a
  // non-default choice in the file is not silently dropped.
  if (config.allowQuery !== DEFAULTS.allowQuery) attributes.allowQuery = config.allowQuery;
  if (config.allowQueryPreview !== DEFAULTS.allowQueryPreview) attributes.allowQueryPreview = config.allowQueryPreview;
  if (config.rowLimit !== DEFAULTS.rowLimit) attributes.rowLimit = config.rowLimit;

  const advanced = config.sourceLevelFiltering !== DEFAULTS.sourceLevelFiltering || config.jdbcInternalMethods !== DEFAULTS.jdbcInternalMethods;
  return {
    connection: { typeName: 'Connection', attributes },
    extraction_method: 'direct',
    credential_guid: credentialGuid,
    include_filter: filterToWire(config.include),
    exclude_filter: filterToWire(config.exclude),
    temp_table_regex: config.excludeRegex ?? '',
    // The UI only shows (and applies) the advanced flags under "custom".
    advanced_config: advanced ? 'custom' : 'default',
    use_source_schema_filtering: String(config.sourceLevelFiltering),
    control_config_strategy: 'default',
    control_config: '{}',
    use_jdbc_internal_methods: String(config.jdbcInternalMethods),
  };
}

/** The raw credential the create endpoint vaults (camelCase, as pyatlan's app builder sends it). */
function appCredential(extraction: DirectExtraction, ctx: BuildContext): Record<string, unknown> {
  const auth = extraction.auth;
  const base = {
    authType: auth.type,
    name: credentialName(ctx.epoch),
    connectorConfigName: CONNECTOR_CONFIG_NAME,
    connectorType: CONNECTOR_NAME,
    host: extraction.host,
    port: extraction.port,
  };
  switch (auth.type) {
    case 'basic':
      return {
        ...base,
        username: auth.username,
        password: secretValue(ctx, auth.password, 'extraction.auth.password'),
        extra: { database: extraction.database },
      };
    case 'iam_user':
      return {
        ...base,
        username: auth.accessKey,
        password: secretValue(ctx, auth.secretKey, 'extraction.auth.secretKey'),
        extra: { username: auth.username, aws_region: requireRegion(auth.awsRegion), database: extraction.database },
      };
    case 'iam_role': {
      const extra: Record<string, string> = { aws_role_arn: auth.roleArn };
      if (auth.externalId) extra.aws_external_id = secretValue(ctx, auth.externalId, 'extraction.auth.externalId');
      extra.aws_region = requireRegion(auth.awsRegion);
      extra.database = extraction.database;
      return { ...base, username: auth.username, extra };
    }
  }
}

function requireRegion(region: string | undefined): string {
  if (region === undefined) {
    throw new CrawlerBuildError(
      'missing-aws-region',
      'extraction.auth.awsRegion is required for IAM authentication on the App API (e.g. "eu-west-1")',
    );
  }
  return region;
}
