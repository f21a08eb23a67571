import * as vscode from 'vscode';
import { formatStartTime } from '../core/format/runTiming';
import { errorText, isRejectedToken } from './errorText';
import { CommandIds } from './ids';
import { workflowNameOf } from './runs/commandArgs';
import type { Services } from './services';

/** What every command does the same way: error reporting, workspace trust, choosing a workflow. */

/**
 * Runs an action, reporting any error as a specific message (and a rejected token as "session
 * expired", with Sign In as the first action).
 */
export async function guarded<T>(services: Services, what: string, action: () => Promise<T>): Promise<T | undefined> {
  try {
    return await action();
  } catch (err) {
    const message = errorText(err);
    services.log.error(`Could not ${what}: ${message}`);
    await services.session.noteError(err);
    const actions = isRejectedToken(err) ? ['Sign In', 'Show Output'] : ['Show Output'];
    const choice = await services.prompts.message('error', `Could not ${what}: ${message}`, {}, ...actions);
    if (choice === 'Show Output') services.log.show();
    if (choice === 'Sign In') await vscode.commands.executeCommand(CommandIds.signIn);
    return undefined;
  }
}

/** Sending anything on behalf of the workspace needs trust. */
export function requireTrust(what: string): void {
  if (!vscode.workspace.isTrusted) {
    throw new Error(`this workspace is not trusted, so the extension does not ${what} from it. Trust the workspace (Workspaces: Manage Workspace Trust) to enable it.`);
  }
}

/** A workflow name from the argument, or from a quick pick of the loaded workflows. */
export async function pickWorkflow(services: Services, arg: unknown, title: string): Promise<string | undefined> {
  const fromArg = workflowNameOf(arg);
  if (fromArg) return fromArg;
  if (!services.store.loaded) await services.store.refresh();
  const items = services.store.workflows().map((e) => ({
    label: e.workflow.connectionName ?? e.workflow.name,
    description: e.workflow.name,
    detail: e.latestRun ? `Last run ${e.latestRun.phase}${e.latestRun.startedAt ? `, ${formatStartTime(e.latestRun.startedAt)}` : ''}` : 'Never run',
    name: e.workflow.name,
  }));
  if (items.length === 0) throw new Error('this tenant has no Postgres crawler workflows yet');
  const pick = await services.prompts.quickPick(items, { title, placeHolder: 'Choose a Postgres crawler workflow', matchOnDescription: true });
  return pick?.name;
}
