/**
 * How the metastore's asset index maps the fields the SDKs query (pyatlan's `AtlanField`
 * definitions: `InternalKeywordTextField("typeName", "__typeName.keyword", "__typeName")`,
 * `KeywordTextField("qualifiedName", "qualifiedName", "qualifiedName.text")`, the App types'
 * `KeywordField` / `NumericField` attributes...). Index field names are attribute names, except
 * the internal `__` ones. Nothing is nested.
 */
import type { FieldMapping, FieldType } from '../search/fieldTypes';

const ASSET_FIELD_TYPES: ReadonlyMap<string, FieldType> = new Map<string, FieldType>([
  // Referenceable's internal fields.
  ['__typeName', 'text'],
  ['__superTypeNames', 'text'],
  ['__guid', 'keyword'],
  ['__state', 'keyword'],
  ['__createdBy', 'keyword'],
  ['__modifiedBy', 'keyword'],
  ['__timestamp', 'number'],
  ['__modificationTimestamp', 'number'],
  ['__traitNames', 'keyword'],
  ['__meanings', 'keyword'],
  // Asset.
  ['qualifiedName', 'keyword'],
  ['name', 'text'],
  ['displayName', 'keyword'],
  ['description', 'text'],
  ['connectionQualifiedName', 'keyword'],
  ['connectorName', 'keyword'],
  ['connectionName', 'keyword'],
  ['databaseName', 'text'],
  ['schemaName', 'text'],
  ['databaseQualifiedName', 'keyword'],
  ['schemaQualifiedName', 'keyword'],
  ['certificateStatus', 'keyword'],
  ['columnCount', 'number'],
  ['rowCount', 'number'],
  ['schemaCount', 'number'],
  ['tableCount', 'number'],
  ['viewsCount', 'number'],
  // Table, View, MaterialisedView, Column (what a crawl catalogues).
  ['tableName', 'text'],
  ['viewName', 'text'],
  ['tableQualifiedName', 'keyword'],
  ['viewQualifiedName', 'keyword'],
  ['order', 'number'],
  ['dataType', 'text'],
  ['isPartitioned', 'boolean'],
  // AtlanAppWorkflow.
  ['atlanAppWorkflowSlug', 'keyword'],
  ['atlanAppWorkflowVersion', 'keyword'],
  ['atlanAppWorkflowStatus', 'keyword'],
  ['atlanAppWorkflowOwnership', 'keyword'],
  ['atlanAppWorkflowDag', 'text'],
  ['atlanAppWorkflowTriggers', 'text'],
  // AppWorkflowRun.
  ['appWorkflowRunLabel', 'keyword'],
  ['appWorkflowRunStatus', 'keyword'],
  ['appWorkflowRunStartedAt', 'number'],
  ['appWorkflowRunStartedBy', 'keyword'],
  ['appWorkflowRunCompletedAt', 'number'],
  ['appWorkflowRunAppQualifiedName', 'keyword'],
  ['appWorkflowRunAppName', 'keyword'],
  ['appWorkflowRunAppWorkflowQualifiedName', 'keyword'],
  ['appWorkflowRunAppWorkflowName', 'keyword'],
  ['appWorkflowRunAppWorkflowSlug', 'keyword'],
  ['appWorkflowRunAppWorkflowVersion', 'keyword'],
  ['appWorkflowRunTemporalRunId', 'keyword'],
  ['appWorkflowRunIsTestRun', 'boolean'],
  ['appWorkflowRunDag', 'text'],
]);

export const ASSET_FIELDS: FieldMapping = {
  name: 'the asset index',
  nestedPaths: [],
  // `.stemmed` is name's stemmed analysis; the sandbox treats it as the analysed text.
  subFields: ['.keyword', '.text', '.stemmed'],
  typeOf: (path) => ASSET_FIELD_TYPES.get(path),
};
