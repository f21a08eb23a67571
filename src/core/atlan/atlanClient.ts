/**
 * Tenant-level operations (who am I, roles, users, groups, credential test, which API surface)
 * and the entry point to the crawler backends.
 */
import { AssetSearch } from './assetSearch';
import { CatalogAssets } from './catalogAssets';
import { AppBackend } from './appBackend';
import type { CallOptions, CrawlerBackend, Page, Surface } from './backend';
import { systemClock } from './clock';
import { AtlanError, InvalidArgumentError, NotFoundError } from './errors';
import { AtlanHttp, type AtlanHttpOptions } from './http';
import { LegacyBackend, type WorkflowEndpoints } from './legacyBackend';
import {
  appInfoSchema,
  credentialTestSchema,
  currentUserSchema,
  groupRecordSchema,
  recordsEnvelope,
  roleRecordSchema,
  userRecordSchema,
  whoamiSchema,
  type CurrentUser,
  type GroupRecord,
  type RoleRecord,
  type UserRecord,
} from './models';
import { redactText } from './redact';

export interface AtlanClientOptions extends AtlanHttpOptions {
  /** Index lag allowance for the legacy backend and create look-ups (see LegacyBackendOptions). */
  indexLagMs?: number;
  /** Look-ups after an ambiguous create failure. */
  createLookupAttempts?: number;
  /** App API: how long a run may take to reach the catalog (see AppBackendOptions). */
  catalogLagMs?: number;
}

export interface WhoAmI {
  username: string;
  /** Role names, e.g. `$admin`, `$api-token-default-access`. */
  roles: string[];
  /** Decides `workflows` (true) vs `package-workflows` (false) on the legacy surface. */
  isApiTokenUser: boolean;
}

export interface CredentialTestResult {
  ok: boolean;
  /** The tenant's explanation (`successful`, or why the database refused). */
  message: string;
}

export interface DirectoryQuery {
  /** Opaque cursor from a previous page. */
  cursor?: string;
  /** Page size, 1 to 100. Default 50. */
  limit?: number;
  /** Case-insensitive substring of the user name / email (users) or name / alias (groups). */
  search?: string;
}

/** The roles pyatlan treats as an API token's (role_cache.is_api_token_user). */
const API_TOKEN_ROLES: ReadonlySet<string> = new Set(['$api-token-default-access', '$admin']);
/** API tokens act as users named `service-account-apikey-...`. */
const SERVICE_ACCOUNT_PREFIX = 'service-account-';

const USER_COLUMNS = ['firstName', 'lastName', 'username', 'id', 'email', 'enabled'];

export class AtlanClient {
  readonly http: AtlanHttp;
  readonly origin: string;
  private readonly options: AtlanClientOptions;
  private whoamiPromise?: Promise<WhoAmI>;
  private readonly backends = new Map<Surface, CrawlerBackend>();
  private catalogAssets?: CatalogAssets;

  constructor(options: AtlanClientOptions) {
    this.options = options;
    this.http = new AtlanHttp(options);
    this.origin = this.http.origin;
  }

  /**
   * `GET whoami` (roles, and the user name when the tenant includes it; otherwise
   * `GET users/current`). An API-token user is one with role `$api-token-default-access` or `$admin`
   * (pyatlan's exact rule) or whose user name starts with `service-account-` (how API tokens appear).
   */
  async whoami(options?: CallOptions): Promise<WhoAmI> {
    const answer = await this.http.request({ method: 'GET', path: 'whoami', schema: whoamiSchema, signal: options?.signal });
    const roles = answer.roles.map((r) => r.name);
    const username = answer.username ?? (await this.currentUser(options)).username;
    const isApiTokenUser = roles.some((r) => API_TOKEN_ROLES.has(r)) || username.startsWith(SERVICE_ACCOUNT_PREFIX);
    return { username, roles, isApiTokenUser };
  }

  async currentUser(options?: CallOptions): Promise<CurrentUser> {
    return this.http.request({ method: 'GET', path: 'users/current', schema: currentUserSchema, signal: options?.signal });
  }

