import * as vscode from 'vscode';
import type { RunPhase } from '../../core/atlan/backend';

/** One mapping from run phase to icon and colour, used by the tree, lenses and the status bar. */
const ICONS: Record<string, [icon: string, color?: string]> = {
  Pending: ['clock', 'charts.yellow'],
  Running: ['loading~spin', 'charts.blue'],
  Paused: ['debug-pause', 'charts.yellow'],
  Succeeded: ['pass-filled', 'testing.iconPassed'],
  Failed: ['error', 'testing.iconFailed'],
  Error: ['error', 'testing.iconFailed'],
  Stopped: ['circle-slash', 'disabledForeground'],
  Terminated: ['circle-slash', 'disabledForeground'],
  Skipped: ['debug-step-over', 'disabledForeground'],
};

export function runPhaseIcon(phase: RunPhase | undefined): vscode.ThemeIcon {
  if (phase === undefined) return new vscode.ThemeIcon('circle-outline', new vscode.ThemeColor('disabledForeground'));
  // A phase this version does not know is shown as it is, with a neutral icon.
  const [icon, color] = ICONS[phase] ?? ['question'];
  return new vscode.ThemeIcon(icon, color ? new vscode.ThemeColor(color) : undefined);
}

/** Codicon syntax for labels and status bar text, e.g. `$(loading~spin)`. */
export function runPhaseCodicon(phase: RunPhase | undefined): string {
  return `$(${phase === undefined ? 'circle-outline' : (ICONS[phase]?.[0] ?? 'question')})`;
}
