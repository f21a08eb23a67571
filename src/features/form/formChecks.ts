/**
 * What the form's buttons check: the credential through the tenant and directly from this
 * machine, Atlan's preflight checks, and the tenant's roles, groups and users for the admin
 * pickers. Secret values are read from SecretStorage here and go only to the tenant or the
 * database; what comes back to the webview is a status and a message.
 */
import * as vscode from 'vscode';
import { CrawlerConfigSchema, DirectExtractionSchema, type CrawlerConfig, type DirectExtraction } from '../../core/config/model';
import { MissingSecretsError, resolveSecrets, type ResolvedSecrets } from '../../core/config/secrets';
import { buildLegacyWorkflow } from '../../core/workflow/legacyBuilder';
import type { Services } from '../services';
import { draftToConfig, rowsToFilter, type FormDraft } from './formDraft';
import { loadPostgresChecks } from './postgresChecks';
import type { SessionInfo, ToWebview } from './protocol';

export type TestResults = Extract<ToWebview, { type: 'testResult' }>['results'];
export type Directory = Omit<Extract<ToWebview, { type: 'directory' }>, 'type'>;
export type Catalog = Extract<ToWebview, { type: 'catalog' }>['databases'];
export type Preflight = Omit<Extract<ToWebview, { type: 'preflightResult' }>, 'type'>;

/** How long a direct connection attempt may take before "not reachable from this machine". */
const DIRECT_TIMEOUT_MS = 5_000;
const DIRECTORY_PAGE = 100;

