/**
 * Request bodies for `workflows/indexsearch` and `runs/indexsearch`, in the Elasticsearch shapes
 * pyatlan sends (reference README, "Queries the SDKs send"): key order from, size,
 * track_total_hits, query, sort; term as `{field: {value}}`, terms as `{field: [values]}`.
 *
 * Two optional keys go beyond what pyatlan sends, `_source` (includes) and `collapse`; whether a
 * tenant honours them is learned per client (searchFeatures.ts), so the bodies here never carry them.
 */
import { PACKAGE_NAME_KEY, POSTGRES_PACKAGE, POSTGRES_PACKAGE_LABEL } from './crawlerIdentity';

export type SortOrder = 'asc' | 'desc';
export type SortClause = Record<string, { order: SortOrder; nested?: { path: string } }>;
export type Query = Record<string, unknown>;

export interface SearchRequest {
  from: number;
  size: number;
  track_total_hits: boolean;
  query: Query;
  sort: SortClause[];
  /** Only these document paths in each hit (Elasticsearch source filtering). */
  _source?: { includes: readonly string[] };
  /** The top hit (by `sort`) per distinct value of a non-nested keyword field. */
  collapse?: { field: string };
}

/** pyatlan's default sort: newest template first. */
export const SORT_BY_CREATION: SortClause[] = [{ 'metadata.creationTimestamp': { order: 'desc', nested: { path: 'metadata' } } }];
/** Newest run first. */
export const SORT_BY_START: SortClause[] = [{ 'status.startedAt': { order: 'desc' } }];

/**
 * Lucene regexp (whole value) for the names Atlan gives Postgres crawlers: pyatlan's "find by
 * type" `atlan-postgres-<epoch>` and the UI's `atlan-postgres-default-postgres-<epoch>`.
 */
export const POSTGRES_WORKFLOW_NAME_REGEX = 'atlan[-]postgres[-](default[-]postgres[-])?[0-9]{10}';

export const TEMPLATE_NAME_FIELD = 'spec.workflowTemplateRef.name.keyword';

/**
 * The run's template name outside the nested `spec` mapping, which Elasticsearch can collapse on:
 * Argo's controller copies the merged spec, `workflowTemplateRef` included, into the run's status.
 */
export const STORED_TEMPLATE_NAME_FIELD = 'status.storedWorkflowTemplateSpec.workflowTemplateRef.name.keyword';
/** The same field without the keyword suffix, for `exists`. */
const STORED_TEMPLATE_NAME_PATH = 'status.storedWorkflowTemplateSpec.workflowTemplateRef.name';

export function term(field: string, value: string): Query {
  return { term: { [field]: { value } } };
}

export function terms(field: string, values: readonly string[]): Query {
  return { terms: { [field]: [...values] } };
}

export function nested(path: string, query: Query): Query {
  return { nested: { path, query } };
}

function search(query: Query, size: number, sort: SortClause[], from = 0): SearchRequest {
  return { from, size, track_total_hits: true, query, sort };
}

/**
 * Postgres crawler templates, newest first (`workflows/indexsearch`): a name Atlan gives crawlers,
 * or the package's identity as argopm stamps it (the annotation Atlan's own clients filter
 * packages by, and its label twin), whatever the name. One request; hits still pass
 * `isPostgresCrawlerTemplate`, which rules out other packages such as the Postgres miner.
 */
export function postgresWorkflowsSearch(from: number, size: number): SearchRequest {
  const identity = {
    bool: {
      should: [
        { regexp: { 'metadata.name.keyword': { value: POSTGRES_WORKFLOW_NAME_REGEX } } },
        term(`metadata.annotations.${PACKAGE_NAME_KEY}.keyword`, POSTGRES_PACKAGE),
        term(`metadata.labels.${PACKAGE_NAME_KEY}.keyword`, POSTGRES_PACKAGE_LABEL),
      ],
      minimum_should_match: 1,
    },
  };
  return search({ bool: { filter: [nested('metadata', identity)] } }, size, SORT_BY_CREATION, from);
}

/** One template by name (`workflows/indexsearch`), as pyatlan's find_by_id. */
export function workflowByNameSearch(name: string): SearchRequest {
  const query = { bool: { filter: [nested('metadata', { bool: { must: [term('metadata.name.keyword', name)] } })] } };
  return search(query, 1, SORT_BY_CREATION);
}

/**
 * Runs of many workflows at once (`runs/indexsearch`), newest first: pyatlan's "latest run"
 * query with `terms` instead of `term`, so N workflows cost one request.
 */
export function latestRunsSearch(workflowNames: readonly string[], size: number): SearchRequest {
  const query = { bool: { filter: [nested('spec', terms(TEMPLATE_NAME_FIELD, workflowNames))] } };
  return search(query, size, SORT_BY_START);
}

/**
 * The runs of these workflows that the controller has not stamped with their template yet
 * (no `status.storedWorkflowTemplateSpec`), newest first: the one group a collapse on the stamped
 * name lumps together, asked for separately.
 */
export function unstampedRunsSearch(workflowNames: readonly string[], size: number): SearchRequest {
  const query = {
    bool: {
      filter: [nested('spec', terms(TEMPLATE_NAME_FIELD, workflowNames))],
      must_not: [{ exists: { field: STORED_TEMPLATE_NAME_PATH } }],
    },
  };
  return search(query, size, SORT_BY_START);
}

/** Recent runs of one workflow, to find a Pending/Running one (pyatlan's "current run": size 50). */
export function currentRunsSearch(workflowName: string): SearchRequest {
  const query = { bool: { filter: [nested('spec', term(TEMPLATE_NAME_FIELD, workflowName))] } };
  return search(query, 50, SORT_BY_START);
}

/** Runs of one workflow, newest first, paged. */
export function workflowRunsSearch(workflowName: string, from: number, size: number): SearchRequest {
  const query = { bool: { filter: [nested('spec', term(TEMPLATE_NAME_FIELD, workflowName))] } };
  return search(query, size, SORT_BY_START, from);
}

/**
 * Runs by name (`_id`), plus the runs of workflows whose first run's name is not known yet
 * (just created), in one request. `size` must cover every id and a few runs per workflow.
 */
export function runsByIdSearch(runIds: readonly string[], workflowNames: readonly string[], size: number): SearchRequest {
  const byId = terms('_id', runIds);
  if (workflowNames.length === 0) return search({ bool: { filter: [byId] } }, size, SORT_BY_START);
  const byWorkflow = nested('spec', terms(TEMPLATE_NAME_FIELD, workflowNames));
  const should = runIds.length > 0 ? [byId, byWorkflow] : [byWorkflow];
  return search({ bool: { should, minimum_should_match: 1 } }, size, SORT_BY_START);
}
