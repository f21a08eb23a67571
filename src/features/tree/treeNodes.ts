import * as vscode from 'vscode';
import { isFinished, type CrawlerRun } from '../../core/atlan/backend';
import { formatRunDuration, formatStartTime } from '../../core/format/runTiming';
import { cronInWords, describeSchedule } from '../../core/format/scheduleWords';
import type { WorkflowEntry } from '../../core/tenant/workflowStore';
import { CommandIds } from '../ids';
import type { CatalogNode } from './catalogBranch';
import { runContext } from './contextValues';
import { runPhaseIcon } from './runPhaseIcon';

/** Nodes of the Postgres Workflows view. Plain data: they never call the network or show UI. */
export type TreeNode =
  | { kind: 'workflow'; name: string }
  | { kind: 'run'; run: CrawlerRun }
  | { kind: 'message'; runId: string; index: number; text: string; icon: string }
  | { kind: 'loadMore'; loaded: number; total?: number }
  /** Items of the tenant's answers that could not be read (`scope`: 'workflows', or the workflow whose runs they are). */
  | { kind: 'unread'; scope: string; what: 'items' | 'runs'; reasons: readonly string[] }
  /** The Catalog branch (catalogBranch.ts). */
  | CatalogNode;

export function workflowItem(entry: WorkflowEntry): vscode.TreeItem {
  const { workflow, latestRun } = entry;
  const item = new vscode.TreeItem(workflow.connectionName ?? workflow.name, vscode.TreeItemCollapsibleState.Collapsed);
  item.id = `workflow:${workflow.name}`;
  item.iconPath = entry.latestRunUnknown && !latestRun ? new vscode.ThemeIcon('question') : runPhaseIcon(latestRun?.phase);
  // Tree item text renders no codicons (and emoji may lack a glyph): the words say it is a schedule; the tooltip has the icon and the cron.
  item.description = [workflow.connectionName ? workflow.name : undefined, workflow.schedule ? describeSchedule(workflow.schedule) : undefined].filter(Boolean).join(' · ');
  item.contextValue = 'workflow';
  return item;
}

export function runItem(run: CrawlerRun, now = Date.now()): vscode.TreeItem {
  const failed = runContext(run) === 'run:failed';
  const started = formatStartTime(run.startedAt) ?? 'Not started';
  const item = new vscode.TreeItem(started, failed && hasFailureDetails(run) ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None);
  item.id = `run:${run.id}`;
  item.iconPath = runPhaseIcon(run.phase);
  const duration = formatRunDuration(run, isFinished(run), now);
  item.description = [
    run.phase,
    duration,
    run.progress && !isFinished(run) ? run.progress : undefined,
    run.startedBy ? `by ${run.startedBy}` : undefined,
    run.stoppedBy ? `stopped by ${run.stoppedBy}` : undefined,
  ]
    .filter(Boolean)
    .join(' · ');
  item.contextValue = runContext(run);
  item.command = failed ? { command: CommandIds.showRunFailure, title: 'Show Failure', arguments: [run] } : { command: CommandIds.showRunDetails, title: 'Show Run Details', arguments: [run] };
  return item;
}

export function workflowTooltip(entry: WorkflowEntry): vscode.MarkdownString {
  const { workflow, latestRun } = entry;
  const md = new vscode.MarkdownString(undefined, true);
  md.appendMarkdown(`**${escape(workflow.connectionName ?? workflow.name)}**\n\n`);
  md.appendMarkdown(`Workflow \`${workflow.name}\`${workflow.surface === 'apps' ? ' (App API)' : ''}\n\n`);
  if (workflow.connectionQualifiedName) md.appendMarkdown(`Connection \`${workflow.connectionQualifiedName}\`\n\n`);
  if (workflow.schedule) {
    const { cron, timezone } = workflow.schedule;
    const code = `\`${cron.replace(/`/g, '')}\``;
    const text = cronInWords(cron) ? `${escape(describeSchedule(workflow.schedule))} · cron ${code}` : `on cron ${code} (${escape(timezone)})`;
    md.appendMarkdown(`$(calendar) Runs ${text}\n\n`);
  }
  md.appendMarkdown(latestRun ? `Last run: ${runSummary(latestRun)}` : entry.latestRunUnknown ? 'Last run unknown: expand to load its runs' : 'Never run');
  return md;
}

