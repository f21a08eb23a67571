import * as vscode from 'vscode';
import { CONFIG_FILE_SUFFIX } from '../../core/config/names';
import type { DriftReport } from '../../core/workflow/drift';

const DEFAULT_SCHEME = 'atlan-drift';

/**
 * Both sides of a drift report as read-only documents, shown in VS Code's diff editor: the
 * workflow as the tenant runs it on the left, the configuration file on the right.
 */
export class DriftDocuments implements vscode.TextDocumentContentProvider {
  private readonly texts = new Map<string, string>();
  private counter = 0;

  /** Each owner (Compare with Tenant, the Plan view) its own scheme: one provider per scheme. */
  constructor(private readonly scheme: string = DEFAULT_SCHEME) {}

  register(): vscode.Disposable {
    return vscode.workspace.registerTextDocumentContentProvider(this.scheme, this);
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.texts.get(uri.path) ?? '';
  }

  async show(report: DriftReport, workflowName: string, fileLabel: string): Promise<void> {
    const id = ++this.counter;
    const left = vscode.Uri.from({ scheme: this.scheme, path: `/${id}/tenant/${workflowName}.json` });
    // Not named *.atlan-postgres.json: VS Code would validate it against the configuration schema,
    // and the fields drift leaves out on purpose would show as missing.
    const name = fileLabel.replace(/[\\/]/g, '_');
    const right = vscode.Uri.from({ scheme: this.scheme, path: `/${id}/file/${name.endsWith(CONFIG_FILE_SUFFIX) ? `${name.slice(0, -CONFIG_FILE_SUFFIX.length)}.json` : name}` });
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
