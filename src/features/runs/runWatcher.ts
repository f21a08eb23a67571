import * as vscode from 'vscode';
import { isFinished, type CrawlerBackend, type CrawlerRun } from '../../core/atlan/backend';
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

/**
 * The one place that polls the tenant for run status: the in-flight runs of the store while the
 * view is visible, plus runs that a progress notification holds. One monitor, so one request per
 * poll for all of them on the legacy surface, and no polling at all when nothing needs it.
 */
export class RunWatcher implements vscode.Disposable {
  private readonly held = new Map<string, { ref: RunRef; holders: number; finished: boolean }>();
  private controller: AbortController | undefined;
  private watchingKeys = '';
  private readonly updates = new vscode.EventEmitter<RunUpdate>();
  readonly onDidUpdateRun = this.updates.event;
  private readonly statusBar: vscode.StatusBarItem;
  private readonly disposables: vscode.Disposable[] = [];

  private viewVisible: () => boolean = () => false;

  constructor(private readonly services: Omit<Services, 'watcher'>) {
    this.statusBar = vscode.window.createStatusBarItem('atlan.runs', vscode.StatusBarAlignment.Left, 10);
    this.statusBar.name = 'Atlan runs in flight';
    this.statusBar.command = CommandIds.focusView;
    const sub = services.store.onDidChange(() => this.kick());
    this.disposables.push(this.statusBar, this.updates, { dispose: () => sub.dispose() });
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

  /** Re-evaluates what to watch; restarts the monitor only when that set changed. */
  kick(): void {
    this.updateStatusBar();
    const state = this.services.session.state;
    const refs = state.kind === 'signedIn' ? this.wanted() : [];
    const keys = refs.map((r) => r.id).sort().join('\n');
    if (keys === this.watchingKeys && (this.controller || refs.length === 0)) return;
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
      for await (const change of tenantTools().monitorRuns(backend, refs, { signal: controller.signal })) {
        if (change.type === 'run') {
          this.services.store.applyRun(change.run, change.key);
          const held = this.held.get(change.key);
          if (held) {
            held.ref = { id: change.run.id, workflowName: change.run.workflowName };
            held.finished = isFinished(change.run.phase);
          }
          this.updates.fire({ key: change.key, run: change.run });
          if (isFinished(change.run.phase)) this.services.session.persist();
        } else {
          this.services.log.warn(`Watching runs: ${change.error.message}${change.retryInMs ? ` (retrying in ${Math.round(change.retryInMs / 1000)} s)` : ''}`);
          if (change.fatal) await this.services.session.noteError(change.error);
        }
      }
    } catch (err) {
      this.services.log.error(`Watching runs stopped: ${err instanceof Error ? err.message : String(err)}`);
    } finally {
      if (this.controller === controller) {
        this.controller = undefined;
        this.watchingKeys = '';
      }
      this.updateStatusBar();
    }
  }

  private updateStatusBar(): void {
    const inFlight = new Set(this.services.store.inFlightRuns().map((r) => r.id));
    for (const [id, { finished }] of this.held) if (!finished) inFlight.add(id);
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
