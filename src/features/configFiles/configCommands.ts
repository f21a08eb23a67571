import * as path from 'node:path';
import { parse } from 'jsonc-parser';
import * as vscode from 'vscode';
import { SECRET_NAME_PATTERN, SECRET_NAME_RULE } from '../../core/config/names';
import { parseConfig } from '../../core/config/parse';
import { listSecretRefs } from '../../core/config/secrets';
import { valueAt } from '../../core/config/translateIssues';
import { defaultSecretName, SECRET_FIELDS, type SecretFieldName } from '../form/formDraft';
import type { Services } from '../services';
import type { ConfigDiagnostics } from './configDiagnostics';
import { isConfigDocument, rangeOf } from './configDocuments';
import { inlineJson } from './jsonTextEdits';
import { findNodeAtLocation, parseTree } from 'jsonc-parser';

export interface ValidationReport {
  valid: boolean;
  errors: number;
  warnings: number;
  /** Referenced secrets not in SecretStorage yet. */
  missingSecrets: string[];
}

async function configDocument(uri: vscode.Uri | undefined, services: Services): Promise<vscode.TextDocument | undefined> {
  const document = uri ? await vscode.workspace.openTextDocument(uri) : vscode.window.activeTextEditor?.document;
  if (!document || !isConfigDocument(document)) {
    void services.prompts.message('error', 'Open a *.atlan-postgres.json file first.', {});
    return undefined;
  }
  return document;
}

/** Validates now, updates the diagnostics, and says the outcome plainly, "valid" included. */
export async function validateConfig(uri: vscode.Uri | undefined, services: Services, diagnostics: ConfigDiagnostics): Promise<ValidationReport | undefined> {
  const document = await configDocument(uri, services);
  if (!document) return undefined;
  diagnostics.update(document);
  const { config, issues } = parseConfig(document.getText());
  const name = path.basename(document.uri.path);
  const errors = issues.filter((i) => i.severity === 'error');
  const warnings = issues.length - errors.length;
  if (!config) {
    void services.prompts.message('error', `${name} has ${errors.length} error${errors.length === 1 ? '' : 's'}: ${errors[0]?.message ?? ''}`, {}, 'Show Problems').then((choice) => {
      if (choice) void vscode.commands.executeCommand('workbench.actions.view.problems');
    });
    return { valid: false, errors: errors.length, warnings, missingSecrets: [] };
  }
  const missingSecrets: string[] = [];
  for (const ref of listSecretRefs(config)) if (!(await services.secrets.has(ref.name))) missingSecrets.push(ref.name);
  const parts = [`${name} is a valid crawler configuration`];
  if (warnings) parts.push(`with ${warnings} warning${warnings === 1 ? '' : 's'}`);
  const secretNote = missingSecrets.length
    ? ` The secret${missingSecrets.length === 1 ? '' : 's'} ${missingSecrets.map((s) => `"${s}"`).join(', ')} ${missingSecrets.length === 1 ? 'is' : 'are'} not stored yet: type ${missingSecrets.length === 1 ? 'it' : 'them'} in the form (Edit in form).`
    : '';
  void services.prompts.message('info', `✓ ${parts.join(' ')}.${secretNote}`, {});
  return { valid: true, errors: 0, warnings, missingSecrets };
}

export interface MoveSecretArgs {
  uri: string;
  path: (string | number)[];
  /** Skips the prompt (tests, scripted use). */
  name?: string;
}

/**
 * Quick fix "Move to secret storage": stores the plain-text value under a name and rewrites the
 * field as {"secret": name}. The value is read from the document here and goes nowhere else.
 */
export async function moveSecretToStorage(args: MoveSecretArgs, services: Services): Promise<string | undefined> {
  const uri = vscode.Uri.parse(args.uri);
  const document = await vscode.workspace.openTextDocument(uri);
  const text = document.getText();
  const found = valueAt(parse(text, [], { allowTrailingComma: true }), args.path);
  // A number is a secret too (a numeric password): it is stored as its text.
  const value = typeof found === 'number' ? String(found) : found;
  const field = args.path[args.path.length - 1];
  if (typeof value !== 'string' || value === '' || !SECRET_FIELDS.includes(field as SecretFieldName)) {
    void services.prompts.message('error', 'There is no plain-text secret to move at that place any more.', {});
    return undefined;
  }
  const connectionName = valueAt(parse(text, [], { allowTrailingComma: true }), ['connectionName']);
  const suggested = defaultSecretName(typeof connectionName === 'string' ? connectionName : '', field as SecretFieldName);
  const name =
    args.name ??
    (await services.prompts.inputBox({
      title: 'Move to secret storage',
      prompt: 'Name the secret: the file will refer to it as {"secret": "<name>"}; the value goes to VS Code secret storage.',
      value: suggested,
      validateInput: (v) => (SECRET_NAME_PATTERN.test(v) ? undefined : `Use ${SECRET_NAME_RULE}.`),
    }));
  if (name === undefined) return undefined;
  if (!SECRET_NAME_PATTERN.test(name)) throw new Error(`"${name}" is not a valid secret name: use ${SECRET_NAME_RULE}`);
  const existing = await services.secrets.get(name);
  if (existing !== undefined && existing !== value) {
    const replace = args.name === undefined && (await services.prompts.message('warning', `A different secret named "${name}" is stored already. Replace it?`, { modal: true }, 'Replace')) === 'Replace';
    if (!replace) {
      if (args.name !== undefined) void services.prompts.message('error', `A different secret named "${name}" is stored already; choose another name.`, {});
      return undefined;
    }
  }
  await services.secrets.store(name, value);
  const root = parseTree(text, [], { allowTrailingComma: true });
  const node = root && findNodeAtLocation(root, args.path);
  if (!node) return undefined;
  const wasDirty = document.isDirty;
  const edit = new vscode.WorkspaceEdit();
  edit.replace(uri, rangeOf(document, node.offset, node.length), inlineJson({ secret: name }));
  await vscode.workspace.applyEdit(edit);
  // The point is to get the value off the disk: save, unless other edits were pending.
  if (!wasDirty) await document.save();
  services.log.info(`Moved ${args.path.join('.')} of ${path.basename(uri.path)} to the secret "${name}"`);
  void services.prompts.message('info', `Stored the value as the secret "${name}"; the file now refers to it.${wasDirty ? ' Save the file to remove the plain text from disk.' : ''}`, {});
  return name;
}
