/**
 * The contract corpus (test/fixtures/atlan-contract): Atlan's documented answers, each with its
 * source, and the manifest saying which request each answers and what the user must see.
 * Loaded and checked with zod here, so a malformed corpus fails loudly rather than testing nothing.
 */
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import * as z from 'zod';
import { SHAPES, type ShapeName } from '../../fixtures/atlan-contract/shapes';

/** The corpus in the source tree (tests run from out/). */
export const CORPUS_DIR = path.resolve(__dirname, '../../../../test/fixtures/atlan-contract');

const Method = z.enum(['GET', 'POST', 'PUT', 'DELETE']);

/** One documented answer: where it comes from, and the status and body Atlan sends. */
const FixtureFile = z.strictObject({
  source: z.string().min(20),
  note: z.string().min(10),
  status: z.number().int().min(200).max(599),
  /** Absent: an empty body. */
  body: z.unknown().optional(),
});
export type FixtureFile = z.infer<typeof FixtureFile>;

/** The request a fixture answers; `{name}` path segments are filled from `params` (the sandbox fills its own). */
const Request = z.strictObject({
  method: Method,
  path: z.string().min(1),
  params: z.record(z.string(), z.string()).optional(),
  /** When present, only requests carrying these query values get this answer. */
  query: z.record(z.string(), z.string()).optional(),
});
export type FixtureRequest = z.infer<typeof Request>;

const WorkflowView = z.strictObject({
  name: z.string(),
  connectionName: z.string().optional(),
  connectionQualifiedName: z.string().optional(),
  /** `cron timezone`. */
  schedule: z.string().optional(),
});
export type WorkflowView = z.infer<typeof WorkflowView>;

const RunView = z.strictObject({
  id: z.string().optional(),
  workflowName: z.string().optional(),
  phase: z.string().optional(),
  startedBy: z.string().optional(),
  /** What the CLI prints for it (phaseText) at the manifest's `now`. */
  line: z.string().optional(),
  /** A regular expression the CLI line must match. */
  lineMatches: z.string().optional(),
  /** The CLI's failed-step lines. */
  steps: z.array(z.string()).optional(),
  /** The run's label on the command line (runLabel). */
  label: z.string().optional(),
  /** The duration the tree shows, the same at `now` and an hour later; null: none. */
  treeDuration: z.string().nullable().optional(),
});
export type RunView = z.infer<typeof RunView>;

/** What the user sees after the operation: every key given is asserted. */
const Sees = z.strictObject({
  workflows: z
    .strictObject({
      exactly: z.array(WorkflowView).optional(),
      includes: z.array(WorkflowView).optional(),
      excludes: z.array(z.string()).optional(),
    })
    .optional(),
  runs: z.array(RunView).optional(),
  run: RunView.optional(),
  reused: z.boolean().optional(),
  created: z.strictObject({ workflow: WorkflowView, run: RunView.optional() }).optional(),
  done: z.literal(true).optional(),
  whoami: z.strictObject({ username: z.string(), isApiTokenUser: z.boolean(), roles: z.array(z.string()) }).optional(),
  names: z.array(z.string()).optional(),
  ids: z.array(z.string()).optional(),
  page: z.strictObject({ names: z.array(z.string()), total: z.number().optional(), more: z.boolean() }).optional(),
  credential: z.strictObject({ ok: z.boolean(), message: z.string() }).optional(),
  surface: z.enum(['apps', 'workflows']).optional(),
  schedule: z.strictObject({ cron: z.string(), timezone: z.string(), triggerId: z.string().optional() }).optional(),
  schedules: z.array(z.strictObject({ name: z.string(), cron: z.string(), timezone: z.string() })).optional(),
  /** `caveat`: text the definition's caveat says (where it came from when the get lacked the inputs). */
  definition: z.strictObject({ name: z.string(), connectionQualifiedName: z.string().optional(), caveat: z.string().optional() }).optional(),
  /** How many items of the answer could not be read and were left out (the list still shows the rest). */
  unread: z.number().int().min(0).optional(),
  error: z
    .strictObject({
      kind: z.string(),
      status: z.number().int().optional(),
      includes: z.array(z.string()),
      excludes: z.array(z.string()).optional(),
    })
    .optional(),
  /** How many requests the client sent to these endpoints. */
  requests: z.array(z.strictObject({ method: Method, path: z.string(), count: z.number().int().min(0) })).optional(),
});
export type Sees = z.infer<typeof Sees>;

export const OPS = [
  'tenant.whoami',
  'tenant.listRoles',
  'tenant.resolveRoleIds',
  'tenant.listUsers',
  'tenant.listGroups',
  'tenant.testCredential',
  'tenant.detectSurface',
  'legacy.listWorkflows',
  'legacy.findByConnectionName',
  'legacy.getWorkflow',
  'legacy.latestRuns',
  'legacy.listRuns',
  'legacy.getRuns',
  'legacy.rerun',
  'legacy.stop',
  'legacy.create',
  'legacy.archive',
  'models.cronList',
  'apps.listWorkflows',
  'apps.findByConnectionName',
  'apps.getWorkflow',
  'apps.getDefinition',
  'apps.getRuns',
  'apps.rerun',
  'apps.stop',
  'apps.addSchedule',
  'apps.create',
  'apps.archive',
] as const;
export type Op = (typeof OPS)[number];

