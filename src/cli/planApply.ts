/**
 * `apply`'s side of carrying out a plan: the core does the work (core/plan/applyPlan.ts); here
 * names are written into files through the CLI's io, each file's outcome is printed as it ends,
 * failures get their exit codes, and --rerun-changed reruns and follows what changed.
 */
import { isFinished, type CrawlerRun } from '../core/atlan';
import { envSecretLookup } from '../core/config/secrets';
import { applyPlanned, leftToDo, resultsBeforeApply as coreResultsBeforeApply, type ApplyOutcome, type ApplyResult } from '../core/plan/applyPlan';
import type { FilePlan } from '../core/plan/plan';
import { ExitCode, type ExitCodeValue } from './exitCodes';
import { describeFailure } from './failures';
import type { CliIo } from './io';
import type { PlannedFile } from './planInputs';
import { recordWorkflowName } from './recordWorkflow';
import { watchRun, type WatchOutcome } from './runWatch';
import type { Tenant } from './tenant';
import type { TenantPlan } from './tenantPlan';

export type { ApplyOutcome };

export interface FileResult extends Omit<ApplyResult, 'error'> {
  error?: { kind: string; message: string; exitCode: ExitCodeValue };
  /** The rerun --rerun-changed started, and how it ended. */
  rerun?: { run: CrawlerRun; outcome?: WatchOutcome };
}

export interface ApplyOptions {
  concurrency: number;
  rerunChanged: boolean;
  /** The profile whose overrides and recorded workflows apply (names are recorded under it). */
  profile?: string;
  /** Progress lines (stderr under --json). */
  print: (line: string) => void;
}

export async function applyPlan(tenant: Tenant, planned: TenantPlan, io: CliIo, options: ApplyOptions): Promise<FileResult[]> {
  const fileOf = new Map<FilePlan, PlannedFile>(planned.plan.files.map((p, i) => [p, planned.files[i]]));
  const applied = await applyPlanned(
    tenant,
    planned.plan.files.map((plan) => ({ plan, ...(fileOf.get(plan)?.config ? { config: fileOf.get(plan)?.config } : {}) })),
    planned.snapshot,
    {
      concurrency: options.concurrency,
      lookupSecret: envSecretLookup(io.env),
      now: () => io.now(),
      ...(io.signal ? { signal: io.signal } : {}),
      record: async (plan, name) => {
        const loaded = fileOf.get(plan)?.loaded;
        return loaded ? recordWorkflowName(io, plan.file, loaded, name, options.profile) : undefined;
      },
      onDone: (result) => printOutcome(result, options),
    },
  );
  const results = applied.map(cliResult);
  if (options.rerunChanged) await rerunChanged(tenant, results, io, options);
  return results;
}

/** The line apply prints as a file is done, and the warning when its name could not be recorded. */
function printOutcome(result: ApplyResult, options: ApplyOptions): void {
  const { plan } = result;
  if (result.outcome === 'failed') {
    options.print(`failed   ${plan.file}: ${cliResult(result).error?.message ?? 'failed'}`);
    return;
  }
  const changed = plan.fields.map((f) => f.path).join(', ');
  if (plan.action === 'create') options.print(`created  ${plan.file}: ${result.workflow ?? ''} (connection "${plan.connectionName ?? ''}")`);
  else if (plan.action === 'adopt') options.print(`adopted  ${plan.file}: ${result.workflow ?? ''}${changed ? `, updated ${changed}` : ''}`);
  else options.print(`updated  ${plan.file}: ${result.workflow ?? ''}: ${changed}`);
  if (result.recordError !== undefined) {
    const where = options.profile === undefined ? '"workflow"' : `"profiles"."${options.profile}"."workflow"`;
    options.print(`warning  ${plan.file}: could not record ${where}: "${result.workflow ?? ''}" (${result.recordError}); add it by hand before applying again`);
  }
}

