import { parse, parseTree } from 'jsonc-parser';
import * as vscode from 'vscode';
import { isFinished, type CrawlerRun } from '../../core/atlan/backend';
import { CommandIds } from '../ids';
import type { Services } from '../services';
import { runPhaseCodicon } from '../tree/runPhaseIcon';

/**
 * Lenses above the crawler object: Submit (or Rerun once the file records its workflow),
 * Validate, Preview payload, Edit in form, Open in Atlan, and the last run's phase, which follows
 * the workflow store while it runs. Lenses that send anything are hidden in untrusted workspaces.
 */
export class ConfigCodeLenses implements vscode.CodeLensProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changed.event;
  /** Latest runs fetched for workflows the store does not hold, per signed-in client. */
  private fetched = new Map<string, CrawlerRun | null>();
  /** Fetched runs in flight, held in the RunWatcher so their lens follows them to the end. */
  private readonly holds = new Map<string, vscode.Disposable>();
  private readonly disposables: vscode.Disposable[] = [this.changed];

  constructor(private readonly services: Services) {
    const storeSub = services.store.onDidChange(() => this.changed.fire());
    this.disposables.push(
      { dispose: () => storeSub.dispose() },
      services.session.onDidChange(() => {
        this.fetched = new Map();
        this.releaseAll();
        this.changed.fire();
      }),
      services.watcher.onDidUpdateRun((u) => this.follow(u.key, u.run)),
      vscode.workspace.onDidGrantWorkspaceTrust(() => this.changed.fire()),
    );
  }

  /** A run update from the watcher (a held run, or one a notification watches) for a fetched workflow. */
  private follow(key: string, run: CrawlerRun): void {
    const name = run.workflowName;
    if (!this.fetched.has(name) || this.services.store.get(name)) return;
    const current = this.fetched.get(name);
    const same = current && (current.id === run.id || current.id === key);
    // A run started after the one shown (a rerun) becomes the last run.
    if (current && !same && (run.startedAt ?? '') < (current.startedAt ?? '')) return;
    this.fetched.set(name, run);
    this.holdWhileInFlight(name, run);
    this.changed.fire();
  }

  private holdWhileInFlight(name: string, run: CrawlerRun | undefined): void {
    this.holds.get(name)?.dispose();
    this.holds.delete(name);
    if (run && !isFinished(run.phase)) this.holds.set(name, this.services.watcher.hold({ id: run.id, workflowName: name }));
  }

  private releaseAll(): void {
    for (const hold of this.holds.values()) hold.dispose();
    this.holds.clear();
  }

  provideCodeLenses(document: vscode.TextDocument): vscode.CodeLens[] {
    const text = document.getText();
    const root = parseTree(text, [], { allowTrailingComma: true });
    if (!root || root.type !== 'object') return [];
    const value = parse(text, [], { allowTrailingComma: true }) as Record<string, unknown>;
    const workflow = typeof value.workflow === 'string' && value.workflow !== '' ? value.workflow : undefined;
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
    if (workflow) {
      lenses.push(lens('$(link-external) Open in Atlan', CommandIds.openInAtlan, { workflowName: workflow }));
      const run = this.latestRun(workflow);
      if (run) lenses.push(lens(runTitle(run), CommandIds.focusView));
    }
    return lenses;
  }

  /** From the store, else fetched once per session and then followed through the watcher while it is in flight. */
  private latestRun(workflow: string): CrawlerRun | undefined {
    const stored = this.services.store.get(workflow)?.latestRun;
    if (stored) return stored;
    const state = this.services.session.state;
    if (state.kind !== 'signedIn') return undefined;
    if (this.fetched.has(workflow)) return this.fetched.get(workflow) ?? undefined;
    this.fetched.set(workflow, null);
    const cache = this.fetched;
    void state.backend
      .latestRuns([workflow])
      .then((runs) => {
        if (cache !== this.fetched) return;
        // A watcher update may have arrived first, and is newer.
        const run = cache.get(workflow) ?? runs.get(workflow);
        cache.set(workflow, run ?? null);
        this.holdWhileInFlight(workflow, run);
        this.changed.fire();
      })
      .catch(async (err: unknown) => {
        this.services.log.warn(`Could not load the last run of ${workflow}: ${err instanceof Error ? err.message : String(err)}`);
        await this.services.session.noteError(err);
      });
    return undefined;
  }

  dispose(): void {
    this.releaseAll();
    for (const d of this.disposables) d.dispose();
  }
}

function runTitle(run: CrawlerRun): string {
  const progress = !isFinished(run.phase) && run.progress ? ` ${run.progress}` : '';
  return `${runPhaseCodicon(run.phase)} Last run: ${run.phase}${progress}`;
}
