/**
 * What the crawler form edits: a draft that can hold anything a user may type (half-filled,
 * invalid), and its conversion from and to the configuration file's JSON value.
 *
 * Round trip by construction: the draft of a file, converted back without edits, gives the
 * file's value unchanged (defaults left implicit, unknown keys and wrong types kept). Only the
 * fields the user changed (draft vs the draft the form started from) are written, on top of the
 * file as it is when saving, so edits made meanwhile in the text editor survive too.
 *
 * No `vscode` and no secret values here: the webview bundles this module.
 */
import * as z from 'zod';
import { DEFAULTS } from '../../core/config/model';

const text = z.string().max(10_000);
const names = z.array(z.string().max(1_000)).max(2_000);

/**
 * A secret field: a reference by name ("" while none is chosen), absent, or something the form
 * does not carry (a plain-text value in the file, or a wrong type): those stay as they are.
 */
export const SecretFieldSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('ref'), name: z.string().max(200) }),
  z.strictObject({ kind: z.literal('none') }),
  z.strictObject({ kind: z.literal('literal') }),
  z.strictObject({ kind: z.literal('invalid') }),
]);
export type SecretField = z.infer<typeof SecretFieldSchema>;

export const SECRET_FIELDS = ['password', 'secretKey', 'externalId'] as const;
export type SecretFieldName = (typeof SECRET_FIELDS)[number];

export const FilterRowSchema = z.strictObject({ database: z.string().max(1_000), schemas: names });
export type FilterRow = z.infer<typeof FilterRowSchema>;

export const AuthTypeSchema = z.enum(['basic', 'iam_user', 'iam_role']);
export type AuthType = z.infer<typeof AuthTypeSchema>;

export const FormDraftSchema = z.strictObject({
  connectionName: text,
  admins: z.strictObject({ roles: names, groups: names, users: names }),
  allowQuery: z.boolean(),
  allowQueryPreview: z.boolean(),
  /** Text as typed; digits become a number in the file. */
  rowLimit: text,
  extraction: z.strictObject({
    method: z.enum(['direct', 's3']),
    host: text,
    port: text,
    database: text,
    authType: AuthTypeSchema,
    username: text,
    password: SecretFieldSchema,
    accessKey: text,
    secretKey: SecretFieldSchema,
    roleArn: text,
    externalId: SecretFieldSchema,
    awsRegion: text,
    bucket: text,
    prefix: text,
    region: text,
  }),
  include: z.array(FilterRowSchema).max(2_000),
  exclude: z.array(FilterRowSchema).max(2_000),
  excludeRegex: text,
  sourceLevelFiltering: z.boolean(),
  jdbcInternalMethods: z.boolean(),
  schedule: z.strictObject({ enabled: z.boolean(), cron: text, timezone: text }),
});
export type FormDraft = z.infer<typeof FormDraftSchema>;

/** The draft of a new crawler: Atlan's defaults, nothing filled in. */
export function emptyDraft(): FormDraft {
  return {
    connectionName: '',
    admins: { roles: [], groups: [], users: [] },
    allowQuery: DEFAULTS.allowQuery,
    allowQueryPreview: DEFAULTS.allowQueryPreview,
    rowLimit: String(DEFAULTS.rowLimit),
    extraction: {
      method: 'direct',
      host: '',
      port: String(DEFAULTS.port),
      database: '',
      authType: 'basic',
      username: '',
      password: { kind: 'ref', name: '' },
      accessKey: '',
      secretKey: { kind: 'ref', name: '' },
      roleArn: '',
      externalId: { kind: 'none' },
      awsRegion: '',
      bucket: '',
      prefix: '',
      region: '',
    },
    include: [],
    exclude: [],
    excludeRegex: '',
    sourceLevelFiltering: DEFAULTS.sourceLevelFiltering,
    jdbcInternalMethods: DEFAULTS.jdbcInternalMethods,
    schedule: { enabled: false, cron: '0 2 * * *', timezone: DEFAULTS.timezone },
  };
}

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
const str = (value: unknown, fallback = ''): string => (typeof value === 'string' ? value : fallback);
const bool = (value: unknown, fallback: boolean): boolean => (typeof value === 'boolean' ? value : fallback);
const numText = (value: unknown, fallback: string): string =>
  typeof value === 'number' ? String(value) : typeof value === 'string' ? value : fallback;
const strings = (value: unknown): string[] => (Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : []);

