/**
 * One crawler form: a webview panel, its draft, and everything its buttons do. The extension
 * keeps the authoritative copy of the draft (the webview mirrors it in setState for window
 * reloads), posts nothing before the webview's `ready`, and validates every message both ways.
 */
import * as path from 'node:path';
import { parse } from 'jsonc-parser';
import * as vscode from 'vscode';
import { hasErrors, parseConfig } from '../../core/config/parse';
import { valueAt } from '../../core/config/translateIssues';
import { CommandIds } from '../ids';
import type { Services } from '../services';
import type { Prompts } from '../ui/prompts';
import { loadDirectory, runPreflight, sessionInfo, testConnection, type Catalog, type Directory, type Preflight, type TestResults } from './formChecks';
import { activeSecretFields, defaultSecretName, type SecretFieldName } from './formDraft';
import { formValue, loadFormFromFile, saveForm } from './formFile';
import { formHtml } from './formHtml';
import type { FormMessageObserver } from './formTestHook';
import { parseFromWebview, parseToWebview, type FormIssue, type FormState, type FromWebview, type ToWebview } from './protocol';
import { draftKey, type UnsavedDrafts } from './unsavedDrafts';

type Json = Record<string, unknown>;

export interface FormContext {
  services: Services;
  extensionUri: vscode.Uri;
  drafts: UnsavedDrafts;
}

const VALIDATE_DELAY_MS = 150;
const DRAFT_COPY_DELAY_MS = 400;

export class CrawlerFormPanel implements vscode.Disposable {
  private current: FormState;
  private baseValue: Json | undefined;
  private notes: string[];
  private ready = false;
  private disposed = false;
  /** Set when the extension closes the panel itself (shutdown, revive): no "unsaved changes" prompt. */
  private closingQuietly = false;
  private validateTimer: NodeJS.Timeout | undefined;
  private copyTimer: NodeJS.Timeout | undefined;
  private directory: Directory | undefined;
  private catalog: Catalog | undefined;
  private lastTest: TestResults | undefined;
  private lastPreflight: Preflight | undefined;
  private lastIssues: FormIssue[] = [];
  /** Test mode only (formTestHook.ts): told what is posted and received. */
  private readonly observer: FormMessageObserver | undefined;
  private readonly disposables: vscode.Disposable[] = [];
  private readonly closed = new vscode.EventEmitter<void>();
  readonly onDidClose = this.closed.event;

  constructor(
    readonly webviewPanel: vscode.WebviewPanel,
    private readonly ctx: FormContext,
    state: FormState,
    options: { baseValue?: Json; notes?: string[]; observer?: FormMessageObserver } = {},
  ) {
    this.current = state;
    this.observer = options.observer;
    this.baseValue = options.baseValue;
    this.notes = options.notes ?? [];
    const { services } = ctx;
    this.disposables.push(
      this.closed,
      webviewPanel.webview.onDidReceiveMessage((m: unknown) => void this.receive(m)),
      webviewPanel.onDidChangeViewState((e) => {
        // Without retainContextWhenHidden a hidden webview is gone; it says `ready` again when shown.
        if (!e.webviewPanel.visible) this.ready = false;
      }),
      webviewPanel.onDidDispose(() => this.onDisposed()),
      services.session.onDidChange(() => this.onSessionChanged()),
      vscode.workspace.onDidGrantWorkspaceTrust(() => this.post({ type: 'session', session: sessionInfo(services) })),
    );
    webviewPanel.webview.html = formHtml(webviewPanel.webview, ctx.extensionUri);
    this.updateTitle();
  }

  get state(): FormState {
    return this.current;
  }

  get fileUri(): vscode.Uri | undefined {
    return this.current.fileUri ? vscode.Uri.parse(this.current.fileUri) : undefined;
  }

  get dirty(): boolean {
    return JSON.stringify(this.current.draft) !== JSON.stringify(this.current.initialDraft);
  }

  private get label(): string {
    const file = this.fileUri ? path.basename(this.fileUri.fsPath) : undefined;
    return this.current.draft.connectionName || file || 'New crawler';
  }

