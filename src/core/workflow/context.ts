/** What a builder needs besides the configuration: identity of the workflow, role ids, secret values. */
import type { ResolvedSecrets } from '../config/secrets';
import type { SecretRef } from '../config/model';
import { CrawlerBuildError } from './errors';
import { connectionQualifiedName } from './postgres';

export interface BuildContext {
  /** Seconds since 1970; names a new workflow (`atlan-postgres-<epoch>`) and its connection. */
  epoch: number;
  /**
   * The legacy workflow's name when it already exists (updates, previews of a recorded workflow):
   * a crawler made in Atlan's UI is `atlan-postgres-default-postgres-<epoch>`, and an update keeps
   * the name. Default `atlan-postgres-<epoch>` (a new one).
   */
  workflowName?: string;
  /** Ids of the admin roles the file names (the caller resolves names through the roles API). */
  adminRoleIds: string[];
  /** Values of the secrets the file references, by secret name. */
  secrets: ResolvedSecrets;
  /** Existing connection to keep (updates): default `default/postgres/<epoch>` (a new one). */
  connectionQualifiedName?: string;
  /** Placeholder guid of a new connection entity in the legacy workflow; default derived from epoch. */
  connectionGuid?: string;
  /** Reuse a credential Atlan already stores: no secrets needed, none sent. */
  credentialGuid?: string;
}

export function checkContext(ctx: BuildContext): void {
  if (!Number.isSafeInteger(ctx.epoch) || ctx.epoch <= 0) {
    throw new CrawlerBuildError('invalid-context', `epoch must be a positive whole number of seconds, not ${String(ctx.epoch)}`);
  }
  if (!Array.isArray(ctx.adminRoleIds) || ctx.adminRoleIds.some((id) => typeof id !== 'string' || id === '')) {
    throw new CrawlerBuildError('invalid-context', 'adminRoleIds must be a list of non-empty role ids');
  }
}

export function qualifiedNameOf(ctx: BuildContext): string {
  return ctx.connectionQualifiedName ?? connectionQualifiedName(ctx.epoch);
}

/** A negative placeholder guid, as the SDK mints for a new entity; deterministic so previews are stable. */
export function connectionGuidOf(ctx: BuildContext): string {
  return ctx.connectionGuid ?? `-${ctx.epoch}000000000`;
}

/** The value of a referenced secret; a clear error naming the reference (never a value) when absent. */
export function secretValue(ctx: BuildContext, ref: SecretRef, field: string): string {
  const value = ctx.secrets.get(ref.secret);
  if (value === undefined || value === '') {
    throw new CrawlerBuildError('missing-secret', `the secret "${ref.secret}" used by ${field} has no value; resolve it before building`);
  }
  return value;
}
