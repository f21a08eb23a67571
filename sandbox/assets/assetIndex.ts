/**
 * The catalog's assets (entities of any type: App workflows and runs now, crawled databases,
 * schemas and tables later), stored as the metastore's search index holds them: one flat document
 * per asset with the internal `__` fields (`__typeName`, `__guid`, `__state`, `__timestamp`...)
 * beside the attributes, so the Elasticsearch evaluator of `search/` answers the asset search.
 */
import { SearchIndex } from '../search/searchIndex';
import { ASSET_FIELDS } from './assetFields';

export type EntityStatus = 'ACTIVE' | 'DELETED';

/** An asset as Atlas describes an entity; attributes are keyed by attribute name. */
export interface AssetRecord {
  typeName: string;
  guid: string;
  status: EntityStatus;
  /** `qualifiedName` at least; `name` when the type has one. */
  attributes: Record<string, unknown>;
  /** Epoch ms. */
  createTime: number;
  updateTime: number;
  createdBy: string;
  updatedBy: string;
}

/** Super types the search's `__superTypeNames` holds (pyatlan's FluentSearch.select() filters on `Asset`). */
const SUPER_TYPES: Readonly<Record<string, readonly string[]>> = {
  AtlanAppWorkflow: ['AtlanApp', 'App', 'Catalog', 'Asset', 'Referenceable'],
  AppWorkflowRun: ['Catalog', 'Asset', 'Referenceable'],
  Connection: ['Asset', 'Referenceable'],
  Database: ['SQL', 'Catalog', 'Asset', 'Referenceable'],
  Schema: ['SQL', 'Catalog', 'Asset', 'Referenceable'],
  Table: ['SQL', 'Catalog', 'Asset', 'Referenceable'],
  View: ['SQL', 'Catalog', 'Asset', 'Referenceable'],
  MaterialisedView: ['SQL', 'Catalog', 'Asset', 'Referenceable'],
  Column: ['SQL', 'Catalog', 'Asset', 'Referenceable'],
};

const INTERNAL = {
  typeName: '__typeName',
  superTypeNames: '__superTypeNames',
  guid: '__guid',
  state: '__state',
  createTime: '__timestamp',
  updateTime: '__modificationTimestamp',
  createdBy: '__createdBy',
  updatedBy: '__modifiedBy',
} as const;

function stringAt(source: Record<string, unknown>, key: string): string | undefined {
  const value = source[key];
  return typeof value === 'string' ? value : undefined;
}

/** Fields looked up by exact value (they never change for an asset), so `terms` on many values stays cheap. */
const KEY_FIELDS = ['__typeName', 'qualifiedName', 'connectionQualifiedName', 'atlanAppWorkflowSlug', 'appWorkflowRunAppWorkflowSlug', 'appWorkflowRunTemporalRunId'];

export class AssetIndex {
  readonly search = new SearchIndex(
    'atlan-assets',
    Object.fromEntries(KEY_FIELDS.map((field) => [field, (s: Record<string, unknown>) => stringAt(s, field)])),
    ASSET_FIELDS,
  );

  get size(): number {
    return this.search.size;
  }

  /**
   * Inserts or replaces an asset. A new one becomes searchable at `visibleAt` (index lag); a
   * replaced one keeps its visibility, as an update of an indexed document does.
   */
  put(asset: AssetRecord, visibleAt: number): void {
    this.search.put(asset.guid, documentOf(asset), visibleAt);
  }

  get(guid: string): AssetRecord | undefined {
    const doc = this.search.get(guid);
    return doc && assetOf(doc.source);
  }

  delete(guid: string): boolean {
    return this.search.delete(guid);
  }

  all(): AssetRecord[] {
    return [...this.search.values()].map((doc) => assetOf(doc.source));
  }

  clear(): void {
    this.search.clear();
  }
}

/** The search document of an asset: internal fields beside the attributes. */
export function documentOf(asset: AssetRecord): Record<string, unknown> {
  return {
    ...asset.attributes,
    [INTERNAL.typeName]: asset.typeName,
    [INTERNAL.superTypeNames]: [...(SUPER_TYPES[asset.typeName] ?? ['Asset', 'Referenceable'])],
    [INTERNAL.guid]: asset.guid,
    [INTERNAL.state]: asset.status,
    [INTERNAL.createTime]: asset.createTime,
    [INTERNAL.updateTime]: asset.updateTime,
    [INTERNAL.createdBy]: asset.createdBy,
    [INTERNAL.updatedBy]: asset.updatedBy,
  };
}

/** The asset a search document describes. */
export function assetOf(doc: Record<string, unknown>): AssetRecord {
  const attributes: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(doc)) if (!key.startsWith('__')) attributes[key] = value;
  return {
    typeName: String(doc[INTERNAL.typeName]),
    guid: String(doc[INTERNAL.guid]),
    status: doc[INTERNAL.state] === 'DELETED' ? 'DELETED' : 'ACTIVE',
    attributes,
    createTime: Number(doc[INTERNAL.createTime]),
    updateTime: Number(doc[INTERNAL.updateTime]),
    createdBy: String(doc[INTERNAL.createdBy]),
    updatedBy: String(doc[INTERNAL.updatedBy]),
  };
}
