/** The catalog's counts and a run's changes in words, for the tree, Run details, notifications and the CLI. */
// Types only: the tree and notifications use these words without loading the client (and zod).
import type { CatalogChanges, CatalogCounts, CatalogItem, CatalogType, ChangeList } from '../atlan/catalogAssets';

/** The order views list the types in (catalogAssets' CATALOG_TYPES). */
const TYPE_ORDER: readonly CatalogType[] = ['Database', 'Schema', 'Table', 'View', 'MaterialisedView', 'Column'];

const NOUNS: Record<CatalogType, [string, string]> = {
  Database: ['database', 'databases'],
  Schema: ['schema', 'schemas'],
  Table: ['table', 'tables'],
  View: ['view', 'views'],
  MaterialisedView: ['materialised view', 'materialised views'],
  Column: ['column', 'columns'],
};

export function countOf(type: CatalogType, count: number): string {
  const [one, many] = NOUNS[type];
  return `${count.toLocaleString('en-US')} ${count === 1 ? one : many}`;
}

/** `1 database, 2 schemas, 12 tables, 2 views, 1 materialised view, 87 columns` (types with none left out). */
export function formatCatalogCounts(counts: CatalogCounts): string {
  const parts = TYPE_ORDER.filter((t) => (counts.byType[t] ?? 0) > 0).map((t) => countOf(t, counts.byType[t] ?? 0));
  return parts.length > 0 ? parts.join(', ') : 'no assets';
}

/** A schema by its name, a table or view as `schema.name`. */
export function changedName(item: CatalogItem): string {
  return item.typeName === 'Schema' || !item.schemaName ? item.name : `${item.schemaName}.${item.name}`;
}

function kind(item: CatalogItem): string {
  return item.typeName === 'Schema' ? 'schema' : item.typeName === 'Table' ? 'table' : 'view';
}

/** `schema sales, table sales.refunds and 3 more`. */
export function formatChangeList(list: ChangeList): string {
  const named = list.items.map((i) => `${kind(i)} ${changedName(i)}`);
  const rest = list.total - list.items.length;
  return rest > 0 ? `${named.join(', ')} and ${rest.toLocaleString('en-US')} more` : named.join(', ');
}

/** `New: table sales.refunds. Removed: schema staging, table staging.raw and 2 more.`, or that nothing changed. */
export function formatCatalogChanges(changes: CatalogChanges): string {
  const parts: string[] = [];
  if (changes.added.total > 0) parts.push(`New: ${formatChangeList(changes.added)}.`);
  if (changes.removed.total > 0) parts.push(`Removed: ${formatChangeList(changes.removed)}.`);
  return parts.length > 0 ? parts.join(' ') : 'No schemas, tables or views added or removed.';
}
