import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';

/** Where the webview may load files from: its bundle, and media/ (icons). */
export function formResourceRoots(extensionUri: vscode.Uri): vscode.Uri[] {
  return [vscode.Uri.joinPath(extensionUri, 'dist', 'webview'), vscode.Uri.joinPath(extensionUri, 'media')];
}

export function formWebviewOptions(extensionUri: vscode.Uri): vscode.WebviewOptions & vscode.WebviewPanelOptions {
  // No retainContextWhenHidden: the webview keeps its draft with setState and the extension keeps a copy.
  return { enableScripts: true, enableFindWidget: true, localResourceRoots: formResourceRoots(extensionUri) };
}

/**
 * The page: a strict CSP (nothing by default, styles only from the extension, scripts only
 * with this page's nonce) and one bundled script; no inline script or style.
 */
export function formHtml(webview: vscode.Webview, extensionUri: vscode.Uri): string {
  const nonce = randomBytes(16).toString('base64');
  const asset = (name: string) => webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'dist', 'webview', name)).toString();
  const csp = [
    "default-src 'none'",
    `style-src ${webview.cspSource}`,
    `font-src ${webview.cspSource}`,
    `img-src ${webview.cspSource}`,
    `script-src 'nonce-${nonce}'`,
  ].join('; ');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${asset('form.styles.css')}">
<title>Crawler configuration</title>
</head>
<body>
<main id="app" aria-live="polite"><p>Loading the crawler form…</p></main>
<script nonce="${nonce}" src="${asset('form.js')}"></script>
</body>
</html>`;
}
