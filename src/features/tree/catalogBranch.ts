import * as vscode from 'vscode';
import type { CatalogAssets, CatalogCounts, CatalogItem, CatalogPage, CatalogParent } from '../../core/atlan';
import { countOf, formatCatalogCounts } from '../../core/format/catalogWords';
import { CommandIds } from '../ids';

/**
 * The Catalog branch under a workflow: what its crawls produced in Atlan's catalog. Expanding
 * Catalog asks for the counts by type and the first page of databases (two requests); a
 * database's schemas and a schema's tables and views are asked for when expanded, a page at a
 * time ("Load more…"). Pages are kept until the next refresh of the view.
 */
export type CatalogNode =
  | { kind: 'catalog'; workflowName: string; connection: string }
  | { kind: 'catalogAsset'; workflowName: string; item: CatalogItem }
  | { kind: 'catalogMore'; workflowName: string; parent: CatalogParent; loaded: number; total?: number }
  | { kind: 'catalogInfo'; id: string; text: string; icon: string; tooltip?: string; reasons?: readonly string[] };

/** Children asked for at once. */
export const CATALOG_PAGE_SIZE = 50;

interface LoadedPages {
  items: CatalogItem[];
  unread: string[];
  total?: number;
  nextFrom?: number;
}

export interface CatalogBranchDeps {
  /** The signed-in client's catalog; undefined when signed out. */
  catalog: () => CatalogAssets | undefined;
  /** The same node object for the same id (the provider's, so refreshes find it). */
  intern: <T extends CatalogNode>(id: string, node: T) => T;
  /** Told about a failed read (an expired token ends the session as anywhere else). */
  noteError: (err: unknown) => Promise<void>;
  log: (message: string) => void;
}

function parentKey(workflowName: string, parent: CatalogParent): string {
  return `${workflowName}\u0000${parent.kind}\u0000${parent.qualifiedName}`;
}

function childParent(item: CatalogItem): CatalogParent | undefined {
  if (item.typeName === 'Database') return { kind: 'database', qualifiedName: item.qualifiedName };
  if (item.typeName === 'Schema') return { kind: 'schema', qualifiedName: item.qualifiedName };
  return undefined;
}

export class CatalogBranch {
  private readonly pages = new Map<string, LoadedPages>();
  /**
   * Each workflow's counts, with the state of its latest run they were read at: a run poll
   * re-renders the workflow without asking again; a run that ends (a new state) reads anew.
   */
  private readonly counts = new Map<string, { stamp: string; counts: CatalogCounts }>();

  constructor(private readonly deps: CatalogBranchDeps) {}

  /** Forgets every loaded page (the view was refreshed). */
  clear(): void {
    this.pages.clear();
    this.counts.clear();
  }

  /** Forgets what was read of one workflow's catalog when its latest run changed state since. */
  noteLatestRun(workflowName: string, stamp: string): void {
    const known = this.counts.get(workflowName);
    if (!known || known.stamp === stamp) return;
    this.counts.delete(workflowName);
    const prefix = `${workflowName}\u0000`;
    for (const key of [...this.pages.keys()]) if (key.startsWith(prefix)) this.pages.delete(key);
  }

  node(workflowName: string, connection: string): CatalogNode {
    return this.deps.intern(`catalog:${workflowName}`, { kind: 'catalog', workflowName, connection });
  }

  async children(node: CatalogNode, stamp = ''): Promise<CatalogNode[]> {
    const catalog = this.deps.catalog();
    if (!catalog) return [this.info(`${node.kind}:signedOut`, 'Sign in to see the catalog', 'info')];
    try {
      if (node.kind === 'catalog') return await this.connectionChildren(catalog, node, stamp);
      if (node.kind === 'catalogAsset') {
        const parent = childParent(node.item);
        return parent ? await this.pageNodes(catalog, node.workflowName, parent) : [];
      }
      return [];
    } catch (err) {
      await this.deps.noteError(err);
      const text = `Could not load the catalog: ${err instanceof Error ? err.message : String(err)}`;
      return [this.info(`error:${node.kind === 'catalog' ? node.workflowName : node.kind === 'catalogAsset' ? node.item.guid : ''}`, text, 'warning')];
    }
  }

  /** The next page of a parent's children; the parent node to refresh. */
  async loadMore(node: Extract<CatalogNode, { kind: 'catalogMore' }>): Promise<void> {
    const catalog = this.deps.catalog();
    const loaded = this.pages.get(parentKey(node.workflowName, node.parent));
    if (!catalog || !loaded || loaded.nextFrom === undefined) return;
    const page = await catalog.children(node.parent, { from: loaded.nextFrom, size: CATALOG_PAGE_SIZE });
    this.note(page);
    loaded.items.push(...page.items);
    loaded.unread.push(...page.unread);
    loaded.total = page.total ?? loaded.total;
    loaded.nextFrom = page.nextFrom;
  }

  private async connectionChildren(catalog: CatalogAssets, node: Extract<CatalogNode, { kind: 'catalog' }>, stamp: string): Promise<CatalogNode[]> {
    const parent: CatalogParent = { kind: 'connection', qualifiedName: node.connection };
    this.noteLatestRun(node.workflowName, stamp);
    const known = this.counts.get(node.workflowName);
    // At most two requests at once: the counts (one aggregation) and the first page of databases.
    const [counts, databases] = await Promise.all([known ? known.counts : catalog.counts(node.connection), this.pageNodes(catalog, node.workflowName, parent)]);
    this.counts.set(node.workflowName, { stamp, counts });
    if (counts.total === 0) {
      return [
        this.info(
          `empty:${node.workflowName}`,
          'Not crawled yet: no assets in Atlan for this connection',
          'info',
          `Atlan's catalog has no active assets with connection ${node.connection}. Run the crawler (or wait for its run to publish) and refresh.`,
        ),
      ];
    }
    const tooltip = Object.entries(counts.byType)
      .map(([type, count]) => countOf(type as Parameters<typeof countOf>[0], count ?? 0))
      .join('\n');
    return [this.info(`counts:${node.workflowName}`, formatCatalogCounts(counts), 'symbol-numeric', tooltip), ...databases];
  }

