/**
 * The zod model of a `*.atlan-postgres.json` file: one Postgres crawler per file.
 * Single source of truth: the TypeScript types, the validation and the JSON Schema
 * (hover docs in the editor come from the `.describe()` texts) are all derived from it.
 */
import * as z from 'zod';
import { checkCron } from './cron';
import { checkJavaRegex } from './javaRegex';
import { SECRET_NAME_PATTERN } from './names';
import { checkTimezone } from './timezone';

export { SECRET_NAME_PATTERN };

/** Defaults of the connection settings (pyatlan's PostgresCrawler and Atlan's UI agree on these). */
export const DEFAULTS = {
  allowQuery: true,
  allowQueryPreview: true,
  rowLimit: 10000,
  port: 5432,
  /** The App API contract's `use_source_schema_filtering` default; the legacy builder has none. */
  sourceLevelFiltering: false,
  /** The App API's hidden `use_jdbc_internal_methods` default, also what the UI submits. */
  jdbcInternalMethods: true,
  timezone: 'UTC',
} as const;

/** Attach a stable issue code to a custom check; parse.ts turns it into ConfigIssue.code. */
function customIssue(code: string, message: string): { code: 'custom'; message: string; params: { code: string } } {
  return { code: 'custom', message, params: { code } };
}

export const SecretRefSchema = z
  .strictObject({
    secret: z
      .string()
      .regex(SECRET_NAME_PATTERN)
      .describe(
        'Name of the secret: 1-64 characters from A-Z a-z 0-9 . _ -, starting with a letter or digit. The extension reads it from VS Code SecretStorage; ' +
          'the CLI from the environment variable ATLAN_SECRET_<NAME> (upper-cased, other characters replaced by _).',
      ),
  })
  .describe('A reference to a secret, never the secret itself: {"secret": "<name>"}.');

/** A bare host name or IP: the crawler adds scheme and port itself. */
function checkHost(host: string): string | undefined {
  if (host.includes('://')) return `must be a bare host name without a scheme, e.g. "${host.replace(/^.*:\/\//, '').split(/[/:]/)[0]}"`;
  if (/\s/.test(host)) return 'must not contain spaces';
  if (host.includes('/')) return 'must be a bare host name without a path';
  if (/^[^:]+:\d+$/.test(host)) return 'must not include the port; put it in extraction.port';
  return undefined;
}

const BLANK = 'must not be blank (it holds only white space)';

/**
 * Text that must say something: not empty and not only white space. The value is kept as
 * written (no trim), so what is validated is what is sent.
 */
function requiredText(check?: { code: string; problem: (text: string) => string | undefined }) {
  return z
    .string()
    .min(1)
    .superRefine((text, ctx) => {
      if (text.length === 0) return;
      if (text.trim() === '') ctx.addIssue(customIssue('empty-value', BLANK));
      else if (check) {
        const problem = check.problem(text);
        if (problem) ctx.addIssue(customIssue(check.code, problem));
      }
    });
}

const nonEmpty = (description: string) => requiredText().describe(description);

export const BasicAuthSchema = z
  .strictObject({
    type: z.literal('basic').describe('Basic authentication: database user name and password.'),
    username: nonEmpty('Database user the crawler connects as.'),
    password: SecretRefSchema.describe('The database password, as a secret reference {"secret": "<name>"}.'),
  })
  .describe('Basic authentication.');

export const IamUserAuthSchema = z
  .strictObject({
    type: z.literal('iam_user').describe('IAM user authentication (Amazon RDS / Aurora PostgreSQL).'),
    username: nonEmpty('Database user the crawler connects as.'),
    accessKey: nonEmpty('AWS access key id of the IAM user (not a secret; the secret key is).'),
    secretKey: SecretRefSchema.describe('AWS secret access key, as a secret reference {"secret": "<name>"}.'),
    awsRegion: nonEmpty(
      'AWS region of the database, e.g. eu-west-1. Required by the App API for IAM authentication; the legacy workflow API ignores it.',
    ).optional(),
  })
  .describe('IAM user authentication.');

