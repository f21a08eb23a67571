/**
 * "Preview payload": the workflow a configuration builds, secrets redacted, in a read-only
 * editor (`atlan-preview:` documents). Secret values are never read for it: placeholders go into
 * the builder and come out redacted. Admin role names become ids when signed in.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { Surface } from '../../core/atlan/backend';
import { formatPath } from '../../core/config/issues';
import { configForProfile, profileProblem } from '../../core/config/profiles';
import { parseConfig } from '../../core/config/parse';
import { listSecretRefs } from '../../core/config/secrets';
import { buildCrawler } from '../../core/workflow/build';
import { epochOf } from '../../core/workflow/postgres';
import { redactCrawler } from '../../core/workflow/redact';
import type { Services } from '../services';
import { PREVIEW_SCHEME } from './configDocuments';


/** What the preview command accepts: a config file, or the text of a form's draft. */
export type PreviewSource = vscode.Uri | { title: string; configText: string };

export class PayloadPreviewProvider implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;
  /** Form drafts by preview path (a form's preview refreshes in place). */
  private readonly drafts = new Map<string, string>();
  private readonly disposables: vscode.Disposable[] = [this.changed];
  private readonly timers = new Map<string, NodeJS.Timeout>();
  /** Previews out of date while no editor shows them: rebuilt when one does, not before. */
  private readonly stale = new Set<string>();

  constructor(private readonly services: Services) {
    // Previews of a file follow its edits; all previews follow sign-in (role ids, surface) and
    // the active profile (its overrides and recorded workflow).
    this.disposables.push(
      vscode.workspace.onDidChangeTextDocument((e) => this.refreshFor(e.document.uri)),
      services.session.onDidChange(() => this.refreshAll()),
      services.activeProfile.onDidChange(() => this.refreshAll()),
      vscode.window.onDidChangeVisibleTextEditors((editors) => this.refreshShown(editors)),
    );
  }

  /** The preview document's URI for a source (stable, so a second preview reuses the editor). */
  uriFor(source: PreviewSource): vscode.Uri {
    if (source instanceof vscode.Uri) {
      const name = path.basename(source.path).replace(/\.json$/, '');
      return vscode.Uri.from({ scheme: PREVIEW_SCHEME, path: `/${name}.payload.jsonc`, query: `file=${encodeURIComponent(source.toString())}` });
    }
    const name = source.title.replace(/[^A-Za-z0-9._-]+/g, '-') || 'crawler';
    const uri = vscode.Uri.from({ scheme: PREVIEW_SCHEME, path: `/${name}.form.payload.jsonc`, query: 'form' });
    this.drafts.set(uri.path, source.configText);
    this.changed.fire(uri);
    return uri;
  }

  private fileOf(uri: vscode.Uri): vscode.Uri | undefined {
    const match = /^file=(.*)$/.exec(uri.query);
    return match ? vscode.Uri.parse(decodeURIComponent(match[1])) : undefined;
  }

  private refreshFor(source: vscode.Uri): void {
    for (const document of vscode.workspace.textDocuments) {
      if (document.uri.scheme !== PREVIEW_SCHEME || this.fileOf(document.uri)?.toString() !== source.toString()) continue;
      const key = document.uri.toString();
      clearTimeout(this.timers.get(key));
      this.timers.set(key, setTimeout(() => this.refresh(document.uri), 300));
    }
  }

  private refreshAll(): void {
    for (const document of vscode.workspace.textDocuments) if (document.uri.scheme === PREVIEW_SCHEME) this.refresh(document.uri);
  }

  /**
   * Rebuilds a preview an editor shows now; one that only lingers among the open documents (its
   * tab closed, or behind another) waits until it is shown, so it costs the tenant no request.
   */
  private refresh(uri: vscode.Uri): void {
    const key = uri.toString();
    if (vscode.window.visibleTextEditors.some((e) => e.document.uri.toString() === key)) {
      this.stale.delete(key);
      this.changed.fire(uri);
    } else {
      this.stale.add(key);
    }
  }

  private refreshShown(editors: readonly vscode.TextEditor[]): void {
    for (const editor of editors) if (this.stale.delete(editor.document.uri.toString())) this.changed.fire(editor.document.uri);
  }

  async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    const file = this.fileOf(uri);
    if (file) {
      try {
        const document = await vscode.workspace.openTextDocument(file);
        return await buildPreviewText(document.getText(), path.basename(file.path), this.services);
      } catch (err) {
        return `// Could not read ${file.fsPath}: ${err instanceof Error ? err.message : String(err)}\n`;
      }
    }
    const draft = this.drafts.get(uri.path);
    if (draft === undefined) return '// This preview is gone: preview the form again.\n';
    return buildPreviewText(draft, 'the form (unsaved changes included)', this.services);
  }

  dispose(): void {
    for (const t of this.timers.values()) clearTimeout(t);
    for (const d of this.disposables) d.dispose();
  }
}

