/**
 * Field collapsing (`"collapse": {"field": "..."}`) with Elasticsearch's semantics: the top hit
 * (by the request's sort) per distinct value of a single-valued keyword or numeric field outside
 * nested mappings; documents without a value form one group of their own (key null). `total`
 * still counts every matching document, and `from` / `size` page through the groups.
 */
import { parseField, resolveValues, type FieldRef } from './fieldPath';
import { WORKFLOW_FIELDS, type FieldMapping } from './fieldTypes';
import type { DocView } from './query';
import { QueryError } from './queryError';

export type CollapseKey = string | number | boolean | null;

export interface CollapseSpec {
  field: FieldRef;
  /** Whether the field holds exact strings (a `.keyword` sub-field or a keyword field) rather than numbers. */
  keyword: boolean;
}

export function parseCollapse(raw: unknown, mapping: FieldMapping = WORKFLOW_FIELDS): CollapseSpec | undefined {
  if (raw === undefined) return undefined;
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    throw new QueryError('collapse: expected {"field": "<keyword field>"}');
  }
  const obj = raw as Record<string, unknown>;
  for (const key of Object.keys(obj)) {
    if (key !== 'field') throw new QueryError(`collapse: unsupported parameter '${key}' (the sandbox evaluates collapse.field only)`);
  }
  const name = obj['field'];
  if (typeof name !== 'string' || name.trim() === '') throw new QueryError('collapse.field: expected a field name');
  if (name.startsWith('_')) throw new QueryError(`collapse.field: cannot collapse on the metadata field '${name}'`);
  const field = parseField(name, 'collapse.field', mapping);
  if (field.nestedRoot) {
    throw new QueryError(
      `collapse.field: '${name}' is inside the nested path '${field.nestedRoot}'; collapse does not support nested fields ` +
        `(a run's template name outside nested paths is status.storedWorkflowTemplateSpec.workflowTemplateRef.name.keyword)`,
    );
  }
  return { field, keyword: field.sub === '.keyword' || (field.sub === undefined && mapping.typeOf(field.path) === 'keyword') };
}

/** The group of a document; throws QueryError where Elasticsearch would fail the search. */
export function collapseKey(doc: DocView, spec: CollapseSpec): CollapseKey {
  const values = resolveValues(doc.source, spec.field.path);
  if (values.length === 0) return null;
  if (values.length > 1) {
    throw new QueryError(`collapse.field: '${spec.field.raw}' has ${values.length} values in document '${doc.id}'; the collapse field must be single valued`);
  }
  const value = values[0];
  if (spec.keyword && typeof value !== 'string') {
    throw new QueryError(`collapse.field: no keyword field '${spec.field.raw}' (the value is a ${typeof value}); collapse on '${spec.field.path}'`);
  }
  if (!spec.keyword && typeof value === 'string') {
    throw new QueryError(
      `collapse.field: '${spec.field.raw}' is a text field without doc values; collapse on its keyword sub-field '${spec.field.raw}.keyword'`,
    );
  }
  return value;
}

/**
 * The best item of each group, best groups first. `cmp` orders items best first (the request's
 * sort, ties by index order), so a group's first item in that order is its top hit.
 */
export function collapseGroups<T extends { doc: DocView }>(items: readonly T[], spec: CollapseSpec, cmp: (a: T, b: T) => number): (T & { key: CollapseKey })[] {
  const best = new Map<CollapseKey, T>();
  for (const item of items) {
    const key = collapseKey(item.doc, spec);
    const current = best.get(key);
    if (current === undefined || cmp(item, current) < 0) best.set(key, item);
  }
  return [...best.entries()].map(([key, item]) => ({ ...item, key })).sort(cmp);
}
