/**
 * Secret redaction for anything that may reach a log, an error message or a file: response
 * bodies kept for diagnosis, Atlan's error messages, request bodies echoed back by the tenant.
 */

export const REDACTED = '[REDACTED]';

/** Key fragments (lower case, without `-`/`_`) whose values are secrets wherever they appear. */
const SECRET_KEY_FRAGMENTS = [
  'password',
  'passwd',
  'passphrase',
  'secret',
  'token',
  'apikey',
  'authorization',
  'privatekey',
  'externalid',
  'accesskey',
  'sessionkey',
];

function normalizeKey(key: string): string {
  return key.toLowerCase().replace(/[-_\s]/g, '');
}

/** True for keys such as `password`, `aws_secret_key`, `api-token`, `externalId`. */
export function isSecretKey(key: string): boolean {
  const k = normalizeKey(key);
  // A whole credential document (`credential`, `postgres_crawler_credential`) is secret; its guid is not.
  if (k.endsWith('credential') || k.endsWith('credentials')) return true;
  return SECRET_KEY_FRAGMENTS.some((fragment) => k.includes(fragment));
}

/**
 * Deep copy of `value` with secrets replaced by `[REDACTED]`. Objects shaped like an Atlan
 * credential (they carry `authType`) also lose `username`, which holds the AWS access key for IAM
 * user authentication.
 */
export function redactValue(value: unknown, knownSecrets: readonly string[] = []): unknown {
  if (typeof value === 'string') return redactPatterns(redactKnown(value, knownSecrets));
  if (Array.isArray(value)) return value.map((item) => redactValue(item, knownSecrets));
  if (value === null || typeof value !== 'object') return value;
  const record = value as Record<string, unknown>;
  const credentialShaped = 'authType' in record || 'auth_type' in record;
  const out: Record<string, unknown> = {};
  for (const [key, child] of Object.entries(record)) {
    if (isSecretKey(key) || (credentialShaped && normalizeKey(key) === 'username')) {
      out[key] = child === '' || child === null || child === undefined ? child : REDACTED;
    } else {
      out[key] = redactValue(child, knownSecrets);
    }
  }
  return out;
}

const TEXT_PATTERNS: readonly RegExp[] = [
  /(bearer\s+)[A-Za-z0-9._~+/=-]+/gi,
  /("?[A-Za-z_-]*(?:password|passwd|secret|token|api[-_]?key|external[-_]?id|access[-_]?key)[A-Za-z_-]*"?\s*[:=]\s*)("(?:[^"\\]|\\.)*"|[^\s,;&}]+)/gi,
];

/**
 * Redacts a body or message of unknown format. JSON is redacted structurally; other text by
 * pattern (`Bearer x`, `password=x`, `"secret": "x"`). Every `knownSecrets` value (the API token,
 * typically) is removed wherever it appears. The result is cut to `maxLength`.
 */
export function redactText(text: string, knownSecrets: readonly string[] = [], maxLength = 4000): string {
  let out: string;
  try {
    out = JSON.stringify(redactValue(JSON.parse(text) as unknown, knownSecrets));
  } catch {
    out = redactPatterns(redactKnown(text, knownSecrets));
  }
  return out.length > maxLength ? `${out.slice(0, maxLength)}… (${out.length - maxLength} more characters)` : out;
}

/**
 * Redacts by pattern only (`Bearer x`, `password=x`, `"secret": "x"`), leaving the rest of the text
 * as it is (no JSON re-encoding, no cut): for messages the tenant wrote, such as a run's failure.
 */
export function redactPatterns(text: string): string {
  let out = text;
  for (const pattern of TEXT_PATTERNS) out = out.replace(pattern, (_m, prefix: string) => `${prefix}${REDACTED}`);
  return out;
}

/**
 * The secret values a request body carries (a credential's password, AWS secret key, external
 * id; an IAM user's access key), so that a tenant echoing them in an error cannot leak them.
 */
export function secretValuesIn(value: unknown, found: string[] = []): string[] {
  if (Array.isArray(value)) {
    for (const item of value) secretValuesIn(item, found);
  } else if (value !== null && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    // For IAM user authentication `username` holds the AWS access key; for basic auth it is a plain name.
    const authType = record.authType ?? record.auth_type;
    const iamShaped = typeof authType === 'string' && /iam/i.test(authType);
    for (const [key, child] of Object.entries(record)) {
      const secretKey = SECRET_KEY_FRAGMENTS.some((fragment) => normalizeKey(key).includes(fragment)) || (iamShaped && normalizeKey(key) === 'username');
      if (secretKey && typeof child === 'string' && child !== '') found.push(child);
      else secretValuesIn(child, found);
    }
  }
  return found;
}

function redactKnown(text: string, knownSecrets: readonly string[]): string {
  let out = text;
  // Very short "secrets" would shred ordinary text; tokens are long.
  for (const secret of knownSecrets) if (secret.length >= 6) out = out.split(secret).join(REDACTED);
  return out;
}