export function sessionInfo(services: Services): SessionInfo {
  const state = services.session.state;
  const trusted = vscode.workspace.isTrusted;
  switch (state.kind) {
    case 'signedIn':
      return { signedIn: true, description: `Signed in to ${hostOf(state.profile.baseUrl)}`, surface: state.surface, trusted };
    case 'expired':
      return { signedIn: false, description: `The session with ${hostOf(state.profile.baseUrl)} expired: sign in again`, trusted };
    case 'unreachable':
      return { signedIn: false, description: `${hostOf(state.profile.baseUrl)} could not be reached`, trusted };
    default:
      return { signedIn: false, description: 'Signed out', trusted };
  }
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

function message(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** The draft's direct extraction, validated, or what is missing (paths and reasons, no values). */
function directExtraction(draft: FormDraft): { extraction: DirectExtraction } | { problem: string } {
  const config = draftToConfig(draft);
  if (draft.extraction.method !== 'direct') return { problem: 'offline S3 extraction has no connection to test' };
  const parsed = DirectExtractionSchema.safeParse(config.extraction);
  if (parsed.success) return { extraction: parsed.data };
  const fields = [...new Set(parsed.error.issues.map((i) => ['extraction', ...i.path.map(String)].join('.')))];
  return { problem: `fill in the credential first (${fields.join(', ')})` };
}

/** A configuration around the extraction, enough for the builder to produce the credential body. */
function credentialConfig(draft: FormDraft, extraction: DirectExtraction): CrawlerConfig {
  return CrawlerConfigSchema.parse({ connectionName: draft.connectionName || 'connection-test', admins: { roles: ['$admin'] }, extraction });
}

async function secretsFor(config: CrawlerConfig, services: Services): Promise<ResolvedSecrets> {
  return resolveSecrets(config, services.secrets.lookup, { whereToSet: (name) => `type it in the form (stored as "${name}")` });
}

export async function testConnection(draft: FormDraft, services: Services, extensionPath: string, onCatalog: (c: Catalog) => void): Promise<TestResults> {
  if (!vscode.workspace.isTrusted) {
    const why = 'Testing sends the credential; trust this workspace first.';
    return [
      { target: 'tenant', status: 'skipped', message: why },
      { target: 'direct', status: 'skipped', message: why },
    ];
  }
  const read = directExtraction(draft);
  if ('problem' in read) {
    const text = `Cannot test: ${read.problem}.`;
    return [
      { target: 'tenant', status: 'skipped', message: text },
      { target: 'direct', status: 'skipped', message: text },
    ];
  }
  const config = credentialConfig(draft, read.extraction);
  let secrets: ResolvedSecrets;
  try {
    secrets = await secretsFor(config, services);
  } catch (err) {
    const text = err instanceof MissingSecretsError ? `Cannot test: ${err.message}.` : `Cannot read secret storage: ${message(err)}`;
    return [
      { target: 'tenant', status: 'skipped', message: text },
      { target: 'direct', status: 'skipped', message: text },
    ];
  }
  const [tenant, direct] = await Promise.all([
    testThroughTenant(config, secrets, services),
    testDirectly(read.extraction, secrets, extensionPath, onCatalog),
  ]);
  return [tenant, direct];
}

async function testThroughTenant(config: CrawlerConfig, secrets: ResolvedSecrets, services: Services): Promise<TestResults[number]> {
  const state = services.session.state;
  if (state.kind !== 'signedIn') {
    return { target: 'tenant', status: 'skipped', message: 'Sign in to test the credential through the tenant, as Atlan will use it.' };
  }
  try {
    // The credential exactly as the workflow's payload[].body carries it.
    const workflow = buildLegacyWorkflow(config, { epoch: Math.floor(Date.now() / 1000), adminRoleIds: ['connection-test'], secrets });
    const body = workflow.payload[0]?.body;
    if (!body) return { target: 'tenant', status: 'skipped', message: 'This extraction has no credential to test.' };
    const result = await state.client.testCredential(body);
    return { target: 'tenant', status: result.ok ? 'ok' : 'failed', message: result.ok ? `${hostOf(state.profile.baseUrl)} connected: ${result.message}` : result.message };
  } catch (err) {
    await services.session.noteError(err);
    return { target: 'tenant', status: 'failed', message: `The tenant could not test it: ${message(err)}` };
  }
}

async function testDirectly(
  extraction: DirectExtraction,
  secrets: ResolvedSecrets,
  extensionPath: string,
  onCatalog: (c: Catalog) => void,
): Promise<TestResults[number]> {
  if (extraction.auth.type !== 'basic') {
    return { target: 'direct', status: 'skipped', message: 'IAM authentication needs AWS; only the tenant can test it.' };
  }
  const checks = loadPostgresChecks(extensionPath);
  const target = {
    host: extraction.host,
    port: extraction.port,
    database: extraction.database,
    username: extraction.auth.username,
    password: secrets.get(extraction.auth.password.secret),
    connectTimeoutMs: DIRECT_TIMEOUT_MS,
  };
  const result = await checks.testConnection(target);
  if (!result.ok) {
    const unreachable = result.kind === 'network' || result.kind === 'timeout';
    return unreachable
      ? { target: 'direct', status: 'unreachable', message: `Not reachable from this machine (${result.message}); the tenant's test is the one that counts.` }
      : { target: 'direct', status: 'failed', message: result.message };
  }
  try {
    onCatalog(await checks.listDatabasesAndSchemas(target));
    return { target: 'direct', status: 'ok', message: `Connected from this machine (PostgreSQL ${result.serverVersion}); the database pickers list what this user can see.` };
  } catch (err) {
    return { target: 'direct', status: 'ok', message: `Connected (PostgreSQL ${result.serverVersion}), but listing databases failed: ${message(err)}` };
  }
}

export async function runPreflight(draft: FormDraft, services: Services, extensionPath: string): Promise<Preflight> {
  if (!vscode.workspace.isTrusted) return { checks: [], error: 'Preflight checks send the credential to the database; trust this workspace first.' };
  const read = directExtraction(draft);
  if ('problem' in read) return { checks: [], error: `Cannot run the preflight checks: ${read.problem}.` };
  if (read.extraction.auth.type !== 'basic') {
    return { checks: [], error: 'Preflight checks from this machine need basic authentication; IAM authentication is checked by the tenant when the crawler runs.' };
  }
  const config = credentialConfig(draft, read.extraction);
  try {
    const secrets = await secretsFor(config, services);
    const auth = read.extraction.auth;
    const checks = await loadPostgresChecks(extensionPath).runPreflightChecks(
      {
        host: read.extraction.host,
        port: read.extraction.port,
        database: read.extraction.database,
        username: auth.username,
        password: secrets.get(auth.password.secret),
        connectTimeoutMs: DIRECT_TIMEOUT_MS,
      },
      { include: rowsToFilter(draft.include), exclude: rowsToFilter(draft.exclude), excludeRegex: draft.excludeRegex },
    );
    return { checks };
  } catch (err) {
    return { checks: [], error: `The preflight checks could not run: ${message(err)}` };
  }
}

/** Roles, groups and users of the tenant (first pages), for the admin pickers. */
export async function loadDirectory(services: Services): Promise<Directory> {
  const state = services.session.state;
  if (state.kind !== 'signedIn') {
    return { roles: [], groups: [], users: [], note: 'Signed out: type role, group and user names; sign in to pick them from the tenant.' };
  }
  const [roles, groups, users] = await Promise.allSettled([
    state.client.listRoles(),
    state.client.listGroups({ limit: DIRECTORY_PAGE }),
    state.client.listUsers({ limit: DIRECTORY_PAGE }),
  ]);
  const failures: string[] = [];
  const names = <T>(result: PromiseSettledResult<T[]>, what: string, name: (t: T) => string): string[] => {
    if (result.status === 'fulfilled') return result.value.map(name).sort((a, b) => a.localeCompare(b));
    failures.push(`${what}: ${message(result.reason)}`);
    void services.session.noteError(result.reason);
    return [];
  };
  const directory: Directory = {
    roles: names(roles, 'roles', (r) => r.name),
    groups: names(groups.status === 'fulfilled' ? { status: 'fulfilled', value: groups.value.items } : groups, 'groups', (g) => g.name),
    users: names(users.status === 'fulfilled' ? { status: 'fulfilled', value: users.value.items } : users, 'users', (u) => u.username),
  };
  const partial = (groups.status === 'fulfilled' && groups.value.next) || (users.status === 'fulfilled' && users.value.next);
  const notes = [...(failures.length ? [`Could not load ${failures.join('; ')}`] : []), ...(partial ? [`Showing the first ${DIRECTORY_PAGE}; type any other name.`] : [])];
  return notes.length ? { ...directory, note: notes.join(' ') } : directory;
}
