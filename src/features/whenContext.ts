import * as vscode from 'vscode';

/** Context keys used in `when` clauses of package.json, with their value types. */
export interface ContextKeys {
  /** A profile is active and its token is in SecretStorage. */
  'atlan.signedIn': boolean;
}

/** Typed wrapper around `setContext`, so a misspelt key or a wrong value type fails to compile. */
export async function setWhenContext<K extends keyof ContextKeys>(key: K, value: ContextKeys[K]): Promise<void> {
  await vscode.commands.executeCommand('setContext', key, value);
}
