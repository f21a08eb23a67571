/**
 * Last line of defence for "secrets are never printed": every byte the CLI writes passes through
 * here, with the API token and every ATLAN_SECRET_* value replaced. The commands already avoid
 * printing them; this catches a tenant that echoes a password back in an error message.
 */
import type { CliIo } from './io';

export const REDACTED_OUTPUT = '<redacted>';

/** Shorter values would shred ordinary words; they are still never printed on purpose. */
const MIN_REDACTED_LENGTH = 4;

/** The secret values the CLI holds: the API token and every ATLAN_SECRET_* variable. */
export function secretValuesFromEnv(env: Readonly<Record<string, string | undefined>>): string[] {
  const values = Object.entries(env)
    .filter(([name]) => name === 'ATLAN_API_KEY' || name.startsWith('ATLAN_SECRET_'))
    .flatMap(([, value]) => (value ? [value, value.trim()] : []))
    .filter((value) => value.length >= MIN_REDACTED_LENGTH);
  // Longest first, so a secret containing another is replaced whole.
  return [...new Set(values)].sort((a, b) => b.length - a.length);
}

export function redactSecrets(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) if (out.includes(secret)) out = out.split(secret).join(REDACTED_OUTPUT);
  return out;
}

/** The same IO with stdout and stderr redacted. */
export function redactingIo(io: CliIo): CliIo {
  const secrets = secretValuesFromEnv(io.env);
  if (secrets.length === 0) return io;
  return {
    ...io,
    stdout: (text) => io.stdout(redactSecrets(text, secrets)),
    stderr: (text) => io.stderr(redactSecrets(text, secrets)),
  };
}