/** Behaviours other branches are building: their checks run but report instead of failing until the flag goes. */
export const AWAITS = ['identity', 'tolerant'] as const;

const Check = z.strictObject({
  what: z.string().min(10),
  op: z.enum(OPS),
  args: z.record(z.string(), z.unknown()).optional(),
  /** Other fixtures the operation also needs answered (each at its own request). */
  with: z.array(z.string()).optional(),
  sees: Sees,
  awaits: z.enum(AWAITS).optional(),
  /** The issue-14 section that builds the awaited behaviour. */
  section: z.number().int().min(1).max(4).optional(),
});
export type Check = z.infer<typeof Check>;

const Entry = z.strictObject({
  answers: Request,
  shape: z.enum(Object.keys(SHAPES) as [ShapeName, ...ShapeName[]]),
  /** The sandbox scenario that sends the same request (test/unit/contract/sandboxScenarios.ts). */
  sandbox: z.string().min(1),
  checks: z.array(Check),
});
export type ManifestEntry = z.infer<typeof Entry>;

const Manifest = z.strictObject({
  /** The instant durations and "running for" are computed at. */
  now: z.iso.datetime(),
  /** Answered in every check unless a fixture of the check answers the same request. */
  baseline: z.array(z.string()),
  fixtures: z.record(z.string(), Entry),
});

export interface CorpusFixture {
  /** Path below the corpus folder, e.g. `legacy/runs-search.json`. */
  path: string;
  file: FixtureFile;
  entry: ManifestEntry;
}

export interface Corpus {
  now: number;
  baseline: string[];
  fixtures: Map<string, CorpusFixture>;
}

function readJson(file: string): unknown {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as unknown;
  } catch (error) {
    throw new Error(`${path.relative(CORPUS_DIR, file)} is not valid JSON: ${(error as Error).message}`);
  }
}

function parseOrThrow<T>(schema: z.ZodType<T>, value: unknown, what: string): T {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new Error(`${what}: ${z.prettifyError(parsed.error)}`);
  return parsed.data;
}

/** Every `*.json` fixture file below the corpus folder (the manifest excepted). */
/** Folders of raw request and answer documents with their own README and tests (not replayed by the manifest). */
const OWN_SUITES: ReadonlySet<string> = new Set(['asset-search']);

export function fixtureFilesOnDisk(): string[] {
  const found: string[] = [];
  for (const dir of readdirSync(CORPUS_DIR, { withFileTypes: true })) {
    if (!dir.isDirectory() || OWN_SUITES.has(dir.name)) continue;
    for (const file of readdirSync(path.join(CORPUS_DIR, dir.name))) if (file.endsWith('.json')) found.push(`${dir.name}/${file}`);
  }
  return found.sort();
}

let loaded: Corpus | undefined;

export function loadCorpus(): Corpus {
  if (loaded) return loaded;
  const manifest = parseOrThrow(Manifest, readJson(path.join(CORPUS_DIR, 'manifest.json')), 'manifest.json');
  const fixtures = new Map<string, CorpusFixture>();
  for (const [fixturePath, entry] of Object.entries(manifest.fixtures)) {
    const file = parseOrThrow(FixtureFile, readJson(path.join(CORPUS_DIR, fixturePath)), fixturePath);
    fixtures.set(fixturePath, { path: fixturePath, file, entry });
  }
  loaded = { now: Date.parse(manifest.now), baseline: manifest.baseline, fixtures };
  return loaded;
}

export function fixture(corpus: Corpus, fixturePath: string): CorpusFixture {
  const found = corpus.fixtures.get(fixturePath);
  if (!found) throw new Error(`the manifest has no fixture ${fixturePath}`);
  return found;
}

/** `v1/app/{slug}` with `{slug: 'a-1'}` -> `v1/app/a-1`. */
export function fillPath(template: string, params: Readonly<Record<string, string>> = {}): string {
  return template.replace(/\{([^}]+)\}/g, (_m, name: string) => {
    const value = params[name];
    if (value === undefined) throw new Error(`no value for {${name}} in ${template}`);
    return value;
  });
}

export interface CheckRow {
  fixture: CorpusFixture;
  check: Check;
  /** `legacy/runs-search.json #2`. */
  label: string;
}

export function allChecks(corpus: Corpus): CheckRow[] {
  const rows: CheckRow[] = [];
  for (const fx of corpus.fixtures.values()) fx.entry.checks.forEach((check, i) => rows.push({ fixture: fx, check, label: `${fx.path} #${i + 1}` }));
  return rows;
}
