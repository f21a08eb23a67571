import * as vscode from 'vscode';
import { isFinished, type CrawlerBackend, type CrawlerRun } from '../../core/atlan/backend';
import { createPollBudget, monitorDefaults, type PollBudget } from '../../core/atlan/pollBudget';
import { errorText } from '../errorText';
import { tenantTools } from '../tenantTools';
import { CommandIds } from '../ids';
import { runPhaseCodicon } from '../tree/runPhaseIcon';
import type { Services } from '../services';

export interface RunUpdate {
  /** The id the run was asked for (a placeholder id stays the key once the real run is known). */
  key: string;
  run: CrawlerRun;
}

type RunRef = { id: string; workflowName: string };

/** Why run status is not updating, as the view and the progress notifications show it. */
export interface WatchProblem {
  message: string;
  /** Watching stopped (it starts again on the next change); otherwise it retries by itself. */
  fatal: boolean;
}

/** A held run whose watching ended without an outcome; `key` undefined means every held run. */
export interface WatchFailure {
  error: Error;
  key?: string;
}

/**
 * How long a run may be left out of successful polls (and in how many) before the user is told it
 * is gone: a run submitted a moment ago may not be readable yet.
 */
const MISSING_POLLS = 3;
const MISSING_MS = 10_000;

/**
 * The one place that polls the tenant for run status: the in-flight runs of the store while the
 * view is visible, plus runs that a progress notification holds. One monitor, so one request per
 * poll for all of them on the legacy surface, and no polling at all when nothing needs it. On the
 * App API (one request per run) the monitor's request budget is kept across restarts, so a
 * changing set of runs (or the view shown and hidden) cannot buy extra reads.
 */
export class RunWatcher implements vscode.Disposable {
  private readonly held = new Map<string, { ref: RunRef; holders: number; finished: boolean }>();
  private controller: AbortController | undefined;
  private watchingKeys = '';
  private watchingBackend: CrawlerBackend | undefined;
  /** The request budget of a per-run backend, shared by its successive monitors. */
  private budget: { backend: CrawlerBackend; budget: PollBudget } | undefined;
  private readonly updates = new vscode.EventEmitter<RunUpdate>();
  readonly onDidUpdateRun = this.updates.event;
  private currentProblem: WatchProblem | undefined;
  private readonly problems = new vscode.EventEmitter<WatchProblem | undefined>();
  /** Fires when polling starts or stops failing. */
  readonly onDidChangeProblem = this.problems.event;
  private readonly failures = new vscode.EventEmitter<WatchFailure>();
  /** Fires when held runs can no longer be watched (a fatal error, or the tenant stopped reporting a run). */
  readonly onDidFail = this.failures.event;
  /** Successful polls in a row that did not return a run (and since when), by run id. */
  private readonly misses = new Map<string, { polls: number; since: number; reported: boolean }>();
  private readonly statusBar: vscode.StatusBarItem;
  private readonly disposables: vscode.Disposable[] = [];

  private viewVisible: () => boolean = () => false;

  constructor(private readonly services: Omit<Services, 'watcher'>) {
    this.statusBar = vscode.window.createStatusBarItem('atlan.runs', vscode.StatusBarAlignment.Left, 10);
    this.statusBar.name = 'Atlan runs in flight';
    this.statusBar.command = CommandIds.focusView;
    const sub = services.store.onDidChange(() => this.kick());
    this.disposables.push(this.statusBar, this.updates, this.problems, this.failures, { dispose: () => sub.dispose() }, services.session.onDidChange(() => this.kick()));
  }

  /** Why run status is not updating right now, if it is not. */
  get problem(): WatchProblem | undefined {
    return this.currentProblem;
  }

  private setProblem(problem: WatchProblem | undefined): void {
    if (problem?.message === this.currentProblem?.message && problem?.fatal === this.currentProblem?.fatal) return;
    this.currentProblem = problem;
    this.problems.fire(problem);
  }

  /** The view whose visibility decides whether the store's in-flight runs are polled. */
  observeView(view: vscode.TreeView<unknown>): vscode.Disposable {
    this.viewVisible = () => view.visible;
    this.kick();
    return view.onDidChangeVisibility(() => this.kick());
  }

  /** Keeps watching this run, whether or not the view is visible, until the returned disposable is disposed. */
  hold(ref: RunRef): vscode.Disposable {
    const entry = this.held.get(ref.id) ?? { ref, holders: 0, finished: false };
    entry.holders++;
    this.held.set(ref.id, entry);
    this.kick();
    return new vscode.Disposable(() => {
      const e = this.held.get(ref.id);
      if (e && --e.holders <= 0) this.held.delete(ref.id);
      this.kick();
    });
  }

  private wanted(): RunRef[] {
    const refs = new Map<string, RunRef>();
    if (this.viewVisible()) for (const run of this.services.store.inFlightRuns()) refs.set(run.id, { id: run.id, workflowName: run.workflowName });
    for (const { ref, finished } of this.held.values()) if (!finished) refs.set(ref.id, ref);
    return [...refs.values()];
  }

  /** Re-evaluates what to watch; restarts the monitor only when that set, or the session's backend, changed. */
  kick(): void {
    this.updateStatusBar();
    const state = this.services.session.state;
    const refs = state.kind === 'signedIn' ? this.wanted() : [];
    // Signing in again closes the old client: a monitor still polling through it would only fail.
    const backend = state.kind === 'signedIn' ? state.backend : undefined;
    const sameBackend = backend === this.watchingBackend;
    this.watchingBackend = backend;
    if (refs.length === 0) {
      // Nothing is watched, so nothing is failing to update.
      this.setProblem(undefined);
      this.misses.clear();
    }
    const keys = refs.map((r) => r.id).sort().join('\n');
    if (sameBackend && keys === this.watchingKeys && (this.controller || refs.length === 0)) return;
    this.controller?.abort();
    this.controller = undefined;
    this.watchingKeys = keys;
    if (refs.length === 0 || state.kind !== 'signedIn') return;
    const controller = new AbortController();
    this.controller = controller;
    void this.watch(state.backend, refs, controller);
  }

