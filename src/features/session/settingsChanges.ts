import * as vscode from 'vscode';
import type { StoreOptions } from '../../core/tenant/workflowStore';
import { CommandIds } from '../ids';
import type { Services } from '../services';

/** Settings the Atlan client is built from: a change rebuilds it (Session.reconnect). */
const CLIENT_SETTINGS = ['atlan.http', 'http.proxy', 'http.noProxy', 'http.proxyStrictSSL'];
/** Settings of what the view loads: a change reloads it. */
const TREE_SETTINGS = ['atlan.tree'];

/** The view's page size and recent runs, as the settings say now. */
export function treeOptions(): StoreOptions {
  const settings = vscode.workspace.getConfiguration('atlan');
  return { pageSize: settings.get<number>('tree.pageSize', 50), recentRuns: settings.get<number>('tree.recentRuns', 10) };
}

/** Settings take effect when they change, not at the next reload of the window. */
export function registerSettingsChanges(context: vscode.ExtensionContext, services: Services): void {
  let tree = JSON.stringify(treeOptions());
  context.subscriptions.push(
    vscode.workspace.onDidChangeConfiguration((e) => {
      const affects = (sections: readonly string[]): boolean => sections.some((section) => e.affectsConfiguration(section));
      const options = treeOptions();
      if (affects(TREE_SETTINGS) && JSON.stringify(options) !== tree) {
        tree = JSON.stringify(options);
        services.store.setOptions(options);
        if (services.session.state.kind === 'signedIn') void vscode.commands.executeCommand(CommandIds.refresh);
      }
      if (affects(CLIENT_SETTINGS)) {
        // Rebuilds the client only if what it is built from changed; the view then reloads through it.
        void services.session.reconnect().catch((err: unknown) => services.log.error(`Could not apply the changed connection settings: ${String(err)}`));
      }
    }),
  );
}
