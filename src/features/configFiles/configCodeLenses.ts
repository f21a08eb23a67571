import { parse, parseTree } from 'jsonc-parser';
import * as vscode from 'vscode';
import { isFinished, type CrawlerRun } from '../../core/atlan/backend';
import { recordedWorkflowFor } from '../../core/config/profiles';
import { CommandIds } from '../ids';
import type { Services } from '../services';
import { runPhaseCodicon } from '../tree/runPhaseIcon';

/**
 * Lenses above the crawler object: Submit (or Rerun once the file records its workflow),
 * Validate, Preview payload, Edit in form, Preview scope (trusted only), Open in Atlan, and the last run's phase, read from the
 * workflow store like every other view of a run. Lenses that send anything are hidden in
 * untrusted workspaces.
 */
export class ConfigCodeLenses implements vscode.CodeLensProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changed.event;
  /** Workflows the store does not hold whose latest run was asked for, this session. */
  private asked = new Set<string>();
  /** Their runs in flight, held in the RunWatcher so the store follows them to the end. */
  private readonly holds = new Map<string, { runId: string; hold: vscode.Disposable }>();
  private readonly disposables: vscode.Disposable[] = [this.changed];

  constructor(private readonly services: Services) {
    const storeSub = services.store.onDidChange((change) => {
      if (change.kind === 'workflow') this.holdWhileInFlight(change.name);
      else for (const name of this.holds.keys()) this.holdWhileInFlight(name);
      this.changed.fire();
    });
    this.disposables.push(
      { dispose: () => storeSub.dispose() },
      services.session.onDidChange(() => {
        this.asked = new Set();
        this.releaseAll();
        this.changed.fire();
      }),
      vscode.workspace.onDidGrantWorkspaceTrust(() => this.changed.fire()),
      // Submit / Rerun / Open in Atlan follow the workflow recorded for the active profile's tenant.
      services.activeProfile.onDidChange(() => this.changed.fire()),
    );
  }

  /** Holds the latest run of a workflow the lens asked for while it is in flight; the view's own runs are polled for the view. */
  private holdWhileInFlight(name: string): void {
    if (!this.asked.has(name)) return;
    const run = this.services.store.get(name) ? undefined : this.services.store.latestRunOf(name);
    const wanted = run && !isFinished(run) ? run.id : undefined;
    const current = this.holds.get(name);
    if (current?.runId === wanted) return;
    current?.hold.dispose();
    this.holds.delete(name);
    if (run && wanted) this.holds.set(name, { runId: wanted, hold: this.services.watcher.hold({ id: run.id, workflowName: name }) });
  }

  private releaseAll(): void {
    for (const { hold } of this.holds.values()) hold.dispose();
    this.holds.clear();
  }

  provideCodeLenses(document: vscode.TextDocument): vscode.CodeLens[] {
    const text = document.getText();
    const root = parseTree(text, [], { allowTrailingComma: true });
    if (!root || root.type !== 'object') return [];
    const value = parse(text, [], { allowTrailingComma: true }) as Record<string, unknown>;
    const workflow = recordedWorkflowFor(value, this.services.activeProfile.current());
    const at = new vscode.Range(document.positionAt(root.offset), document.positionAt(root.offset));
    const lens = (title: string, command: string, ...args: unknown[]) => new vscode.CodeLens(at, { title, command, arguments: args });
    const lenses: vscode.CodeLens[] = [];
    if (vscode.workspace.isTrusted) {
      lenses.push(
        workflow
          ? lens('$(debug-rerun) Rerun', CommandIds.rerun, { workflowName: workflow, configUri: document.uri })
          : lens('$(cloud-upload) Submit', CommandIds.submitConfig, document.uri),
      );
    }
    lenses.push(
      lens('$(check) Validate', CommandIds.validateConfig, document.uri),
      lens('$(json) Preview payload', CommandIds.previewPayload, document.uri),
      lens('$(edit) Edit in form', CommandIds.editInForm, document.uri),
    );
    // Connects to the database with the file's credential: trusted workspaces only.
    if (vscode.workspace.isTrusted) lenses.push(lens('$(list-tree) Preview scope', CommandIds.previewCrawlScope, document.uri));
    if (workflow) {
      lenses.push(lens('$(link-external) Open in Atlan', CommandIds.openInAtlan, { workflowName: workflow }));
      const run = this.latestRun(workflow);
      if (run) lenses.push(lens(runTitle(run), CommandIds.showRunDetails, { workflowName: workflow, runId: run.id }));
    }
    return lenses;
  }

  /** From the store; a workflow it does not hold has its latest run fetched into it once per session. */
  private latestRun(workflow: string): CrawlerRun | undefined {
    const { store } = this.services;
    if (store.get(workflow) || this.asked.has(workflow)) return store.latestRunOf(workflow);
    const state = this.services.session.state;
    if (state.kind !== 'signedIn') return undefined;
    this.asked.add(workflow);
    const asked = this.asked;
    void state.backend
      .latestRuns([workflow])
      .then((runs) => {
        // Signed out or switched tenant meanwhile: the answer belongs to another store.
        if (asked !== this.asked) return;
        const run = runs.get(workflow);
        if (run) store.applyRun(run);
      })
      .catch(async (err: unknown) => {
        this.services.log.warn(`Could not load the last run of ${workflow}: ${err instanceof Error ? err.message : String(err)}`);
        await this.services.session.noteError(err);
      });
    return store.latestRunOf(workflow);
  }

  dispose(): void {
    this.releaseAll();
    for (const d of this.disposables) d.dispose();
  }
}

function runTitle(run: CrawlerRun): string {
  const progress = !isFinished(run) && run.progress ? ` ${run.progress}` : '';
  return `${runPhaseCodicon(run.phase)} Last run: ${run.phase}${progress}`;
}
