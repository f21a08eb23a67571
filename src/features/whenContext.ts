import * as vscode from 'vscode';

/**
 * Context keys used in `when` clauses of package.json, with their value types. Each must be read by
 * one (test/unit/manifest checks): a key nothing reads is work at every session change for nothing.
 */
export interface ContextKeys {
  /** Session state: `signedOut`, `expired` (token rejected), `unreachable` (tenant did not answer) or `signedIn`. */
  'atlan.session': 'signedOut' | 'expired' | 'unreachable' | 'signedIn';
  /** What the Postgres Workflows view shows when it has no items. */
  'atlan.viewState': 'loading' | 'ready' | 'empty' | 'filteredEmpty' | 'error';
  /** A filter is applied to the view. */
  'atlan.filtered': boolean;
  /** The Crawl Scope view has a preview to show (it stays hidden until the first one). */
  'atlan.crawlScopeShown': boolean;
  /** The Plan view has a plan to show (its welcome content shows until the first one). */
  'atlan.planShown': boolean;
  // Workspace trust needs no key of its own: package.json uses VS Code's `isWorkspaceTrusted`.
}

/** Typed wrapper around `setContext`, so a misspelt key or a wrong value type fails to compile. */
export async function setWhenContext<K extends keyof ContextKeys>(key: K, value: ContextKeys[K]): Promise<void> {
  await vscode.commands.executeCommand('setContext', key, value);
}
