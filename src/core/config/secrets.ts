/**
 * Secret references ({"secret": "<name>"}) in a configuration: which ones it uses, and
 * resolving them through whatever store the caller has (SecretStorage, the environment).
 * Secret values never appear in errors or logs, only names and where they are used.
 */
import { formatPath, type IssuePath } from './issues';
import type { CrawlerConfig } from './model';

/** Resolved secret values by secret name. */
export type ResolvedSecrets = ReadonlyMap<string, string>;

/** Looks a secret up by name; undefined when it is not set. */
export type SecretLookup = (name: string) => Promise<string | undefined>;

export interface SecretRefUse {
  /** The secret's name. */
  name: string;
  /** Where the config references it, e.g. ['extraction','auth','password']. */
  path: IssuePath;
  /** What the secret is, for prompts: "database password", "AWS secret key", "AWS external id". */
  label: string;
}

/** Every secret reference in the configuration, in file order. */
export function listSecretRefs(config: CrawlerConfig): SecretRefUse[] {
  if (config.extraction.method !== 'direct') return [];
  const auth = config.extraction.auth;
  const at = (field: string): IssuePath => ['extraction', 'auth', field];
  switch (auth.type) {
    case 'basic':
      return [{ name: auth.password.secret, path: at('password'), label: 'database password' }];
    case 'iam_user':
      return [{ name: auth.secretKey.secret, path: at('secretKey'), label: 'AWS secret key' }];
    case 'iam_role':
      return auth.externalId ? [{ name: auth.externalId.secret, path: at('externalId'), label: 'AWS external id' }] : [];
  }
}

/** The environment variable the CLI reads a secret from: ATLAN_SECRET_<NAME upper-cased, non-alphanumerics -> _>. */
export function cliSecretEnvName(name: string): string {
  return `ATLAN_SECRET_${name.toUpperCase().replace(/[^A-Z0-9]/g, '_')}`;
}

/** A SecretLookup over environment variables (the CLI's store). Empty values count as unset. */
export function envSecretLookup(env: Readonly<Record<string, string | undefined>>): SecretLookup {
  return (name) => {
    const value = env[cliSecretEnvName(name)];
    return Promise.resolve(value === undefined || value === '' ? undefined : value);
  };
}

/** Some referenced secrets are not set; lists them and where to set them. Carries no secret values. */
export class MissingSecretsError extends Error {
  override readonly name = 'MissingSecretsError';
  constructor(readonly missing: readonly SecretRefUse[], whereToSet: (name: string) => string) {
    super(
      `missing secret${missing.length === 1 ? '' : 's'}: ` +
        missing.map((m) => `"${m.name}" (${m.label}, ${formatPath(m.path)}): ${whereToSet(m.name)}`).join('; '),
    );
  }
}

export interface ResolveOptions {
  /** How to tell the user where to set a missing secret. Default: the CLI's environment variable. */
  whereToSet?: (name: string) => string;
}

/** Resolves every secret the configuration references; throws MissingSecretsError naming all missing ones at once. */
export async function resolveSecrets(config: CrawlerConfig, lookup: SecretLookup, options: ResolveOptions = {}): Promise<ResolvedSecrets> {
  const whereToSet = options.whereToSet ?? ((name: string) => `set the environment variable ${cliSecretEnvName(name)}`);
  const resolved = new Map<string, string>();
  const missing: SecretRefUse[] = [];
  for (const ref of listSecretRefs(config)) {
    if (resolved.has(ref.name)) continue;
    const value = await lookup(ref.name);
    if (value === undefined || value === '') missing.push(ref);
    else resolved.set(ref.name, value);
  }
  if (missing.length > 0) throw new MissingSecretsError(missing, whereToSet);
  return resolved;
}
