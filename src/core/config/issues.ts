/**
 * The problems parseConfig reports. Each has a stable `code` that diagnostics, quick fixes
 * and the CLI's --json output key on; the message is for people and may change.
 */

export type IssuePath = (string | number)[];

export interface ConfigIssue {
  code: IssueCode;
  message: string;
  /** JSON path of the offending value (for a missing property: the property that is missing). */
  path: IssuePath;
  /** Character range in the file text: the value, the key of an unknown property, or the parent's key for a missing one. */
  offset: number;
  length: number;
  severity: 'error' | 'warning';
}

/** Every code parseConfig (and the editor's profile check) can emit, with what it means. */
export const ISSUE_CODES = {
  'syntax-error': 'The text is not valid JSON with comments.',
  'duplicate-key': 'The same property appears twice in one object.',
  'unknown-key': 'A property the format does not know (typo?).',
  'missing-property': 'A required property is absent.',
  'wrong-type': 'A value has the wrong JSON type.',
  'port-type': 'extraction.port is a string of digits; it must be a number (quick fix: unquote).',
  'invalid-value': 'A value is not one of the allowed choices.',
  'empty-value': 'A required text is empty.',
  'port-range': 'extraction.port is outside 1..65535.',
  'out-of-range': 'A number is outside its allowed range or not a whole number.',
  'invalid-host': 'extraction.host is a URL or has a port or spaces; it must be a bare host name.',
  'invalid-arn': 'extraction.auth.roleArn is not an IAM ARN.',
  'invalid-secret-name': 'A secret reference name is not 1-64 characters of A-Z a-z 0-9 . _ - starting with a letter or digit.',
  'literal-secret': 'A password, secret key or external id is written in the file instead of referenced.',
  'missing-admin': 'The connection has no admin role, group or user.',
  'invalid-regex': 'excludeRegex does not compile as a (Java) regular expression.',
  'invalid-cron': 'schedule.cron is not a five-field cron expression, or it never fires (30 February).',
  'unknown-timezone': 'schedule.timezone is not an IANA time zone.',
  'include-exclude-overlap': 'A schema is both included and excluded (however spelt); exclude wins, so it would not be crawled.',
  'duplicate-entry': 'A list names the same thing twice (warning).',
  'filter-metacharacters': 'A database or schema name has regex metacharacters; Atlan reads it as a regex (warning).',
  'role-arn-not-role': 'extraction.auth.roleArn is an IAM ARN but not of a role (warning).',
  'source-filter-without-include': 'sourceLevelFiltering is on but include is empty, so it filters nothing (warning).',
  'profile-override': "The active profile's extraction overrides (host, port, database) cannot apply: the file extracts from S3 (the editor's check, not parseConfig's).",
} as const;

export type IssueCode = keyof typeof ISSUE_CODES;

/** `extraction.auth.password`, `include["my db"][0]`: a path as people read it. */
export function formatPath(path: IssuePath): string {
  let out = '';
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else if (/^[A-Za-z_$][A-Za-z0-9_$]*$/.test(segment)) out += out === '' ? segment : `.${segment}`;
    else out += `[${JSON.stringify(segment)}]`;
  }
  return out === '' ? 'the file' : out;
}
