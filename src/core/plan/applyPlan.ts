/**
 * Carrying out a plan, file by file, shared by `atlan-postgres apply` and the editor's Apply Plan:
 * creates through the submit pipeline with its duplicate guard (one at a time, each in its own
 * second), updates in place from the definition the plan read (Update Existing's core), adoptions
 * by recording the workflow in the file (and updating it where it differs). A failure ends only
 * its own file: the others go on, and the results say what is left. A create is never retried:
 * after an ambiguous failure the next plan finds it or not. Writing names into files, progress
 * and what a failure means to the user are the caller's.
 */
import type { CallOptions, CrawlerBackend } from '../atlan/backend';
import type { CrawlerConfig } from '../config/model';
import type { SecretLookup } from '../config/secrets';
import { inPlaceUpdate } from '../tenant/inPlaceUpdate';
import { duplicateWarning, prepareSubmission, submitPrepared, type RoleResolver } from '../tenant/submission';
import { mapConcurrently, type TenantSnapshot } from '../tenant/tenantSnapshot';
import type { FilePlan } from './plan';

/** What happened to one file. */
export type ApplyOutcome =
  /** Created, updated or adopted as planned. */
  | 'applied'
  | 'unchanged'
  /** Refused by the plan; nothing done. */
  | 'conflict'
  /** Tried and failed (or refused by the duplicate guard at the last moment); see `error`. */
  | 'failed'
  /** Not tried: the run was stopped first. */
  | 'skipped';

export interface ApplyFailure {
  /** `duplicate` (refused at the last moment), `server` (the plan could not read it), else the error's own kind when it has one. */
  kind: string;
  /** What failed, in words, with the error's message. */
  message: string;
  /** What was being done when it failed (the start of `message`), with `cause`, for callers that word the cause their own way. */
  what?: string;
  /** What was thrown, for the caller to classify (exit codes, a rejected token). */
  cause?: unknown;
}

export interface ApplyResult {
  plan: FilePlan;
  outcome: ApplyOutcome;
  /** The workflow the file records afterwards. */
  workflow?: string;
  error?: ApplyFailure;
  /** The workflow was changed on the tenant but its name could not be written into the file. */
  recordError?: string;
}

export interface ApplyTarget {
  backend: CrawlerBackend;
  /** Resolves admin role names for creates. */
  client: RoleResolver;
}

export interface ApplyHooks {
  /** Updates and adoptions at once; creates always go one at a time. */
  concurrency: number;
  lookupSecret: SecretLookup;
  /** Milliseconds since 1970 (names legacy workflows). */
  now: () => number;
  /** Cancels requests in flight (the CLI's Ctrl-C). A create, once sent, is never cancelled. */
  signal?: AbortSignal;
  /** Whether to start no further file (cancel between files); default: the signal is aborted. */
  stopped?: () => boolean;
  /** Writes the name into the file the plan read; resolves with why it could not, if it could not. */
  record: (plan: FilePlan, name: string) => Promise<string | undefined>;
  /** Told as each file starts and ends. */
  onStart?: (plan: FilePlan) => void;
  onDone?: (result: ApplyResult) => void;
}

/** Each file's result before anything is done: conflicts and unchanged files final, the rest not reached yet. */
export function resultsBeforeApply(files: readonly FilePlan[]): ApplyResult[] {
  return files.map((plan): ApplyResult => {
    if (plan.conflict === 'tenantFailure') {
      // The tenant failed, not the file: a server failure, and the file is left to do.
      return { plan, outcome: 'conflict', error: { kind: 'server', message: plan.reason ?? 'the tenant failed' } };
    }
    if (plan.action === 'conflict') return { plan, outcome: 'conflict' };
    if (plan.action === 'unchanged') return { plan, outcome: 'unchanged', ...(plan.workflow ? { workflow: plan.workflow } : {}) };
    return { plan, outcome: 'skipped' };
  });
}

