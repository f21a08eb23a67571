import * as vscode from 'vscode';
import { tenantTools } from '../tenantTools';
import type { Profile, SURFACE_CHOICES } from './profileSchema';
import { normaliseBaseUrl } from './profileNames';

export { normaliseBaseUrl };

/**
 * Tenant profiles: name, base URL and API surface live in user settings (application scope, so a
 * workspace cannot point a profile, and with it the token, at another host); tokens live only in
 * SecretStorage, keyed by the tenant's origin so a token never follows an edited URL elsewhere.
 */
export type { Profile };
export type SurfaceChoice = (typeof SURFACE_CHOICES)[number];

const SECTION = 'atlan';

/** Why a base URL is not acceptable as a tenant, or undefined when it is. */
export function checkBaseUrl(value: string): string | undefined {
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    return 'Enter a full URL, e.g. https://yourcompany.atlan.com';
  }
  const loopback = ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname);
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback)) {
    return 'The tenant URL must use https:// (plain http:// is allowed only for 127.0.0.1 / localhost).';
  }
  if (url.username || url.password) return 'The tenant URL must not contain a user name or password.';
  if (url.search || url.hash) return 'The tenant URL must not contain a query or fragment.';
  return undefined;
}


export class ProfileStore {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;

  constructor(private readonly secrets: vscode.SecretStorage) {}

  /** Profiles from settings; malformed entries are skipped and reported through `invalid`. */
  list(): { profiles: Profile[]; invalid: string[] } {
    const raw = vscode.workspace.getConfiguration(SECTION).get<unknown[]>('profiles', []);
    const profiles: Profile[] = [];
    const invalid: string[] = [];
    for (const [i, entry] of (Array.isArray(raw) ? raw : []).entries()) {
      // The schema comes with the client bundle: loaded only when there is a profile to read.
      const parsed = tenantTools().ProfileSchema.safeParse(entry);
      if (parsed.success && !checkBaseUrl(parsed.data.baseUrl)) profiles.push(parsed.data);
      else invalid.push(`atlan.profiles[${i}]`);
    }
    return { profiles, invalid };
  }

  active(): Profile | undefined {
    const name = vscode.workspace.getConfiguration(SECTION).get<string>('activeProfile');
    const { profiles } = this.list();
    return profiles.find((p) => p.name === name) ?? (name ? undefined : profiles[0]);
  }

  /**
   * Saves (or replaces) a profile and its token. A replaced profile's token is deleted when it
   * was for another URL that no remaining profile uses: it would otherwise stay in SecretStorage
   * with nothing to reach or delete it.
   */
  async save(profile: Profile, token: string): Promise<void> {
    const all = this.list().profiles;
    const replaced = all.find((p) => p.name === profile.name);
    const others = all.filter((p) => p.name !== profile.name);
    const config = vscode.workspace.getConfiguration(SECTION);
    await config.update('profiles', [...others, profile], vscode.ConfigurationTarget.Global);
    await config.update('activeProfile', profile.name, vscode.ConfigurationTarget.Global);
    await this.secrets.store(tokenKey(profile), token);
    const orphan = replaced && tokenKey(replaced);
    if (orphan && orphan !== tokenKey(profile) && !others.some((p) => tokenKey(p) === orphan)) await this.secrets.delete(orphan);
    this.changed.fire();
  }

  async activate(name: string): Promise<void> {
    await vscode.workspace.getConfiguration(SECTION).update('activeProfile', name, vscode.ConfigurationTarget.Global);
    this.changed.fire();
  }

  async token(profile: Profile): Promise<string | undefined> {
    return this.secrets.get(tokenKey(profile));
  }

  /** Sign out: the token is deleted; the profile (URL, name) stays for the next sign-in. */
  async forgetToken(profile: Profile): Promise<void> {
    await this.secrets.delete(tokenKey(profile));
    this.changed.fire();
  }

  /** Settings changes made by hand (or by another window) count as profile changes. */
  watchSettings(): vscode.Disposable {
    return vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration(`${SECTION}.profiles`) || e.affectsConfiguration(`${SECTION}.activeProfile`)) this.changed.fire();
    });
  }

  dispose(): void {
    this.changed.dispose();
  }
}

function tokenKey(profile: Profile): string {
  return `atlan.token:${normaliseBaseUrl(profile.baseUrl)}`;
}
