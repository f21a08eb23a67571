import * as vscode from 'vscode';
import { CONFIG_FILE_SUFFIX } from '../../core/config/names';

/** `*.atlan-postgres.json` files, on disk or in other schemes (remote, virtual). */
export const CONFIG_SELECTOR: vscode.DocumentSelector = { pattern: `**/*${CONFIG_FILE_SUFFIX}` };

/** The read-only payload previews. */
export const PREVIEW_SCHEME = 'atlan-preview';

export function isConfigDocument(document: vscode.TextDocument): boolean {
  return document.uri.path.endsWith(CONFIG_FILE_SUFFIX) && document.uri.scheme !== PREVIEW_SCHEME;
}

export function rangeOf(document: vscode.TextDocument, offset: number, length: number): vscode.Range {
  return new vscode.Range(document.positionAt(offset), document.positionAt(offset + length));
}
