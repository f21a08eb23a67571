/** Property tests: random and mutated input never escapes as an unhandled exception, and round trips hold. */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import Ajv from 'ajv';
import fc from 'fast-check';
import type { Surface } from '../../../src/core/atlan/backend';
import { ISSUE_CODES } from '../../../src/core/config/issues';
import { CrawlerConfigSchema, type CrawlerConfig, type CrawlerConfigInput } from '../../../src/core/config/model';
import { parseConfig } from '../../../src/core/config/parse';
import { buildJsonSchema } from '../../../src/core/config/schema';
import { listSecretRefs } from '../../../src/core/config/secrets';
import { formatConfig, setWorkflowName } from '../../../src/core/config/write';
import { buildCrawler } from '../../../src/core/workflow/build';
import type { BuildContext } from '../../../src/core/workflow/context';
import { detectDrift } from '../../../src/core/workflow/drift';
import { CrawlerBuildError } from '../../../src/core/workflow/errors';
import { importCrawler } from '../../../src/core/workflow/import';
import { redactCrawler } from '../../../src/core/workflow/redact';
import { fixturePath } from './goldenCases';

const SEED = 20240501;

const name = fc.stringMatching(/^[a-z][a-z0-9_-]{0,11}$/);
const secretRef = fc.record({ secret: fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9._-]{0,19}$/) });
const region = fc.constantFrom('eu-west-1', 'us-east-1');
const auth = fc.oneof(
  fc.record({ type: fc.constant('basic' as const), username: name, password: secretRef }),
  fc.record(
    { type: fc.constant('iam_user' as const), username: name, accessKey: fc.stringMatching(/^AKIA[A-Z0-9]{4,16}$/), secretKey: secretRef, awsRegion: region },
    { requiredKeys: ['type', 'username', 'accessKey', 'secretKey'] },
  ),
  fc.record(
    {
      type: fc.constant('iam_role' as const),
      username: name,
      roleArn: fc.stringMatching(/^[a-z]{1,8}$/).map((r) => `arn:aws:iam::123456789012:role/${r}`),
      externalId: secretRef,
      awsRegion: region,
    },
    { requiredKeys: ['type', 'username', 'roleArn'] },
  ),
);
const extraction = fc.oneof(
  fc.record(
    { method: fc.constant('direct' as const), host: fc.domain(), port: fc.integer({ min: 1, max: 65535 }), database: name, auth },
    { requiredKeys: ['method', 'host', 'database', 'auth'] },
  ),
  fc.record({ method: fc.constant('s3' as const), bucket: name, prefix: name, region }, { requiredKeys: ['method', 'bucket', 'prefix'] }),
);
const filter = fc.dictionary(name, fc.uniqueArray(name, { maxLength: 3 }), { maxKeys: 3 });
const admins = fc
  .record({ roles: fc.uniqueArray(fc.constantFrom('$admin', '$member', '$guest'), { maxLength: 2 }), groups: fc.uniqueArray(name, { maxLength: 2 }), users: fc.uniqueArray(name, { maxLength: 2 }) })
  .map((a) => (a.roles.length + a.groups.length + a.users.length === 0 ? { ...a, users: ['jane'] } : a));

/** Valid configuration files (as written, defaults optional). */
const validConfig: fc.Arbitrary<CrawlerConfigInput> = fc.record(
  {
    connectionName: name,
    admins,
    allowQuery: fc.boolean(),
    allowQueryPreview: fc.boolean(),
    rowLimit: fc.integer({ min: 1, max: 1_000_000 }),
    extraction,
    include: filter,
    exclude: filter,
    excludeRegex: fc.constantFrom('.*_TEST', '^tmp_.*', '(?i)backup_\\d+'),
    sourceLevelFiltering: fc.boolean(),
    jdbcInternalMethods: fc.boolean(),
    schedule: fc.record({ cron: fc.constantFrom('45 4 * * *', '*/15 * * * 1-5', '0 0 1 JAN *'), timezone: fc.constantFrom('UTC', 'Europe/Paris') }),
  },
  { requiredKeys: ['connectionName', 'admins', 'extraction'] },
);

/** Secret values long and distinctive enough not to occur anywhere by chance. */
function contextFor(config: CrawlerConfig, epoch: number): BuildContext {
  const secrets = new Map(listSecretRefs(config).map((ref) => [ref.name, `S3CR3T-${ref.name}-VALUE`] as const));
  return { epoch, adminRoleIds: (config.admins.roles ?? []).map((r) => `id-${r}`), secrets };
}

/** Either a built crawler or a CrawlerBuildError with a message; anything else fails the property. */
function buildOrExplain(config: CrawlerConfig, ctx: BuildContext, surface: Surface) {
  try {
    return buildCrawler(config, ctx, surface);
  } catch (e) {
    assert.ok(e instanceof CrawlerBuildError, `unexpected ${String(e)}`);
    assert.ok(e.message.length > 10);
    return undefined;
  }
}

function checkIssues(text: string): void {
  const result = parseConfig(text);
  for (const issue of result.issues) {
    assert.ok(issue.code in ISSUE_CODES, `undocumented code ${issue.code}`);
    assert.ok(issue.message.length > 5);
    assert.ok(issue.offset >= 0 && issue.length >= 0 && issue.offset + issue.length <= text.length, 'range inside the text');
  }
  assert.equal(result.config !== undefined, !result.issues.some((i) => i.severity === 'error'));
}

