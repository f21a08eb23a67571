/**
 * fast-check arbitraries for the crawler form: drafts, form states and every message of the
 * webview protocol (valid by construction), plus a mutation that edits one place of a JSON
 * value and says where.
 */
import fc from 'fast-check';
import { SECRET_FIELDS, type FilterRow, type FormDraft, type SecretField } from '../../../src/features/form/formDraft';
import type { FormState, FromWebview, ToWebview } from '../../../src/features/form/protocol';

/** Short text with the odd surprise (non-ASCII, a dangerous key, blanks). */
export const text: fc.Arbitrary<string> = fc.oneof(
  { weight: 6, arbitrary: fc.string({ maxLength: 12 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 6 }) },
  { weight: 1, arbitrary: fc.constantFrom('', ' ', '__proto__', 'constructor', '5432', ' 0012 ', '1e3', '-1', '$admin') },
);
const names = fc.array(text, { maxLength: 3 });

/** Messages arrive as plain objects (structured clone, JSON): records are generated as such. */
const PLAIN = { noNullPrototype: true } as const;

// Records, not fc.constant: a constant object would be one instance shared by several fields.
export const secretField: fc.Arbitrary<SecretField> = fc.oneof(
  fc.record({ kind: fc.constant('ref' as const), name: text }, PLAIN),
  fc.record({ kind: fc.constant('none' as const) }, PLAIN),
  fc.record({ kind: fc.constant('literal' as const) }, PLAIN),
  fc.record({ kind: fc.constant('invalid' as const) }, PLAIN),
);

const filterRow: fc.Arbitrary<FilterRow> = fc.record({ database: text, schemas: names }, PLAIN);

export const formDraft: fc.Arbitrary<FormDraft> = fc.record({
  connectionName: text,
  admins: fc.record({ roles: names, groups: names, users: names }, PLAIN),
  allowQuery: fc.boolean(),
  allowQueryPreview: fc.boolean(),
  rowLimit: text,
  extraction: fc.record({
    method: fc.constantFrom('direct' as const, 's3' as const),
    host: text,
    port: text,
    database: text,
    authType: fc.constantFrom('basic' as const, 'iam_user' as const, 'iam_role' as const),
    username: text,
    password: secretField,
    accessKey: text,
    secretKey: secretField,
    roleArn: text,
    externalId: secretField,
    awsRegion: text,
    bucket: text,
    prefix: text,
    region: text,
  }, PLAIN),
  include: fc.array(filterRow, { maxLength: 3 }),
  exclude: fc.array(filterRow, { maxLength: 3 }),
  excludeRegex: text,
  sourceLevelFiltering: fc.boolean(),
  jdbcInternalMethods: fc.boolean(),
  schedule: fc.record({ enabled: fc.boolean(), cron: text, timezone: text }, PLAIN),
}, PLAIN);

export const formState: fc.Arbitrary<FormState> = fc.record(
  {
    id: fc.string({ maxLength: 40 }),
    fileUri: fc.constantFrom('file:///w/a.atlan-postgres.json', 'file:///w/b%20c.atlan-postgres.json'),
    targetUri: fc.constant('file:///w/new.atlan-postgres.json'),
    draft: formDraft,
    initialDraft: formDraft,
    rev: fc.nat(),
  },
  { requiredKeys: ['draft', 'initialDraft', 'rev'], ...PLAIN },
);

/** A secret value distinctive enough never to occur in an error by chance. */
export const secretValue = fc.stringMatching(/^[A-Za-z0-9]{8,24}$/).map((s) => `S3CR3T-${s}`);
const secretName = fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/);
const secretFieldName = fc.constantFrom(...SECRET_FIELDS);

export const fromWebview: fc.Arbitrary<FromWebview> = fc.oneof(
  fc.record({ type: fc.constant('ready' as const), state: formState }, { requiredKeys: ['type'], ...PLAIN }),
  fc.record({ type: fc.constant('draftChanged' as const), rev: fc.nat(), draft: formDraft }, PLAIN),
  fc.record({ type: fc.constant('storeSecret' as const), field: secretFieldName, name: secretName, value: secretValue }, PLAIN),
  fc.record({ type: fc.constant('moveLiteralSecret' as const), field: secretFieldName, name: secretName }, PLAIN),
  fc
    .constantFrom('testConnection', 'runPreflight', 'loadDirectory', 'save', 'saveAndSubmit', 'previewPayload', 'previewScope', 'signIn', 'openFile', 'reloadFromFile')
    .map((type): FromWebview => ({ type })),
);

