import * as vscode from 'vscode';
import { CONFIG_FILE_SUFFIX } from '../../core/config/names';

/**
 * Where configuration files people edit live: on disk (in a remote window too, since the
 * extension runs beside the files) or not saved yet. A diff side, a `git:` original or any other
 * virtual document with the same name is a view of a file, not the file: diagnostics and lenses
 * there would be false problems (a Compare view leaves fields out on purpose).
 */
export const CONFIG_SCHEMES: readonly string[] = ['file', 'untitled'];

/** `*.atlan-postgres.json` documents in CONFIG_SCHEMES. */
export const CONFIG_SELECTOR: vscode.DocumentSelector = CONFIG_SCHEMES.map((scheme) => ({ scheme, pattern: `**/*${CONFIG_FILE_SUFFIX}` }));

/** The read-only payload previews. */
export const PREVIEW_SCHEME = 'atlan-preview';

export function isConfigDocument(document: vscode.TextDocument): boolean {
  return document.uri.path.endsWith(CONFIG_FILE_SUFFIX) && CONFIG_SCHEMES.includes(document.uri.scheme);
}

export function rangeOf(document: vscode.TextDocument, offset: number, length: number): vscode.Range {
  return new vscode.Range(document.positionAt(offset), document.positionAt(offset + length));
}
