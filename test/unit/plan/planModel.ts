/**
 * A model tenant for plan properties: crawlers and their stored definitions, and an apply that
 * does what the CLI's apply does (create with a vaulted credential, update in place, adopt by
 * recording the name) without HTTP. Hand-written fast-check generators of folders and tenants
 * whose connection names collide often, so every branch of the plan is reached.
 */
import fc from 'fast-check';
import type { BuiltCrawler, CrawlerWorkflow, Surface } from '../../../src/core/atlan/backend';
import { CrawlerConfigSchema, type CrawlerConfig, type CrawlerConfigInput } from '../../../src/core/config/model';
import { definitionsToRead, planFiles, type Plan, type PlanInputFile, type TenantDefinitions } from '../../../src/core/plan/plan';
import { inPlaceUpdate } from '../../../src/core/tenant/inPlaceUpdate';
import { buildCrawler } from '../../../src/core/workflow/build';

export const ROLES = [
  { id: 'role-admin', name: '$admin' },
  { id: 'role-member', name: '$member' },
];
export const ROLE_NAMES = new Map(ROLES.map((r) => [r.id, r.name]));
const CONNECTIONS = ['sales', 'hr', 'ops', 'finance'];
export const GONE = 'atlan-postgres-1000000001';

export interface ModelTenant {
  surface: Surface;
  crawlers: CrawlerWorkflow[];
  definitions: Map<string, BuiltCrawler>;
  /** The configuration each crawler was created from (a file that copies it plans unchanged). */
  sources: Map<string, CrawlerConfigInput>;
  nextEpoch: number;
}

const configInput: fc.Arbitrary<CrawlerConfigInput> = fc.record({
  connectionName: fc.constantFrom(...CONNECTIONS),
  admins: fc.record({ roles: fc.subarray(['$admin', '$member'], { minLength: 1 }), users: fc.subarray(['jane', 'omar']) }),
  allowQuery: fc.boolean(),
  rowLimit: fc.integer({ min: 1, max: 100_000 }),
  extraction: fc.record({
    method: fc.constant('direct' as const),
    host: fc.constantFrom('db.internal', 'pg.example.com'),
    database: fc.constantFrom('analytics', 'crm'),
    auth: fc.record({ type: fc.constant('basic' as const), username: fc.constantFrom('crawler', 'reader'), password: fc.record({ secret: fc.constantFrom('pg', 'pg2') }) }),
  }),
  include: fc.constantFrom<Record<string, string[]>>({}, { analytics: ['public'] }, { crm: ['sales', 'public'] }),
});

/** A tenant of 0-5 crawlers built from configurations, as a create would have stored them. */
export function modelTenant(surface: Surface): fc.Arbitrary<ModelTenant> {
  return fc.array(configInput, { maxLength: 5 }).map((inputs) => {
    const tenant: ModelTenant = { surface, crawlers: [], definitions: new Map(), sources: new Map(), nextEpoch: 1_700_000_000 };
    for (const input of inputs) createOn(tenant, CrawlerConfigSchema.parse(input));
    return tenant;
  });
}

type FileShape =
  | { kind: 'new'; input: CrawlerConfigInput }
  | { kind: 'copy'; index: number }
  | { kind: 'records'; index: number; input: CrawlerConfigInput } | { kind: 'gone'; input: CrawlerConfigInput } | { kind: 'invalid' };

const fileShape: fc.Arbitrary<FileShape> = fc.oneof(
  { weight: 4, arbitrary: configInput.map((input) => ({ kind: 'new' as const, input })) },
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('records' as const), index: fc.nat(), input: configInput }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('copy' as const), index: fc.nat() }) },
  { weight: 1, arbitrary: configInput.map((input) => ({ kind: 'gone' as const, input })) },
  { weight: 1, arbitrary: fc.constant({ kind: 'invalid' as const }) },
);

