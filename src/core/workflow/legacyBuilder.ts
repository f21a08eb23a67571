/**
 * Configuration -> the package-workflow JSON of Atlan's legacy API (`@atlan/postgres`), the
 * same document pyatlan's PostgresCrawler builds (see test/fixtures/sdk-payloads/).
 */
import type { LegacyWorkflowJson } from '../atlan/backend';
import type { CrawlerConfig, DirectExtraction } from '../config/model';
import { checkContext, connectionGuidOf, qualifiedNameOf, secretValue, type BuildContext } from './context';
import { CrawlerBuildError } from './errors';
import { filterToWire } from './filters';
import {
  CONNECTOR_CONFIG_NAME,
  CONNECTOR_NAME,
  CREDENTIAL_GUID_PLACEHOLDER,
  PACKAGE_LOGO,
  PACKAGE_NAME,
  PACKAGE_PREFIX,
  SCHEDULE_ANNOTATION,
  TIMEZONE_ANNOTATION,
  credentialName,
  legacyAnnotations,
  legacyLabels,
  legacyWorkflowName,
} from './postgres';

export interface LegacyParameter {
  name: string;
  value: string | boolean;
}

export function buildLegacyWorkflow(config: CrawlerConfig, ctx: BuildContext): LegacyWorkflowJson {
  checkContext(ctx);
  const adminUsers = config.admins.users ?? [];
  const adminGroups = config.admins.groups ?? [];
  if (adminUsers.length + adminGroups.length + ctx.adminRoleIds.length === 0) {
    throw new CrawlerBuildError('missing-admin', 'the connection needs at least one admin user, group or role id');
  }
  const credentialGuid = ctx.credentialGuid ?? CREDENTIAL_GUID_PLACEHOLDER;

  // Parameter order as pyatlan emits them (the order its builder methods are called in).
  const parameters: LegacyParameter[] = [];
  const extraction = config.extraction;
  parameters.push({ name: 'extraction-method', value: extraction.method });
  if (extraction.method === 's3') {
    parameters.push({ name: 'metadata-s3-bucket', value: extraction.bucket });
    parameters.push({ name: 'metadata-s3-prefix', value: extraction.prefix });
    if (extraction.region !== undefined) parameters.push({ name: 'metadata-s3-region', value: extraction.region });
  }
  parameters.push({ name: 'include-filter', value: filterToWire(config.include) });
  parameters.push({ name: 'exclude-filter', value: filterToWire(config.exclude) });
  parameters.push({ name: 'temp-table-regex', value: config.excludeRegex ?? '' });
  parameters.push({ name: 'use-source-schema-filtering', value: config.sourceLevelFiltering });
  parameters.push({ name: 'use-jdbc-internal-methods', value: config.jdbcInternalMethods });
  parameters.push({ name: 'credential-guid', value: credentialGuid });
  parameters.push({
    name: 'connection',
    value: JSON.stringify({
      typeName: 'Connection',
      attributes: {
        qualifiedName: qualifiedNameOf(ctx),
        name: config.connectionName,
        adminUsers,
        adminGroups,
        connectorName: CONNECTOR_NAME,
        isDiscoverable: true,
        isEditable: false,
        adminRoles: ctx.adminRoleIds,
        category: 'database',
        allowQuery: config.allowQuery,
        allowQueryPreview: config.allowQueryPreview,
        rowLimit: config.rowLimit,
        defaultCredentialGuid: credentialGuid,
        sourceLogo: PACKAGE_LOGO,
      },
      guid: connectionGuidOf(ctx),
    }),
  });
  parameters.push({ name: 'publish-mode', value: 'production' });

  const annotations = legacyAnnotations(ctx.epoch);
  if (config.schedule) {
    annotations[SCHEDULE_ANNOTATION] = config.schedule.cron;
    annotations[TIMEZONE_ANNOTATION] = config.schedule.timezone;
  }

  const payload =
    extraction.method === 'direct' && ctx.credentialGuid === undefined
      ? [{ parameter: 'credentialGuid', type: 'credential', body: legacyCredential(extraction, ctx) }]
      : [];

  return {
    metadata: { annotations, labels: legacyLabels(ctx.epoch), name: ctx.workflowName ?? legacyWorkflowName(ctx.epoch), namespace: 'default' },
    spec: {
      entrypoint: 'main',
      templates: [
        {
          name: 'main',
          dag: {
            tasks: [
              {
                name: 'run',
                arguments: { parameters },
                templateRef: { name: PACKAGE_PREFIX, template: 'main', clusterScope: true },
              },
            ],
          },
        },
      ],
      workflowMetadata: { annotations: { 'package.argoproj.io/name': PACKAGE_NAME } },
    },
    payload,
  };
}

/** The credential Atlan stores from `payload` (secrets travel only here). */
function legacyCredential(extraction: DirectExtraction, ctx: BuildContext): Record<string, unknown> {
  const auth = extraction.auth;
  const base = { name: credentialName(ctx.epoch), host: extraction.host, port: extraction.port };
  switch (auth.type) {
    case 'basic':
      return {
        ...base,
        authType: 'basic',
        username: auth.username,
        password: secretValue(ctx, auth.password, 'extraction.auth.password'),
        extra: { database: extraction.database },
        connectorConfigName: CONNECTOR_CONFIG_NAME,
      };
    case 'iam_user':
      // The SDK's IAM user shape: AWS access key as username, secret key as password, db user in extra.
      return {
        ...base,
        authType: 'iam_user',
        connectorType: 'jdbc',
        username: auth.accessKey,
        password: secretValue(ctx, auth.secretKey, 'extraction.auth.secretKey'),
        extra: { database: extraction.database, username: auth.username },
        connectorConfigName: CONNECTOR_CONFIG_NAME,
      };
    case 'iam_role': {
      const extra: Record<string, string> = { database: extraction.database, username: auth.username, aws_role_arn: auth.roleArn };
      if (auth.externalId) extra.aws_external_id = secretValue(ctx, auth.externalId, 'extraction.auth.externalId');
      return { ...base, authType: 'iam_role', connectorType: 'jdbc', extra, connectorConfigName: CONNECTOR_CONFIG_NAME };
    }
  }
}
