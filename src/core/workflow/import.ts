/**
 * A Postgres crawler as the tenant stores it (legacy template or App create body) -> a
 * configuration file's content. Secrets come back as references to fill in; what the tenant
 * does not return (a stored credential's host, database, user) is left empty and listed in
 * `notes`, so the editor shows exactly what is left to fill.
 */
import type { BuiltCrawler, Surface } from '../atlan/backend';
import type { IssuePath } from '../config/issues';
import { DEFAULTS, type AssetFilter, type CrawlerConfigInput } from '../config/model';
import type { SecretRefUse } from '../config/secrets';
import { WorkflowImportError } from './errors';
import { filterFromWire } from './filters';
import { CREDENTIAL_GUID_PLACEHOLDER, SCHEDULE_ANNOTATION, TIMEZONE_ANNOTATION, epochOf } from './postgres';
import {
  AppCreateBodySchema,
  ConnectionEntitySchema,
  CredentialDetailsSchema,
  LegacyWorkflowSchema,
  type CredentialDetails,
} from './wireSchemas';
import type { z } from 'zod';

export interface ImportOptions {
  /** Non-secret details of the stored credential (GET credentials/{guid}), when the caller fetched them. */
  credential?: CredentialDetails;
  /** The App slug (an App create body does not carry it). */
  workflowName?: string;
}

/** What identifies the existing workflow: pass it back into BuildContext to update or rebuild it. */
export interface WorkflowIdentity {
  surface: Surface;
  workflowName?: string;
  epoch: number;
  connectionQualifiedName: string;
  /** The legacy connection entity guid, as the workflow holds it. */
  connectionGuid?: string;
  /** The stored credential the workflow uses, when it references one (not a new one in the payload). */
  credentialGuid?: string;
}

export interface ImportNote {
  /** `not-returned`: the tenant does not give this field back (left empty or defaulted); `role-id`: a role id with no
   *  known name (kept as the id); `assumed`: read as something it may not be; `unreadable`: malformed, left empty. */
  kind: 'not-returned' | 'role-id' | 'assumed' | 'unreadable';
  path: IssuePath;
  /** What it means or what to do, for a person: "fill in extraction.host". */
  message: string;
  /** Why, when several notes share one reason: a summary says it once for all of them (see importFollowUps). */
  cause?: string;
}

/** Why the fields of a direct extraction come back empty when the workflow only names its credential. */
export const CREDENTIAL_NOT_RETURNED = 'the tenant keeps the credential to itself';

export interface ImportedCrawler {
  config: CrawlerConfigInput;
  /** Secret references the config uses; the user stores a value under each name. */
  secretRefs: SecretRefUse[];
  identity: WorkflowIdentity;
  /** Fields the tenant did not return and that need filling in, role ids without a name, and so on. */
  notes: ImportNote[];
}

type Connection = z.infer<typeof ConnectionEntitySchema>;

/** Everything both surfaces provide, in one neutral form. */
interface Neutral {
  surface: Surface;
  workflowName?: string;
  connection: Connection;
  method: string;
  credentialGuid?: string;
  credential?: CredentialDetails;
  s3?: { bucket: string; prefix: string; region?: string };
  include: unknown;
  exclude: unknown;
  excludeRegex?: string;
  sourceLevelFiltering?: boolean;
  jdbcInternalMethods?: boolean;
  schedule?: { cron: string; timezone?: string };
}

export function importCrawler(
  built: BuiltCrawler,
  roleNamesById: ReadonlyMap<string, string>,
  options: ImportOptions = {},
): ImportedCrawler {
  const neutral = built.surface === 'apps' ? fromApp(built.body, options) : fromLegacy(built.workflow);
  return toConfig(neutral, roleNamesById, options);
}

