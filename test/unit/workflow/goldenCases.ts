/** The four configurations pyatlan's unit tests build, with the values behind their secrets (test data only). */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { LegacyWorkflowJson } from '../../../src/core/atlan/backend';
import { CrawlerConfigSchema, type CrawlerConfig, type CrawlerConfigInput } from '../../../src/core/config/model';
import type { BuildContext } from '../../../src/core/workflow/context';

export const REPO_ROOT = resolve(__dirname, '../../../..');

export function fixturePath(...parts: string[]): string {
  return resolve(REPO_ROOT, 'test', 'fixtures', ...parts);
}

export function readJson<T = unknown>(...parts: string[]): T {
  return JSON.parse(readFileSync(fixturePath(...parts), 'utf8')) as T;
}

const common = {
  connectionName: 'test-sdk-postgresql',
  admins: { roles: ['$admin'] },
  include: { 'test-include': ['test-asset-1', 'test-asset-2'] },
  exclude: {},
  excludeRegex: '.*_TEST',
  sourceLevelFiltering: true,
  jdbcInternalMethods: true,
} satisfies Partial<CrawlerConfigInput>;

const direct = { method: 'direct', host: 'test.com', port: 5432, database: 'test-db' } as const;

export interface GoldenCase {
  fixture: string;
  config: CrawlerConfig;
  secrets: Record<string, string>;
}

export const GOLDEN_CASES: GoldenCase[] = [
  {
    fixture: 'postgres_direct_basic.json',
    config: CrawlerConfigSchema.parse({ ...common, extraction: { ...direct, auth: { type: 'basic', username: 'test-user', password: { secret: 'pg-password' } } } }),
    secrets: { 'pg-password': 'test-password' },
  },
  {
    fixture: 'postgres_direct_iam_user.json',
    config: CrawlerConfigSchema.parse({
      ...common,
      extraction: { ...direct, auth: { type: 'iam_user', username: 'test-user', accessKey: 'test-access-key', secretKey: { secret: 'aws-secret' } } },
    }),
    secrets: { 'aws-secret': 'test-secret-key' },
  },
  {
    fixture: 'postgres_direct_iam_role.json',
    config: CrawlerConfigSchema.parse({
      ...common,
      extraction: {
        ...direct,
        auth: { type: 'iam_role', username: 'test-user', roleArn: 'arn:aws:iam::123456789012:user/test', externalId: { secret: 'ext-id' } },
      },
    }),
    secrets: { 'ext-id': 'test-ext-id' },
  },
  {
    fixture: 'postgres_s3_offline.json',
    config: CrawlerConfigSchema.parse({ ...common, extraction: { method: 's3', bucket: 'test-bucket', prefix: 'test-prefix', region: 'test-region' } }),
    secrets: {},
  },
];

export const ROLE_NAMES = new Map([['admin-guid-1234', '$admin']]);

export function goldenContext(secrets: Record<string, string>): BuildContext {
  return { epoch: 123456, adminRoleIds: ['admin-guid-1234'], secrets: new Map(Object.entries(secrets)), connectionGuid: '-1234567890000000000000000' };
}

export function loadGolden(fixture: string): LegacyWorkflowJson {
  return readJson<LegacyWorkflowJson>('sdk-payloads', fixture);
}

/** Parameters of a legacy workflow by name, JSON-document values parsed (the SDK's spacing is Python's). */
export function parametersOf(workflow: LegacyWorkflowJson): Map<string, unknown> {
  const spec = workflow.spec as { templates: { dag: { tasks: { arguments: { parameters: { name: string; value: unknown }[] } }[] } }[] };
  const out = new Map<string, unknown>();
  for (const p of spec.templates[0].dag.tasks[0].arguments.parameters) out.set(p.name, parseIfJson(p.value));
  return out;
}

/** A deep copy with every JSON-document parameter value parsed, for comparing by content. */
export function normalizeLegacy(workflow: LegacyWorkflowJson): unknown {
  const copy = structuredClone(workflow);
  const spec = copy.spec as { templates: { dag: { tasks: { arguments: { parameters: { name: string; value: unknown }[] } }[] } }[] };
  for (const template of spec.templates) {
    for (const task of template.dag.tasks) {
      for (const p of task.arguments.parameters) p.value = parseIfJson(p.value);
    }
  }
  return copy;
}

/** JSON documents (objects) become values; anything else, such as "{{credentialGuid}}", stays as it is. */
function parseIfJson(value: unknown): unknown {
  if (typeof value !== 'string' || !value.startsWith('{')) return value;
  try {
    return JSON.parse(value) as unknown;
  } catch {
    return value;
  }
}
