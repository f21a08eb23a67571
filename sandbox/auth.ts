/**
 * Who is calling: bearer tokens map to one of two demo identities, as on a real tenant where an
 * API token acts as a service account and a person signs in as a user.
 */
import { timingSafeEqual } from 'node:crypto';

export type IdentityKind = 'api-token' | 'user';

export interface Identity {
  kind: IdentityKind;
  id: string;
  username: string;
  email: string;
  firstName: string;
  lastName: string;
  /** Realm role names, as whoami lists them. */
  roles: string[];
}

export interface SandboxTokens {
  apiToken: string;
  userToken: string;
}

/** Well-known demo tokens: the sandbox is a local toy tenant, these guard nothing real. */
export const DEFAULT_TOKENS: SandboxTokens = {
  apiToken: 'sandbox-api-token-0000000000000000',
  userToken: 'sandbox-user-token-0000000000000000',
};

export const API_TOKEN_ROLE = '$api-token-default-access';

export const API_TOKEN_IDENTITY: Identity = {
  kind: 'api-token',
  id: '5c1b7a52-3c0d-4a5e-9e55-7f3f0c6a0001',
  username: 'service-account-apikey-5c1b7a52-3c0d-4a5e-9e55-7f3f0c6a0001',
  email: 'service-account-apikey@sandbox.atlan.local',
  firstName: 'Sandbox',
  lastName: 'API token',
  roles: [API_TOKEN_ROLE],
};

export const USER_IDENTITY: Identity = {
  kind: 'user',
  id: '8d5e1a90-2f4b-4c61-b1f2-6a7c3e9d0002',
  username: 'demo.user',
  email: 'demo.user@sandbox.atlan.local',
  firstName: 'Demo',
  lastName: 'User',
  roles: ['$member'],
};

function sameSecret(a: string, b: string): boolean {
  const ab = Buffer.from(a);
  const bb = Buffer.from(b);
  return ab.length === bb.length && timingSafeEqual(ab, bb);
}

/** The identity for an `Authorization` header, or undefined when missing or unknown. */
export function authenticate(header: string | undefined, tokens: SandboxTokens): Identity | undefined {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  const token = match?.[1];
  if (!token) return undefined;
  if (sameSecret(token, tokens.apiToken)) return API_TOKEN_IDENTITY;
  if (sameSecret(token, tokens.userToken)) return USER_IDENTITY;
  return undefined;
}

/** The 403 message for a caller using the other legacy endpoint family. */
export function wrongFamilyMessage(identity: Identity, path: string): string {
  if (identity.kind === 'api-token') {
    return (
      `API token users must use the /api/service/workflows endpoints; ` +
      `/api/service/${path} is only for signed-in users.`
    );
  }
  return (
    `Users must use the /api/service/package-workflows endpoints; ` +
    `/api/service/${path} is only for API tokens.`
  );
}
