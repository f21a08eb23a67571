import * as vscode from 'vscode';
import { CONFIG_FILE_SUFFIX } from '../../core/config/names';
import { tenantTools } from '../tenantTools';
import { guarded, pickWorkflow } from '../commandSupport';
import { CommandIds } from '../ids';
import type { Services } from '../services';

/** Import Workflow: an existing workflow on the tenant -> a configuration file in the workspace. */
export function registerImport(context: vscode.ExtensionContext, services: Services): void {
  context.subscriptions.push(
    vscode.commands.registerCommand(CommandIds.importWorkflow, (arg?: unknown) => guarded(services, 'import the workflow', () => importWorkflow(services, arg))),
  );
}

function fileNameFor(connectionName: string): string {
  const base = connectionName.toLowerCase().replace(/[^a-z0-9._-]+/g, '-').replace(/^-+|-+$/g, '') || 'crawler';
  return `${base}${CONFIG_FILE_SUFFIX}`;
}

async function importWorkflow(services: Services, arg: unknown): Promise<vscode.Uri | undefined> {
  const { client, backend } = services.session.requireSignedIn();
  const name = await pickWorkflow(services, arg, 'Import a workflow into a configuration file');
  if (!name) return undefined;
  const imported = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Importing ${name}…` }, async () => {
    const [built, roles] = await Promise.all([backend.getDefinition(name), client.listRoles()]);
    return { ...tenantTools().importCrawler(built, new Map(roles.map((r) => [r.id, r.name])), { workflowName: name }), caveat: built.caveat };
  });
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
  const target = await services.prompts.saveDialog({
    title: 'Save the imported crawler configuration',
    defaultUri: folder ? vscode.Uri.joinPath(folder, fileNameFor(imported.config.connectionName ?? name)) : undefined,
    filters: { 'Atlan Postgres crawler': ['json'] },
  });
  if (!target) return undefined;
  if (!target.path.endsWith(CONFIG_FILE_SUFFIX)) throw new Error(`the file name must end with ${CONFIG_FILE_SUFFIX} so the editor recognises it`);
  await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(tenantTools().formatConfig(imported.config)));
  await vscode.window.showTextDocument(target);
  const todo = tenantTools().importFollowUps(imported);
  void services.prompts.message(
    'info',
    `Imported ${name} into ${vscode.workspace.asRelativePath(target)}.${imported.caveat ? ` ${imported.caveat}` : ''}${todo.length > 0 ? ` Still to do: ${todo.join('; ')}.` : ''}`,
    {},
  );
  return target;
}
