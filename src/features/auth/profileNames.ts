import { isLoopbackHost } from '../../core/atlan/loopback';

/** Plain TypeScript (no `vscode`): how profiles are named and keyed, shared with the unit tests. */

export interface NamedProfile {
  name: string;
  baseUrl: string;
}

/** `https://x.atlan.com/` -> `https://x.atlan.com`: the one spelling used for keys and requests. */
export function normaliseBaseUrl(value: string): string {
  const url = new URL(value.trim());
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
}

/**
 * The name a sign-in to `baseUrl` saves its profile under: the name of the profile that already
 * has this URL, else the tenant's full host name (so acme.atlan.com and acme.eu.atlan.com never
 * overwrite each other), else longer spellings until one is free. Loopback tenants are "sandbox".
 */
export function profileNameFor(baseUrl: string, existing: readonly NamedProfile[]): string {
  const wanted = normaliseBaseUrl(baseUrl);
  const same = existing.find((p) => sameUrl(p.baseUrl, wanted));
  if (same) return same.name;
  const url = new URL(wanted);
  const taken = new Set(existing.map((p) => p.name));
  const path = url.pathname === '/' ? '' : url.pathname;
  const candidates = isLoopbackHost(url.hostname) ? ['sandbox', `sandbox ${url.host}${path}`] : [url.hostname, url.host, `${url.host}${path}`];
  const free = candidates.find((c) => !taken.has(c));
  if (free) return free;
  const base = candidates[candidates.length - 1];
  for (let n = 2; ; n++) if (!taken.has(`${base} (${n})`)) return `${base} (${n})`;
}

function sameUrl(a: string, normalised: string): boolean {
  try {
    return normaliseBaseUrl(a) === normalised;
  } catch {
    return false;
  }
}
