import * as vscode from 'vscode';
import type { CrawlerRun } from '../../core/atlan/backend';
import type { CatalogAssets } from '../../core/atlan';
import { CatalogBranch, catalogItem, type CatalogNode } from './catalogBranch';
import type { WorkflowEntry, WorkflowStore } from '../../core/tenant/workflowStore';
import { failureMessages, loadMoreItem, messageItem, runItem, runTooltip, unreadItem, workflowItem, workflowTooltip, type TreeNode } from './treeNodes';

/** What the user filters the view by: text in the connection or workflow name, and the last run's phase. */
export interface WorkflowFilter {
  text?: string;
  phase?: string;
}

export function matchesFilter(entry: WorkflowEntry, filter: WorkflowFilter): boolean {
  const text = filter.text?.trim().toLowerCase();
  if (text && !`${entry.workflow.connectionName ?? ''} ${entry.workflow.name}`.toLowerCase().includes(text)) return false;
  if (filter.phase && (entry.latestRun?.phase ?? 'Never run') !== filter.phase) return false;
  return true;
}

/**
 * A thin provider over the WorkflowStore: it maps store entries to nodes and refreshes only the
 * nodes a store change names. Loading a workflow's runs happens when the user expands it.
 */
export class WorkflowTreeDataProvider implements vscode.TreeDataProvider<TreeNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<TreeNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly nodes = new Map<string, TreeNode>();
  private readonly subscription: { dispose(): void };
  private filterValue: WorkflowFilter = {};
  /** Workflows whose runs getChildren is loading: their store change must not re-enter the tree. */
  private readonly loadingRuns = new Set<string>();
  /** What the crawls produced, under each workflow. */
  private readonly catalog: CatalogBranch;

  /**
   * @param noteError told about a failed load of runs, so a rejected token turns the session
   * into "expired" here as anywhere else.
   */
  constructor(
    private readonly store: WorkflowStore,
    private readonly noteError: (err: unknown) => Promise<void> = () => Promise.resolve(),
    catalog: { assets: () => CatalogAssets | undefined; log: (message: string) => void } = { assets: () => undefined, log: () => {} },
  ) {
    this.catalog = new CatalogBranch({ catalog: catalog.assets, intern: (id, node) => this.intern(id, node), noteError, log: catalog.log });
    this.subscription = store.onDidChange((change) => {
      if (change.kind === 'all') {
        // Everything is asked for again: forget the old nodes rather than keep every one ever shown.
        this.nodes.clear();
        this.catalog.clear();
        this.changed.fire(undefined);
      } else if (!this.loadingRuns.has(change.name) && store.get(change.name)) {
        // A workflow outside the view (a lens or a notification follows it) has no node to refresh.
        this.changed.fire(this.workflowNode(change.name));
      }
    });
  }

  get filter(): WorkflowFilter {
    return this.filterValue;
  }

  setFilter(filter: WorkflowFilter): void {
    this.filterValue = filter;
    this.changed.fire(undefined);
  }

  /** Re-renders run nodes so running durations advance without a request. */
  tick(): void {
    for (const run of this.store.inFlightRuns()) if (this.store.get(run.workflowName)) this.changed.fire(this.workflowNode(run.workflowName));
  }

  /** Roots shown under the current filter (the view's message says when a filter hides everything). */
  visibleWorkflows(): WorkflowEntry[] {
    return this.store.workflows().filter((e) => matchesFilter(e, this.filterValue));
  }

  private workflowNode(name: string): TreeNode {
    return this.intern(`workflow:${name}`, { kind: 'workflow', name });
  }

  /** The same object for the same id, so `reveal` and partial refreshes find the node. */
  private intern<T extends TreeNode>(id: string, node: T): T {
    const existing = this.nodes.get(id);
    if (existing && existing.kind === node.kind) {
      Object.assign(existing, node);
      return existing as T;
    }
    this.nodes.set(id, node);
    return node;
  }

  /** Tooltips are built only when the user hovers: thousands of rows do not each carry one. */
  resolveTreeItem(item: vscode.TreeItem, node: TreeNode): vscode.TreeItem {
    if (node.kind === 'workflow') {
      const entry = this.store.get(node.name);
      if (entry) item.tooltip = workflowTooltip(entry);
    } else if (node.kind === 'run') {
      item.tooltip = runTooltip(this.currentRun(node));
    }
    return item;
  }

  /** The store's state of a run node's run (the node keeps the last one, also for commands given the node). */
  private currentRun(node: Extract<TreeNode, { kind: 'run' }>): CrawlerRun {
    const run = this.store.run(node.run.id);
    // A placeholder resolved to the real run is a different node (its id changes): keep this one as it is.
    if (run && run.id === node.run.id) node.run = run;
    return node.run;
  }

  getTreeItem(node: TreeNode): vscode.TreeItem {
    switch (node.kind) {
      case 'workflow': {
        const entry = this.store.get(node.name);
        return entry ? workflowItem(entry) : new vscode.TreeItem(node.name);
      }
      case 'run':
        return runItem(this.currentRun(node));
      case 'message':
        return messageItem(node);
      case 'loadMore':
        return loadMoreItem(node);
      case 'unread':
        return unreadItem(node);
      case 'catalog':
      case 'catalogAsset':
      case 'catalogMore':
      case 'catalogInfo':
        return catalogItem(node, (n) => this.catalogNodeId(n));
    }
  }

  private catalogNodeId(node: CatalogNode): string {
    switch (node.kind) {
      case 'catalog':
        return `catalog:${node.workflowName}`;
      case 'catalogAsset':
        return `catalogAsset:${node.workflowName}:${node.item.guid}`;
      case 'catalogMore':
        return `catalogMore:${node.workflowName}:${node.parent.qualifiedName}`;
      case 'catalogInfo':
        return `catalogInfo:${node.id}`;
    }
  }

  /** Loads the next page under a "Load more…" of the Catalog branch and shows it. */
  async loadMoreCatalog(node: Extract<CatalogNode, { kind: 'catalogMore' }>): Promise<void> {
    await this.catalog.loadMore(node);
    const parent = this.getParent(node);
    this.changed.fire(parent);
  }

  async getChildren(node?: TreeNode): Promise<TreeNode[]> {
    if (!node) {
      const roots: TreeNode[] = this.visibleWorkflows().map((e) => this.workflowNode(e.workflow.name));
      if (this.store.hasMore) roots.push(this.intern('loadMore', { kind: 'loadMore', loaded: this.store.workflows().length, total: this.store.total }));
      // One odd item never empties the view: the rest is shown, and this says how many are missing.
      const unread = this.store.unread;
      if (unread.length > 0) roots.unshift(this.intern('unread:items:workflows', { kind: 'unread', scope: 'workflows', what: 'items', reasons: unread }));
      return roots;
    }
    if (node.kind === 'workflow') {
      const connection = this.store.get(node.name)?.workflow.connectionQualifiedName;
      const runs = await this.runsOf(node.name);
      return connection ? [this.catalog.node(node.name, connection), ...runs] : runs;
    }
    if (node.kind === 'run') return failureMessages(this.currentRun(node)).map((m) => this.intern(`message:${m.runId}:${m.index}`, m));
    if (node.kind === 'catalog') {
      // Read again once the latest run has moved on (a run that published new assets), not at every poll.
      const latest = this.store.get(node.workflowName)?.latestRun;
      return this.catalog.children(node, latest ? `${latest.id}:${latest.phase}` : '');
    }
    if (node.kind === 'catalogAsset') return this.catalog.children(node);
    return [];
  }

  private async runsOf(name: string): Promise<TreeNode[]> {
    const entry = this.store.get(name);
    let runs: CrawlerRun[] | undefined = entry?.recentRuns;
    if (!runs) {
      this.loadingRuns.add(name);
      try {
        runs = await this.store.loadRuns(name);
      } catch (err) {
        await this.noteError(err);
        const text = `Could not load runs: ${err instanceof Error ? err.message : String(err)}`;
        return [{ kind: 'message', runId: name, index: 0, text, icon: 'warning' }];
      } finally {
        this.loadingRuns.delete(name);
      }
    }
    const unread = this.store.unreadRunsOf(name);
    const unreadNode: TreeNode[] = unread.length > 0 ? [this.intern(`unread:runs:${name}`, { kind: 'unread', scope: name, what: 'runs', reasons: unread })] : [];
    if (runs.length === 0) return unreadNode.length > 0 ? unreadNode : [{ kind: 'message', runId: name, index: 0, text: 'No runs yet', icon: 'info' }];
    return [...runs.map((run): TreeNode => this.intern(`run:${run.id}`, { kind: 'run', run })), ...unreadNode];
  }

  getParent(node: TreeNode): TreeNode | undefined {
    if (node.kind === 'run') return this.workflowNode(node.run.workflowName);
    if (node.kind === 'unread') return node.scope === 'workflows' ? undefined : this.workflowNode(node.scope);
    if (node.kind === 'message') {
      const runNode = this.nodes.get(`run:${node.runId}`);
      return runNode;
    }
    if (node.kind === 'catalog') return this.workflowNode(node.workflowName);
    if (node.kind === 'catalogMore') {
      if (node.parent.kind === 'connection') return this.nodes.get(`catalog:${node.workflowName}`);
      for (const candidate of this.nodes.values()) {
        if (candidate.kind === 'catalogAsset' && candidate.workflowName === node.workflowName && candidate.item.qualifiedName === node.parent.qualifiedName) return candidate;
      }
    }
    return undefined;
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}
