/**
 * A copy of a built crawler with every secret value replaced by "<redacted>", for "Preview
 * payload" and logs. Key-based and applied everywhere, so a secret in an unexpected place
 * (or a future auth type) is still hidden.
 */
import type { BuiltCrawler } from '../atlan/backend';

export const REDACTED = '<redacted>';

/** Keys whose string values are secrets: passwords, AWS secret keys, external ids, tokens. */
const SECRET_KEY = /^(password|secret|secretKey|secret_key|aws_secret_access_key|aws_external_id|externalId|external_id|token|api_key|apiKey)$/i;

export function redactCrawler(built: BuiltCrawler): BuiltCrawler {
  return redactValue(built) as BuiltCrawler;
}

/** Redacts secret-named fields in any JSON-like value (a new value; the input is untouched). */
export function redactValue(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redactValue);
  if (typeof value !== 'object' || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value as Record<string, unknown>)) {
    out[key] = SECRET_KEY.test(key) && typeof inner === 'string' && inner !== '' ? REDACTED : redactValue(inner);
  }
  return out;
}
