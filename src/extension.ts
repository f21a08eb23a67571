import * as vscode from 'vscode';
import { CommandIds, ViewIds } from './features/ids';
import { setWhenContext } from './features/whenContext';

/** Wires the shared services and registers each feature; nothing else happens here. */
export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const log = vscode.window.createOutputChannel('Atlan', { log: true });
  context.subscriptions.push(log);

  const tree = vscode.window.createTreeView(ViewIds.workflows, {
    treeDataProvider: { getChildren: () => [], getTreeItem: (item: vscode.TreeItem) => item },
  });
  context.subscriptions.push(
    tree,
    vscode.commands.registerCommand(CommandIds.showOutput, () => log.show()),
    vscode.commands.registerCommand(CommandIds.openSandboxDocs, () =>
      vscode.commands.executeCommand('markdown.showPreview', vscode.Uri.joinPath(context.extensionUri, 'README.md')),
    ),
    vscode.commands.registerCommand(CommandIds.signIn, () => undefined),
    vscode.commands.registerCommand(CommandIds.signOut, () => undefined),
    vscode.commands.registerCommand(CommandIds.refresh, () => undefined),
  );
  await setWhenContext('atlan.signedIn', false);
  log.info('Atlan Postgres Workflows activated');
}

export function deactivate(): void {
  // Disposables registered on the context are released by VS Code.
}
