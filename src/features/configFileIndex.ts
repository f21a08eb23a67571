import * as vscode from 'vscode';
import { CONFIG_FILE_SUFFIX } from '../core/config/names';
import { tenantTools } from './tenantTools';

/** Configuration files of the workspace that record this workflow (`"workflow": name`). */
export async function findConfigFilesForWorkflow(workflowName: string): Promise<vscode.Uri[]> {
  const files = await vscode.workspace.findFiles(`**/*${CONFIG_FILE_SUFFIX}`, '**/node_modules/**', 200);
  const matches: vscode.Uri[] = [];
  for (const uri of files) {
    try {
      const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
      if (!text.includes(workflowName)) continue;
      if (tenantTools().parseConfig(text).config?.workflow === workflowName) matches.push(uri);
    } catch {
      // An unreadable file is simply not a match.
    }
  }
  return matches;
}
