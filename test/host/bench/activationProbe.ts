/**
 * Bench probe, loaded as `extensionTestsPath` in a fresh extension host: activates one extension
 * that has not activated yet and times it, next to VS Code's own marks of the same activation.
 */
import { performance } from 'node:perf_hooks';
import * as vscode from 'vscode';
import { EXTENSION_ID_ENV, SETTLE_MS_ENV, type ActivationProbeResult } from '../../../bench/lib/hostProbe';
import { activationMarks, requiredEnv, sleep, writeResult } from './probeSupport';

export async function run(): Promise<void> {
  const extensionId = requiredEnv(EXTENSION_ID_ENV);
  const extension = vscode.extensions.getExtension(extensionId);
  if (!extension) throw new Error(`${extensionId} is not loaded in this extension host`);
  // The host's own startup (built-in extensions, the workbench restoring) competes for the event
  // loop at first; the figure is the extension's cost, so wait for that to quieten down.
  await sleep(Number(process.env[SETTLE_MS_ENV] ?? '1500'));
  const activeBefore = extension.isActive;
  const hostUptimeMs = performance.now();
  const started = performance.now();
  await extension.activate();
  const activateMs = performance.now() - started;
  // Its contributed commands are registered once activate() has really run.
  const contributed = contributedCommands(extension.packageJSON);
  const registered = new Set(await vscode.commands.getCommands(true));
  const result: ActivationProbeResult = {
    probe: 'activation',
    extensionId,
    activeBefore,
    activateMs,
    marks: activationMarks(extensionId),
    commandsRegistered: contributed.filter((c) => registered.has(c)).length,
    commandsContributed: contributed.length,
    hostUptimeMs,
  };
  writeResult(result);
}

function contributedCommands(packageJson: unknown): string[] {
  const commands = (packageJson as { contributes?: { commands?: { command?: unknown }[] } }).contributes?.commands ?? [];
  return commands.map((c) => c.command).filter((c): c is string => typeof c === 'string');
}