const PLACEHOLDER_SECRET = 'preview-placeholder';

/** The redacted payload as commented JSON, or comments saying why there is none. */
export async function buildPreviewText(configText: string, label: string, services: Services): Promise<string> {
  const parsed = parseConfig(configText);
  const { issues } = parsed;
  // As the active profile's tenant would receive it: its overrides and its recorded workflow.
  const profile = services.activeProfile.current();
  const problem = parsed.config && profile !== undefined ? profileProblem(parsed.config, profile) : undefined;
  if (problem !== undefined) return `// No payload for the profile "${profile ?? ''}": ${problem}.\n`;
  const config = parsed.config && configForProfile(parsed.config, profile);
  if (!config) {
    const errors = issues.filter((i) => i.severity === 'error');
    return [
      `// No payload: ${label} has ${errors.length} error${errors.length === 1 ? '' : 's'} to fix first.`,
      ...errors.map((i) => `// - ${i.message}`),
      '',
    ].join('\n');
  }
  const state = services.session.state;
  const surface: Surface = state.kind === 'signedIn' ? state.surface : 'workflows';
  const roles = config.admins.roles ?? [];
  let adminRoleIds = roles.map((r) => `<id of role ${r}>`);
  let roleNote = roles.length === 0 ? 'no admin roles' : 'admin roles as placeholders (sign in to resolve them to ids)';
  if (state.kind === 'signedIn' && roles.length > 0) {
    try {
      adminRoleIds = await state.client.resolveRoleIds(roles);
      roleNote = `admin roles resolved to ids on ${state.client.origin}`;
    } catch (err) {
      await services.session.noteError(err);
      roleNote = `admin roles as placeholders: ${err instanceof Error ? err.message : String(err)}`;
    }
  }
  const secrets = new Map(listSecretRefs(config).map((ref) => [ref.name, PLACEHOLDER_SECRET]));
  const recordedEpoch = config.workflow !== undefined ? epochOf(config.workflow) : undefined;
  const epoch = recordedEpoch ?? Math.floor(Date.now() / 1000);
  // A recorded crawler keeps its own name, the UI's `atlan-postgres-default-postgres-<epoch>` included.
  const workflowName = recordedEpoch !== undefined ? config.workflow : undefined;
  try {
    const built = redactCrawler(buildCrawler(config, { epoch, adminRoleIds, secrets, ...(workflowName ? { workflowName } : {}) }, surface));
    const body = built.surface === 'apps' ? built.body : built.workflow;
    return [
      `// Preview of what ${label} sends to ${surface === 'apps' ? 'the App API (POST v1/app)' : 'the package-workflow API'}${profile !== undefined ? `, with the overrides of the profile "${profile}"` : ''}.`,
      `// Secrets are redacted; ${roleNote}.${state.kind === 'signedIn' ? '' : ' Signed out: shown for the workflows API.'}`,
      ...issues.map((i) => `// Warning: ${formatPath(i.path)}: ${i.message}`),
      JSON.stringify(body, null, 2),
      '',
    ].join('\n');
  } catch (err) {
    return `// No payload for the ${surface === 'apps' ? 'App API' : 'workflows API'}: ${err instanceof Error ? err.message : String(err)}\n`;
  }
}

export async function showPreview(provider: PayloadPreviewProvider, source: PreviewSource): Promise<vscode.TextEditor> {
  const uri = provider.uriFor(source);
  const document = await vscode.workspace.openTextDocument(uri);
  return vscode.window.showTextDocument(document, { preview: true, viewColumn: vscode.ViewColumn.Beside, preserveFocus: false });
}