  private updateTitle(): void {
    this.webviewPanel.title = `${this.dirty ? '● ' : ''}Crawler: ${this.label}`;
  }

  private post(message: ToWebview): void {
    if (!this.ready || this.disposed) return;
    // The same schema the webview checks with: a malformed message is a bug here, not there.
    const checked = parseToWebview(message);
    if (!checked.ok) {
      this.ctx.services.log.error(`Crawler form: refused to post a malformed "${message.type}" message (${checked.error})`);
      return;
    }
    this.observer?.posted(checked.message);
    void this.webviewPanel.webview.postMessage(checked.message);
  }

  /** Handles one message from the webview (the listener, and tests, call this). */
  async receive(raw: unknown): Promise<void> {
    const parsed = parseFromWebview(raw);
    if (!parsed.ok) {
      // Never log the message itself: it may be a storeSecret.
      this.ctx.services.log.warn(`Crawler form: ignored an invalid message from the webview (${parsed.error})`);
      this.post({ type: 'error', message: `The form sent something the extension does not understand (${parsed.error}).` });
      return;
    }
    const message = parsed.message;
    this.observer?.received(message.type);
    try {
      await this.handle(message);
    } catch (err) {
      const text = err instanceof Error ? err.message : String(err);
      this.ctx.services.log.error(`Crawler form: ${message.type} failed: ${text}`);
      this.post({ type: 'error', message: text });
    }
  }

  private async handle(message: FromWebview): Promise<void> {
    switch (message.type) {
      case 'ready':
        return this.onReady(message.state);
      case 'draftChanged':
        if (message.rev < this.current.rev) return;
        this.current = { ...this.current, draft: message.draft, rev: message.rev };
        return this.onDraftChanged();
      case 'storeSecret':
        return this.storeSecret(message.field, message.name, message.value);
      case 'moveLiteralSecret':
        return this.moveLiteralSecret(message.field, message.name);
      case 'testConnection':
        return this.busy('testConnection', async () => {
          const results = await testConnection(this.current.draft, this.ctx.services, this.ctx.extensionUri.fsPath, (catalog) => {
            this.catalog = catalog;
            this.post({ type: 'catalog', databases: catalog });
          });
          this.lastTest = results;
          this.post({ type: 'testResult', results });
        });
      case 'runPreflight':
        return this.busy('runPreflight', async () => {
          this.lastPreflight = await runPreflight(this.current.draft, this.ctx.services, this.ctx.extensionUri.fsPath);
          this.post({ type: 'preflightResult', ...this.lastPreflight });
        });
      case 'loadDirectory':
        return this.refreshDirectory();
      case 'save':
        return this.busy('save', async () => void (await this.save()));
      case 'saveAndSubmit':
        return this.busy('save', () => this.saveAndSubmit());
      case 'previewPayload':
        await vscode.commands.executeCommand(CommandIds.previewPayload, {
          title: this.label,
          configText: JSON.stringify(formValue(this.current, this.baseValue)),
        });
        return;
      case 'previewScope':
        await vscode.commands.executeCommand(CommandIds.previewCrawlScope, {
          title: this.label,
          configText: JSON.stringify(formValue(this.current, this.baseValue)),
        });
        return;
      case 'signIn':
        await vscode.commands.executeCommand(CommandIds.signIn);
        return;
      case 'openFile':
        if (this.fileUri) await vscode.window.showTextDocument(this.fileUri, { viewColumn: vscode.ViewColumn.Beside });
        return;
      case 'reloadFromFile':
        return this.reloadFromFile();
    }
  }

  private async onReady(webviewState: FormState | undefined): Promise<void> {
    // The webview's own copy wins when it is newer (edits not yet posted when it was hidden).
    if (webviewState && webviewState.rev > this.current.rev && webviewState.fileUri === this.current.fileUri) this.current = webviewState;
    this.ready = true;
    this.post({
      type: 'init',
      state: this.current,
      ...(this.fileUri ? { fileName: path.basename(this.fileUri.fsPath) } : {}),
      session: sessionInfo(this.ctx.services),
      secrets: await this.secretStatus(),
      notes: this.notes,
    });
    // What the previous webview had shown, so hiding the panel loses nothing.
    if (this.catalog) this.post({ type: 'catalog', databases: this.catalog });
    if (this.lastTest) this.post({ type: 'testResult', results: this.lastTest });
    if (this.lastPreflight) this.post({ type: 'preflightResult', ...this.lastPreflight });
    if (this.directory) this.post({ type: 'directory', ...this.directory });
    else void this.refreshDirectory();
    this.validate();
  }

