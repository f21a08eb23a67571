/**
 * The credential a sandbox workflow run crawls with (Atlan's credential body, already resolved
 * from its guid by the sandbox), validated, and what the IAM modes do without AWS.
 */
import * as z from 'zod';

export const postgresCredentialSchema = z.object({
  host: z.string().trim().min(1, 'host is empty'),
  port: z.number().int().min(1).max(65535, 'port must be between 1 and 65535'),
  database: z.string().min(1, 'database is empty'),
  authType: z.enum(['basic', 'iam_user', 'iam_role']),
  username: z.string().min(1, 'username is empty'),
  password: z.string().optional(),
  extra: z.record(z.string(), z.unknown()),
});

export type ValidCredential = z.infer<typeof postgresCredentialSchema>;

/** RDS host names carry their region: `db.abc123.eu-west-1.rds.amazonaws.com`. */
const REGION_IN_HOST = [/\.([a-z]{2}-[a-z]+-\d)\./, /-([a-z]{2}-[a-z]+-\d)\./];
const REGION = /^[a-z]{2}(-[a-z]+)+-\d$/;

function awsRegion(cred: ValidCredential): string | undefined {
  const configured = cred.extra['aws_region'];
  if (typeof configured === 'string' && REGION.test(configured)) return configured;
  for (const pattern of REGION_IN_HOST) {
    const match = pattern.exec(cred.host);
    if (match?.[1] !== undefined) return match[1];
  }
  return undefined;
}

/**
 * Why an IAM credential cannot be used here. Atlan's crawler first asks AWS for an RDS auth
 * token (IAM role: STS AssumeRole, then a token signed with the temporary keys); the sandbox
 * has no AWS to ask, so it fails where Atlan fails when AWS is unreachable, with botocore's and
 * Atlan's wording. Nothing from the credential's secrets (keys, external id) goes in the text.
 */
export function iamFailureMessage(cred: ValidCredential): string {
  const region = awsRegion(cred);
  if (cred.authType === 'iam_role') {
    if (region === undefined) return 'Could not find valid AWS region from hostname';
    return `Failed to assume role: Could not connect to the endpoint URL: "https://sts.${region}.amazonaws.com/"`;
  }
  if (region === undefined) return 'Failed to get user credentials: Could not find valid AWS region from hostname';
  return `Failed to get user credentials: Could not connect to the endpoint URL: "https://rds.${region}.amazonaws.com/"`;
}

/** Names the fields of a malformed credential without echoing any value (the password above all). */
export function describeCredentialIssues(error: z.ZodError): string {
  const fields = error.issues.map((issue) => {
    const field = issue.path.join('.') || 'credential';
    return issue.code === 'invalid_type' ? `${field} is missing or of the wrong type` : `${field}: ${issue.message}`;
  });
  return `invalid Postgres credential: ${fields.join('; ')}`;
}
