/**
 * Drives runs through their lifecycle on the scaled clock:
 * Pending -> Running (preflight-check, extract, publish; progress 0/3 .. 3/3) -> Succeeded | Failed,
 * or the stopped phase when someone stops it. The crawl itself happens in the extract step through
 * the injected crawler. Both surfaces use this engine and project its RunState into their own shapes.
 */
import { CrawlError, type CrawlerPort, type CrawledObjects, type PostgresCredential } from '../crawlerPort';
import { redact } from '../credentials';
import { AbortedError, type ScaledClock } from './clock';
import type { ExecutionPlan } from './executionPlan';
import type { CrawledConnection } from '../assets/crawlCatalog';
import { uncappedAbortController } from '../uncappedAbort';

export type EnginePhase = 'Pending' | 'Running' | 'Succeeded' | 'Failed' | 'Stopped';
export type StepPhase = 'Pending' | 'Running' | 'Succeeded' | 'Failed' | 'Omitted';

export interface StepState {
  name: 'preflight-check' | 'extract' | 'publish';
  phase: StepPhase;
  startedAt?: string;
  finishedAt?: string;
  message?: string;
}

export interface RunState {
  phase: EnginePhase;
  startedAt: string;
  finishedAt?: string;
  /** Argo-style "done/total" steps. */
  progress: string;
  message?: string;
  steps: StepState[];
}

/** Simulated durations (ms at clock speed 1). */
export const DURATIONS = { pending: 3_000, preflight: 5_000, extract: 20_000, publish: 10_000, stopping: 2_000 } as const;
export const ESTIMATED_DURATION_S = (DURATIONS.pending + DURATIONS.preflight + DURATIONS.extract + DURATIONS.publish) / 1000;

/** The message Argo puts on a workflow stopped with `argo stop`. */
export const STOPPED_MESSAGE = "Stopped with strategy 'Stop'";
/** The message Argo puts on a step whose pod it terminated for that stop (two spaces: Argo's). */
export const STOPPED_STEP_MESSAGE = 'workflow shutdown with strategy:  Stop';

export interface CredentialLookup {
  (guid: string): { credential: PostgresCredential; secrets: string[] } | undefined;
}

export interface RunEngineDeps {
  clock: ScaledClock;
  crawler: () => CrawlerPort;
  credential: CredentialLookup;
  log: (message: string) => void;
  /** The publish step: what a crawl found goes into the catalog under the run's connection. */
  publish?: (connection: CrawledConnection, found: CrawledObjects) => void;
}

export interface StartOptions {
  /** Phase a stopped run ends in: legacy (Argo) runs end Failed, App runs Stopped. */
  stoppedPhase: 'Failed' | 'Stopped';
  /** Called after every change; the state object is the same one, mutated. */
  onChange: (state: RunState) => void;
  /** The connection the run's assets belong to; without one, nothing is published. */
  connection?: CrawledConnection;
}

interface ActiveRun {
  state: RunState;
  stop: AbortController;
  options: StartOptions;
  /** Set when the run is dropped (reset, shutdown): it must not change state any more. */
  abandoned: boolean;
}

class StepFailure extends Error {}

/** What one successful crawl catalogued, table by table (GET /_sandbox/crawls). */
export interface CrawlRecord {
  run: string;
  finishedAt: string;
  summary: string;
  found: CrawledObjects;
}

/** Crawl records kept, newest first; older ones are dropped. */
const KEPT_CRAWLS = 50;

/** A continuation that resumes after a stop must not move the run forward. */
function checkpoint(signal: AbortSignal): void {
  if (signal.aborted) throw new AbortedError();
}

export function newRunState(now: number): RunState {
  return {
    phase: 'Pending',
    startedAt: iso(now),
    progress: '0/3',
    steps: (['preflight-check', 'extract', 'publish'] as const).map((name) => ({ name, phase: 'Pending' })),
  };
}

