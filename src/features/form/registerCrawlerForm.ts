import * as vscode from 'vscode';
import { loadConfigTools } from '../configFiles/configToolsLoader';
import { CommandIds } from '../ids';
import type { Services } from '../services';
import type { CrawlerForms } from './crawlerForms';
import type { CrawlerFormPanel } from './crawlerFormPanel';
import { FORM_VIEW_TYPE } from './formViewType';

/** Test-only command (registered in test mode): revives a form from a webview state in a new panel, as a window reload does. */
export const REVIVE_FOR_TEST_COMMAND = 'atlan.crawlerForm.reviveForTest';

/**
 * The crawler form: "New Crawler Configuration", "Edit in Form", restoring unsaved forms, and
 * reviving open forms after a window reload. The form itself loads from dist/configTools.js on
 * first use. In test mode the commands return the panel's test hook (formTestHook.ts).
 */
export function registerCrawlerForm(context: vscode.ExtensionContext, services: Services): void {
  let forms: CrawlerForms | undefined;
  const formsOf = (): CrawlerForms => (forms ??= loadConfigTools(context.extensionPath).createCrawlerForms(services, context));
  // The workbench cannot serialise a panel: it goes back to callers in test mode only.
  const testMode = context.extensionMode === vscode.ExtensionMode.Test;
  const handle = async (panel: Promise<CrawlerFormPanel | undefined> | CrawlerFormPanel | undefined) => {
    const opened = await panel;
    return testMode && opened ? formsOf().testHookOf(opened) : undefined;
  };
  const uriArg = (value: unknown) => (value instanceof vscode.Uri ? value : undefined);
  context.subscriptions.push(
    { dispose: () => forms?.dispose() },
    vscode.commands.registerCommand(CommandIds.newCrawler, (target?: unknown) => handle(formsOf().openNew(uriArg(target)))),
    vscode.commands.registerCommand(CommandIds.editInForm, (uri?: unknown) => handle(formsOf().editFile(uriArg(uri)))),
    vscode.commands.registerCommand(CommandIds.restoreUnsavedForm, (arg?: { key?: string; discard?: boolean }) => handle(formsOf().restoreUnsaved(arg))),
    vscode.window.registerWebviewPanelSerializer(FORM_VIEW_TYPE, {
      deserializeWebviewPanel: async (panel, state: unknown) => void (await formsOf().revive(panel, state)),
    }),
  );
  if (testMode) {
    context.subscriptions.push(vscode.commands.registerCommand(REVIVE_FOR_TEST_COMMAND, (state: unknown) => handle(formsOf().reviveInNewPanel(state))));
  }
}