const session = fc.record(
  { signedIn: fc.boolean(), description: text, surface: fc.constantFrom('workflows' as const, 'apps' as const), trusted: fc.boolean() },
  { requiredKeys: ['signedIn', 'description', 'trusted'], ...PLAIN },
);
// Not "__proto__": a record of that key loses it on parse (see the report; SECRET_NAME_PATTERN allows the name).
const secrets = fc.dictionary(text.filter((k) => k !== '__proto__'), fc.boolean(), { maxKeys: 3, ...PLAIN });
const issue = fc.record({
  path: fc.array(fc.oneof(text, fc.nat({ max: 5 })), { maxLength: 4 }),
  code: text,
  message: text,
  severity: fc.constantFrom('error' as const, 'warning' as const),
}, PLAIN);
const checkStatus = fc.constantFrom('ok' as const, 'failed' as const, 'skipped' as const, 'unreachable' as const);

export const toWebview: fc.Arbitrary<ToWebview> = fc.oneof(
  fc.record(
    { type: fc.constant('init' as const), state: formState, fileName: text, session, secrets, notes: fc.array(text, { maxLength: 3 }) },
    { requiredKeys: ['type', 'state', 'session', 'secrets', 'notes'], ...PLAIN },
  ),
  fc.record({ type: fc.constant('draftReplaced' as const), state: formState }, PLAIN),
  fc.record({ type: fc.constant('validation' as const), rev: fc.integer(), issues: fc.array(issue, { maxLength: 3 }) }, PLAIN),
  fc.record({ type: fc.constant('secretStatus' as const), secrets }, PLAIN),
  fc.record({ type: fc.constant('session' as const), session }, PLAIN),
  fc.record(
    { type: fc.constant('directory' as const), roles: names, groups: names, users: names, note: text },
    { requiredKeys: ['type', 'roles', 'groups', 'users'], ...PLAIN },
  ),
  fc.record(
    { type: fc.constant('catalog' as const), databases: fc.array(fc.record({ database: text, schemas: names }, PLAIN), { maxLength: 3 }) },
    PLAIN,
  ),
  fc.record(
    {
      type: fc.constant('testResult' as const),
      results: fc.array(fc.record({ target: fc.constantFrom('tenant' as const, 'direct' as const), status: checkStatus, message: text }, PLAIN), { maxLength: 2 }),
    },
    PLAIN,
  ),
  fc.record(
    { type: fc.constant('preflightResult' as const), checks: fc.array(fc.record({ name: text, ok: fc.boolean(), message: text }, PLAIN), { maxLength: 3 }), error: text },
    { requiredKeys: ['type', 'checks'], ...PLAIN },
  ),
  fc.record({ type: fc.constant('busy' as const), action: text, busy: fc.boolean() }, PLAIN),
  fc.record({ type: fc.constant('saved' as const), state: formState, fileName: text }, PLAIN),
  fc.record({ type: fc.constant('error' as const), message: text }, PLAIN),
);

/** One edit of a JSON value: walk `steps` (indexes into each level's keys), then delete, replace or add beside. */
export interface Mutation {
  steps: number[];
  kind: 'delete' | 'replace' | 'add';
  value: unknown;
}

export const mutation: fc.Arbitrary<Mutation> = fc.record({
  steps: fc.array(fc.nat(), { minLength: 1, maxLength: 6 }),
  kind: fc.constantFrom('delete' as const, 'replace' as const, 'add' as const),
  value: fc.jsonValue({ maxDepth: 2 }),
});

export interface Mutated {
  value: unknown;
  /** Keys from the root to what was deleted, replaced or added; undefined when nothing was edited. */
  path?: string[];
  /** Whether the edit was an added key on an object. */
  added: boolean;
}

const isContainer = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;

/** Applies a mutation to a deep copy. Added keys go on objects only (arrays ignore non-index keys). */
export function mutate(root: unknown, m: Mutation): Mutated {
  const copy = structuredClone(root);
  let node: unknown = copy;
  const path: string[] = [];
  for (let depth = 0; depth < m.steps.length; depth++) {
    if (!isContainer(node)) break;
    const keys = Object.keys(node);
    if (keys.length === 0) break;
    const key = keys[m.steps[depth] % keys.length];
    const last = depth === m.steps.length - 1 || !isContainer(node[key]);
    if (last) {
      if (m.kind === 'add' && !Array.isArray(node)) {
        const added = `x${key}`;
        node[added] = m.value;
        return { value: copy, path: [...path, added], added: true };
      }
      if (m.kind === 'delete' && !Array.isArray(node)) delete node[key];
      else node[key] = m.value;
      return { value: copy, path: [...path, key], added: false };
    }
    path.push(key);
    node = node[key];
  }
  return { value: copy, added: false };
}