  private onDraftChanged(): void {
    this.updateTitle();
    this.scheduleValidation();
    clearTimeout(this.copyTimer);
    this.copyTimer = setTimeout(() => void this.keepUnsavedCopy(), DRAFT_COPY_DELAY_MS);
  }

  private async keepUnsavedCopy(): Promise<void> {
    if (this.dirty) await this.ctx.drafts.put(this.current, this.label);
    else await this.ctx.drafts.delete(draftKey(this.current));
  }

  private scheduleValidation(): void {
    clearTimeout(this.validateTimer);
    this.validateTimer = setTimeout(() => this.validate(), VALIDATE_DELAY_MS);
  }

  /** parseConfig on what Save would write; issues go to the fields they are about. */
  private validate(): void {
    clearTimeout(this.validateTimer);
    const value = formValue(this.current, this.baseValue);
    const { issues } = parseConfig(JSON.stringify(value));
    this.lastIssues = issues.map((i) => ({ path: i.path, code: i.code, message: i.message, severity: i.severity }));
    this.post({ type: 'validation', rev: this.current.rev, issues: this.lastIssues });
    void this.secretStatus().then((secrets) => this.post({ type: 'secretStatus', secrets }));
  }

  /** Stored or not, for every secret name the draft uses (and the default names it would use). */
  private async secretStatus(): Promise<Record<string, boolean>> {
    const draft = this.current.draft;
    const names = new Set<string>();
    for (const field of activeSecretFields(draft.extraction.authType)) {
      const value = draft.extraction[field];
      if (value.kind === 'ref') names.add(value.name || defaultSecretName(draft.connectionName, field));
    }
    const out: Record<string, boolean> = {};
    for (const name of names) {
      try {
        out[name] = await this.ctx.services.secrets.has(name);
      } catch {
        out[name] = false; // an invalid name: validation says why
      }
    }
    return out;
  }

  private async storeSecret(field: SecretFieldName, name: string, value: string): Promise<void> {
    await this.ctx.services.secrets.store(name, value);
    this.ctx.services.log.info(`Crawler form: stored the secret "${name}" in VS Code secret storage`);
    this.setSecretRef(field, name);
    this.post({ type: 'secretStatus', secrets: await this.secretStatus() });
  }

  /** The plain-text value in the file goes to SecretStorage; Save then writes the reference. */
  private async moveLiteralSecret(field: SecretFieldName, name: string): Promise<void> {
    const uri = this.fileUri;
    if (!uri) throw new Error('This form has no file to read the value from.');
    const document = await vscode.workspace.openTextDocument(uri);
    const literal = valueAt(parse(document.getText(), [], { allowTrailingComma: true }), ['extraction', 'auth', field]);
    if (typeof literal !== 'string' || literal === '') throw new Error(`The file no longer holds a plain-text value at extraction.auth.${field}.`);
    await this.ctx.services.secrets.store(name, literal);
    this.ctx.services.log.info(`Crawler form: moved extraction.auth.${field} of ${path.basename(uri.fsPath)} to the secret "${name}"`);
    this.setSecretRef(field, name);
    this.notes = this.notes.filter((n) => !n.includes('plain text'));
    this.post({ type: 'draftReplaced', state: this.current });
    this.post({ type: 'secretStatus', secrets: await this.secretStatus() });
  }

  private setSecretRef(field: SecretFieldName, name: string): void {
    const draft = structuredClone(this.current.draft);
    draft.extraction[field] = { kind: 'ref', name };
    this.current = { ...this.current, draft, rev: this.current.rev + 1 };
    this.onDraftChanged();
  }

  private async busy(action: string, work: () => Promise<void>): Promise<void> {
    this.post({ type: 'busy', action, busy: true });
    try {
      await work();
    } finally {
      this.post({ type: 'busy', action, busy: false });
    }
  }

