import * as vscode from 'vscode';
import type { CrawlerRun } from '../../core/atlan/backend';
import { tenantTools } from '../tenantTools';
import { formatDuration } from '../../core/format/runTiming';
import { findConfigFilesForWorkflow } from '../configFileIndex';
import { CommandIds } from '../ids';
import type { Services } from '../services';

const SCHEME = 'atlan-run';

/**
 * Why a run failed, as a read-only document: the run's message and each failed step's, with
 * anything secret-shaped redacted. Opened from the tree or from the outcome notification.
 */
export class RunFailureDocuments implements vscode.TextDocumentContentProvider {
  private readonly runs = new Map<string, CrawlerRun>();

  constructor(private readonly services: Services) {}

  register(): vscode.Disposable {
    return vscode.workspace.registerTextDocumentContentProvider(SCHEME, this);
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    const run = this.runs.get(uri.path);
    return run ? tenantTools().redactText(describeFailure(run, this.services.store.get(run.workflowName)?.workflow.connectionName), [], 200_000) : 'This run is no longer known: refresh the Postgres Workflows view.';
  }

  async show(run: CrawlerRun): Promise<void> {
    const uri = vscode.Uri.from({ scheme: SCHEME, path: `/${run.workflowName}/${run.id}.md` });
    this.runs.set(uri.path, run);
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.languages.setTextDocumentLanguage(doc, 'markdown');
    await vscode.window.showTextDocument(doc, { preview: true });
    const configs = await findConfigFilesForWorkflow(run.workflowName);
    const actions = configs.length > 0 ? ['Rerun', 'Open Configuration'] : ['Rerun'];
    const action = await this.services.prompts.message('error', `Run ${run.id} ${run.phase}.`, {}, ...actions);
    if (action === 'Rerun') await vscode.commands.executeCommand(CommandIds.rerun, { workflowName: run.workflowName });
    if (action === 'Open Configuration' && configs[0]) await vscode.window.showTextDocument(configs[0]);
  }
}

export function describeFailure(run: CrawlerRun, connectionName?: string): string {
  const lines = [`# ${connectionName ?? run.workflowName}: run ${run.phase}`, ''];
  lines.push(`- Workflow: \`${run.workflowName}\``, `- Run: \`${run.id}\``);
  if (run.startedAt) lines.push(`- Started: ${run.startedAt}${run.startedBy ? ` by ${run.startedBy}` : ''}`);
  if (run.finishedAt) lines.push(`- Finished: ${run.finishedAt} (${formatDuration(run.startedAt, run.finishedAt) ?? '?'})`);
  if (run.progress) lines.push(`- Progress: ${run.progress}`);
  lines.push('', '## Message', '', run.message ?? '_The run reported no message._');
  if (run.failedSteps.length > 0) {
    lines.push('', '## Failed steps', '');
    for (const step of run.failedSteps) lines.push(`### ${step.name} (${step.phase})`, '', step.message ?? '_No message._', '');
  }
  return `${lines.join('\n')}\n`;
}
