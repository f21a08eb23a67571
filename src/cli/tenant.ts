/**
 * The tenant a command talks to: URL and token from ATLAN_BASE_URL / ATLAN_API_KEY, proxy and CA
 * settings from the usual environment variables, the API surface from --surface (or asked of the
 * tenant), and on the App API the runs remembered from earlier invocations (merged with the
 * catalog's until it shows them, and all there is on a tenant that does not catalogue App runs).
 */
import { AppBackend, AtlanClient, transportOptionsFromEnv, type CrawlerBackend, type SentBody, type Surface } from '../core/atlan';
import { UsageError, type OptionSpecs } from './command';
import { ExitCode } from './exitCodes';
import { CliFailure } from './failures';
import type { CliIo } from './io';
import { RunMemory } from './runMemory';
import { SentBodyStore } from './sentBodies';

export type SurfaceChoice = Surface | 'auto';

/** The options every tenant command takes. */
export const TENANT_OPTIONS: OptionSpecs = {
  surface: { type: 'string' },
};

export const TENANT_HELP = [
  '  --surface auto|apps|workflows   Atlan API for crawler workflows: ask the tenant (default), the App API,',
  '                                  or the legacy package-workflow API',
];

export const ENVIRONMENT_HELP = [
  'Environment:',
  '  ATLAN_BASE_URL        the tenant, e.g. https://acme.atlan.com',
  '  ATLAN_API_KEY         an Atlan API token (never printed)',
  '  ATLAN_SECRET_<NAME>   the value of each secret the file references',
  '  HTTPS_PROXY, NO_PROXY, NODE_EXTRA_CA_CERTS are honoured.',
];

/** The end of a tenant command's help: the tenant options, its --json line, then the environment. */
export function tenantHelp(jsonLine: string): string[] {
  return [...TENANT_HELP, jsonLine, '', ...ENVIRONMENT_HELP];
}

export function parseSurfaceChoice(value: unknown): SurfaceChoice {
  if (value === undefined || value === 'auto') return 'auto';
  if (value === 'apps' || value === 'workflows') return value;
  throw new UsageError(`--surface must be "auto", "apps" or "workflows", not ${JSON.stringify(value)}`);
}

export interface Tenant {
  client: AtlanClient;
  backend: CrawlerBackend;
  surface: Surface;
  origin: string;
  /** Remembers App API runs for the next invocation and closes the connections. Call once, always. */
  close(): Promise<void>;
}

/** Whether ATLAN_BASE_URL and ATLAN_API_KEY are both set, so that a command may ask the tenant. */
export function tenantConfigured(io: CliIo): boolean {
  return Boolean(io.env.ATLAN_BASE_URL?.trim() && io.env.ATLAN_API_KEY?.trim());
}

/** The client for ATLAN_BASE_URL with ATLAN_API_KEY, the proxy and CA environment honoured. Close it. */
export function clientFromEnv(io: CliIo): AtlanClient {
  const baseUrl = io.env.ATLAN_BASE_URL?.trim();
  const token = io.env.ATLAN_API_KEY?.trim();
  if (!baseUrl) throw new CliFailure(ExitCode.invalid, 'configuration', 'ATLAN_BASE_URL is not set: set it to the tenant URL, e.g. https://acme.atlan.com');
  if (!token) throw new CliFailure(ExitCode.auth, 'authentication', 'ATLAN_API_KEY is not set: set it to an Atlan API token');
  const tuning = io.tuning ?? {};
  return new AtlanClient({
    baseUrl,
    token,
    userAgent: 'atlan-postgres-cli',
    ...transportOptionsFromEnv(baseUrl, io.env),
    ...(tuning.clock ? { clock: tuning.clock } : {}),
    ...(tuning.retryPolicy ? { retryPolicy: tuning.retryPolicy } : {}),
    ...(tuning.timeoutMs !== undefined ? { timeoutMs: tuning.timeoutMs } : {}),
    ...(tuning.indexLagMs !== undefined ? { indexLagMs: tuning.indexLagMs } : {}),
    ...(tuning.createLookupAttempts !== undefined ? { createLookupAttempts: tuning.createLookupAttempts } : {}),
    ...(tuning.catalogLagMs !== undefined ? { catalogLagMs: tuning.catalogLagMs } : {}),
  });
}

export async function openTenant(io: CliIo, choice: SurfaceChoice): Promise<Tenant> {
  const client = clientFromEnv(io);
  try {
    const surface = choice === 'auto' ? await client.detectSurface(io.signal ? { signal: io.signal } : {}) : choice;
    const backend = client.backend(surface);
    let memory: RunMemory | undefined;
    let sentBodies: SentBodyStore | undefined;
    let sentChanged: Record<string, SentBody> | undefined;
    if (backend instanceof AppBackend) {
      memory = await RunMemory.open(io);
      backend.rememberRuns(memory.runsOf(client.origin));
      sentBodies = await SentBodyStore.open(io);
      backend.rememberSentBodies(sentBodies.of(client.origin));
      backend.onDidChangeSentBodies = (known) => (sentChanged = known);
    }
    return {
      client,
      backend,
      surface,
      origin: client.origin,
      close: async () => {
        try {
          if (memory && backend instanceof AppBackend) await memory.save(client.origin, backend.knownRuns());
          if (sentBodies && sentChanged) await sentBodies.save(client.origin, sentChanged);
        } finally {
          await client.close();
        }
      },
    };
  } catch (error) {
    await client.close();
    throw error;
  }
}

/** Opens the tenant, runs `work`, and always closes it. */
export async function withTenant<T>(io: CliIo, choice: SurfaceChoice, work: (tenant: Tenant) => Promise<T>): Promise<T> {
  const tenant = await openTenant(io, choice);
  try {
    return await work(tenant);
  } finally {
    await tenant.close();
  }
}

/** "the legacy workflow API" / "the App API", for messages. */
export function surfaceLabel(surface: Surface): string {
  return surface === 'apps' ? 'App API' : 'package-workflow API';
}