  private async pageNodes(catalog: CatalogAssets, workflowName: string, parent: CatalogParent): Promise<CatalogNode[]> {
    const key = parentKey(workflowName, parent);
    let loaded = this.pages.get(key);
    if (!loaded) {
      const page = await catalog.children(parent, { size: CATALOG_PAGE_SIZE });
      this.note(page);
      loaded = { items: [...page.items], unread: [...page.unread], ...(page.total !== undefined ? { total: page.total } : {}), ...(page.nextFrom !== undefined ? { nextFrom: page.nextFrom } : {}) };
      this.pages.set(key, loaded);
    }
    const nodes: CatalogNode[] = loaded.items.map((item) => this.deps.intern(`catalogAsset:${workflowName}:${item.guid}`, { kind: 'catalogAsset', workflowName, item }));
    if (loaded.unread.length > 0) {
      const count = loaded.unread.length;
      nodes.push(this.info(`unread:${key}`, `${count} asset${count === 1 ? '' : 's'} could not be read`, 'warning', undefined, loaded.unread));
    }
    if (loaded.nextFrom !== undefined) {
      nodes.push(this.deps.intern(`catalogMore:${key}`, { kind: 'catalogMore', workflowName, parent, loaded: loaded.items.length, ...(loaded.total !== undefined ? { total: loaded.total } : {}) }));
    }
    if (nodes.length === 0) nodes.push(this.info(`none:${key}`, parent.kind === 'database' ? 'No schemas' : parent.kind === 'schema' ? 'No tables or views' : 'No databases', 'info'));
    return nodes;
  }

  private note(page: CatalogPage): void {
    for (const reason of page.unread) this.deps.log(`Catalog: left out ${reason}`);
  }

  private info(id: string, text: string, icon: string, tooltip?: string, reasons?: readonly string[]): CatalogNode {
    return this.deps.intern(`catalogInfo:${id}`, { kind: 'catalogInfo', id, text, icon, ...(tooltip ? { tooltip } : {}), ...(reasons ? { reasons } : {}) });
  }
}

const ASSET_ICONS: Record<string, string> = {
  Database: 'database',
  Schema: 'symbol-namespace',
  Table: 'table',
  View: 'eye',
  MaterialisedView: 'eye',
  Column: 'symbol-field',
};

function plural(count: number | undefined, one: string, many: string): string | undefined {
  return count === undefined ? undefined : `${count.toLocaleString('en-US')} ${count === 1 ? one : many}`;
}

/** What a catalog asset's row says: its counts. */
export function assetDescription(item: CatalogItem): string {
  const parts =
    item.typeName === 'Database'
      ? [plural(item.schemaCount, 'schema', 'schemas')]
      : item.typeName === 'Schema'
        ? [plural(item.tableCount, 'table', 'tables'), plural(item.viewsCount, 'view', 'views')]
        : [item.typeName === 'MaterialisedView' ? 'materialised view' : item.typeName === 'View' ? 'view' : undefined, plural(item.columnCount, 'column', 'columns'), plural(item.rowCount, 'row', 'rows')];
  return parts.filter(Boolean).join(' · ');
}

export function catalogItem(node: CatalogNode, itemId: (node: CatalogNode) => string): vscode.TreeItem {
  switch (node.kind) {
    case 'catalog': {
      const item = new vscode.TreeItem('Catalog', vscode.TreeItemCollapsibleState.Collapsed);
      item.iconPath = new vscode.ThemeIcon('database');
      item.description = 'what the crawls produced in Atlan';
      item.tooltip = `Assets of connection ${node.connection} in Atlan's catalog`;
      item.contextValue = 'catalog';
      item.id = itemId(node);
      return item;
    }
    case 'catalogAsset': {
      const expandable = node.item.typeName === 'Database' || node.item.typeName === 'Schema';
      const item = new vscode.TreeItem(node.item.name, expandable ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None);
      item.iconPath = new vscode.ThemeIcon(ASSET_ICONS[node.item.typeName] ?? 'symbol-misc');
      item.description = assetDescription(node.item);
      item.tooltip = `${node.item.typeName} ${node.item.qualifiedName}`;
      item.contextValue = 'catalogAsset';
      item.id = itemId(node);
      return item;
    }
    case 'catalogMore': {
      const item = new vscode.TreeItem('Load more…', vscode.TreeItemCollapsibleState.None);
      item.iconPath = new vscode.ThemeIcon('more');
      item.description = node.total !== undefined ? `${node.loaded} of ${node.total}` : `${node.loaded} loaded`;
      item.command = { command: CommandIds.loadMoreCatalog, title: 'Load More', arguments: [node] };
      item.contextValue = 'loadMore';
      item.id = itemId(node);
      return item;
    }
    case 'catalogInfo': {
      const item = new vscode.TreeItem(node.text, vscode.TreeItemCollapsibleState.None);
      item.iconPath = new vscode.ThemeIcon(node.icon);
      if (node.reasons) {
        item.tooltip = node.reasons.slice(0, 10).join('\n');
        item.description = 'Show Output';
        item.command = { command: CommandIds.showOutput, title: 'Show Output' };
      } else if (node.tooltip) {
        item.tooltip = node.tooltip;
      }
      item.contextValue = node.reasons ? 'unread' : 'message';
      item.id = itemId(node);
      return item;
    }
  }
}
