import * as vscode from 'vscode';

/**
 * Every question and message the extension puts to the user goes through this interface, so the
 * integration tests can answer and read them (VS Code offers no API to type into an input box).
 * Production uses `windowPrompts`; nothing else differs between the two.
 */
export type MessageKind = 'info' | 'warning' | 'error';

export interface Prompts {
  inputBox(options: vscode.InputBoxOptions): Thenable<string | undefined>;
  quickPick<T extends vscode.QuickPickItem>(items: readonly T[], options: vscode.QuickPickOptions): Thenable<T | undefined>;
  /** A quick pick the caller drives itself, for answers that follow what is typed (a filter applied as the user types). */
  createQuickPick<T extends vscode.QuickPickItem>(): vscode.QuickPick<T>;
  saveDialog(options: vscode.SaveDialogOptions): Thenable<vscode.Uri | undefined>;
  /** A notification (or a modal dialog with `modal: true`); resolves with the chosen action. */
  message(kind: MessageKind, text: string, options: { modal?: boolean; detail?: string }, ...actions: string[]): Thenable<string | undefined>;
}

export const windowPrompts: Prompts = {
  inputBox: (options) => vscode.window.showInputBox(options),
  quickPick: (items, options) => vscode.window.showQuickPick(items, options),
  createQuickPick: () => vscode.window.createQuickPick(),
  saveDialog: (options) => vscode.window.showSaveDialog(options),
  message: (kind, text, options, ...actions) => {
    const show =
      kind === 'error' ? vscode.window.showErrorMessage : kind === 'warning' ? vscode.window.showWarningMessage : vscode.window.showInformationMessage;
    return show(text, options, ...actions);
  },
};