function fromLegacy(raw: unknown): Neutral {
  const parsed = LegacyWorkflowSchema.safeParse(raw);
  if (!parsed.success) throw new WorkflowImportError(`not a package workflow: ${describeZod(parsed.error)}`);
  const workflow = parsed.data;
  const parameters = new Map<string, unknown>();
  for (const template of workflow.spec.templates) {
    for (const task of template.dag?.tasks ?? []) {
      for (const p of task.arguments?.parameters ?? []) parameters.set(p.name, p.value);
    }
  }
  const text = (name: string): string | undefined => {
    const v = parameters.get(name);
    return typeof v === 'string' ? v : undefined;
  };
  const credentialGuid = text('credential-guid');
  const annotations = workflow.metadata.annotations ?? {};
  const cron = annotations[SCHEDULE_ANNOTATION];
  const timezone = annotations[TIMEZONE_ANNOTATION];
  const body = workflow.payload?.find((p) => p.type === 'credential')?.body;
  const neutral: Neutral = {
    surface: 'workflows',
    workflowName: workflow.metadata.name,
    connection: parseConnection(parameters.get('connection')),
    method: text('extraction-method') ?? 'direct',
    include: parameters.get('include-filter'),
    exclude: parameters.get('exclude-filter'),
  };
  if (credentialGuid !== undefined && credentialGuid !== CREDENTIAL_GUID_PLACEHOLDER) neutral.credentialGuid = credentialGuid;
  if (body) neutral.credential = parseCredential(body);
  if (neutral.method === 's3') {
    neutral.s3 = { bucket: text('metadata-s3-bucket') ?? '', prefix: text('metadata-s3-prefix') ?? '' };
    const region = text('metadata-s3-region');
    if (region) neutral.s3.region = region;
  }
  const regex = text('temp-table-regex');
  if (regex) neutral.excludeRegex = regex;
  const sourceLevel = flag(parameters.get('use-source-schema-filtering'));
  if (sourceLevel !== undefined) neutral.sourceLevelFiltering = sourceLevel;
  const jdbc = flag(parameters.get('use-jdbc-internal-methods'));
  if (jdbc !== undefined) neutral.jdbcInternalMethods = jdbc;
  if (cron) neutral.schedule = timezone ? { cron, timezone } : { cron };
  return neutral;
}

function fromApp(raw: unknown, options: ImportOptions): Neutral {
  const parsed = AppCreateBodySchema.safeParse(raw);
  if (!parsed.success) throw new WorkflowImportError(`not a postgres-crawler app: ${describeZod(parsed.error)}`);
  const { inputs, schedule } = parsed.data;
  const neutral: Neutral = {
    surface: 'apps',
    connection: inputs.connection,
    method: inputs.extraction_method ?? 'direct',
    include: inputs.include_filter,
    exclude: inputs.exclude_filter,
  };
  if (options.workflowName !== undefined) neutral.workflowName = options.workflowName;
  if (inputs.credential_guid) neutral.credentialGuid = inputs.credential_guid;
  if (inputs.credential) neutral.credential = inputs.credential;
  if (inputs.temp_table_regex) neutral.excludeRegex = inputs.temp_table_regex;
  const sourceLevel = flag(inputs.use_source_schema_filtering);
  if (sourceLevel !== undefined) neutral.sourceLevelFiltering = sourceLevel;
  const jdbc = flag(inputs.use_jdbc_internal_methods);
  if (jdbc !== undefined) neutral.jdbcInternalMethods = jdbc;
  if (schedule) neutral.schedule = schedule.timezone ? { cron: schedule.cron, timezone: schedule.timezone } : { cron: schedule.cron };
  return neutral;
}

