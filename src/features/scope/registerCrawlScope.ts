/**
 * "Atlan: Preview Crawl Scope" (palette, code lens, the form's button) and the Crawl Scope view
 * that shows its result. The view stays hidden until the first preview; the work itself loads
 * with the config tools (dist/configTools.js) and the Postgres checks (dist/postgresChecks.js).
 */
import * as vscode from 'vscode';
import { loadConfigTools } from '../configFiles/configToolsLoader';
import { CommandIds, ViewIds } from '../ids';
import type { Services } from '../services';
import { setWhenContext } from '../whenContext';
import { CrawlScopeView, type ShownScope } from './crawlScopeView';
import type { ScopeSource } from './previewScope';

export function registerCrawlScope(context: vscode.ExtensionContext, services: Services): CrawlScopeView {
  const view = new CrawlScopeView();
  const tree = vscode.window.createTreeView(ViewIds.crawlScope, { treeDataProvider: view, showCollapseAll: true });

  const preview = async (source?: ScopeSource): Promise<ShownScope | undefined> => {
    const target = source ?? vscode.window.activeTextEditor?.document.uri;
    if (!target) {
      void services.prompts.message('error', 'Open a *.atlan-postgres.json file first.', {});
      return undefined;
    }
    try {
      const shown = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: 'Reading the database catalog for the crawl scope…', cancellable: true },
        (_progress, token) => {
          const abort = new AbortController();
          token.onCancellationRequested(() => abort.abort());
          return loadConfigTools(context.extensionPath).previewScope(target, services, context.extensionPath, abort.signal);
        },
      );
      view.show(shown);
      tree.title = `Crawl Scope: ${shown.title}`;
      tree.message = undefined;
      await setWhenContext('atlan.crawlScopeShown', true);
      await vscode.commands.executeCommand(`${ViewIds.crawlScope}.focus`);
      services.log.info(`Crawl scope of ${shown.title}: ${shown.summary}`);
      return shown;
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      services.log.error(`Could not preview the crawl scope: ${message}`);
      void services.prompts.message('error', message.startsWith('Cannot') || message.startsWith('Previewing') ? message : `Could not preview the crawl scope: ${message}`, {});
      return undefined;
    }
  };

  context.subscriptions.push(view, tree, vscode.commands.registerCommand(CommandIds.previewCrawlScope, preview));
  return view;
}
