/** The plan of PATH arguments against the tenant, shared by `plan` and `apply`. */
import { envSecretLookup } from '../core/config/secrets';
import { planFiles, type Plan } from '../core/plan/plan';
import { readTenantSnapshot, type TenantSnapshot } from '../core/tenant/tenantSnapshot';
import { UsageError } from './command';
import { findConfigFiles } from './configDiscovery';
import type { CliIo } from './io';
import { readPlanInputs, type PlannedFile } from './planInputs';
import type { Tenant } from './tenant';

export interface TenantPlan {
  files: PlannedFile[];
  snapshot: TenantSnapshot;
  plan: Plan;
}

/** Reads the files (before the tenant is opened: a typo in a PATH fails without a request). */
export async function readPlannedFiles(paths: readonly string[], io: CliIo, profile?: string): Promise<PlannedFile[]> {
  return readPlanInputs(await findConfigFiles(paths, io), io, envSecretLookup(io.env), profile);
}

/** The --profile option and its help line, for every command that reads configuration files. */
export const PROFILE_OPTIONS = { profile: { type: 'string' } } as const;
export const PROFILE_HELP = '  --profile NAME     the profile whose overrides apply ("profiles" in the files; default ATLAN_PROFILE, else none)';

/** --profile NAME, else ATLAN_PROFILE, else none (the file as written). */
export function selectedProfile(value: unknown, io: CliIo): string | undefined {
  if (value !== undefined) {
    if (typeof value !== 'string' || value.trim() === '') throw new UsageError('--profile needs a profile name');
    return value;
  }
  const fromEnv = io.env.ATLAN_PROFILE?.trim();
  return fromEnv ? fromEnv : undefined;
}

export async function planAgainst(tenant: Tenant, files: PlannedFile[], io: CliIo, concurrency: number): Promise<TenantPlan> {
  const snapshot = await readTenantSnapshot(tenant.client, tenant.backend, files, { concurrency, ...(io.signal ? { signal: io.signal } : {}) });
  return { files, snapshot, plan: planFiles(files, snapshot.crawlers, snapshot.definitions) };
}

export type PlanFormat = 'text' | 'markdown';

export function parseFormat(value: unknown, json: boolean): PlanFormat {
  if (value === undefined || value === 'text') return 'text';
  if (value !== 'markdown') throw new UsageError(`--format must be "text" or "markdown", not ${JSON.stringify(value)}`);
  if (json) throw new UsageError('--format markdown and --json cannot be combined: pick one');
  return 'markdown';
}