function secretField(value: unknown): SecretField {
  if (value === undefined) return { kind: 'none' };
  if (typeof value === 'string') return { kind: 'literal' };
  if (isObject(value) && typeof value.secret === 'string' && Object.keys(value).length === 1) return { kind: 'ref', name: value.secret };
  return { kind: 'invalid' };
}

function filterRows(value: unknown): FilterRow[] {
  if (!isObject(value)) return [];
  return Object.entries(value).map(([database, schemas]) => ({ database, schemas: strings(schemas) }));
}

/** The draft of a file's JSON value (any value: a broken file gives what can be read). */
export function configToDraft(value: unknown): FormDraft {
  const draft = emptyDraft();
  if (!isObject(value)) return draft;
  const admins = isObject(value.admins) ? value.admins : {};
  const extraction = isObject(value.extraction) ? value.extraction : {};
  const auth = isObject(extraction.auth) ? extraction.auth : {};
  const schedule = isObject(value.schedule) ? value.schedule : undefined;
  const authType = AuthTypeSchema.safeParse(auth.type);
  return {
    connectionName: str(value.connectionName),
    admins: { roles: strings(admins.roles), groups: strings(admins.groups), users: strings(admins.users) },
    allowQuery: bool(value.allowQuery, DEFAULTS.allowQuery),
    allowQueryPreview: bool(value.allowQueryPreview, DEFAULTS.allowQueryPreview),
    rowLimit: numText(value.rowLimit, draft.rowLimit),
    extraction: {
      method: extraction.method === 's3' ? 's3' : 'direct',
      host: str(extraction.host),
      port: numText(extraction.port, draft.extraction.port),
      database: str(extraction.database),
      authType: authType.success ? authType.data : 'basic',
      username: str(auth.username),
      // A new reference gets a name when the user stores a value; absent stays absent.
      password: auth.type === 'basic' || auth.type === undefined ? secretField(auth.password) : draft.extraction.password,
      accessKey: str(auth.accessKey),
      secretKey: auth.type === 'iam_user' ? secretField(auth.secretKey) : draft.extraction.secretKey,
      roleArn: str(auth.roleArn),
      externalId: auth.type === 'iam_role' ? secretField(auth.externalId) : draft.extraction.externalId,
      awsRegion: str(auth.awsRegion),
      bucket: str(extraction.bucket),
      prefix: str(extraction.prefix),
      region: str(extraction.region),
    },
    include: filterRows(value.include),
    exclude: filterRows(value.exclude),
    excludeRegex: str(value.excludeRegex),
    sourceLevelFiltering: bool(value.sourceLevelFiltering, DEFAULTS.sourceLevelFiltering),
    jdbcInternalMethods: bool(value.jdbcInternalMethods, DEFAULTS.jdbcInternalMethods),
    schedule: schedule
      ? { enabled: true, cron: str(schedule.cron), timezone: str(schedule.timezone, DEFAULTS.timezone) }
      : draft.schedule,
  };
}

/** One field of the form: where it lives in the file and how the draft writes it. */
interface Leaf {
  path: string[];
  get(d: FormDraft): unknown;
  /** The JSON value to write; undefined removes the property. */
  write(d: FormDraft): unknown;
}

const DIRECT_KEYS = ['host', 'port', 'database', 'auth'];
const S3_KEYS = ['bucket', 'prefix', 'region'];
const AUTH_KEYS: Record<AuthType, string[]> = {
  basic: ['type', 'username', 'password'],
  iam_user: ['type', 'username', 'accessKey', 'secretKey', 'awsRegion'],
  iam_role: ['type', 'username', 'roleArn', 'externalId', 'awsRegion'],
};

/** Digits become a number; empty means "the default" (property left out); anything else is kept for validation to flag. */
function numberOrText(value: string): unknown {
  const trimmed = value.trim();
  if (trimmed === '') return undefined;
  return /^\d{1,15}$/.test(trimmed) ? Number(trimmed) : value;
}
const optionalText = (value: string): string | undefined => (value === '' ? undefined : value);
const optionalList = (value: string[]): string[] | undefined => (value.length === 0 ? undefined : [...value]);

/** A reference without a name yet gets the default one (optional ones stay out until named). */
function writeSecret(d: FormDraft, name: SecretFieldName, required: boolean): unknown {
  const field = d.extraction[name];
  if (field.kind !== 'ref') return undefined;
  if (field.name === '') return required ? { secret: defaultSecretName(d.connectionName, name) } : undefined;
  return { secret: field.name };
}

