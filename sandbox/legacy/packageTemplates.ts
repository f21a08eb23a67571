/**
 * Workflow templates as Atlan makes them outside this API: Postgres crawlers created in Atlan's UI
 * (named `atlan-postgres-default-postgres-<epoch>`, where the SDKs name theirs
 * `atlan-postgres-<epoch>`), and a template of another package, the Postgres miner, that no crawler
 * list may show. Labels and annotations are the ones argopm stamps on a package's templates (the
 * SDK payloads copy them from the UI).
 */
import * as z from 'zod';

/** What templateDoc() takes. */
export interface TemplateInput {
  name: string;
  namespace: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  spec: Record<string, unknown>;
}

export function sdkCrawlerName(epoch: number): string {
  return `atlan-postgres-${epoch}`;
}

/** The name Atlan's UI gives a Postgres crawler (its `atlanName` annotation, used as the name). */
export function uiCrawlerName(epoch: number): string {
  return `atlan-postgres-default-postgres-${epoch}`;
}

export interface CrawlerTemplateOptions {
  name: string;
  epoch: number;
  connectionName: string;
  credentialGuid: string;
  /** Database -> schemas to crawl, plain names. */
  include: Record<string, string[]>;
  adminRoles?: string[];
  adminUsers?: string[];
  schedule?: { cron: string; timezone: string };
  /** `true` for crawlers made in Atlan's UI. */
  madeInUi?: boolean;
  /**
   * `qualifiedName`: the `connection` parameter holds only the connection's qualified name, as
   * plain text, as old UI-made crawlers on real tenants do; default `json`, the Connection asset.
   */
  connectionParameter?: 'json' | 'qualifiedName';
}

function exactFilter(filter: Record<string, string[]>): string {
  return JSON.stringify(Object.fromEntries(Object.entries(filter).map(([db, schemas]) => [`^${db}$`, schemas.map((s) => `^${s}$`)])));
}

/** A Postgres crawler template with a stored credential (`credential-guid`), as the tenant keeps it. */
export function crawlerTemplate(options: CrawlerTemplateOptions): TemplateInput {
  const { epoch } = options;
  const connection = {
    typeName: 'Connection',
    attributes: {
      qualifiedName: `default/postgres/${epoch}`,
      name: options.connectionName,
      connectorName: 'postgres',
      adminRoles: options.adminRoles ?? ['b2f1d9c4-0a1e-4f7e-9a52-3f6d8e1c0a01'],
      adminUsers: options.adminUsers ?? [],
      adminGroups: [],
      category: 'database',
      allowQuery: true,
      allowQueryPreview: true,
      rowLimit: 10000,
      defaultCredentialGuid: options.credentialGuid,
    },
    guid: '-1234567890000000000000000',
  };
  const parameters = [
    { name: 'extraction-method', value: 'direct' },
    { name: 'include-filter', value: exactFilter(options.include) },
    { name: 'exclude-filter', value: '{}' },
    { name: 'temp-table-regex', value: '' },
    { name: 'use-source-schema-filtering', value: 'false' },
    { name: 'use-jdbc-internal-methods', value: 'true' },
    { name: 'credential-guid', value: options.credentialGuid },
    { name: 'connection', value: options.connectionParameter === 'qualifiedName' ? connection.attributes.qualifiedName : JSON.stringify(connection) },
    { name: 'publish-mode', value: 'production' },
  ];
  return {
    name: options.name,
    namespace: 'default',
    labels: {
      'orchestration.atlan.com/certified': 'true',
      'orchestration.atlan.com/source': 'postgres',
      'orchestration.atlan.com/sourceCategory': 'database',
      'orchestration.atlan.com/type': 'connector',
      'orchestration.atlan.com/verified': 'true',
      'package.argoproj.io/installer': 'argopm',
      'package.argoproj.io/name': 'a-t-ratlans-l-a-s-hpostgres',
      'package.argoproj.io/registry': 'httpsc-o-l-o-ns-l-a-s-hs-l-a-s-hpackages.atlan.com',
      [`orchestration.atlan.com/default-postgres-${epoch}`]: 'true',
      ...(options.madeInUi ? { 'orchestration.atlan.com/atlan-ui': 'true' } : {}),
    },
    annotations: {
      'orchestration.atlan.com/name': 'Postgres Assets',
      'orchestration.atlan.com/atlanName': uiCrawlerName(epoch),
      'package.argoproj.io/name': '@atlan/postgres',
      'package.argoproj.io/registry': 'https://packages.atlan.com',
      ...(options.schedule ? { 'orchestration.atlan.com/schedule': options.schedule.cron, 'orchestration.atlan.com/timezone': options.schedule.timezone } : {}),
    },
    spec: {
      entrypoint: 'main',
      templates: [
        {
          name: 'main',
          dag: { tasks: [{ name: 'run', arguments: { parameters }, templateRef: { name: 'atlan-postgres', template: 'main', clusterScope: true } }] },
        },
      ],
      workflowMetadata: { annotations: { 'package.argoproj.io/name': '@atlan/postgres' } },
    },
  };
}