export function runTooltip(run: CrawlerRun, now = Date.now()): vscode.MarkdownString {
  const duration = formatRunDuration(run, isFinished(run), now);
  const md = new vscode.MarkdownString(undefined, true);
  md.appendMarkdown(`**${escape(run.phase)}** — run \`${run.id}\`\n\n`);
  if (run.startedAt) md.appendMarkdown(`Started ${escape(run.startedAt)}${run.startedBy ? ` by ${escape(run.startedBy)}` : ''}\n\n`);
  if (duration) md.appendMarkdown(`Duration ${duration}\n\n`);
  if (run.phase === 'Stopped') {
    // Argo's message ("Stopped with strategy 'Stop'") says no more than the phase.
    md.appendMarkdown(run.stoppedBy ? `Stopped by ${escape(run.stoppedBy)}\n\n` : 'Stopped before it finished\n\n');
  } else if (run.message) {
    md.appendMarkdown(`${escape(run.message)}\n\n`);
  }
  return md;
}

export function messageItem(node: Extract<TreeNode, { kind: 'message' }>): vscode.TreeItem {
  const item = new vscode.TreeItem(node.text, vscode.TreeItemCollapsibleState.None);
  item.id = `message:${node.runId}:${node.index}`;
  item.iconPath = new vscode.ThemeIcon(node.icon, new vscode.ThemeColor('testing.iconFailed'));
  item.tooltip = node.text;
  item.contextValue = 'message';
  return item;
}

/** Reasons shown in the tooltip; the log has them all. */
const UNREAD_REASONS_SHOWN = 10;

/** "3 items could not be read": everything else is shown; the reasons are in the tooltip and the log (Show Output). */
export function unreadItem(node: Extract<TreeNode, { kind: 'unread' }>): vscode.TreeItem {
  const count = node.reasons.length;
  const noun = count === 1 ? node.what.replace(/s$/, '') : node.what;
  const item = new vscode.TreeItem(`${count} ${noun} could not be read`, vscode.TreeItemCollapsibleState.None);
  item.id = `unread:${node.what}:${node.scope}`;
  item.iconPath = new vscode.ThemeIcon('warning', new vscode.ThemeColor('list.warningForeground'));
  item.description = 'Show Output';
  const md = new vscode.MarkdownString(`**${count} ${noun} could not be read** and ${count === 1 ? 'is' : 'are'} left out; everything else is shown.\n\n`);
  for (const reason of node.reasons.slice(0, UNREAD_REASONS_SHOWN)) md.appendMarkdown(`- ${escape(reason)}\n`);
  if (count > UNREAD_REASONS_SHOWN) md.appendMarkdown(`- and ${count - UNREAD_REASONS_SHOWN} more (see the output)\n`);
  item.tooltip = md;
  item.command = { command: CommandIds.showOutput, title: 'Show Output' };
  item.contextValue = 'unread';
  return item;
}

export function loadMoreItem(node: Extract<TreeNode, { kind: 'loadMore' }>): vscode.TreeItem {
  const item = new vscode.TreeItem('Load more…', vscode.TreeItemCollapsibleState.None);
  item.id = 'loadMore';
  item.iconPath = new vscode.ThemeIcon('more');
  item.description = node.total !== undefined ? `${node.loaded} of ${node.total}` : `${node.loaded} loaded`;
  item.command = { command: CommandIds.loadMore, title: 'Load More' };
  item.contextValue = 'loadMore';
  return item;
}

/** The lines shown under a failed run: its message, then each failed step's. */
export function failureMessages(run: CrawlerRun): Extract<TreeNode, { kind: 'message' }>[] {
  const lines: { text: string; icon: string }[] = [];
  if (run.message) lines.push({ text: run.message, icon: 'error' });
  for (const step of run.failedSteps) {
    if (step.message && step.message !== run.message) lines.push({ text: `${step.name}: ${step.message}`, icon: 'debug-stackframe' });
  }
  return lines.map((l, index) => ({ kind: 'message', runId: run.id, index, ...l }));
}

function hasFailureDetails(run: CrawlerRun): boolean {
  return failureMessages(run).length > 0;
}

function runSummary(run: CrawlerRun): string {
  const parts = [escape(run.phase), formatStartTime(run.startedAt), formatRunDuration(run, isFinished(run))].filter(Boolean);
  return parts.join(' · ');
}

function escape(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>]/g, (c) => `\\${c}`);
}