/** Rows -> {database: schemas}; rows without a database name are still being typed and left out. */
export function rowsToFilter(rows: readonly FilterRow[]): Record<string, string[]> {
  // Own keys only: a database may be called "constructor" or "toString".
  const out: Record<string, string[]> = {};
  for (const row of rows) {
    const db = row.database;
    if (db === '' || db === '__proto__') continue;
    const before = Object.hasOwn(out, db) ? out[db] : [];
    out[db] = [...new Set([...before, ...row.schemas])];
  }
  return out;
}

const e = (d: FormDraft) => d.extraction;
const NAME_LEAF: Leaf = { path: ['connectionName'], get: (d) => d.connectionName, write: (d) => d.connectionName };
const ADMIN_LEAVES: Leaf[] = (['roles', 'groups', 'users'] as const).map((key) => ({
  path: ['admins', key],
  get: (d) => d.admins[key],
  write: (d) => optionalList(d.admins[key]),
}));
const CONNECTION_LEAVES: Leaf[] = [
  { path: ['allowQuery'], get: (d) => d.allowQuery, write: (d) => d.allowQuery },
  { path: ['allowQueryPreview'], get: (d) => d.allowQueryPreview, write: (d) => d.allowQueryPreview },
  { path: ['rowLimit'], get: (d) => d.rowLimit, write: (d) => numberOrText(d.rowLimit) },
];
const FILTER_LEAVES: Leaf[] = (['include', 'exclude'] as const).map((key) => ({
  path: [key],
  get: (d) => d[key],
  write: (d) => rowsToFilter(d[key]),
}));
const METADATA_LEAVES: Leaf[] = [
  { path: ['excludeRegex'], get: (d) => d.excludeRegex, write: (d) => optionalText(d.excludeRegex) },
  { path: ['sourceLevelFiltering'], get: (d) => d.sourceLevelFiltering, write: (d) => d.sourceLevelFiltering },
  { path: ['jdbcInternalMethods'], get: (d) => d.jdbcInternalMethods, write: (d) => d.jdbcInternalMethods },
];
const DIRECT_LEAVES: Leaf[] = [
  { path: ['extraction', 'host'], get: (d) => e(d).host, write: (d) => e(d).host },
  { path: ['extraction', 'port'], get: (d) => e(d).port, write: (d) => numberOrText(e(d).port) },
  { path: ['extraction', 'database'], get: (d) => e(d).database, write: (d) => e(d).database },
];
const S3_LEAVES: Leaf[] = [
  { path: ['extraction', 'bucket'], get: (d) => e(d).bucket, write: (d) => e(d).bucket },
  { path: ['extraction', 'prefix'], get: (d) => e(d).prefix, write: (d) => e(d).prefix },
  { path: ['extraction', 'region'], get: (d) => e(d).region, write: (d) => optionalText(e(d).region) },
];
const authLeaf = (key: string, get: (d: FormDraft) => unknown, write: (d: FormDraft) => unknown): Leaf => ({
  path: ['extraction', 'auth', key],
  get,
  write,
});
const AUTH_LEAVES: Record<AuthType, Leaf[]> = {
  basic: [
    authLeaf('type', (d) => e(d).authType, () => 'basic'),
    authLeaf('username', (d) => e(d).username, (d) => e(d).username),
    authLeaf('password', (d) => e(d).password, (d) => writeSecret(d, 'password', true)),
  ],
  iam_user: [
    authLeaf('type', (d) => e(d).authType, () => 'iam_user'),
    authLeaf('username', (d) => e(d).username, (d) => e(d).username),
    authLeaf('accessKey', (d) => e(d).accessKey, (d) => e(d).accessKey),
    authLeaf('secretKey', (d) => e(d).secretKey, (d) => writeSecret(d, 'secretKey', true)),
    authLeaf('awsRegion', (d) => e(d).awsRegion, (d) => optionalText(e(d).awsRegion)),
  ],
  iam_role: [
    authLeaf('type', (d) => e(d).authType, () => 'iam_role'),
    authLeaf('username', (d) => e(d).username, (d) => e(d).username),
    authLeaf('roleArn', (d) => e(d).roleArn, (d) => e(d).roleArn),
    authLeaf('externalId', (d) => e(d).externalId, (d) => writeSecret(d, 'externalId', false)),
    authLeaf('awsRegion', (d) => e(d).awsRegion, (d) => optionalText(e(d).awsRegion)),
  ],
};

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