function iso(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export class RunEngine {
  private readonly active = new Map<string, ActiveRun>();
  private readonly crawlRecords: CrawlRecord[] = [];
  /** Every stopping run waits on it until server shutdown. */
  private readonly shutdown = uncappedAbortController();

  constructor(private readonly deps: RunEngineDeps) {}

  /** Starts a run; returns its (live) state, already Pending. */
  start(id: string, plan: ExecutionPlan, options: StartOptions, state: RunState = newRunState(this.deps.clock.now())): RunState {
    const run: ActiveRun = { state, stop: new AbortController(), options, abandoned: false };
    this.active.set(id, run);
    void this.execute(id, run, plan);
    return state;
  }

  isActive(id: string): boolean {
    return this.active.has(id);
  }

  get activeCount(): number {
    return this.active.size;
  }

  /** Asks a run to stop; false when it is not in flight. The run ends a moment later. */
  stop(id: string): boolean {
    const run = this.active.get(id);
    if (!run || run.stop.signal.aborted) return false;
    run.stop.abort();
    return true;
  }

  /** What recent crawls found, newest first. */
  get crawls(): readonly CrawlRecord[] {
    return this.crawlRecords;
  }

  clearCrawls(): void {
    this.crawlRecords.length = 0;
  }

  /** Drops every in-flight run (state reset): they make no further state changes. */
  abandonAll(): void {
    for (const run of this.active.values()) {
      run.abandoned = true;
      run.stop.abort();
    }
    this.active.clear();
  }

  /** Abandons every run for good (server shutdown): no further state changes, no timers left. */
  dispose(): void {
    this.shutdown.abort();
    this.abandonAll();
  }

  private async execute(id: string, run: ActiveRun, plan: ExecutionPlan): Promise<void> {
    const { clock } = this.deps;
    // Shutdown aborts every run's own controller (abandonAll), so one signal covers both.
    const signal = run.stop.signal;
    const { state } = run;
    const changed = (): void => {
      if (!run.abandoned) run.options.onChange(state);
    };
    let current: StepState | undefined;
    try {
      await clock.sleep(DURATIONS.pending, signal);
      checkpoint(signal);
      state.phase = 'Running';
      changed();

      const [preflight, extract, publish] = state.steps as [StepState, StepState, StepState];
      current = this.begin(preflight);
      changed();
      const credential = await this.timed(DURATIONS.preflight, signal, () => this.preflight(plan));
      checkpoint(signal);
      this.succeed(state, preflight, 1);
      changed();

      current = this.begin(extract);
      changed();
      const result = await this.timed(DURATIONS.extract, signal, () => this.crawl(id, plan, credential, signal));
      checkpoint(signal);
      this.succeed(state, extract, 2);
      changed();

      current = this.begin(publish);
      changed();
      await clock.sleep(DURATIONS.publish, signal);
      checkpoint(signal);
      if (result.found && run.options.connection) this.deps.publish?.(run.options.connection, result.found);
      this.succeed(state, publish, 3);
      current = undefined;
      this.finish(state, 'Succeeded', result.summary);
      changed();
    } catch (err) {
      if (run.abandoned) return;
      if (run.stop.signal.aborted) {
        await this.settleStopped(run, current);
        return;
      }
      const message = err instanceof StepFailure ? err.message : `The sandbox failed to run the workflow: ${err instanceof Error ? err.message : String(err)}`;
      if (!(err instanceof StepFailure)) this.deps.log(`run ${id} failed unexpectedly: ${message}`);
      if (current) {
        current.phase = 'Failed';
        current.message = message;
        current.finishedAt = iso(clock.now());
      }
      this.omitRest(state);
      this.finish(state, 'Failed', message);
      changed();
    } finally {
      if (this.active.get(id) === run) this.active.delete(id);
    }
  }

  /** Runs `work` but takes at least `simulatedMs`; aborts with the signal. */
  private async timed<T>(simulatedMs: number, signal: AbortSignal, work: () => Promise<T>): Promise<T> {
    const minimum = this.deps.clock.sleep(simulatedMs, signal);
    minimum.catch(() => undefined);
    const aborted = new Promise<never>((_, reject) => {
      if (signal.aborted) reject(new AbortedError());
      signal.addEventListener('abort', () => reject(new AbortedError()), { once: true });
    });
    aborted.catch(() => undefined);
    const value = await Promise.race([work(), aborted]);
    await minimum;
    return value;
  }

  private async preflight(plan: ExecutionPlan): Promise<{ credential: PostgresCredential; secrets: string[] } | undefined> {
    switch (plan.kind) {
      case 'invalid':
        throw new StepFailure(plan.reason);
      case 'agent':
        throw new StepFailure('Check failed: the sandbox tenant has no secure agent to run agent extraction.');
      case 's3':
        throw new StepFailure(
          `Check failed with error code - NoSuchBucket: the sandbox cannot reach S3 (bucket '${plan.bucket}', region '${plan.region}').`,
        );
      case 'direct': {
        const found = this.deps.credential(plan.credentialGuid);
        if (!found) throw new StepFailure(`Check failed: credential ${plan.credentialGuid} does not exist on this tenant.`);
        const outcome = await this.deps.crawler().testPostgresCredential(found.credential);
        if (!outcome.ok) throw new StepFailure(redact(outcome.message, found.secrets));
        return found;
      }
    }
  }

  private async crawl(
    id: string,
    plan: ExecutionPlan,
    found: { credential: PostgresCredential; secrets: string[] } | undefined,
    signal: AbortSignal,
  ): Promise<{ summary: string; found?: CrawledObjects }> {
    if (plan.kind !== 'direct' || !found) throw new StepFailure('Nothing to extract.');
    try {
      const result = await this.deps.crawler().crawlPostgres(found.credential, plan.filters, signal);
      const summary = redact(result.summary, found.secrets);
      if (result.found) {
        this.crawlRecords.unshift({ run: id, finishedAt: iso(this.deps.clock.now()), summary, found: result.found });
        this.crawlRecords.length = Math.min(this.crawlRecords.length, KEPT_CRAWLS);
      }
      return { summary, ...(result.found ? { found: result.found } : {}) };
    } catch (err) {
      if (err instanceof AbortedError || signal.aborted) throw err;
      // A CrawlError's message is the Atlan-style reason the run failed.
      if (err instanceof CrawlError) {
        throw new StepFailure(redact(err.message, found.secrets));
      }
      const detail = err instanceof Error ? err.message : String(err);
      this.deps.log(`crawler threw an unexpected error: ${redact(detail, found.secrets)}`);
      throw new StepFailure(redact(`Extraction failed: ${detail}`, found.secrets));
    }
  }

  private begin(step: StepState): StepState {
    step.phase = 'Running';
    step.startedAt = iso(this.deps.clock.now());
    return step;
  }

  private succeed(state: RunState, step: StepState, done: number): void {
    step.phase = 'Succeeded';
    step.finishedAt = iso(this.deps.clock.now());
    state.progress = `${done}/3`;
  }

  private omitRest(state: RunState): void {
    for (const step of state.steps) if (step.phase === 'Pending') step.phase = 'Omitted';
  }

  private finish(state: RunState, phase: EnginePhase, message: string): void {
    state.phase = phase;
    state.message = message;
    state.finishedAt = iso(this.deps.clock.now());
  }

  /** A stopped run lingers in its phase a moment (pods terminating), then ends. */
  private async settleStopped(run: ActiveRun, current: StepState | undefined): Promise<void> {
    try {
      await this.deps.clock.sleep(DURATIONS.stopping, this.shutdown.signal);
    } catch {
      return;
    }
    if (run.abandoned) return;
    const { state } = run;
    if (current) {
      current.phase = 'Failed';
      current.message = STOPPED_STEP_MESSAGE;
      current.finishedAt = iso(this.deps.clock.now());
    }
    this.omitRest(state);
    this.finish(state, run.options.stoppedPhase, STOPPED_MESSAGE);
    run.options.onChange(state);
  }
}
