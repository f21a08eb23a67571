/**
 * The "Crawl Scope" view: the last previewed scope as a tree (totals and notes first, then
 * databases > schemas > tables and views), each object with a codicon saying included or
 * excluded and, for an excluded one, why. Holds data only; computing it is previewScope.ts's job.
 */
import * as vscode from 'vscode';
import type { CrawlScope, ScopeDatabase, ScopeRelation, ScopeSchema, Verdict } from '../../core/scope';

type ScopeNode =
  | { kind: 'summary'; label: string; detail: string; icon: string }
  | { kind: 'note'; text: string }
  | { kind: 'database'; database: ScopeDatabase }
  | { kind: 'schema'; schema: ScopeSchema; inherited: boolean }
  | { kind: 'relation'; relation: ScopeRelation; inherited: boolean };

const INCLUDED_ICON = new vscode.ThemeIcon('pass', new vscode.ThemeColor('testing.iconPassed'));
const EXCLUDED_ICON = new vscode.ThemeIcon('circle-slash', new vscode.ThemeColor('disabledForeground'));

function verdictIcon(verdict: Verdict): vscode.ThemeIcon {
  return verdict.included ? INCLUDED_ICON : EXCLUDED_ICON;
}

function countLabel(schema: ScopeSchema): string {
  const included = schema.relations.filter((r) => r.verdict.included).length;
  return `${included} of ${schema.relations.length} tables and views`;
}

export interface ShownScope {
  /** What was previewed: a file name or a form's title. */
  title: string;
  scope: CrawlScope;
  summary: string;
  crawl: string;
}

export class CrawlScopeView implements vscode.TreeDataProvider<ScopeNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<ScopeNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private shown: ShownScope | undefined;

  get current(): ShownScope | undefined {
    return this.shown;
  }

  show(shown: ShownScope): void {
    this.shown = shown;
    this.changed.fire(undefined);
  }

  getChildren(node?: ScopeNode): ScopeNode[] {
    const shown = this.shown;
    if (!shown) return [];
    if (!node) {
      return [
        { kind: 'summary', label: shown.summary, detail: shown.title, icon: 'list-tree' },
        { kind: 'summary', label: shown.crawl, detail: '', icon: 'target' },
        ...shown.scope.notes.map((text): ScopeNode => ({ kind: 'note', text })),
        ...shown.scope.databases.map((database): ScopeNode => ({ kind: 'database', database })),
      ];
    }
    if (node.kind === 'database') {
      return node.database.schemas.map((schema): ScopeNode => ({ kind: 'schema', schema, inherited: !node.database.verdict.included }));
    }
    if (node.kind === 'schema') {
      const inherited = node.inherited || !node.schema.verdict.included;
      return node.schema.relations.map((relation): ScopeNode => ({ kind: 'relation', relation, inherited }));
    }
    return [];
  }

  getTreeItem(node: ScopeNode): vscode.TreeItem {
    switch (node.kind) {
      case 'summary': {
        const item = new vscode.TreeItem(node.label, vscode.TreeItemCollapsibleState.None);
        item.description = node.detail;
        item.iconPath = new vscode.ThemeIcon(node.icon);
        return item;
      }
      case 'note': {
        const item = new vscode.TreeItem(node.text, vscode.TreeItemCollapsibleState.None);
        item.iconPath = new vscode.ThemeIcon('info');
        item.tooltip = node.text;
        return item;
      }
      case 'database': {
        const { database } = node;
        const state = database.schemas.length > 0 ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.None;
        return this.objectItem(database.name, 'database', database.verdict, state, false);
      }
      case 'schema': {
        const { schema } = node;
        const state = schema.relations.length > 0 ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None;
        const item = this.objectItem(schema.name, 'schema', schema.verdict, state, node.inherited);
        if (schema.relations.length > 0) item.description = `${String(item.description)} · ${countLabel(schema)}`;
        return item;
      }
      case 'relation':
        return this.objectItem(node.relation.name, node.relation.kind, node.relation.verdict, vscode.TreeItemCollapsibleState.None, node.inherited);
    }
  }

  /** An object: the verdict icon, "included" or the reason (unless its parent already says it). */
  private objectItem(name: string, kind: string, verdict: Verdict, state: vscode.TreeItemCollapsibleState, inherited: boolean): vscode.TreeItem {
    const item = new vscode.TreeItem(name, state);
    item.iconPath = verdictIcon(verdict);
    item.description = verdict.included ? kind : inherited ? `${kind} · excluded with its parent` : `${kind} · ${verdict.why}`;
    item.tooltip = `${kind} ${name}: ${verdict.included ? 'included' : `excluded: ${verdict.why}`}`;
    item.contextValue = verdict.included ? 'scopeIncluded' : `scopeExcluded.${verdict.reason}`;
    return item;
  }

  dispose(): void {
    this.changed.dispose();
  }
}