function toConfig(n: Neutral, roleNamesById: ReadonlyMap<string, string>, options: ImportOptions): ImportedCrawler {
  const notes: ImportNote[] = [];
  const attrs = n.connection.attributes;
  const epoch = epochOf(attrs.qualifiedName) ?? (n.workflowName ? epochOf(n.workflowName) : undefined);
  if (epoch === undefined) {
    throw new WorkflowImportError(`connection qualifiedName "${attrs.qualifiedName}" is not of the form default/postgres/<epoch>`);
  }
  const connectionName = attrs.name ?? '';
  if (!attrs.name) notes.push({ kind: 'not-returned', path: ['connectionName'], message: 'the workflow does not name its connection; fill in connectionName' });

  const roles = (attrs.adminRoles ?? []).map((id, i) => {
    const name = roleNamesById.get(id);
    if (name === undefined) notes.push({ kind: 'role-id', path: ['admins', 'roles', i], message: `no role with id "${id}" is known; replace it with the role's name` });
    return name ?? id;
  });
  const admins: NonNullable<CrawlerConfigInput['admins']> = {};
  if (roles.length) admins.roles = roles;
  if (attrs.adminGroups?.length) admins.groups = attrs.adminGroups;
  if (attrs.adminUsers?.length) admins.users = attrs.adminUsers;

  const secretRefs: SecretRefUse[] = [];
  let extraction: CrawlerConfigInput['extraction'];
  if (n.method === 's3') {
    extraction = { method: 's3', bucket: n.s3?.bucket ?? '', prefix: n.s3?.prefix ?? '' };
    if (n.s3?.region) extraction.region = n.s3.region;
  } else if (n.method === 'direct') {
    extraction = directExtraction(n, options, connectionName, secretRefs, notes);
  } else {
    throw new WorkflowImportError(`extraction method "${n.method}" is not supported by configuration files (direct and s3 are)`);
  }

  const config: CrawlerConfigInput = {
    connectionName,
    ...(n.workflowName ? { workflow: n.workflowName } : {}),
    admins,
    allowQuery: attrs.allowQuery ?? DEFAULTS.allowQuery,
    allowQueryPreview: attrs.allowQueryPreview ?? DEFAULTS.allowQueryPreview,
    rowLimit: attrs.rowLimit ?? DEFAULTS.rowLimit,
    extraction,
    include: readFilter(n.include, 'include', notes),
    exclude: readFilter(n.exclude, 'exclude', notes),
  };
  if (n.excludeRegex) config.excludeRegex = n.excludeRegex;
  config.sourceLevelFiltering = n.sourceLevelFiltering ?? DEFAULTS.sourceLevelFiltering;
  config.jdbcInternalMethods = n.jdbcInternalMethods ?? DEFAULTS.jdbcInternalMethods;
  if (n.schedule) config.schedule = n.schedule.timezone ? { cron: n.schedule.cron, timezone: n.schedule.timezone } : { cron: n.schedule.cron };

  const identity: WorkflowIdentity = { surface: n.surface, epoch, connectionQualifiedName: attrs.qualifiedName };
  if (n.workflowName) identity.workflowName = n.workflowName;
  if (n.connection.guid !== undefined) identity.connectionGuid = n.connection.guid;
  if (n.credentialGuid !== undefined) identity.credentialGuid = n.credentialGuid;
  return { config, secretRefs, identity, notes };
}

