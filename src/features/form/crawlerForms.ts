/**
 * The open crawler forms: opening (new, from a file), restoring unsaved copies, and reviving
 * forms after a window reload. Loaded lazily with the rest of the config tools.
 */
import * as vscode from 'vscode';
import { CONFIG_FILE_SUFFIX } from '../../core/config/names';
import { CrawlerFormPanel, type FormContext } from './crawlerFormPanel';
import { loadFormFromFile, newFormState } from './formFile';
import { formWebviewOptions } from './formHtml';
import { testHookOf, withTestHook, type CrawlerFormTestHook, type FormMessageObserver } from './formTestHook';
import { FORM_VIEW_TYPE } from './formViewType';
import { FormStateSchema, type FormState } from './protocol';
import { UnsavedDrafts, type UnsavedDraft } from './unsavedDrafts';
import type { Services } from '../services';

export function createCrawlerForms(services: Services, context: vscode.ExtensionContext): CrawlerForms {
  const ctx = { services, extensionUri: context.extensionUri, drafts: new UnsavedDrafts(context.workspaceState) };
  return new CrawlerForms(ctx, context.extensionMode === vscode.ExtensionMode.Test);
}

export class CrawlerForms implements vscode.Disposable {
  private readonly open = new Set<CrawlerFormPanel>();

  /** testMode: panels get a test hook (formTestHook.ts), which testHookOf returns. */
  constructor(
    private readonly ctx: FormContext,
    private readonly testMode = false,
  ) {}

  /** The hook integration tests drive a panel through (test mode only). */
  testHookOf(panel: CrawlerFormPanel): CrawlerFormTestHook | undefined {
    return testHookOf(panel);
  }

  private newPanel(panel: vscode.WebviewPanel, state: FormState, options: { baseValue?: Record<string, unknown>; notes?: string[] }): CrawlerFormPanel {
    const create = (observer?: FormMessageObserver): CrawlerFormPanel => new CrawlerFormPanel(panel, this.ctx, state, { ...options, ...(observer ? { observer } : {}) });
    return this.track(this.testMode ? withTestHook(create) : create());
  }

  private track(panel: CrawlerFormPanel): CrawlerFormPanel {
    this.open.add(panel);
    panel.onDidClose(() => this.open.delete(panel));
    return panel;
  }

  private createPanel(state: FormState, options: { baseValue?: Record<string, unknown>; notes?: string[] } = {}): CrawlerFormPanel {
    const panel = vscode.window.createWebviewPanel(FORM_VIEW_TYPE, 'Crawler', vscode.ViewColumn.Active, formWebviewOptions(this.ctx.extensionUri));
    return this.newPanel(panel, state, options);
  }

  private forFile(uri: vscode.Uri): CrawlerFormPanel | undefined {
    return [...this.open].find((p) => p.fileUri?.toString() === uri.toString());
  }

  openNew(target?: vscode.Uri): CrawlerFormPanel {
    // A folder (explorer context menu) means "ask for the name in it"; a file path is used as is.
    const file = target && target.path.endsWith(CONFIG_FILE_SUFFIX) ? target : undefined;
    return this.createPanel(newFormState(file));
  }

  async editFile(uri?: vscode.Uri): Promise<CrawlerFormPanel | undefined> {
    const target = uri ?? vscode.window.activeTextEditor?.document.uri;
    if (!target || !target.path.endsWith(CONFIG_FILE_SUFFIX)) {
      void this.ctx.services.prompts.message('error', `Open a *${CONFIG_FILE_SUFFIX} file first, or pass one to "Edit in Form".`, {});
      return undefined;
    }
    const existing = this.forFile(target);
    if (existing) {
      existing.webviewPanel.reveal();
      return existing;
    }
    const loaded = await loadFormFromFile(target);
    const panel = this.createPanel(loaded.state, { ...(loaded.baseValue ? { baseValue: loaded.baseValue } : {}), notes: loaded.notes });
    const unsaved = this.ctx.drafts.get(target.toString());
    if (unsaved) void this.offerUnsaved(panel, unsaved);
    return panel;
  }

  private async offerUnsaved(panel: CrawlerFormPanel, unsaved: UnsavedDraft): Promise<void> {
    const when = new Date(unsaved.savedAt).toLocaleString();
    const choice = await this.ctx.services.prompts.message('info', `"${unsaved.label}" has unsaved form changes from ${when}. Restore them?`, {}, 'Restore', 'Discard');
    if (choice === 'Restore') panel.restoreDraft(unsaved.state);
    if (choice === 'Discard') await this.ctx.drafts.delete(unsaved.key);
  }

  async restoreUnsaved(arg?: { key?: string; discard?: boolean }): Promise<CrawlerFormPanel | undefined> {
    let record: UnsavedDraft | undefined;
    if (arg?.key !== undefined) record = this.ctx.drafts.get(arg.key);
    else {
      const all = this.ctx.drafts.list();
      if (all.length === 0) {
        void this.ctx.services.prompts.message('info', 'There are no unsaved crawler forms.', {});
        return undefined;
      }
      const pick = await this.ctx.services.prompts.quickPick(
        all.map((r) => ({ label: r.label, description: new Date(r.savedAt).toLocaleString(), detail: r.state.fileUri ? vscode.Uri.parse(r.state.fileUri).fsPath : 'new crawler', record: r })),
        { title: 'Restore an unsaved crawler form' },
      );
      record = pick?.record;
    }
    if (!record) return undefined;
    if (arg?.discard) {
      await this.ctx.drafts.delete(record.key);
      return undefined;
    }
    const fileUri = record.state.fileUri ? vscode.Uri.parse(record.state.fileUri) : undefined;
    const open = fileUri ? this.forFile(fileUri) : undefined;
    if (open) {
      open.restoreDraft(record.state);
      open.webviewPanel.reveal();
      return open;
    }
    const base = fileUri ? await loadFormFromFile(fileUri).catch(() => undefined) : undefined;
    return this.createPanel(record.state, base?.baseValue ? { baseValue: base.baseValue } : {});
  }

  /** A fresh panel revived from a state, as after a window reload (integration tests). */
  reviveInNewPanel(raw: unknown): Promise<CrawlerFormPanel> {
    return this.revive(vscode.window.createWebviewPanel(FORM_VIEW_TYPE, 'Crawler', vscode.ViewColumn.Active, formWebviewOptions(this.ctx.extensionUri)), raw);
  }

  /** After a window reload: the webview's own state brings the form back. */
  async revive(panel: vscode.WebviewPanel, raw: unknown): Promise<CrawlerFormPanel> {
    panel.webview.options = formWebviewOptions(this.ctx.extensionUri);
    const parsed = FormStateSchema.safeParse(raw);
    const state = parsed.success ? parsed.data : newFormState();
    const fileUri = state.fileUri ? vscode.Uri.parse(state.fileUri) : undefined;
    const base = fileUri ? await loadFormFromFile(fileUri).catch(() => undefined) : undefined;
    const notes = parsed.success ? [] : ['The form could not be restored after the reload; it starts empty.'];
    return this.newPanel(panel, state, { ...(base?.baseValue ? { baseValue: base.baseValue } : {}), notes });
  }

  dispose(): void {
    for (const panel of [...this.open]) panel.closeQuietly();
  }
}