export const IamRoleAuthSchema = z
  .strictObject({
    type: z.literal('iam_role').describe('IAM role authentication (Amazon RDS / Aurora PostgreSQL).'),
    username: nonEmpty('Database user the crawler connects as.'),
    roleArn: z
      .string()
      .regex(/^arn:aws[a-z-]*:iam::\d{12}:\S+$/)
      .describe('ARN of the AWS role Atlan assumes, e.g. arn:aws:iam::123456789012:role/atlan-crawler.'),
    externalId: SecretRefSchema.describe('Optional AWS external id, as a secret reference {"secret": "<name>"}.').optional(),
    awsRegion: nonEmpty(
      'AWS region of the database, e.g. eu-west-1. Required by the App API for IAM authentication; the legacy workflow API ignores it.',
    ).optional(),
  })
  .describe('IAM role authentication.');

export const AuthSchema = z
  .discriminatedUnion('type', [BasicAuthSchema, IamUserAuthSchema, IamRoleAuthSchema])
  .describe('How the crawler authenticates to Postgres: "basic", "iam_user" or "iam_role".');

export const DirectExtractionSchema = z
  .strictObject({
    method: z.literal('direct').describe('Crawl the database directly over JDBC.'),
    host: requiredText({ code: 'invalid-host', problem: checkHost }).describe('Host name or IP address of the Postgres server, without scheme or port, e.g. db.internal.'),
    port: z.number().int().min(1).max(65535).default(DEFAULTS.port).describe('TCP port of the Postgres server (1-65535). Default 5432.'),
    database: nonEmpty('Database the crawler connects to.'),
    auth: AuthSchema,
  })
  .describe('Direct extraction: Atlan connects to the database.');

export const S3ExtractionSchema = z
  .strictObject({
    method: z.literal('s3').describe('Offline extraction: metadata files already extracted into an S3 bucket.'),
    bucket: nonEmpty('Name of the S3 bucket holding the extracted metadata files.'),
    prefix: nonEmpty('Prefix (path) inside the bucket, everything after the bucket name.'),
    region: nonEmpty('AWS region of the bucket, e.g. eu-west-1. Optional.').optional(),
  })
  .describe('Offline extraction from S3 (legacy workflow API only).');

export const ExtractionSchema = z
  .discriminatedUnion('method', [DirectExtractionSchema, S3ExtractionSchema])
  .describe('Where the metadata comes from: "direct" (JDBC) or "s3" (offline).');

export const AdminsSchema = z
  .strictObject({
    roles: z.array(nonEmpty('A role name.')).optional().describe('Admin role NAMES, e.g. "$admin" (resolved to ids when submitting).'),
    groups: z.array(nonEmpty('A group name.')).optional().describe('Admin group names.'),
    users: z.array(nonEmpty('A user name.')).optional().describe('Admin user names.'),
  })
  .superRefine((admins, ctx) => {
    const count = (admins.roles?.length ?? 0) + (admins.groups?.length ?? 0) + (admins.users?.length ?? 0);
    if (count === 0) {
      ctx.addIssue(customIssue('missing-admin', 'must name at least one role, group or user'));
    }
  })
  .describe('Connection admins: at least one role, group or user overall.');

/** database name -> schema names. Names become exact regexes `^name$` unless already anchored. */
export const AssetFilterSchema = z
  .record(nonEmpty('A database name.'), z.array(nonEmpty('A schema name.')).describe('Schema names in this database.'))
  .describe('Map of database name to the schema names in it, e.g. {"analytics": ["public", "sales"]}.');

export const ScheduleSchema = z
  .strictObject({
    cron: z
      .string()
      .superRefine((cron, ctx) => {
        const problem = checkCron(cron);
        if (problem) ctx.addIssue(customIssue('invalid-cron', problem));
      })
      .describe('Five-field cron expression: minute hour day-of-month month day-of-week, e.g. "45 4 * * *".'),
    timezone: z
      .string()
      .superRefine((tz, ctx) => {
        const problem = checkTimezone(tz);
        if (problem) ctx.addIssue(customIssue('unknown-timezone', problem));
      })
      .default(DEFAULTS.timezone)
      .describe('IANA time zone of the cron expression, e.g. "Europe/Paris". Default UTC.'),
  })
  .describe('Run the crawler on a schedule.');

/**
 * What differs on one tenant: the same crawler usually runs on several (development, production)
 * with a few values changed. The recorded workflow is per tenant, so applying to one never
 * touches what another recorded.
 */
