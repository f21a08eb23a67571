import * as vscode from 'vscode';
import { parseConfig } from '../../core/config/parse';
import { CommandIds } from '../ids';
import { rangeOf } from './configDocuments';
import { DIAGNOSTIC_SOURCE } from './configDiagnostics';
import { quickFixesFor } from './quickFixEdits';

/** Quick fixes for the diagnostics of configuration files (see quickFixEdits.ts for what each does). */
export class ConfigQuickFixes implements vscode.CodeActionProvider {
  static readonly metadata: vscode.CodeActionProviderMetadata = { providedCodeActionKinds: [vscode.CodeActionKind.QuickFix] };

  provideCodeActions(document: vscode.TextDocument, range: vscode.Range, context: vscode.CodeActionContext): vscode.CodeAction[] {
    const ours = context.diagnostics.filter((d) => d.source === DIAGNOSTIC_SOURCE);
    if (ours.length === 0) return [];
    const text = document.getText();
    const actions: vscode.CodeAction[] = [];
    for (const issue of parseConfig(text).issues) {
      const issueRange = rangeOf(document, issue.offset, issue.length);
      const diagnostic = ours.find((d) => d.code === issue.code && d.range.isEqual(issueRange));
      if (!diagnostic || !issueRange.intersection(range)) continue;
      for (const fix of quickFixesFor(text, issue)) {
        const action = new vscode.CodeAction(fix.title, vscode.CodeActionKind.QuickFix);
        action.diagnostics = [diagnostic];
        if (fix.kind === 'edit') {
          action.isPreferred = fix.preferred;
          action.edit = new vscode.WorkspaceEdit();
          action.edit.replace(document.uri, rangeOf(document, fix.replacement.offset, fix.replacement.length), fix.replacement.text);
        } else {
          action.isPreferred = true;
          action.command = { command: CommandIds.moveSecretToStorage, title: fix.title, arguments: [{ uri: document.uri.toString(), path: fix.path }] };
        }
        actions.push(action);
      }
    }
    return actions;
  }
}