function setAt(root: Json, path: readonly string[], value: unknown): void {
  let holder = root;
  for (const key of path.slice(0, -1)) {
    if (!isObject(holder[key])) {
      if (value === undefined) return;
      holder[key] = {};
    }
    holder = holder[key] as Json;
  }
  const last = path[path.length - 1];
  if (value === undefined) delete holder[last];
  else holder[last] = value;
}

function objectAt(root: Json, path: readonly string[]): Json | undefined {
  let current: unknown = root;
  for (const key of path) current = isObject(current) ? current[key] : undefined;
  return isObject(current) ? current : undefined;
}

/**
 * The file's new JSON value. `initial` is the draft the form started from (undefined for a new
 * file: everything is written out) and `current` the file's value now; only fields where the
 * draft differs from `initial` are written into `current`.
 */
export function draftToConfig(draft: FormDraft, initial?: FormDraft, current?: unknown): Json {
  const out: Json = initial && isObject(current) ? (JSON.parse(JSON.stringify(current)) as Json) : {};
  const all = initial === undefined;
  const changed = (leaf: Leaf): boolean => all || !same(leaf.get(draft), leaf.get(initial));
  const apply = (leaves: Leaf[], force: boolean): void => {
    for (const leaf of leaves) if (force || changed(leaf)) setAt(out, leaf.path, leaf.write(draft));
  };

  apply([NAME_LEAF], false);
  // Admins always exist in a file (at least one is required): an emptied list leaves `{}`.
  if (ADMIN_LEAVES.some(changed)) {
    if (!isObject(out.admins)) out.admins = {};
    apply(ADMIN_LEAVES, false);
  }
  apply(CONNECTION_LEAVES, false);

  const method = draft.extraction.method;
  const methodChanged = all || draft.extraction.method !== initial.extraction.method;
  if (methodChanged) {
    if (!isObject(out.extraction)) out.extraction = {};
    const extraction = out.extraction as Json;
    for (const key of method === 'direct' ? S3_KEYS : DIRECT_KEYS) delete extraction[key];
    extraction.method = method;
  }
  if (method === 'direct') {
    apply(DIRECT_LEAVES, methodChanged);
    const type = draft.extraction.authType;
    const typeChanged = methodChanged || draft.extraction.authType !== initial.extraction.authType;
    if (typeChanged) {
      const auth = objectAt(out, ['extraction', 'auth']);
      if (auth) for (const key of Object.keys(auth)) if (!AUTH_KEYS[type].includes(key)) delete auth[key];
    }
    apply(AUTH_LEAVES[type], typeChanged);
  } else {
    apply(S3_LEAVES, methodChanged);
  }

  // An empty filter stays implicit in a new file, and in a file that never had it.
  for (const leaf of FILTER_LEAVES) {
    if (!changed(leaf)) continue;
    const filter = leaf.write(draft) as Record<string, string[]>;
    if (Object.keys(filter).length === 0 && !(leaf.path[0] in out)) continue;
    setAt(out, leaf.path, filter);
  }
  apply(METADATA_LEAVES, false);

  const s = draft.schedule;
  const scheduleChanged = all || !same(s, initial.schedule);
  if (scheduleChanged) {
    if (!s.enabled) delete out.schedule;
    else {
      const wasEnabled = !all && initial.schedule.enabled;
      if (!wasEnabled || !isObject(out.schedule)) out.schedule = { cron: s.cron, timezone: s.timezone };
      else {
        if (s.cron !== initial.schedule.cron) out.schedule.cron = s.cron;
        if (s.timezone !== initial.schedule.timezone) out.schedule.timezone = s.timezone;
      }
    }
  }
  return out;
}

/**
 * The name a new secret reference gets, from the connection name (the convention the workflow
 * import uses too): `<name>` for the password, `<name>-aws-secret-key`, `<name>-external-id`.
 */
export function defaultSecretName(connectionName: string, field: SecretFieldName): string {
  // Secret names start with a letter or digit (SECRET_NAME_PATTERN).
  const base = (connectionName.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^[^A-Za-z0-9]+|-+$/g, '') || 'postgres').slice(0, 64);
  const suffix = field === 'password' ? '' : field === 'secretKey' ? '-aws-secret-key' : '-external-id';
  return base.slice(0, 64 - suffix.length) + suffix;
}

/** Which secret field the active authentication type uses (IAM role's external id is optional). */
export function activeSecretFields(authType: AuthType): SecretFieldName[] {
  return authType === 'basic' ? ['password'] : authType === 'iam_user' ? ['secretKey'] : ['externalId'];
}
