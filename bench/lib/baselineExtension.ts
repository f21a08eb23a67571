/**
 * The activation baseline: the smallest useful extension (a package.json and one command),
 * written to a folder and activated exactly like ours. What it costs is the host's own share of
 * any activation (creating the context, mementos, the activation bookkeeping).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

export const BASELINE_ID = 'atlan-hostbench.minimal-baseline';
export const BASELINE_COMMAND = 'hostbenchBaseline.hello';

export function writeBaselineExtension(folder: string, vscodeEngine: string): string {
  fs.mkdirSync(folder, { recursive: true });
  const [publisher, name] = BASELINE_ID.split('.');
  const manifest = {
    name,
    publisher,
    version: '0.0.1',
    engines: { vscode: vscodeEngine },
    main: './extension.js',
    // Activated only by the probe's extension.activate(), like ours in an empty workspace.
    activationEvents: [],
    contributes: { commands: [{ command: BASELINE_COMMAND, title: 'Hello (bench baseline)' }] },
  };
  fs.writeFileSync(path.join(folder, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  fs.writeFileSync(
    path.join(folder, 'extension.js'),
    [
      "'use strict';",
      "const vscode = require('vscode');",
      'exports.activate = (context) => {',
      `  context.subscriptions.push(vscode.commands.registerCommand(${JSON.stringify(BASELINE_COMMAND)}, () => 'hello'));`,
      '};',
      'exports.deactivate = () => undefined;',
      '',
    ].join('\n'),
  );
  return folder;
}
