/** Everything the sandbox tenant knows: both workflow indexes, the vault, the App records and the catalog's assets. */
import type { AppRecord, AppRunRecord } from '../apps/appRecords';
import { AssetIndex } from '../assets/assetIndex';
import { CredentialVault } from '../credentials';
import { SearchIndex } from '../search/searchIndex';

function at(source: Record<string, unknown>, ...keys: string[]): string | undefined {
  let node: unknown = source;
  for (const k of keys) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string, unknown>)[k];
  }
  return typeof node === 'string' ? node : undefined;
}

export class TenantState {
  /** WorkflowTemplate documents, keyed by template name. */
  readonly workflows = new SearchIndex('atlan-workflows', {
    'metadata.name': (s) => at(s, 'metadata', 'name'),
  });

  /** Argo Workflow (run) documents, keyed by run name; indexed by template name for fast `terms`. */
  readonly runs = new SearchIndex('atlan-workflow-runs', {
    'metadata.name': (s) => at(s, 'metadata', 'name'),
    'spec.workflowTemplateRef.name': (s) => at(s, 'spec', 'workflowTemplateRef', 'name'),
    'metadata.labels.workflows.argoproj.io/workflow-template': (s) => at(s, 'metadata', 'labels', 'workflows.argoproj.io/workflow-template'),
  });

  readonly vault = new CredentialVault();
  readonly apps = new Map<string, AppRecord>();
  readonly appRuns = new Map<string, AppRunRecord>();
  /** The metastore's assets (`/api/meta/search/indexsearch`). */
  readonly assets = new AssetIndex();

  clear(): void {
    this.assets.clear();
    this.workflows.clear();
    this.runs.clear();
    this.vault.clear();
    this.apps.clear();
    this.appRuns.clear();
  }
}
