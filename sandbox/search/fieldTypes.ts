/**
 * How an index maps the fields clients query. Atlan's workflow indexes map strings dynamically:
 * an analysed `text` field plus an exact `.keyword` sub-field; timestamps are `date` and counts
 * `long`, neither with a `.keyword`. Its asset index (the metastore's) maps most attributes as
 * exact `keyword` fields, some with an analysed `.text` sub-field, and names as `text` with a
 * `.keyword` one. Exact-match clauses (term, terms, prefix, regexp) on an analysed field compare
 * against tokens on a real tenant, and a sub-field that does not exist matches nothing: both
 * silently match the wrong documents, so the sandbox refuses them instead. Fields a mapping does
 * not list are evaluated as written.
 */
import type { FieldRef } from './fieldPath';
import { QueryError } from './queryError';

/**
 * `text`: analysed, with an exact `.keyword` sub-field. `keyword`: exact, with an analysed
 * `.text` sub-field. `date` / `number` / `boolean` / `id`: exact, no sub-field.
 */
export type FieldType = 'text' | 'keyword' | 'date' | 'number' | 'boolean' | 'id';

/** One index's mapping, as far as the sandbox checks queries against it. */
export interface FieldMapping {
  /** For messages: "the workflow indexes", "the asset index". */
  readonly name: string;
  /** Object paths mapped as `nested`: their fields must be queried inside a nested clause. */
  readonly nestedPaths: readonly string[];
  /** Sub-field suffixes stripped to find the document path (`.keyword`, `.text`). */
  readonly subFields: readonly string[];
  /** The mapping of a document path (without sub-field), or undefined when the sandbox does not know it. */
  typeOf(path: string): FieldType | undefined;
}

/** The fields of the workflow and run documents whose mapping the sandbox knows. */
const WORKFLOW_FIELD_TYPES: ReadonlyMap<string, FieldType> = new Map<string, FieldType>([
  ['_id', 'id'],
  ['apiVersion', 'text'],
  ['kind', 'text'],
  ['metadata.name', 'text'],
  ['metadata.namespace', 'text'],
  ['metadata.uid', 'text'],
  ['metadata.generateName', 'text'],
  ['metadata.resourceVersion', 'text'],
  ['metadata.creationTimestamp', 'date'],
  ['metadata.generation', 'number'],
  ['spec.entrypoint', 'text'],
  ['spec.workflowTemplateRef.name', 'text'],
  ['status.phase', 'text'],
  ['status.message', 'text'],
  ['status.progress', 'text'],
  ['status.startedAt', 'date'],
  ['status.finishedAt', 'date'],
  ['status.estimatedDuration', 'number'],
  ['status.storedWorkflowTemplateSpec.workflowTemplateRef.name', 'text'],
]);

/** String maps whose every key is a text field (`metadata.labels.workflows.argoproj.io/phase`). */
const TEXT_MAPS: readonly string[] = ['metadata.labels.', 'metadata.annotations.'];

/** Atlan's `workflows/indexsearch` and `runs/indexsearch` indexes (Argo documents). */
export const WORKFLOW_FIELDS: FieldMapping = {
  name: 'the workflow indexes',
  nestedPaths: ['metadata', 'spec'],
  subFields: ['.keyword'],
  typeOf(path) {
    const known = WORKFLOW_FIELD_TYPES.get(path);
    if (known) return known;
    return TEXT_MAPS.some((prefix) => path.startsWith(prefix) && path.length > prefix.length) ? 'text' : undefined;
  },
};

/**
 * Checks a field can be matched exactly: a text field must be addressed through `.keyword`, a
 * keyword field as itself, and a date, number or boolean field has no sub-field to address.
 */
export function checkExactMatchField(field: FieldRef, clause: string, location: string, mapping: FieldMapping): void {
  const type = mapping.typeOf(field.path);
  if (type === undefined) return;
  if (type === 'text' && field.sub !== '.keyword') {
    throw new QueryError(`${location}: ${field.path} is a text field: use ${field.path}.keyword for exact matches (${clause} on the analysed text field does not match whole values)`);
  }
  if (type === 'keyword' && field.sub !== undefined) {
    const hint = field.sub === '.text' ? `${field.raw} is analysed` : `${mapping.name} has no ${field.raw}`;
    throw new QueryError(`${location}: ${field.path} is a keyword field: query ${field.path} itself for exact matches (${hint})`);
  }
  if ((type === 'date' || type === 'number' || type === 'boolean' || type === 'id') && field.sub !== undefined) {
    throw new QueryError(`${location}: ${field.path} is a ${type === 'id' ? 'metadata' : type} field without a ${field.sub} sub-field: query ${field.path} itself`);
  }
}

/** Checks a field can be matched as analysed text (`match`): a text field, or a keyword field's `.text`. */
export function checkAnalysedField(field: FieldRef, location: string, mapping: FieldMapping): void {
  const type = mapping.typeOf(field.path);
  if (type === undefined) return;
  const analysed = (type === 'text' && (field.sub === undefined || field.sub === '.stemmed')) || (type === 'keyword' && field.sub === '.text');
  if (!analysed) {
    const instead = type === 'keyword' ? `${field.path}.text` : type === 'text' ? field.path : undefined;
    throw new QueryError(`${location}: ${field.raw} is not an analysed text field${instead ? `: match on ${instead}, or use term for exact values` : ': use term or range'}`);
  }
}