function directExtraction(
  n: Neutral,
  options: ImportOptions,
  connectionName: string,
  secretRefs: SecretRefUse[],
  notes: ImportNote[],
): CrawlerConfigInput['extraction'] {
  const credential = n.credential ?? options.credential;
  const base = secretBase(connectionName);
  const ref = (name: string, field: string, label: string) => {
    secretRefs.push({ name, path: ['extraction', 'auth', field], label });
    return { secret: name };
  };
  if (!credential) {
    for (const field of ['host', 'port', 'database'] as const) {
      notes.push({ kind: 'not-returned', path: ['extraction', field], message: `fill in extraction.${field}`, cause: CREDENTIAL_NOT_RETURNED });
    }
    notes.push({
      kind: 'not-returned',
      path: ['extraction', 'auth'],
      message: 'check the authentication type and fill in extraction.auth.username',
      cause: CREDENTIAL_NOT_RETURNED,
    });
    return {
      method: 'direct',
      host: '',
      port: DEFAULTS.port,
      database: '',
      auth: { type: 'basic', username: '', password: ref(base, 'password', 'database password') },
    };
  }
  const extra = credential.extra ?? {};
  const str = (v: unknown): string => (typeof v === 'string' ? v : '');
  const host = credential.host ?? '';
  const port = typeof credential.port === 'number' ? credential.port : Number(credential.port ?? DEFAULTS.port);
  const database = str(extra.database);
  const common = { method: 'direct' as const, host, port: Number.isInteger(port) ? port : DEFAULTS.port, database };
  if (!database) notes.push({ kind: 'not-returned', path: ['extraction', 'database'], message: 'the credential names no database; fill in extraction.database' });
  switch (credential.authType) {
    case 'iam_user': {
      const auth: Extract<DirectAuthInput, { type: 'iam_user' }> = {
        type: 'iam_user',
        username: str(extra.username),
        accessKey: credential.username ?? '',
        secretKey: ref(secretName(base, '-aws-secret-key'), 'secretKey', 'AWS secret key'),
      };
      if (str(extra.aws_region)) auth.awsRegion = str(extra.aws_region);
      return { ...common, auth };
    }
    case 'iam_role': {
      // pyatlan's legacy shape keeps the db user in extra; the App shape in username.
      const auth: Extract<DirectAuthInput, { type: 'iam_role' }> = {
        type: 'iam_role',
        username: str(extra.username) || (credential.username ?? ''),
        roleArn: str(extra.aws_role_arn),
      };
      if (extra.aws_external_id !== undefined) auth.externalId = ref(secretName(base, '-external-id'), 'externalId', 'AWS external id');
      if (str(extra.aws_region)) auth.awsRegion = str(extra.aws_region);
      return { ...common, auth };
    }
    default:
      if (credential.authType !== 'basic') {
        notes.push({ kind: 'assumed', path: ['extraction', 'auth', 'type'], message: `authentication "${String(credential.authType)}" is read as basic; check it` });
      }
      return { ...common, auth: { type: 'basic', username: credential.username ?? '', password: ref(base, 'password', 'database password') } };
  }
}

type DirectAuthInput = Extract<CrawlerConfigInput['extraction'], { method: 'direct' }>['auth'];

function parseConnection(value: unknown): Connection {
  if (typeof value !== 'string') throw new WorkflowImportError('the workflow has no "connection" parameter');
  let json: unknown;
  try {
    json = JSON.parse(value);
  } catch {
    throw new WorkflowImportError('the "connection" parameter is not valid JSON');
  }
  const parsed = ConnectionEntitySchema.safeParse(json);
  if (!parsed.success) throw new WorkflowImportError(`the "connection" parameter is not a Connection: ${describeZod(parsed.error)}`);
  return parsed.data;
}

function parseCredential(body: unknown): CredentialDetails | undefined {
  const parsed = CredentialDetailsSchema.safeParse(body);
  return parsed.success ? parsed.data : undefined;
}

function readFilter(wire: unknown, side: 'include' | 'exclude', notes: ImportNote[]): AssetFilter {
  if (wire === undefined) return {};
  const filter = filterFromWire(wire);
  if (filter === undefined) {
    notes.push({ kind: 'unreadable', path: [side], message: `the workflow's ${side} filter is not a {database: [schemas]} map; left empty` });
    return {};
  }
  return filter;
}

function flag(value: unknown): boolean | undefined {
  if (value === true || value === 'true') return true;
  if (value === false || value === 'false') return false;
  return undefined;
}

/** Secret names derived from the connection name, within the 64-character limit. */
function secretBase(connectionName: string): string {
  const cleaned = connectionName.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^-+|-+$/g, '');
  return (cleaned || 'postgres').slice(0, 64);
}

function secretName(base: string, suffix: string): string {
  return base.slice(0, 64 - suffix.length) + suffix;
}

function describeZod(error: z.ZodError): string {
  const first = error.issues[0];
  return first ? `${first.path.join('.') || 'document'}: ${first.message}` : 'invalid';
}
