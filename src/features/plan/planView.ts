/**
 * The "Plan" view: the last plan of the workspace as a tree grouped by action (create, update,
 * adopt, conflict, unchanged, and the tenant's unmanaged crawlers), each group with its count;
 * under an update or adoption its changed fields; a conflict says why. After Apply Plan, each
 * file also shows how it went. Holds data only: planning is workspacePlan.ts's job.
 */
import * as vscode from 'vscode';
import type { ApplyOutcome } from '../../core/plan/applyPlan';
import type { FieldChange, FilePlan, PlanAction } from '../../core/plan/plan';
import { CommandIds } from '../ids';

/** One planned file as the view shows it. */
export interface PlannedEntry {
  plan: FilePlan;
  uri: vscode.Uri;
}

/** How applying one file went. */
export interface EntryOutcome {
  outcome: ApplyOutcome;
  workflow?: string;
  /** Why it failed, or a warning (the name could not be written into the file). */
  message?: string;
}

export interface ShownPlan {
  /** `https://tenant (App API)`, and the profile whose overrides applied. */
  tenant: string;
  profile?: string;
  /** The folder planned, workspace-relative (absent: the whole workspace). */
  folder?: string;
  entries: PlannedEntry[];
  unmanaged: { name: string; connectionName?: string }[];
  /** One line: `1 to create, 1 to update, ...`. */
  summary: string;
}

export type PlanGroup = PlanAction | 'unmanaged';

/** Groups in the order people act on them: what changes first, then what is refused, then the rest. */
const GROUP_ORDER: readonly PlanGroup[] = ['create', 'update', 'adopt', 'conflict', 'unchanged', 'unmanaged'];

const GROUP_ICON: Record<PlanGroup, vscode.ThemeIcon> = {
  create: new vscode.ThemeIcon('add', new vscode.ThemeColor('gitDecoration.addedResourceForeground')),
  update: new vscode.ThemeIcon('diff-modified', new vscode.ThemeColor('gitDecoration.modifiedResourceForeground')),
  adopt: new vscode.ThemeIcon('link', new vscode.ThemeColor('gitDecoration.modifiedResourceForeground')),
  conflict: new vscode.ThemeIcon('error', new vscode.ThemeColor('errorForeground')),
  unchanged: new vscode.ThemeIcon('check'),
  unmanaged: new vscode.ThemeIcon('question'),
};

export type PlanNode =
  | { kind: 'group'; group: PlanGroup; count: number }
  | { kind: 'file'; entry: PlannedEntry }
  | { kind: 'field'; entry: PlannedEntry; change: FieldChange }
  | { kind: 'unmanaged'; name: string; connectionName?: string };

