/**
 * Records when the extension's progress notifications start and report. The extension host hands
 * every module under the extension's folder the same `vscode` API object, so wrapping
 * `window.withProgress` here wraps the extension's calls too; `observable` says whether it took.
 */
import { performance } from 'node:perf_hooks';
import * as vscode from 'vscode';

export interface ProgressEvent {
  title: string;
  kind: 'start' | 'report';
  message?: string;
  /** performance.now() */
  at: number;
}

export interface ProgressLog {
  readonly events: ProgressEvent[];
  readonly observable: boolean;
}

type WithProgress = typeof vscode.window.withProgress;

export function observeProgress(): ProgressLog {
  const events: ProgressEvent[] = [];
  const original: WithProgress = vscode.window.withProgress.bind(vscode.window);
  const wrapped: WithProgress = (options, task) =>
    original(options, (progress, token) => {
      const title = options.title ?? '';
      events.push({ title, kind: 'start', at: performance.now() });
      const report: typeof progress.report = (value) => {
        events.push({ title, kind: 'report', ...(value.message !== undefined ? { message: value.message } : {}), at: performance.now() });
        progress.report(value);
      };
      return task({ report }, token);
    });
  try {
    (vscode.window as { withProgress: WithProgress }).withProgress = wrapped;
  } catch {
    return { events, observable: false };
  }
  return { events, observable: vscode.window.withProgress === wrapped };
}
