/**
 * How Atlan's workflow indexes map the fields clients query. Strings are dynamically mapped:
 * an analysed `text` field plus an exact `.keyword` sub-field; timestamps are `date` and counts
 * `long`, neither with a `.keyword`. Exact-match clauses (term, terms, prefix, regexp) on the
 * text field compare against analysed tokens on a real tenant, so they silently match the wrong
 * documents; the sandbox refuses them instead. Fields not listed here are evaluated as before.
 */
import type { FieldRef } from './fieldPath';
import { QueryError } from './queryError';

export type FieldType = 'text' | 'date' | 'number' | 'id';

/** The fields of the workflow and run documents whose mapping the sandbox knows. */
const FIELD_TYPES: ReadonlyMap<string, FieldType> = new Map<string, FieldType>([
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

/** The mapping of a document path (without `.keyword`), or undefined when the sandbox does not know it. */
export function fieldType(path: string): FieldType | undefined {
  const known = FIELD_TYPES.get(path);
  if (known) return known;
  return TEXT_MAPS.some((prefix) => path.startsWith(prefix) && path.length > prefix.length) ? 'text' : undefined;
}

/**
 * Checks a field can be matched exactly: a text field must be addressed through `.keyword`, and a
 * date or number field has no `.keyword` sub-field to address.
 */
export function checkExactMatchField(field: FieldRef, clause: string, location: string): void {
  const keyword = field.raw.endsWith('.keyword');
  const type = fieldType(field.path);
  if (type === 'text' && !keyword) {
    throw new QueryError(`${location}: ${field.path} is a text field: use ${field.path}.keyword for exact matches (${clause} on the analysed text field does not match whole values)`);
  }
  if ((type === 'date' || type === 'number' || type === 'id') && keyword) {
    throw new QueryError(`${location}: ${field.path} is a ${type === 'id' ? 'metadata' : type} field without a .keyword sub-field: query ${field.path} itself`);
  }
}
