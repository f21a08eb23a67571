import * as vscode from 'vscode';
import type { CrawlerConfig } from '../../core/config/model';
import { CONFIG_FILE_SUFFIX } from '../../core/config/names';
import { tenantTools } from '../tenantTools';
import type { Services } from '../services';

/** The configuration file a command acts on: its argument, the active editor, or a pick. */
export async function chooseConfigFile(services: Services, arg: unknown, title: string): Promise<vscode.Uri | undefined> {
  if (arg instanceof vscode.Uri) return arg;
  if (arg && typeof arg === 'object' && (arg as { configUri?: unknown }).configUri instanceof vscode.Uri) return (arg as { configUri: vscode.Uri }).configUri;
  const active = vscode.window.activeTextEditor?.document.uri;
  if (active && active.path.endsWith(CONFIG_FILE_SUFFIX)) return active;
  const files = await vscode.workspace.findFiles(`**/*${CONFIG_FILE_SUFFIX}`, '**/node_modules/**', 500);
  if (files.length === 0) throw new Error(`there is no *${CONFIG_FILE_SUFFIX} file in this workspace: create one with Atlan: New Crawler Configuration`);
  const pick = await services.prompts.quickPick(
    files.map((uri) => ({ label: vscode.workspace.asRelativePath(uri), uri })),
    { title, placeHolder: 'Choose a crawler configuration file' },
  );
  return pick?.uri;
}

/**
 * The configuration as the user sees it (an open editor's text, saved or not), through the active
 * profile's overrides (`profiles.<name>`: its values, and the workflow recorded for its tenant).
 * Errors make the command stop with the first problem and its position; warnings do not.
 */
export async function readValidConfig(uri: vscode.Uri, profile?: string): Promise<{ config: CrawlerConfig; document: vscode.TextDocument }> {
  const document = await vscode.workspace.openTextDocument(uri);
  const text = document.getText();
  const { config, issues } = tenantTools().parseConfig(text);
  const errors = issues.filter((i) => i.severity === 'error');
  if (!config || errors.length > 0) {
    const first = errors[0];
    const where = first ? tenantTools().lineColumn(text, first.offset) : undefined;
    throw new Error(
      `${vscode.workspace.asRelativePath(uri)} has ${errors.length} problem${errors.length === 1 ? '' : 's'}` +
        (first && where ? `; the first, at line ${where.line}: ${first.message}` : '') +
        ' (see the Problems panel)',
    );
  }
  if (profile === undefined) return { config, document };
  const problem = tenantTools().profileProblem(config, profile);
  if (problem !== undefined) throw new Error(`${vscode.workspace.asRelativePath(uri)}: ${problem} (the active profile is "${profile}")`);
  return { config: tenantTools().configForProfile(config, profile), document };
}

/**
 * A file may name the tenant profile it is meant for. It can only name one: URLs live in user
 * settings, so a file in a repository can never send the token anywhere else. A file for another
 * profile than the active one is refused rather than submitted to the wrong tenant.
 */
export function checkProfile(config: CrawlerConfig, activeProfile: string, uri: vscode.Uri): void {
  if (config.profile !== undefined && config.profile !== activeProfile) {
    throw new Error(
      `${vscode.workspace.asRelativePath(uri)} is meant for the profile "${config.profile}", but the active profile is "${activeProfile}": switch with "Atlan: Switch Profile" first`,
    );
  }
}

/**
 * Records the workflow name in the file after the first submit, keeping comments: as "workflow",
 * or with an active profile as "profiles.<profile>.workflow" (each tenant its own). When the
 * editor has unsaved changes they stay unsaved (and the name joins them); otherwise the file is saved.
 */
export async function recordWorkflowName(document: vscode.TextDocument, workflowName: string, profile?: string): Promise<void> {
  const wasDirty = document.isDirty;
  const text = document.getText();
  const updated = profile === undefined ? tenantTools().setWorkflowName(text, workflowName) : tenantTools().setProfileWorkflowName(text, profile, workflowName);
  if (updated === text) return;
  const edit = new vscode.WorkspaceEdit();
  edit.replace(document.uri, new vscode.Range(document.positionAt(0), document.positionAt(text.length)), updated);
  if (!(await vscode.workspace.applyEdit(edit))) throw new Error(`could not record the workflow name ${workflowName} in ${vscode.workspace.asRelativePath(document.uri)}`);
  if (!wasDirty) await document.save();
}
