/**
 * Carrying out a plan, file by file: creates through the submit pipeline with its duplicate guard
 * (one at a time, each in its own second), updates in place from the definition the plan read
 * (Update Existing's core), adoptions by recording the workflow in the file (and updating it
 * when it differs). A failure ends only its own file: the others go on, and the result says what
 * is left. A create is never retried: after an ambiguous failure the next plan finds it or not.
 */
import { isFinished, type CrawlerRun } from '../core/atlan';
import { envSecretLookup } from '../core/config/secrets';
import type { FilePlan } from '../core/plan/plan';
import { inPlaceUpdate } from '../core/tenant/inPlaceUpdate';
import { duplicateWarning, prepareSubmission, submitPrepared } from '../core/tenant/submission';
import { mapConcurrently } from '../core/tenant/tenantSnapshot';
import { ExitCode, type ExitCodeValue } from './exitCodes';
import { describeFailure } from './failures';
import type { CliIo } from './io';
import type { PlannedFile } from './planInputs';
import { recordWorkflowName } from './recordWorkflow';
import { watchRun, type WatchOutcome } from './runWatch';
import type { Tenant } from './tenant';
import type { TenantPlan } from './tenantPlan';

/** What happened to one file. */
export type ApplyOutcome =
  /** Created, updated or adopted as planned. */
  | 'applied'
  | 'unchanged'
  /** Refused by the plan; nothing done. */
  | 'conflict'
  /** Tried and failed (or refused by the duplicate guard at the last moment); see `error`. */
  | 'failed'
  /** Not tried: the run was interrupted first. */
  | 'skipped';

export interface FileResult {
  plan: FilePlan;
  outcome: ApplyOutcome;
  /** The workflow the file records afterwards. */
  workflow?: string;
  error?: { kind: string; message: string; exitCode: ExitCodeValue };
  /** The file was changed on the tenant but its name could not be written into it. */
  recordError?: string;
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
  const { backend, client, surface } = tenant;
  const results = resultsBeforeApply(planned.plan.files);
  const fileOf = new Map<FilePlan, PlannedFile>(planned.plan.files.map((p, i) => [p, planned.files[i]]));
  const signal = io.signal ? { signal: io.signal } : {};
  const interrupted = (): boolean => io.signal?.aborted === true;

  const fail = (result: FileResult, error: unknown, what: string): void => {
    const failure = describeFailure(error) ?? { exitCode: ExitCode.internal, kind: 'internal', message: error instanceof Error ? error.message : String(error) };
    result.outcome = 'failed';
    result.error = { kind: failure.kind, message: `${what}: ${failure.message}`, exitCode: failure.exitCode };
    options.print(`failed   ${result.plan.file}: ${result.error.message}`);
  };

  const record = async (result: FileResult, name: string): Promise<void> => {
    const loaded = fileOf.get(result.plan)?.loaded;
    if (!loaded) return;
    const why = await recordWorkflowName(io, result.plan.file, loaded, name, options.profile);
    if (why !== undefined) {
      result.recordError = why;
      const where = options.profile === undefined ? '"workflow"' : `"profiles"."${options.profile}"."workflow"`;
      options.print(`warning  ${result.plan.file}: could not record ${where}: "${name}" (${why}); add it by hand before applying again`);
    }
  };

  // Creates one at a time: each legacy workflow is named after its own second, and the
  // duplicate guard of one must see the ones before it.
  let lastEpochMs = 0;
  for (const result of results.filter((r) => r.plan.action === 'create')) {
    if (interrupted()) break;
    const config = fileOf.get(result.plan)?.config;
    if (!config) continue;
    try {
      const prepared = await prepareSubmission({
        config,
        client,
        backend,
        lookupSecret: envSecretLookup(io.env),
        now: () => Math.max(io.now(), lastEpochMs + 1000),
        ...signal,
      });
      lastEpochMs = prepared.epoch * 1000;
      const warning = duplicateWarning(prepared);
      if (warning !== undefined) {
        // The tenant changed since the plan: never create a second connection.
        result.outcome = 'failed';
        result.error = { kind: 'duplicate', message: `not created: ${warning}; plan again`, exitCode: ExitCode.invalid };
        options.print(`failed   ${result.plan.file}: ${result.error.message}`);
        continue;
      }
      // Not cancellable, and never retried: once sent, its name must be recorded.
      const created = await submitPrepared(backend, prepared, { run: true });
      result.outcome = 'applied';
      result.workflow = created.workflow.name;
      options.print(`created  ${result.plan.file}: ${created.workflow.name} (connection "${config.connectionName}")`);
      await record(result, created.workflow.name);
    } catch (error) {
      fail(result, error, 'create failed (it may have been created all the same: plan again before applying, it will show as adopt if so)');
    }
  }

  // Updates and adoptions touch one workflow each: several at once.
  const inPlace = results.filter((r) => r.plan.action === 'update' || r.plan.action === 'adopt');
  await mapConcurrently(inPlace, options.concurrency, async (result) => {
    if (interrupted()) return;
    const name = result.plan.workflow as string;
    const config = fileOf.get(result.plan)?.config;
    const definition = planned.snapshot.builtByWorkflow.get(name);
    if (!config || !definition) return;
    try {
      if (result.plan.fields.length > 0) {
        const { update } = inPlaceUpdate(config, definition, planned.snapshot.roles, name, surface);
        await backend.update(name, update, signal);
      }
      result.outcome = 'applied';
      result.workflow = name;
      const changed = result.plan.fields.map((f) => f.path).join(', ');
      if (result.plan.action === 'adopt') {
        await record(result, name);
        options.print(`adopted  ${result.plan.file}: ${name}${changed ? `, updated ${changed}` : ''}`);
      } else {
        options.print(`updated  ${result.plan.file}: ${name}: ${changed}`);
      }
    } catch (error) {
      fail(result, error, `${result.plan.action === 'adopt' ? 'adopting' : 'updating'} ${name} failed`);
    }
  });

  if (options.rerunChanged) await rerunChanged(tenant, results, io, options);
  return results;
}

/** Each file's result before anything is done: conflicts and unchanged files final, the rest not reached yet. */
export function resultsBeforeApply(files: readonly FilePlan[]): FileResult[] {
  return files.map((plan): FileResult => {
    if (plan.conflict === 'tenantFailure') {
      // The tenant failed, not the file: a server failure (exit 5), and the file is left to do.
      return { plan, outcome: 'conflict', error: { kind: 'server', message: plan.reason ?? 'the tenant failed', exitCode: ExitCode.network } };
    }
    if (plan.action === 'conflict') return { plan, outcome: 'conflict' };
    if (plan.action === 'unchanged') return { plan, outcome: 'unchanged', ...(plan.workflow ? { workflow: plan.workflow } : {}) };
    return { plan, outcome: 'skipped' };
  });
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

/** The files whose plan was not carried out: a conflict, a failure, or not reached. */
export function leftToDo(results: readonly FileResult[]): FileResult[] {
  return results.filter((r) => r.outcome === 'conflict' || r.outcome === 'failed' || r.outcome === 'skipped');
}