/** A folder of 0-6 files against `tenant`: new ones, ones recording its crawlers (often with its connection), gone ones, invalid ones. */
export function folderFor(tenant: ModelTenant): fc.Arbitrary<PlanInputFile[]> {
  return fc.array(fc.tuple(fileShape, fc.boolean(), fc.boolean()), { maxLength: 6 }).map((shapes) =>
    shapes.map(([shape, sameConnection, secretMissing], i): PlanInputFile => {
      const file = `f${i}.atlan-postgres.json`;
      if (shape.kind === 'invalid') return { file, invalid: `${file}:1:1: error invalid-json: not JSON` };
      if (shape.kind === 'copy' && tenant.crawlers.length === 0) return { file, invalid: `${file}: nothing to copy` };
      let input: CrawlerConfigInput;
      if (shape.kind === 'copy') {
        const crawler = tenant.crawlers[shape.index % tenant.crawlers.length];
        input = { ...(tenant.sources.get(crawler.name) as CrawlerConfigInput), workflow: crawler.name };
      } else input = shape.input;
      if (shape.kind === 'records' && tenant.crawlers.length > 0) {
        const crawler = tenant.crawlers[shape.index % tenant.crawlers.length];
        input = { ...input, workflow: crawler.name, ...(sameConnection && crawler.connectionName ? { connectionName: crawler.connectionName } : {}) };
      }
      if (shape.kind === 'gone') input = { ...input, workflow: GONE };
      const config = CrawlerConfigSchema.parse(input);
      return { file, config, ...(secretMissing ? { missingSecrets: [(config.extraction as { auth: { password: { secret: string } } }).auth.password.secret] } : {}) };
    }),
  );
}

/** A create as the tenant stores it: a new name and connection, the credential vaulted (only its guid kept). */
export function createOn(tenant: ModelTenant, config: CrawlerConfig): string {
  const epoch = tenant.nextEpoch++;
  const adminRoleIds = (config.admins.roles ?? []).map((n) => ROLES.find((r) => r.name === n)?.id ?? n);
  const built = buildCrawler(config, { epoch, adminRoleIds, secrets: new Map(), credentialGuid: `cred-${epoch}` }, tenant.surface);
  const name = built.surface === 'workflows' ? built.workflow.metadata.name : `postgres-${epoch}`;
  tenant.crawlers.unshift({ name, connectionName: config.connectionName, surface: tenant.surface });
  tenant.definitions.set(name, built);
  tenant.sources.set(name, config);
  return name;
}

/** Plans as the CLI does: reads only the definitions the plan asks for. */
export function planOn(tenant: ModelTenant, files: readonly PlanInputFile[]): { plan: Plan; reads: string[] } {
  const reads = definitionsToRead(files, tenant.crawlers);
  const byWorkflow: TenantDefinitions['byWorkflow'] = new Map(reads.map((name) => [name, tenant.definitions.get(name) ?? { error: 'not found' }]));
  return { plan: planFiles(files, tenant.crawlers, { roleNamesById: ROLE_NAMES, byWorkflow }), reads };
}

/** Carries the plan out on the model tenant and returns the files as apply leaves them. */
export function applyOn(tenant: ModelTenant, files: readonly PlanInputFile[], plan: Plan): PlanInputFile[] {
  return files.map((input, i) => {
    const entry = plan.files[i];
    const config = input.config;
    if (!config || entry.action === 'conflict' || entry.action === 'unchanged') return input;
    if (entry.action === 'create') return { ...input, config: { ...config, workflow: createOn(tenant, config) } };
    const name = entry.workflow as string;
    const definition = tenant.definitions.get(name) as BuiltCrawler;
    if (entry.fields.length > 0) {
      tenant.definitions.set(name, inPlaceUpdate(config, definition, ROLES, name, tenant.surface).update);
      tenant.crawlers = tenant.crawlers.map((w) => (w.name === name ? { ...w, connectionName: config.connectionName } : w));
    }
    return entry.action === 'adopt' ? { ...input, config: { ...config, workflow: name } } : input;
  });
}
