import * as vscode from 'vscode';
import type { DriftReport } from '../../core/workflow/drift';

const SCHEME = 'atlan-drift';

/**
 * Both sides of a drift report as read-only documents, shown in VS Code's diff editor: the
 * workflow as the tenant runs it on the left, the configuration file on the right.
 */
export class DriftDocuments implements vscode.TextDocumentContentProvider {
  private readonly texts = new Map<string, string>();
  private counter = 0;

  register(): vscode.Disposable {
    return vscode.workspace.registerTextDocumentContentProvider(SCHEME, this);
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.texts.get(uri.path) ?? '';
  }

  async show(report: DriftReport, workflowName: string, fileLabel: string): Promise<void> {
    const id = ++this.counter;
    const left = vscode.Uri.from({ scheme: SCHEME, path: `/${id}/tenant/${workflowName}.json` });
    const right = vscode.Uri.from({ scheme: SCHEME, path: `/${id}/file/${fileLabel.replace(/[\\/]/g, '_')}` });
    this.texts.set(left.path, report.tenantText);
    this.texts.set(right.path, report.fileText);
    await vscode.commands.executeCommand('vscode.diff', left, right, `${workflowName} on the tenant ↔ ${fileLabel}`, { preview: true });
  }
}

/** One line per difference, for messages: `extraction.port: tenant 5432, file 5433`. */
export function summariseDrift(report: DriftReport, max = 5): string {
  const lines = report.differences.slice(0, max).map((d) => `${d.path}: tenant ${show(d.tenant)}, file ${show(d.file)}`);
  if (report.differences.length > max) lines.push(`and ${report.differences.length - max} more`);
  return lines.join('; ');
}

function show(value: unknown): string {
  if (value === undefined) return 'not set';
  const text = JSON.stringify(value);
  return text.length > 60 ? `${text.slice(0, 57)}…` : text;
}
