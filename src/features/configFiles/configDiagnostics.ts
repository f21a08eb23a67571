import * as vscode from 'vscode';
import { parseTree } from 'jsonc-parser';
import type { ConfigIssue } from '../../core/config/issues';
import { locate } from '../../core/config/locate';
import { parseConfig } from '../../core/config/parse';
import { profileProblem } from '../../core/config/profiles';
import type { ActiveProfile } from '../configProfile/activeProfile';
import { isConfigDocument, rangeOf } from './configDocuments';

const DEBOUNCE_MS = 250;
export const DIAGNOSTIC_SOURCE = 'atlan';

/**
 * parseConfig's issues as diagnostics at their exact ranges: on open, while typing (debounced),
 * cleared on close; and what keeps the active profile's overrides from applying to a file.
 */
export class ConfigDiagnostics implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection('atlan-postgres');
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly disposables: vscode.Disposable[];

  constructor(private readonly activeProfile?: ActiveProfile) {
    this.disposables = [
      this.collection,
      ...(activeProfile ? [activeProfile.onDidChange(() => vscode.workspace.textDocuments.forEach((d) => this.update(d)))] : []),
      vscode.workspace.onDidOpenTextDocument((d) => this.update(d)),
      vscode.workspace.onDidChangeTextDocument((e) => this.schedule(e.document)),
      vscode.workspace.onDidCloseTextDocument((d) => {
        clearTimeout(this.timers.get(d.uri.toString()));
        this.timers.delete(d.uri.toString());
        this.collection.delete(d.uri);
      }),
    ];
    for (const document of vscode.workspace.textDocuments) this.update(document);
  }

  private schedule(document: vscode.TextDocument): void {
    if (!isConfigDocument(document)) return;
    const key = document.uri.toString();
    clearTimeout(this.timers.get(key));
    this.timers.set(
      key,
      setTimeout(() => {
        this.timers.delete(key);
        this.update(document);
      }, DEBOUNCE_MS),
    );
  }

  /** Validates now; returns the issues (for the Validate command). */
  update(document: vscode.TextDocument): ConfigIssue[] {
    if (!isConfigDocument(document) || document.isClosed) return [];
    const text = document.getText();
    const parsed = parseConfig(text);
    const issues = [...parsed.issues, ...this.profileIssues(text, parsed.config)];
    this.collection.set(
      document.uri,
      issues.map((issue) => {
        const diagnostic = new vscode.Diagnostic(
          rangeOf(document, issue.offset, issue.length),
          issue.message,
          issue.severity === 'error' ? vscode.DiagnosticSeverity.Error : vscode.DiagnosticSeverity.Warning,
        );
        diagnostic.code = issue.code;
        diagnostic.source = DIAGNOSTIC_SOURCE;
        return diagnostic;
      }),
    );
    return issues;
  }

  /** An override the active profile cannot apply (host overrides in a file that extracts from S3). */
  private profileIssues(text: string, config: ReturnType<typeof parseConfig>['config']): ConfigIssue[] {
    const profile = this.activeProfile?.current();
    if (!config || profile === undefined) return [];
    const problem = profileProblem(config, profile);
    const root = problem !== undefined ? parseTree(text, [], { allowTrailingComma: true }) : undefined;
    if (problem === undefined || !root) return [];
    const path = ['profiles', profile, 'extraction'];
    return [{ code: 'profile-override', severity: 'error', message: `${problem} (the active profile is "${profile}")`, path, ...locate(root, path, 'key') }];
  }

  dispose(): void {
    for (const timer of this.timers.values()) clearTimeout(timer);
    for (const d of this.disposables) d.dispose();
  }
}