  private async refreshDirectory(): Promise<void> {
    try {
      this.directory = await loadDirectory(this.ctx.services);
    } catch (err) {
      this.directory = { roles: [], groups: [], users: [], note: `Could not load the tenant's directory: ${err instanceof Error ? err.message : String(err)}` };
    }
    this.post({ type: 'directory', ...this.directory });
  }

  private onSessionChanged(): void {
    this.post({ type: 'session', session: sessionInfo(this.ctx.services) });
    this.directory = undefined;
    void this.refreshDirectory();
  }

  /** Saves; returns the file, or undefined when the user cancelled the save dialog. */
  async save(): Promise<vscode.Uri | undefined> {
    const saved = await saveForm(this.current, this.ctx.services.prompts);
    if (!saved) return undefined;
    const wasKey = draftKey(this.current);
    const { targetUri: _done, ...rest } = this.current;
    this.current = { ...rest, fileUri: saved.uri.toString(), initialDraft: structuredClone(this.current.draft), rev: this.current.rev + 1 };
    this.baseValue = saved.value;
    this.notes = [];
    await this.ctx.drafts.delete(wasKey);
    await this.ctx.drafts.delete(draftKey(this.current));
    this.updateTitle();
    this.post({ type: 'saved', state: this.current, fileName: path.basename(saved.uri.fsPath) });
    this.validate();
    return saved.uri;
  }

  private async saveAndSubmit(): Promise<void> {
    const uri = await this.save();
    if (!uri) return;
    const document = await vscode.workspace.openTextDocument(uri);
    const errors = parseConfig(document.getText()).issues.filter((i) => i.severity === 'error');
    if (hasErrors(errors)) {
      throw new Error(`Saved, but not submitted: the configuration has ${errors.length} problem${errors.length === 1 ? '' : 's'} to fix first (${errors[0].message}).`);
    }
    if (!vscode.workspace.isTrusted) throw new Error('Saved, but not submitted: submitting needs a trusted workspace.');
    await vscode.commands.executeCommand(CommandIds.submitConfig, uri);
  }

  private async reloadFromFile(): Promise<void> {
    const uri = this.fileUri;
    if (!uri) return;
    const loaded = await loadFormFromFile(uri);
    this.current = { ...loaded.state, rev: this.current.rev + 1 };
    this.baseValue = loaded.baseValue;
    this.notes = loaded.notes;
    this.updateTitle();
    await this.ctx.drafts.delete(draftKey(this.current));
    this.post({ type: 'draftReplaced', state: this.current });
    this.validate();
  }

  /** Replaces the draft (restoring an unsaved copy). */
  restoreDraft(state: FormState): void {
    this.current = { ...state, rev: Math.max(state.rev, this.current.rev) + 1 };
    this.post({ type: 'draftReplaced', state: this.current });
    this.onDraftChanged();
  }

  private onDisposed(): void {
    this.disposed = true;
    clearTimeout(this.validateTimer);
    clearTimeout(this.copyTimer);
    const unsaved = this.dirty && !this.closingQuietly;
    if (this.dirty) void this.ctx.drafts.put(this.current, this.label);
    this.closed.fire();
    for (const d of this.disposables) d.dispose();
    if (unsaved) void offerRestore(this.ctx.services.prompts, this.label, draftKey(this.current));
  }

  /** Closes without the unsaved-changes prompt (the copy is kept all the same). */
  closeQuietly(): void {
    this.closingQuietly = true;
    this.webviewPanel.dispose();
  }

  dispose(): void {
    this.closeQuietly();
  }
}

/** VS Code has no veto on closing a panel: say what was kept and offer it back. */
async function offerRestore(prompts: Prompts, label: string, key: string): Promise<void> {
  const choice = await prompts.message(
    'warning',
    `The crawler form "${label}" was closed with unsaved changes. They are kept: restore them now, or later with "Atlan: Restore Unsaved Crawler Form".`,
    {},
    'Restore',
    'Discard',
  );
  if (choice) await vscode.commands.executeCommand(CommandIds.restoreUnsavedForm, { key, discard: choice === 'Discard' });
}
