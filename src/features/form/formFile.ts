/**
 * Reading a configuration file into the form, and writing the form back: through a
 * WorkspaceEdit (undo works, comments stay) for an existing file, or by creating the file.
 */
import { randomUUID } from 'node:crypto';
import * as path from 'node:path';
import { parse, type ParseError } from 'jsonc-parser';
import * as vscode from 'vscode';
import { CONFIG_FILE_SUFFIX } from '../../core/config/names';
import { formatConfig } from '../../core/config/write';
import type { CrawlerConfigInput } from '../../core/config/model';
import { minimalReplacement, readJsonObject, rewriteConfigText } from '../configFiles/jsonTextEdits';
import { configToDraft, draftToConfig, emptyDraft, SECRET_FIELDS } from './formDraft';
import { overridesNote, profileOverrides } from './profileOverrides';
import type { FormState } from './protocol';
import type { Prompts } from '../ui/prompts';

type Json = Record<string, unknown>;

export interface LoadedForm {
  state: FormState;
  /** The file's JSON value (what validation merges the draft into). */
  baseValue: Json | undefined;
  notes: string[];
}

export function newFormState(targetUri?: vscode.Uri): FormState {
  const draft = emptyDraft();
  return { id: randomUUID(), ...(targetUri ? { targetUri: targetUri.toString() } : {}), draft, initialDraft: structuredClone(draft), rev: 0 };
}

const SECRET_LABELS: Record<(typeof SECRET_FIELDS)[number], string> = {
  password: 'password',
  secretKey: 'AWS secret key',
  externalId: 'AWS external id',
};

export async function loadFormFromFile(uri: vscode.Uri): Promise<LoadedForm> {
  const document = await vscode.workspace.openTextDocument(uri);
  const errors: ParseError[] = [];
  const value: unknown = parse(document.getText(), errors, { allowTrailingComma: true, disallowComments: false });
  const notes: string[] = [];
  if (errors.length > 0) notes.push('The file has JSON syntax errors: the form shows what could be read, and saving needs them fixed in the editor first.');
  const draft = configToDraft(value);
  for (const field of SECRET_FIELDS) {
    const kind = draft.extraction[field].kind;
    if (kind === 'literal') notes.push(`The file holds the ${SECRET_LABELS[field]} in plain text. Move it to secret storage (Credential section).`);
    if (kind === 'invalid') notes.push(`The file's ${SECRET_LABELS[field]} is not a {"secret": "<name>"} reference; type the value again to store it.`);
  }
  const baseValue = typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Json) : undefined;
  const overrides = profileOverrides(baseValue);
  if (overrides.length > 0) notes.push(overridesNote(overrides));
  return { state: { fileUri: uri.toString(), draft, initialDraft: structuredClone(draft), rev: 0 }, baseValue, notes };
}

/** The JSON value the form would save now, for validation and previews. */
export function formValue(state: FormState, baseValue: Json | undefined): Json {
  return state.fileUri ? draftToConfig(state.draft, state.initialDraft, baseValue ?? {}) : draftToConfig(state.draft);
}

export interface SaveResult {
  uri: vscode.Uri;
  value: Json;
}

/**
 * Writes the form. Existing file: only the fields changed in the form are written, into the
 * text as it is now (edits made in the editor meanwhile stay), then the document is saved.
 * New crawler: asks where (unless the form was opened for a target path) and creates the file.
 */
export async function saveForm(state: FormState, prompts: Prompts): Promise<SaveResult | undefined> {
  if (state.fileUri) return saveExisting(vscode.Uri.parse(state.fileUri), state);
  const target = state.targetUri ? vscode.Uri.parse(state.targetUri) : await askWhere(state, prompts);
  if (!target) return undefined;
  const value = draftToConfig(state.draft);
  const edit = new vscode.WorkspaceEdit();
  edit.createFile(target, { contents: new TextEncoder().encode(formatConfig(value as CrawlerConfigInput)), overwrite: !state.targetUri });
  if (!(await vscode.workspace.applyEdit(edit))) {
    throw new Error(`Could not create ${vscode.workspace.asRelativePath(target)}${state.targetUri ? ' (does it exist already?)' : ''}.`);
  }
  const document = await vscode.workspace.openTextDocument(target);
  if (document.isDirty) await document.save();
  return { uri: target, value };
}

async function saveExisting(uri: vscode.Uri, state: FormState): Promise<SaveResult> {
  const document = await vscode.workspace.openTextDocument(uri);
  const text = document.getText();
  const read = readJsonObject(text);
  if ('error' in read) throw new Error(`Cannot save into ${path.basename(uri.fsPath)}: ${read.error}.`);
  const value = draftToConfig(state.draft, state.initialDraft, read.value);
  const replacement = minimalReplacement(text, rewriteConfigText(text, value));
  if (replacement) {
    const edit = new vscode.WorkspaceEdit();
    const range = new vscode.Range(document.positionAt(replacement.offset), document.positionAt(replacement.offset + replacement.length));
    edit.replace(uri, range, replacement.text);
    if (!(await vscode.workspace.applyEdit(edit))) throw new Error(`VS Code refused the edit of ${path.basename(uri.fsPath)}.`);
  }
  if (document.isDirty) await document.save();
  return { uri, value };
}

async function askWhere(state: FormState, prompts: Prompts): Promise<vscode.Uri | undefined> {
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
  const base = state.draft.connectionName.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^-+|-+$/g, '') || 'crawler';
  const picked = await prompts.saveDialog({
    title: 'Save the crawler configuration',
    saveLabel: 'Save',
    ...(folder ? { defaultUri: vscode.Uri.joinPath(folder, `${base}${CONFIG_FILE_SUFFIX}`) } : {}),
    filters: { 'Atlan Postgres crawler': ['json'] },
  });
  if (!picked) return undefined;
  // The extension's tools only know files named *.atlan-postgres.json.
  if (picked.path.endsWith(CONFIG_FILE_SUFFIX)) return picked;
  return picked.with({ path: picked.path.replace(/(\.atlan-postgres)?\.json$/, '') + CONFIG_FILE_SUFFIX });
}