export const ProfileOverrideSchema = z
  .strictObject({
    workflow: nonEmpty('The workflow of this crawler on this profile\'s tenant. Filled in by apply / submit with this profile.').optional(),
    extraction: z
      .strictObject({
        host: requiredText({ code: 'invalid-host', problem: checkHost }).describe('Host name or IP address on this tenant, without scheme or port.').optional(),
        port: z.number().int().min(1).max(65535).describe('TCP port on this tenant (1-65535).').optional(),
        database: nonEmpty('Database on this tenant.').optional(),
      })
      .describe('Direct extraction values that differ on this tenant.')
      .optional(),
    admins: AdminsSchema.optional().describe('Connection admins on this tenant (replace the file\'s).'),
    schedule: ScheduleSchema.optional().describe('Schedule on this tenant (replaces the file\'s).'),
  })
  .describe('Values that differ on one profile\'s tenant; everything else comes from the file.');

export const CrawlerConfigSchema = z
  .strictObject({
    $schema: z.string().optional().describe('Path or URL of the JSON Schema of this file. Ignored.'),
    connectionName: nonEmpty('Name of the Atlan connection the crawler creates and keeps up to date.'),
    profile: nonEmpty('Name of the tenant profile to use (as set up with "Atlan: Sign In").').optional(),
    workflow: nonEmpty(
      'The Atlan workflow once it exists: legacy name (atlan-postgres-<epoch>, or atlan-postgres-default-postgres-<epoch> when made in Atlan\'s UI) or App slug. Filled in after the first submit.',
    ).optional(),
    admins: AdminsSchema,
    allowQuery: z.boolean().default(DEFAULTS.allowQuery).describe('Allow SQL queries on this connection. Default true.'),
    allowQueryPreview: z.boolean().default(DEFAULTS.allowQueryPreview).describe('Allow data preview on this connection. Default true.'),
    rowLimit: z
      .number()
      .int()
      .min(1)
      .max(Number.MAX_SAFE_INTEGER)
      .default(DEFAULTS.rowLimit)
      .describe('Maximum number of rows a query returns. Default 10000.'),
    extraction: ExtractionSchema,
    include: AssetFilterSchema.default({}).describe('Databases and schemas to crawl; empty means everything. Default {}.'),
    exclude: AssetFilterSchema.default({}).describe('Databases and schemas to skip; exclude wins over include. Default {}.'),
    excludeRegex: z
      .string()
      .superRefine((regex, ctx) => {
        const check = checkJavaRegex(regex);
        if (check.error) ctx.addIssue(customIssue('invalid-regex', check.error));
      })
      .optional()
      .describe('Regex of table and view names to skip (Java syntax, as the crawler is Java), e.g. ".*_TEST".'),
    sourceLevelFiltering: z
      .boolean()
      .default(DEFAULTS.sourceLevelFiltering)
      .describe('Filter schemas on the source (only included schemas are fetched). Default false.'),
    jdbcInternalMethods: z
      .boolean()
      .default(DEFAULTS.jdbcInternalMethods)
      .describe('Use JDBC internal methods for extraction. Default true.'),
    schedule: ScheduleSchema.optional(),
    profiles: z
      .record(nonEmpty('A profile name.'), ProfileOverrideSchema)
      .optional()
      .describe('Per-profile overrides, by profile name (CLI: --profile NAME or ATLAN_PROFILE): host, port, database, admins, schedule, and the workflow recorded on that tenant.'),
  })
  .describe('One Atlan Postgres crawler, as code.');

/** A validated configuration, defaults applied. */
export type CrawlerConfig = z.output<typeof CrawlerConfigSchema>;
/** A configuration as written in a file (defaults optional). */
export type CrawlerConfigInput = z.input<typeof CrawlerConfigSchema>;
export type SecretRef = z.output<typeof SecretRefSchema>;
export type Extraction = CrawlerConfig['extraction'];
export type DirectExtraction = z.output<typeof DirectExtractionSchema>;
export type S3Extraction = z.output<typeof S3ExtractionSchema>;
export type Auth = z.output<typeof AuthSchema>;
export type AssetFilter = z.output<typeof AssetFilterSchema>;
export type Admins = z.output<typeof AdminsSchema>;
export type ProfileOverride = z.output<typeof ProfileOverrideSchema>;
