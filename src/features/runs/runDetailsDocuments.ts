import * as vscode from 'vscode';
import type { CrawlerRun } from '../../core/atlan/backend';
import { runDetailsMarkdown } from '../../core/format/runDetails';
import { tenantTools } from '../tenantTools';
import { describeRunChanges } from './catalogChanges';
import type { Services } from '../services';

const SCHEME = 'atlan-run';
const MAX_SHOWN = 50;
const LOOKING_UP = 'Looking up what changed in the catalog…';

/**
 * Run details as a read-only Markdown document shown in the Markdown preview: the run, its asset
 * counts and its steps with the failed one first. It reads the run from the workflow store, so an
 * open document follows a run in flight as the tree does; anything secret-shaped is redacted.
 */
export class RunDetailsDocuments implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;
  /**
   * The run each document shows (its last state: the store forgets runs the view no longer shows),
   * by path. Kept after the editor closes: a Markdown preview may read the document again later.
   */
  private readonly shown = new Map<string, CrawlerRun>();
  private readonly disposables: vscode.Disposable[] = [this.changed];
  /** What each succeeded run changed in the catalog (looked up once per run id), or the look-up in flight. */
  private readonly changes = new Map<string, string | undefined | Promise<void>>();

  constructor(private readonly services: Services) {
    const storeSub = services.store.onDidChange((change) => {
      for (const [path, run] of this.shown) {
        if (change.kind === 'all' || change.name === run.workflowName) this.changed.fire(uriOf(path));
      }
    });
    this.disposables.push({ dispose: () => storeSub.dispose() }, vscode.workspace.registerTextDocumentContentProvider(SCHEME, this));
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    const last = this.shown.get(uri.path);
    if (!last) return 'This run is no longer known: open its details again from the Postgres Workflows view.';
    const run = this.services.store.run(last.id) ?? last;
    this.shown.set(uri.path, run);
    const changes = this.catalogChanges(run, uri);
    const markdown = runDetailsMarkdown(run, {
      connectionName: this.services.store.get(run.workflowName)?.workflow.connectionName,
      surface: this.services.store.surface ?? 'workflows',
      ...(changes ? { catalogChanges: changes } : {}),
    });
    return tenantTools().redactText(markdown, [], 200_000);
  }

  /** The run's catalog changes once looked up; the first call starts the look-up and re-renders when it ends. */
  private catalogChanges(run: CrawlerRun, uri: vscode.Uri): string | undefined {
    if (run.phase !== 'Succeeded') return undefined;
    const known = this.changes.get(run.id);
    if (known instanceof Promise) return LOOKING_UP;
    if (this.changes.has(run.id)) return known;
    void this.lookUpChanges(run).then(() => this.changed.fire(uri));
    return LOOKING_UP;
  }

  /** Looks up what a succeeded run changed in the catalog, once per run (two requests). */
  private lookUpChanges(run: CrawlerRun): Promise<void> {
    const known = this.changes.get(run.id);
    if (known instanceof Promise) return known;
    if (this.changes.has(run.id) || run.phase !== 'Succeeded') return Promise.resolve();
    const lookup = describeRunChanges(this.services, run).then((text) => {
      this.changes.set(run.id, text);
    });
    this.changes.set(run.id, lookup);
    // Bounded like the documents: the oldest look-ups are forgotten first.
    for (const id of this.changes.keys()) if (this.changes.size > MAX_SHOWN) this.changes.delete(id);
    return lookup;
  }

  /** Opens the details of a run (its current state in the store, if it holds it); returns the document's URI. */
  async show(run: CrawlerRun): Promise<vscode.Uri> {
    const current = this.services.store.run(run.id) ?? run;
    // The document opens with what the run changed in the catalog: a preview does not always follow a later change.
    await this.lookUpChanges(current);
    const uri = vscode.Uri.from({ scheme: SCHEME, path: `/${current.workflowName}/${current.id}.md` });
    this.shown.delete(uri.path);
    this.shown.set(uri.path, current);
    // Bounded: the oldest details opened are the first forgotten.
    for (const path of this.shown.keys()) if (this.shown.size > MAX_SHOWN) this.shown.delete(path);
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.languages.setTextDocumentLanguage(doc, 'markdown');
    try {
      await vscode.commands.executeCommand('markdown.showPreview', uri);
    } catch (err) {
      // Without the built-in Markdown extension, the document itself still reads well.
      this.services.log.info(`No Markdown preview for Run details (${err instanceof Error ? err.message : String(err)}): showing the document`);
      await vscode.window.showTextDocument(doc, { preview: true });
    }
    return uri;
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}

function uriOf(path: string): vscode.Uri {
  return vscode.Uri.from({ scheme: SCHEME, path });
}