  /** Every role (paged 100 at a time), for admin pickers and resolveRoleIds. */
  async listRoles(options?: CallOptions): Promise<RoleRecord[]> {
    const all: RoleRecord[] = [];
    for (let offset = 0; offset < 10_000; offset += 100) {
      const page = await this.http.request({
        method: 'GET',
        path: 'roles',
        query: { count: 'true', offset, limit: 100 },
        schema: recordsEnvelope(roleRecordSchema),
        signal: options?.signal,
      });
      const records = page.records ?? [];
      all.push(...records);
      const total = page.filterRecord ?? page.totalRecord;
      if (records.length === 0 || (total !== null && total !== undefined && all.length >= total)) break;
    }
    return all;
  }

  /** Role ids for role names (`$admin` -> guid), as connection admins need. Unknown names are an error listing the known ones. */
  async resolveRoleIds(names: readonly string[], options?: CallOptions): Promise<string[]> {
    if (names.length === 0) return [];
    const roles = await this.listRoles(options);
    const byName = new Map(roles.map((r) => [r.name, r.id]));
    const unknown = names.filter((n) => !byName.has(n));
    if (unknown.length > 0) {
      const known = roles.map((r) => r.name).sort().join(', ') || 'none';
      throw new NotFoundError({
        origin: this.origin,
        message: `${this.origin} has no role named ${unknown.map((n) => JSON.stringify(n)).join(', ')}. Known roles: ${known}.`,
      });
    }
    return names.map((n) => byName.get(n) as string);
  }

  async listUsers(query: DirectoryQuery = {}, options?: CallOptions): Promise<Page<UserRecord>> {
    const filter = query.search ? JSON.stringify({ $or: [{ username: { $ilike: `%${query.search}%` } }, { email: { $ilike: `%${query.search}%` } }] }) : undefined;
    return this.directoryPage('users', query, { sort: 'username', columns: USER_COLUMNS, filter }, userRecordSchema, options);
  }

  async listGroups(query: DirectoryQuery = {}, options?: CallOptions): Promise<Page<GroupRecord>> {
    const filter = query.search ? JSON.stringify({ $or: [{ name: { $ilike: `%${query.search}%` } }, { alias: { $ilike: `%${query.search}%` } }] }) : undefined;
    return this.directoryPage('v2/groups', query, { sort: 'name', filter }, groupRecordSchema, options);
  }

  /**
   * `POST credentials/test` with a credential body (`name, host, port, authType, connectorType,
   * username, password, extra, connectorConfigName`). A refusal by the database is a result
   * (`ok: false`), not an exception; the body is never logged. Not retried: it may take long.
   */
  async testCredential(body: Record<string, unknown>, options?: CallOptions & { timeoutMs?: number }): Promise<CredentialTestResult> {
    const secrets = collectStrings(body, ['password', 'username']);
    try {
      const answer = await this.http.request({
        method: 'POST',
        path: 'credentials/test',
        body,
        schema: credentialTestSchema,
        retry: false,
        timeoutMs: options?.timeoutMs ?? 90_000,
        signal: options?.signal,
        secrets,
      });
      const message = answer.message ?? answer.error ?? '';
      return { ok: /^successful$/i.test(message.trim()), message: redactText(message || 'no message', secrets, 500) };
    } catch (error) {
      if (error instanceof AtlanError && error.kind === 'invalidRequest') {
        const detail = 'errorMessage' in error && typeof error.errorMessage === 'string' ? error.errorMessage : error.message;
        return { ok: false, message: redactText(detail, secrets, 500) };
      }
      throw error;
    }
  }

  /**
   * Which surface runs Postgres crawlers here: `GET v1/apps/postgres-crawler`.
   * - answered (200) -> `apps`, unless the tenant says `native_ready: false` -> `workflows`;
   * - 404 (no such app / no App API), 405 or 501 (endpoint unknown) -> `workflows`;
   * - 401, 403, network and other failures are thrown: guessing the surface would be worse.
   */
  async detectSurface(options?: CallOptions): Promise<Surface> {
    try {
      const info = await this.http.request({ method: 'GET', path: 'v1/apps/postgres-crawler', schema: appInfoSchema, signal: options?.signal });
      return info.native_ready === false ? 'workflows' : 'apps';
    } catch (error) {
      if (error instanceof AtlanError && (error.status === 404 || error.status === 405 || error.status === 501)) return 'workflows';
      throw error;
    }
  }