/** The core's result with the exit code its failure means. */
function cliResult(result: ApplyResult): FileResult {
  const { error, ...rest } = result;
  if (!error) return rest;
  if (error.kind === 'duplicate') return { ...rest, error: { kind: 'duplicate', message: error.message, exitCode: ExitCode.invalid } };
  if (error.cause === undefined) return { ...rest, error: { kind: error.kind, message: error.message, exitCode: error.kind === 'server' ? ExitCode.network : ExitCode.internal } };
  const failure = describeFailure(error.cause);
  // The CLI's words for the cause (a rejected token names ATLAN_API_KEY), after what failed.
  return {
    ...rest,
    error: failure
      ? { kind: failure.kind, message: error.what !== undefined ? `${error.what}: ${failure.message}` : failure.message, exitCode: failure.exitCode }
      : { kind: 'internal', message: error.message, exitCode: ExitCode.internal },
  };
}

/** Each file's result before anything is done (the plan had nothing to apply). */
export function resultsBeforeApply(files: readonly FilePlan[]): FileResult[] {
  return coreResultsBeforeApply(files).map(cliResult);
}

/** Reruns every workflow an update or adoption changed, then follows them all to their end. */
async function rerunChanged(tenant: Tenant, results: FileResult[], io: CliIo, options: ApplyOptions): Promise<void> {
  const changed = results.filter((r) => r.outcome === 'applied' && r.plan.action !== 'create' && r.plan.fields.length > 0 && r.workflow);
  const signal = io.signal ? { signal: io.signal } : {};
  for (const result of changed) {
    if (io.signal?.aborted) return;
    try {
      const { run, reused } = await tenant.backend.rerun(result.workflow as string, { idempotent: false, ...signal });
      result.rerun = { run };
      options.print(`rerun    ${result.plan.file}: ${reused ? 'following' : 'started'} ${run.id}`);
    } catch (error) {
      const failure = describeFailure(error);
      result.error = { kind: failure?.kind ?? 'internal', message: `rerun failed: ${failure?.message ?? String(error)}`, exitCode: failure?.exitCode ?? ExitCode.internal };
      options.print(`failed   ${result.plan.file}: ${result.error.message}`);
    }
  }
  for (const result of changed) {
    const rerun = result.rerun;
    if (!rerun || io.signal?.aborted) continue;
    try {
      const watched = isFinished(rerun.run.phase) ? { outcome: rerun.run.phase === 'Succeeded' ? 'succeeded' : 'failed', run: rerun.run } : await watchRun(tenant.backend, rerun.run, io, options.print);
      result.rerun = { run: watched.run, outcome: watched.outcome as WatchOutcome };
    } catch (error) {
      const failure = describeFailure(error);
      result.error = { kind: failure?.kind ?? 'internal', message: `following the rerun failed: ${failure?.message ?? String(error)}`, exitCode: failure?.exitCode ?? ExitCode.internal };
    }
  }
}

/**
 * 5 (or 3) when the tenant or the network failed a file, 2 for conflicts and refusals, 1 when a
 * name could not be recorded, 4 when a rerun failed or was stopped, 130 when interrupted, else 0.
 */
export function applyExitCode(results: readonly FileResult[], interrupted: boolean): ExitCodeValue {
  const codes = results.map((r) => r.error?.exitCode).filter((c): c is ExitCodeValue => c !== undefined);
  for (const code of [ExitCode.network, ExitCode.auth]) if (codes.includes(code)) return code;
  if (results.some((r) => r.outcome === 'conflict') || codes.includes(ExitCode.invalid)) return ExitCode.invalid;
  if (codes.includes(ExitCode.internal) || results.some((r) => r.recordError !== undefined)) return ExitCode.internal;
  if (results.some((r) => r.rerun?.outcome === 'failed' || r.rerun?.outcome === 'stopped')) return ExitCode.runFailed;
  if (interrupted || results.some((r) => r.outcome === 'skipped')) return ExitCode.interrupted;
  return ExitCode.ok;
}

export { leftToDo };
