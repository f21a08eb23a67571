/**
 * The sandbox's server-side credential store. Secrets submitted in `payload[]` or App inputs
 * are kept here and replaced everywhere else by a guid; no response ever carries them.
 * (With `stateFile` they persist to that file on the developer's machine: the sandbox is its
 * own tenant, and this is its vault.)
 */
import { randomUUID } from 'node:crypto';
import * as z from 'zod';
import type { PostgresCredential } from './crawlerPort';

/** A credential body as Atlan receives it (`payload[].body`, App `inputs.credential`). */
export const CredentialBody = z
  .object({
    name: z.string().optional(),
    host: z.string().min(1, 'host is required'),
    port: z.union([z.number().int().min(1).max(65535), z.string().regex(/^\d+$/, 'port must be a number').transform(Number)]),
    authType: z.enum(['basic', 'iam_user', 'iam_role']),
    connectorType: z.string().optional(),
    connectorConfigName: z.string().optional(),
    username: z.string().optional(),
    password: z.string().optional(),
    extra: z.record(z.string(), z.unknown()).optional(),
  })
  .loose();
export type CredentialBody = z.infer<typeof CredentialBody>;

export interface StoredCredential {
  guid: string;
  body: CredentialBody;
  createdAt: string;
}

/** Keys whose values are secrets wherever they appear in a credential. */
const SECRET_KEYS = new Set(['password', 'aws_secret_key', 'aws_external_id', 'secret', 'token', 'private_key']);

/** The secret strings of a credential, to scrub them from any message that might echo them. */
export function secretValues(body: CredentialBody): string[] {
  const out: string[] = [];
  if (body.password) out.push(body.password);
  for (const [k, v] of Object.entries(body.extra ?? {})) {
    if (SECRET_KEYS.has(k) && typeof v === 'string' && v) out.push(v);
  }
  return out;
}

/** Replaces every occurrence of each secret in `text` with `***`. */
export function redact(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const s of secrets) if (s.length >= 3) out = out.split(s).join('***');
  return out;
}

/** A description of a credential safe to show: no secrets, no access keys. */
export function describeCredential(guid: string, body: CredentialBody): Record<string, unknown> {
  return {
    guid,
    name: body.name,
    host: body.host,
    port: body.port,
    authType: body.authType,
    connectorConfigName: body.connectorConfigName,
  };
}

export function toPostgresCredential(body: CredentialBody): PostgresCredential {
  const extra = body.extra ?? {};
  const database = typeof extra['database'] === 'string' ? extra['database'] : '';
  const extraUser = typeof extra['username'] === 'string' ? extra['username'] : '';
  return {
    host: body.host,
    port: body.port,
    database,
    authType: body.authType,
    username: body.username ?? extraUser,
    ...(body.password !== undefined ? { password: body.password } : {}),
    extra,
  };
}

export class CredentialVault {
  private readonly items = new Map<string, StoredCredential>();

  store(body: CredentialBody, now: Date = new Date()): string {
    const guid = randomUUID();
    this.items.set(guid, { guid, body, createdAt: now.toISOString() });
    return guid;
  }

  get(guid: string): StoredCredential | undefined {
    return this.items.get(guid);
  }

  has(guid: string): boolean {
    return this.items.has(guid);
  }

  get size(): number {
    return this.items.size;
  }

  all(): StoredCredential[] {
    return [...this.items.values()];
  }

  restore(items: readonly StoredCredential[]): void {
    this.items.clear();
    for (const item of items) this.items.set(item.guid, item);
  }

  clear(): void {
    this.items.clear();
  }
}