  /** What crawls produced in the catalog (the asset search; the same on both surfaces). */
  catalog(): CatalogAssets {
    this.catalogAssets ??= new CatalogAssets(new AssetSearch(this.http));
    return this.catalogAssets;
  }

  /** The backend for a surface; one per client, so submit bookkeeping survives between calls. */
  backend(surface: Surface): CrawlerBackend {
    const existing = this.backends.get(surface);
    if (existing) return existing;
    const clock = this.options.clock ?? systemClock;
    const tuning = {
      ...(this.options.indexLagMs !== undefined ? { indexLagMs: this.options.indexLagMs } : {}),
      ...(this.options.createLookupAttempts !== undefined ? { createLookupAttempts: this.options.createLookupAttempts } : {}),
    };
    let created: CrawlerBackend;
    if (surface === 'apps') {
      created = new AppBackend({ http: this.http, clock, ...tuning, ...(this.options.catalogLagMs !== undefined ? { catalogLagMs: this.options.catalogLagMs } : {}) });
    } else if (surface === 'workflows') {
      created = new LegacyBackend({ http: this.http, clock, endpoints: () => this.workflowEndpoints(), ...tuning });
    } else {
      throw new InvalidArgumentError(this.origin, `Unknown API surface "${String(surface)}"; expected "workflows" or "apps".`);
    }
    this.backends.set(surface, created);
    return created;
  }

  async close(): Promise<void> {
    await this.http.close();
  }

  private workflowEndpoints(): Promise<WorkflowEndpoints> {
    if (!this.whoamiPromise) {
      this.whoamiPromise = this.whoami().catch((error: unknown) => {
        this.whoamiPromise = undefined;
        throw error;
      });
    }
    return this.whoamiPromise.then((me) => (me.isApiTokenUser ? 'workflows' : 'package-workflows'));
  }

  private async directoryPage<T extends UserRecord | GroupRecord>(
    path: string,
    query: DirectoryQuery,
    extra: { sort: string; columns?: string[]; filter?: string },
    record: typeof userRecordSchema | typeof groupRecordSchema,
    options?: CallOptions,
  ): Promise<Page<T>> {
    const limit = query.limit ?? 50;
    if (!Number.isInteger(limit) || limit < 1 || limit > 100) {
      throw new InvalidArgumentError(this.origin, `Page size must be a whole number from 1 to 100 (got ${limit}).`);
    }
    const offset = query.cursor === undefined ? 0 : Number(query.cursor);
    if (!Number.isInteger(offset) || offset < 0) {
      throw new InvalidArgumentError(this.origin, `The page cursor "${query.cursor}" is not one this client handed out.`);
    }
    const page = await this.http.request({
      method: 'GET',
      path,
      query: { limit, offset, sort: extra.sort, count: 'true', columns: extra.columns, filter: extra.filter },
      schema: recordsEnvelope(record),
      signal: options?.signal,
    });
    const items = (page.records ?? []) as T[];
    const total = page.filterRecord ?? page.totalRecord ?? undefined;
    const end = offset + items.length;
    const more = items.length > 0 && (total === undefined ? items.length === limit : end < total);
    return { items, ...(total !== undefined ? { total } : {}), ...(more ? { next: String(end) } : {}) };
  }
}

/** String values under the given keys, anywhere in a body: redacted from anything echoed back. */
function collectStrings(value: unknown, keys: readonly string[]): string[] {
  const out: string[] = [];
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') {
      for (const [k, child] of Object.entries(v as Record<string, unknown>)) {
        if (typeof child === 'string' && (keys.includes(k) || /secret|password|token|key|external/i.test(k))) out.push(child);
        else walk(child);
      }
    }
  };
  walk(value);
  return out;
}