/**
 * A Postgres miner template (package `@atlan/postgres-miner`, query history of a Postgres
 * connection): its name starts like a crawler's and it names a Postgres connection, but it is
 * another package. Its parameters are this sandbox's, not a copy of the real package's.
 */
export function minerTemplate(epoch: number, connectionQualifiedName: string): TemplateInput {
  return {
    name: `atlan-postgres-miner-${epoch}`,
    namespace: 'default',
    labels: {
      'orchestration.atlan.com/source': 'postgres',
      'orchestration.atlan.com/type': 'miner',
      'package.argoproj.io/installer': 'argopm',
      'package.argoproj.io/name': 'a-t-ratlans-l-a-s-hpostgres-miner',
      'package.argoproj.io/registry': 'httpsc-o-l-o-ns-l-a-s-hs-l-a-s-hpackages.atlan.com',
    },
    annotations: {
      'orchestration.atlan.com/name': 'Postgres Miner',
      'orchestration.atlan.com/atlanName': `atlan-postgres-miner-default-postgres-${epoch}`,
      'package.argoproj.io/name': '@atlan/postgres-miner',
      'package.argoproj.io/registry': 'https://packages.atlan.com',
    },
    spec: {
      entrypoint: 'main',
      templates: [
        {
          name: 'main',
          dag: {
            tasks: [
              {
                name: 'run',
                arguments: {
                  parameters: [
                    { name: 'connection-qualified-name', value: connectionQualifiedName },
                    { name: 'miner-start-time-epoch', value: String(epoch) },
                  ],
                },
                templateRef: { name: 'atlan-postgres-miner', template: 'main', clusterScope: true },
              },
            ],
          },
        },
      ],
      workflowMetadata: { annotations: { 'package.argoproj.io/name': '@atlan/postgres-miner' } },
    },
  };
}

/** `POST /_sandbox/ui-crawlers`: a Postgres crawler as a person creates it in Atlan's UI. */
export const UiCrawlerRequest = z
  .object({
    connectionName: z.string().min(1),
    credential: z
      .object({
        host: z.string().min(1),
        port: z.number().int().min(1).max(65_535).default(5432),
        database: z.string().min(1),
        username: z.string().min(1),
        password: z.string(),
      })
      .strict()
      .optional(),
    include: z.record(z.string(), z.array(z.string())).default({}),
    /** Seconds since 1970 in the name; default now (the next free second). */
    epoch: z.number().int().min(1_000_000_000).max(9_999_999_999).optional(),
    /** Start its first run, as the UI's "Run" does. Default false. */
    run: z.boolean().default(false),
    /** `qualifiedName`: an old UI crawler whose `connection` parameter is the qualified name as plain text. */
    connectionParameter: z.enum(['json', 'qualifiedName']).default('json'),
  })
  .strict();
export type UiCrawlerRequest = z.input<typeof UiCrawlerRequest>;

export interface UiCrawlerCreated {
  name: string;
  connectionQualifiedName: string;
  /** The first run's name, when one was started. */
  run?: string;
}