/** A random edit of a JSON value at a random path: delete, replace with anything, or add an unknown key. */
type Mutation = { path: number[]; kind: 'delete' | 'replace' | 'add'; value: unknown };
const mutation: fc.Arbitrary<Mutation> = fc.record({
  path: fc.array(fc.nat(), { minLength: 1, maxLength: 4 }),
  kind: fc.constantFrom('delete', 'replace', 'add'),
  value: fc.jsonValue({ maxDepth: 2 }),
});

function mutate(root: unknown, m: Mutation): unknown {
  const copy = structuredClone(root) as Record<string, unknown>;
  let node: unknown = copy;
  for (let depth = 0; depth < m.path.length; depth++) {
    if (typeof node !== 'object' || node === null) break;
    const keys = Object.keys(node);
    if (keys.length === 0) break;
    const key = keys[m.path[depth] % keys.length];
    const holder = node as Record<string, unknown>;
    const last = depth === m.path.length - 1 || typeof holder[key] !== 'object' || holder[key] === null;
    if (last) {
      if (m.kind === 'delete') delete holder[key];
      else if (m.kind === 'replace') holder[key] = m.value;
      else holder[`x${key}`] = m.value;
      break;
    }
    node = holder[key];
  }
  return copy;
}

describe('properties', function () {
  this.timeout(20000);

  it('parseConfig never throws on arbitrary text, and every issue is documented and in range', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (text) => checkIssues(text)),
      { numRuns: 2000, seed: SEED },
    );
  });

  it('parseConfig never throws on arbitrary JSON documents', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 4 }), (value) => checkIssues(JSON.stringify(value, null, 1) ?? 'null')),
      { numRuns: 2000, seed: SEED },
    );
  });

  it('parseConfig never throws on a config file with random characters edited', () => {
    const base = readFileSync(fixturePath('configs', 'warehouse-prod.atlan-postgres.json'), 'utf8');
    fc.assert(
      fc.property(fc.nat({ max: base.length }), fc.nat({ max: 8 }), fc.string({ maxLength: 6 }), (at, remove, insert) => {
        checkIssues(base.slice(0, at) + insert + base.slice(at + remove));
      }),
      { numRuns: 2000, seed: SEED },
    );
  });

  it('mutated valid configs: parse, build and preview never escape with an unhandled exception', () => {
    fc.assert(
      fc.property(validConfig, mutation, fc.constantFrom<Surface>('workflows', 'apps'), (config, m, surface) => {
        const text = JSON.stringify(mutate(config, m));
        checkIssues(text);
        const parsed = parseConfig(text).config;
        if (!parsed) return;
        const built = buildOrExplain(parsed, contextFor(parsed, 1714638976), surface);
        if (built) redactCrawler(built);
      }),
      { numRuns: 1500, seed: SEED },
    );
  });

  it('valid configs: formatConfig then parseConfig gives the same configuration, the JSON Schema accepts it, recording the workflow keeps it', () => {
    const validate = new Ajv({ strict: false }).compile(buildJsonSchema());
    fc.assert(
      fc.property(validConfig, (input) => {
        const expected = CrawlerConfigSchema.parse(input);
        const text = formatConfig(input);
        const parsed = parseConfig(text);
        assert.deepStrictEqual(parsed.issues.filter((i) => i.severity === 'error'), []);
        assert.deepStrictEqual(parsed.config, expected);
        assert.equal(validate(JSON.parse(text)), true, JSON.stringify(validate.errors));
        assert.deepStrictEqual(parseConfig(setWorkflowName(text, 'atlan-postgres-1')).config, { ...expected, workflow: 'atlan-postgres-1' });
      }),
      { numRuns: 500, seed: SEED },
    );
  });

  it('valid configs: build(import(build(c))) equals build(c), drift finds nothing, redaction hides every secret', () => {
    fc.assert(
      fc.property(validConfig, fc.constantFrom<Surface>('workflows', 'apps'), fc.integer({ min: 1_000_000_000, max: 2_000_000_000 }), (input, surface, epoch) => {
        const config = CrawlerConfigSchema.parse(input);
        const ctx = contextFor(config, epoch);
        const built = buildOrExplain(config, ctx, surface);
        if (!built) return;
        const roleNames = new Map((config.admins.roles ?? []).map((r) => [`id-${r}`, r]));
        const imported = importCrawler(built, roleNames);
        const back = CrawlerConfigSchema.parse(imported.config);
        const secrets = new Map(imported.secretRefs.map((ref, i) => [ref.name, [...ctx.secrets.values()][i]]));
        const rebuildCtx: BuildContext = { ...ctx, secrets, connectionQualifiedName: imported.identity.connectionQualifiedName };
        if (imported.identity.connectionGuid !== undefined) rebuildCtx.connectionGuid = imported.identity.connectionGuid;
        assert.deepStrictEqual(buildCrawler(back, rebuildCtx, surface), built);
        assert.deepStrictEqual(detectDrift(config, built, { roleNamesById: roleNames }).differences, []);
        const redacted = JSON.stringify(redactCrawler(built));
        for (const value of ctx.secrets.values()) assert.equal(redacted.includes(value), false);
      }),
      { numRuns: 1000, seed: SEED },
    );
  });
});
