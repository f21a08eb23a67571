import type { CrawlerRun } from '../../core/atlan';
import type { TreeNode } from '../tree/treeNodes';

/**
 * Commands are invoked from tree items (a TreeNode), from other commands and lenses
 * (`{ workflowName }`), with a run, or from the palette (nothing). These read what they need.
 */
export type CommandArg = TreeNode | { workflowName: string; runId?: string; configUri?: unknown } | CrawlerRun | undefined;

export function workflowNameOf(arg: unknown): string | undefined {
  if (!arg || typeof arg !== 'object') return undefined;
  const a = arg as Record<string, unknown>;
  if (a.kind === 'workflow' && typeof a.name === 'string') return a.name;
  if (a.kind === 'run' && a.run && typeof a.run === 'object') return workflowNameOf(a.run);
  if (typeof a.workflowName === 'string') return a.workflowName;
  return undefined;
}

export function runOf(arg: unknown): CrawlerRun | undefined {
  if (!arg || typeof arg !== 'object') return undefined;
  const a = arg as Record<string, unknown>;
  if (a.kind === 'run') return a.run as CrawlerRun;
  if (typeof a.id === 'string' && typeof a.workflowName === 'string' && typeof a.phase === 'string') return a as unknown as CrawlerRun;
  return undefined;
}