export class PlanView implements vscode.TreeDataProvider<PlanNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<PlanNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private shown: ShownPlan | undefined;
  private readonly outcomes = new Map<PlannedEntry, EntryOutcome>();

  get current(): ShownPlan | undefined {
    return this.shown;
  }

  /** How applying each file went, by file (workspace-relative), after the last Apply Plan. */
  outcomeOf(file: string): EntryOutcome | undefined {
    for (const [entry, outcome] of this.outcomes) if (entry.plan.file === file) return outcome;
    return undefined;
  }

  show(shown: ShownPlan): void {
    this.shown = shown;
    this.outcomes.clear();
    this.changed.fire(undefined);
  }

  /** Shows no plan (the one shown no longer applies). */
  clear(): void {
    this.shown = undefined;
    this.outcomes.clear();
    this.changed.fire(undefined);
  }

  setOutcome(entry: PlannedEntry, outcome: EntryOutcome): void {
    this.outcomes.set(entry, outcome);
    this.changed.fire(undefined);
  }

  /** The groups with their counts, in view order; empty groups are left out. */
  groups(): { group: PlanGroup; count: number }[] {
    const shown = this.shown;
    if (!shown) return [];
    return GROUP_ORDER.map((group) => ({
      group,
      count: group === 'unmanaged' ? shown.unmanaged.length : shown.entries.filter((e) => e.plan.action === group).length,
    })).filter((g) => g.count > 0);
  }

  getChildren(node?: PlanNode): PlanNode[] {
    const shown = this.shown;
    if (!shown) return [];
    if (!node) return this.groups().map(({ group, count }): PlanNode => ({ kind: 'group', group, count }));
    if (node.kind === 'group') {
      if (node.group === 'unmanaged') return shown.unmanaged.map((w): PlanNode => ({ kind: 'unmanaged', ...w }));
      return shown.entries.filter((e) => e.plan.action === node.group).map((entry): PlanNode => ({ kind: 'file', entry }));
    }
    if (node.kind === 'file') return node.entry.plan.fields.map((change): PlanNode => ({ kind: 'field', entry: node.entry, change }));
    return [];
  }

  getTreeItem(node: PlanNode): vscode.TreeItem {
    switch (node.kind) {
      case 'group': {
        const item = new vscode.TreeItem(`${node.group[0].toUpperCase()}${node.group.slice(1)} (${node.count})`, vscode.TreeItemCollapsibleState.Expanded);
        item.iconPath = GROUP_ICON[node.group];
        item.contextValue = `planGroup:${node.group}`;
        if (node.group === 'unmanaged') item.tooltip = 'Postgres crawlers on the tenant that no file claims: listed, never touched.';
        if (node.group === 'unchanged') item.collapsibleState = vscode.TreeItemCollapsibleState.Collapsed;
        return item;
      }
      case 'file':
        return this.fileItem(node.entry);
      case 'field': {
        const item = new vscode.TreeItem(node.change.path, vscode.TreeItemCollapsibleState.None);
        item.description = `${show(node.change.tenant)} → ${show(node.change.file)}`;
        item.tooltip = `${node.change.path}\ntenant: ${show(node.change.tenant)}\nfile: ${show(node.change.file)}`;
        item.iconPath = new vscode.ThemeIcon('symbol-field');
        item.contextValue = 'planField';
        item.command = { command: CommandIds.showPlanDiff, title: 'Compare with Tenant', arguments: [node.entry] };
        return item;
      }
      case 'unmanaged': {
        const item = new vscode.TreeItem(node.connectionName ?? node.name, vscode.TreeItemCollapsibleState.None);
        item.description = node.connectionName !== undefined ? node.name : 'no connection name';
        item.tooltip = `${node.name}: no file claims it; never touched`;
        item.iconPath = new vscode.ThemeIcon('circle-outline');
        item.contextValue = 'planUnmanaged';
        return item;
      }
    }
  }

  private fileItem(entry: PlannedEntry): vscode.TreeItem {
    const { plan } = entry;
    const item = new vscode.TreeItem(plan.file, plan.fields.length > 0 ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.None);
    item.resourceUri = entry.uri;
    item.iconPath = vscode.ThemeIcon.File;
    item.contextValue = `planFile:${plan.action}`;
    const outcome = this.outcomes.get(entry);
    const base = planDetail(plan);
    item.description = outcome ? `${outcomeLabel(outcome)} · ${base}` : base;
    item.tooltip = [`${plan.file}: ${plan.action}`, base, outcome?.message].filter(Boolean).join('\n');
    if (outcome) item.iconPath = OUTCOME_ICON[outcome.outcome] ?? vscode.ThemeIcon.File;
    // Files the plan compared with a workflow open the diff; the rest open the file.
    item.command =
      plan.workflow !== undefined && (plan.action === 'update' || plan.action === 'adopt' || plan.action === 'unchanged')
        ? { command: CommandIds.showPlanDiff, title: 'Compare with Tenant', arguments: [entry] }
        : { command: 'vscode.open', title: 'Open File', arguments: [entry.uri] };
    return item;
  }

  dispose(): void {
    this.changed.dispose();
  }
}

/** What the line after the file says, per action (as the CLI's plan does). */
export function planDetail(plan: FilePlan): string {
  switch (plan.action) {
    case 'create':
      return `new crawler of connection "${plan.connectionName ?? ''}"`;
    case 'update':
      return `${plan.workflow ?? ''}: ${plan.fields.length} ${plan.fields.length === 1 ? 'field' : 'fields'}`;
    case 'unchanged':
      return plan.workflow ?? '';
    case 'adopt':
      return `${plan.workflow ?? ''} (records it in the file${plan.fields.length > 0 ? `; updates ${plan.fields.length} ${plan.fields.length === 1 ? 'field' : 'fields'}` : ''})`;
    case 'conflict':
      return plan.reason ?? '';
  }
}

const OUTCOME_LABEL: Record<ApplyOutcome, string> = {
  applied: 'applied',
  failed: 'failed',
  skipped: 'not applied (cancelled)',
  conflict: 'left alone',
  unchanged: 'unchanged',
};

function outcomeLabel(outcome: EntryOutcome): string {
  return outcome.outcome === 'applied' && outcome.message !== undefined ? 'applied, with a warning' : OUTCOME_LABEL[outcome.outcome];
}

const OUTCOME_ICON: Partial<Record<ApplyOutcome, vscode.ThemeIcon>> = {
  applied: new vscode.ThemeIcon('pass', new vscode.ThemeColor('testing.iconPassed')),
  failed: new vscode.ThemeIcon('error', new vscode.ThemeColor('testing.iconFailed')),
  skipped: new vscode.ThemeIcon('debug-pause'),
};

function show(value: unknown): string {
  if (value === undefined) return '(none)';
  const text = JSON.stringify(value);
  return text.length > 60 ? `${text.slice(0, 57)}…` : text;
}
