/**
 * The package-workflow surface's two search endpoints (`workflows/indexsearch`,
 * `runs/indexsearch`), sent as pyatlan sends them, with `_source` includes and `collapse` as far as
 * the tenant takes them (learned once per endpoint, searchFeatures.ts), and the paging rules both
 * listings share.
 */
import type { CallOptions } from './backend';
import { InvalidArgumentError } from './errors';
import type { AtlanHttp } from './http';
import { RUN_SOURCE_FIELDS, TEMPLATE_SOURCE_FIELDS } from './legacyMapping';
import { runSearchSchema, workflowSearchSchema, type RunSearchResponse, type WorkflowSearchResponse } from './models';
import {
  sourceLooksFiltered,
  TenantSearchFeatures,
  type FeatureVerdict,
  type OptionalKeys,
  type SearchBody,
  type SearchFeature,
  type SearchOutcome,
} from './searchFeatures';
import type { SearchRequest } from './searchQueries';

/** Hits per search request, at most: Elasticsearch's default result window is 10,000. */
export const MAX_WINDOW = 10_000;
/** Run hits carry only what runFromDoc reads. */
const RUN_SOURCE: NonNullable<OptionalKeys['_source']> = { includes: RUN_SOURCE_FIELDS };
/** Template hits of a listing carry only what workflowFromTemplate reads. */
const TEMPLATE_SOURCE: NonNullable<OptionalKeys['_source']> = { includes: TEMPLATE_SOURCE_FIELDS };

export class LegacySearch {
  /** What this tenant's runs/indexsearch does with `collapse` and `_source`, learned once. */
  readonly runFeatures = new TenantSearchFeatures();
  /** The same for workflows/indexsearch (another endpoint: it may differ). */
  private readonly templateFeatures = new TenantSearchFeatures();

  constructor(readonly http: AtlanHttp) {}

  /** What the tenant's runs search did with the optional keys so far (logs, benches). */
  runFeatureVerdicts(): Record<SearchFeature, FeatureVerdict> {
    return this.runFeatures.snapshot();
  }

  /** What the tenant's workflows search did with `_source` so far. */
  templateFeatureVerdicts(): Record<SearchFeature, FeatureVerdict> {
    return this.templateFeatures.snapshot();
  }

  /** A workflows search sent as it is (whole templates): look-ups by name. */
  workflows(body: SearchRequest, options?: CallOptions): Promise<WorkflowSearchResponse> {
    return this.http.request({ method: 'POST', path: 'workflows/indexsearch', body, schema: workflowSearchSchema, retry: true, signal: options?.signal });
  }

  /** A page of templates for a listing: `_source` includes, as far as the tenant takes them. */
  async templates(body: SearchRequest, options?: CallOptions): Promise<WorkflowSearchResponse> {
    const outcome = await this.templateFeatures.send(body, { _source: TEMPLATE_SOURCE }, (b) => this.workflows(b, options));
    const first = outcome.response.hits?.hits?.[0]?._source;
    if (outcome.sent.has('_source') && first && !sourceLooksFiltered(first, TEMPLATE_SOURCE.includes)) this.templateFeatures.noteIgnored('_source');
    return outcome.response;
  }

  /** A runs search with `_source` includes (RUN_SOURCE unless `optional` names others), as far as the tenant takes them. */
  async runs(body: SearchBody, optional: OptionalKeys, options?: CallOptions): Promise<SearchOutcome<RunSearchResponse>> {
    const source = optional._source ?? RUN_SOURCE;
    const send = (b: SearchRequest) =>
      this.http.request({ method: 'POST', path: 'runs/indexsearch', body: b, schema: runSearchSchema, retry: true, signal: options?.signal });
    const outcome = await this.runFeatures.send(body, { ...optional, _source: source }, send);
    const first = outcome.response.hits?.hits?.[0]?._source;
    if (outcome.sent.has('_source') && first && !sourceLooksFiltered(first, source.includes)) {
      // Whole documents came back: the answer is right, the includes are just dead weight.
      this.runFeatures.noteIgnored('_source');
    }
    return outcome;
  }

  /** A page size the listings accept: 1 to 1,000. */
  pageSize(size: number): number {
    if (!Number.isInteger(size) || size < 1 || size > 1000) {
      throw new InvalidArgumentError(this.http.origin, `Page size must be a whole number from 1 to 1000 (got ${size}).`);
    }
    return size;
  }

  /** A listing's cursor: the offset this client handed out, inside the result window. */
  parseCursor(cursor: string | undefined): number {
    if (cursor === undefined) return 0;
    if (!/^\d+$/.test(cursor) || Number(cursor) >= MAX_WINDOW) {
      throw new InvalidArgumentError(this.http.origin, `The page cursor "${cursor}" is not one this client handed out.`);
    }
    return Number(cursor);
  }
}