/**
 * Applies `plans` (each with the configuration it was planned from, as the profile sees it);
 * results in the plans' order.
 */
export async function applyPlanned(
  target: ApplyTarget,
  planned: readonly { plan: FilePlan; config?: CrawlerConfig }[],
  snapshot: Pick<TenantSnapshot, 'builtByWorkflow' | 'roles'>,
  hooks: ApplyHooks,
): Promise<ApplyResult[]> {
  const { backend, client } = target;
  const results = resultsBeforeApply(planned.map((p) => p.plan));
  const configOf = new Map(planned.map((p) => [p.plan, p.config]));
  const call: CallOptions = hooks.signal ? { signal: hooks.signal } : {};
  const stopped = hooks.stopped ?? ((): boolean => hooks.signal?.aborted === true);

  const fail = (result: ApplyResult, error: unknown, what: string): void => {
    const kind = (error as { kind?: unknown } | null)?.kind;
    result.outcome = 'failed';
    result.error = { kind: typeof kind === 'string' ? kind : 'internal', message: `${what}: ${error instanceof Error ? error.message : String(error)}`, what, cause: error };
  };
  const record = async (result: ApplyResult, name: string): Promise<void> => {
    const why = await hooks.record(result.plan, name);
    if (why !== undefined) result.recordError = why;
  };

  // Creates one at a time: each legacy workflow is named after its own second, and the
  // duplicate guard of one must see the ones before it.
  let lastEpochMs = 0;
  for (const result of results.filter((r) => r.plan.action === 'create')) {
    if (stopped()) break;
    const config = configOf.get(result.plan);
    if (!config) continue;
    hooks.onStart?.(result.plan);
    try {
      const prepared = await prepareSubmission({ config, client, backend, lookupSecret: hooks.lookupSecret, now: () => Math.max(hooks.now(), lastEpochMs + 1000), ...call });
      lastEpochMs = prepared.epoch * 1000;
      const warning = duplicateWarning(prepared);
      if (warning !== undefined) {
        // The tenant changed since the plan: never create a second connection.
        result.outcome = 'failed';
        result.error = { kind: 'duplicate', message: `not created: ${warning}; plan again` };
      } else {
        // Not cancellable, and never retried: once sent, its name must be recorded.
        const created = await submitPrepared(backend, prepared, { run: true });
        result.outcome = 'applied';
        result.workflow = created.workflow.name;
        await record(result, created.workflow.name);
      }
    } catch (error) {
      fail(result, error, 'create failed (it may have been created all the same: plan again before applying, it will show as adopt if so)');
    }
    hooks.onDone?.(result);
  }

  // Updates and adoptions touch one workflow each: several at once.
  const inPlace = results.filter((r) => r.plan.action === 'update' || r.plan.action === 'adopt');
  await mapConcurrently(inPlace, hooks.concurrency, async (result) => {
    if (stopped()) return;
    const name = result.plan.workflow as string;
    const config = configOf.get(result.plan);
    const definition = snapshot.builtByWorkflow.get(name);
    if (!config || !definition) return;
    hooks.onStart?.(result.plan);
    try {
      if (result.plan.fields.length > 0) {
        const { update } = inPlaceUpdate(config, definition, snapshot.roles, name, backend.surface);
        await backend.update(name, update, call);
      }
      result.outcome = 'applied';
      result.workflow = name;
      if (result.plan.action === 'adopt') await record(result, name);
    } catch (error) {
      fail(result, error, `${result.plan.action === 'adopt' ? 'adopting' : 'updating'} ${name} failed`);
    }
    hooks.onDone?.(result);
  });
  return results;
}

/** The files whose plan was not carried out: a conflict, a failure, or not reached. */
export function leftToDo<R extends ApplyResult>(results: readonly R[]): R[] {
  return results.filter((r) => r.outcome === 'conflict' || r.outcome === 'failed' || r.outcome === 'skipped');
}