  private async watch(backend: CrawlerBackend, refs: RunRef[], controller: AbortController): Promise<void> {
    try {
      const budget = this.budgetFor(backend);
      for await (const change of tenantTools().monitorRuns(this.observed(backend, controller), refs, { signal: controller.signal, ...(budget ? { budget } : {}) })) {
        if (change.type === 'run') {
          // Written once, into the store: every view of the run reads it from there.
          this.services.store.applyRun(change.run, change.key);
          const run = this.services.store.run(change.key) ?? change.run;
          const held = this.held.get(change.key);
          if (held) {
            held.ref = { id: run.id, workflowName: run.workflowName };
            held.finished = isFinished(run);
          }
          this.updates.fire({ key: change.key, run });
          if (isFinished(run)) this.services.session.persist();
        } else {
          const text = errorText(change.error);
          this.services.log.warn(`Watching runs: ${text}${change.retryInMs ? ` (retrying in ${Math.round(change.retryInMs / 1000)} s)` : ''}`);
          if (change.fatal) {
            await this.services.session.noteError(change.error);
            this.setProblem({ message: `Run status stopped updating: ${text}`, fatal: true });
            this.failures.fire({ error: new Error(text) });
          } else {
            const retry = change.retryInMs ? ` Checking again in ${Math.max(1, Math.round(change.retryInMs / 1000))} s.` : '';
            this.setProblem({ message: `Run status is not updating: ${text}${retry}`, fatal: false });
          }
        }
      }
    } catch (err) {
      this.services.log.error(`Watching runs stopped: ${errorText(err)}`);
    } finally {
      if (this.controller === controller) {
        this.controller = undefined;
        this.watchingKeys = '';
      }
      this.updateStatusBar();
    }
  }

  /** One budget per per-run backend (a new sign-in starts a new one); legacy polls keep the monitor's own. */
  private budgetFor(backend: CrawlerBackend): PollBudget | undefined {
    if (backend.pollCost !== 'per-run') return undefined;
    if (this.budget?.backend !== backend) {
      this.budget = { backend, budget: createPollBudget('per-run', monitorDefaults('per-run').minIntervalMs) };
    }
    return this.budget.budget;
  }

  /**
   * The backend as the monitor sees it, with each successful poll observed: a poll that answers
   * clears the problem, and a run the tenant leaves out poll after poll (the App API answers 404
   * for a deleted run, and the monitor would wait for it forever) is reported as gone.
   */
  private observed(backend: CrawlerBackend, controller: AbortController): CrawlerBackend {
    const getRuns: CrawlerBackend['getRuns'] = async (runs, options) => {
      const found = await backend.getRuns(runs, options);
      if (!controller.signal.aborted) this.onPolled(runs, found);
      return found;
    };
    return new Proxy(backend, {
      get: (target, property) => {
        if (property === 'getRuns') return getRuns;
        const value: unknown = Reflect.get(target, property, target);
        return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
      },
    });
  }

  private onPolled(asked: readonly RunRef[], found: ReadonlyMap<string, CrawlerRun>): void {
    const gone: RunRef[] = [];
    const stillMissing: RunRef[] = [];
    for (const ref of asked) {
      if (found.has(ref.id)) {
        this.misses.delete(ref.id);
        continue;
      }
      const miss = this.misses.get(ref.id) ?? { polls: 0, since: Date.now(), reported: false };
      miss.polls++;
      this.misses.set(ref.id, miss);
      if (miss.polls < MISSING_POLLS || Date.now() - miss.since < MISSING_MS) continue;
      stillMissing.push(ref);
      if (!miss.reported) gone.push(ref);
      miss.reported = true;
    }
    if (stillMissing.length === 0) {
      this.setProblem(undefined);
      return;
    }
    const first = stillMissing[0];
    const more = stillMissing.length > 1 ? ` (and ${stillMissing.length - 1} more)` : '';
    const message =
      `Atlan no longer reports run ${first.id} of ${first.workflowName}${more}: it may have been deleted. ` +
      'Refresh the workflow list, or open the workflow in Atlan.';
    this.setProblem({ message: `Run status is not updating: ${message}`, fatal: false });
    for (const ref of gone) {
      const key = [...this.held.entries()].find(([, h]) => h.ref.id === ref.id)?.[0];
      if (key) this.failures.fire({ error: new Error(message), key });
    }
  }

  private updateStatusBar(): void {
    const inFlight = new Set(this.services.store.inFlightRuns().map((r) => r.id));
    // A held run is in the store under its real id (a placeholder resolves to it): count it there, once.
    for (const [id, { finished }] of this.held) if (!finished && !this.services.store.run(id)) inFlight.add(id);
    if (inFlight.size === 0) {
      this.statusBar.hide();
      return;
    }
    this.statusBar.text = `${runPhaseCodicon('Running')} ${inFlight.size} Atlan run${inFlight.size === 1 ? '' : 's'}`;
    this.statusBar.tooltip = 'Postgres crawler runs in flight: click to show them';
    this.statusBar.show();
  }

  dispose(): void {
    this.controller?.abort();
    for (const d of this.disposables) d.dispose();
  }
}
