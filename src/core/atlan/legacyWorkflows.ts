/**
 * Package-workflow templates read from the workflows index: the Postgres crawler listing, a
 * template by name, the crawlers of a connection, a template's definition. Templates this client
 * created are served until the index shows them (the ledger's twin for workflows): without that a
 * second create in the same second would reuse the name, and a rerun right after a create would
 * find no workflow.
 */
import { activeOfType, ASSET_FIELDS, assetSearchRequest, term } from './assetQueries';
import { AssetSearch } from './assetSearch';
import type { BuiltCrawler, CallOptions, CrawlerWorkflow, Page } from './backend';
import type { Clock } from './clock';
import { isPostgresCrawlerTemplate } from './crawlerIdentity';
import { NotFoundError } from './errors';
import { noteUnread } from './itemReader';
import { connectionProblem, workflowFromTemplate } from './legacyMapping';
import { MAX_WINDOW, type LegacySearch } from './legacySearch';
import type { WorkflowTemplateDoc } from './models';
import { postgresWorkflowsSearch, workflowByNameSearch } from './searchQueries';
import { requireName } from './validation';

export class LegacyWorkflows {
  private readonly createdTemplates = new Map<string, { doc: WorkflowTemplateDoc; createdAt: number }>();

  constructor(
    private readonly search: LegacySearch,
    private readonly clock: Clock,
    /** How long a created template may stay invisible to the index before the index is trusted. */
    private readonly ledgerTtlMs: number,
    /** Told what the tenant's answers held that could not be read (left out, or shown in part) and why. */
    private readonly note: (text: string) => void,
  ) {}

  private get origin(): string {
    return this.search.http.origin;
  }

  async list(query: { cursor?: string; size: number; name?: string }, options?: CallOptions): Promise<Page<CrawlerWorkflow>> {
    const size = this.search.pageSize(query.size);
    if (query.name !== undefined) {
      const one = await this.get(query.name, options);
      return { items: one ? [one] : [], total: one ? 1 : 0 };
    }
    const from = this.search.parseCursor(query.cursor);
    const response = await this.search.templates(postgresWorkflowsSearch(from, size), options);
    const hits = response.hits?.hits ?? [];
    const items = this.crawlersOf(hits);
    const total = response.hits?.total?.value;
    // Paging counts what the tenant returned: a hit left out here still took its place in the window.
    const returned = response.hits?.returned ?? hits.length;
    const end = from + returned;
    const more = total !== undefined ? end < total : returned === size;
    const unread = noteUnread(this.note, this.origin, 'workflows', response.hits?.unread);
    return { items, ...(total !== undefined ? { total } : {}), ...(more && returned > 0 ? { next: String(end) } : {}), ...(unread ? { unread } : {}) };
  }

  /** The Postgres crawler of that name; undefined when there is none (or the template is another package). */
  async get(name: string, options?: CallOptions): Promise<CrawlerWorkflow | undefined> {
    const doc = await this.findTemplate(name, options);
    return doc && isPostgresCrawlerTemplate(doc) ? workflowFromTemplate(doc) : undefined;
  }

  /**
   * Connection names live inside a JSON parameter, so this pages through every Postgres workflow.
   * A crawler whose parameter cannot be read is matched by the connection its identity names
   * (`default/postgres/<epoch>`, crawlerIdentity.ts) against the Connection assets of that name:
   * one asset search, only when such a crawler exists.
   */
  async findByConnectionName(connectionName: string, options?: CallOptions): Promise<CrawlerWorkflow[]> {
    requireName(this.origin, connectionName, 'connection name');
    const found: CrawlerWorkflow[] = [];
    const unnamed: CrawlerWorkflow[] = [];
    const pageSize = 100;
    for (let from = 0; ; from += pageSize) {
      const response = await this.search.templates(postgresWorkflowsSearch(from, pageSize), options);
      const hits = response.hits?.hits ?? [];
      noteUnread(this.note, this.origin, 'workflows (looking for duplicates)', response.hits?.unread);
      for (const workflow of this.crawlersOf(hits)) {
        if (workflow.connectionName === connectionName) found.push(workflow);
        else if (workflow.connectionName === undefined && workflow.connectionQualifiedName) unnamed.push(workflow);
      }
      const returned = response.hits?.returned ?? hits.length;
      const total = response.hits?.total?.value ?? Number.POSITIVE_INFINITY;
      if (returned < pageSize || from + returned >= total || from + pageSize >= MAX_WINDOW) break;
    }
    if (unnamed.length === 0) return found;
    const named = await this.connectionsNamed(connectionName, options);
    return [...found, ...unnamed.filter((workflow) => named.has(workflow.connectionQualifiedName ?? ''))];
  }

  /** Qualified names of the Postgres Connection assets called `name` (one asset search). */
  private async connectionsNamed(name: string, options?: CallOptions): Promise<Set<string>> {
    const query = activeOfType('Connection', term(ASSET_FIELDS.name, name), term('connectorName', 'postgres'));
    const page = await new AssetSearch(this.search.http).search(assetSearchRequest(query, { size: 100, attributes: ['connectorName'] }), options);
    return new Set(page.entities.flatMap((entity) => (typeof entity.attributes?.qualifiedName === 'string' ? [entity.attributes.qualifiedName] : [])));
  }

  async definition(workflowName: string, options?: CallOptions): Promise<BuiltCrawler> {
    const doc = await this.requireTemplate(workflowName, options);
    const { name, namespace, labels, annotations } = doc.metadata;
    return {
      surface: 'workflows',
      workflow: {
        metadata: { name, namespace: namespace ?? 'default', labels: labels ?? {}, annotations: annotations ?? {} },
        spec: doc.spec ?? {},
        // The tenant stores credentials itself; the template only references their guid.
        payload: [],
      },
    };
  }

  /** The template of that name (whole), the index's or one this client just created. */
  async findTemplate(name: string, options?: CallOptions): Promise<WorkflowTemplateDoc | undefined> {
    requireName(this.origin, name, 'workflow name');
    const response = await this.search.workflows(workflowByNameSearch(name), options);
    const indexed = (response.hits?.hits ?? []).map((h) => h._source).find((doc) => doc.metadata.name === name);
    const created = this.createdTemplates.get(name);
    if (indexed || (created && this.clock.now() - created.createdAt > this.ledgerTtlMs)) this.createdTemplates.delete(name);
    return indexed ?? this.createdTemplates.get(name)?.doc;
  }

  async requireTemplate(name: string, options?: CallOptions): Promise<WorkflowTemplateDoc> {
    const doc = await this.findTemplate(name, options);
    if (!doc) {
      throw new NotFoundError({ origin: this.origin, message: `There is no workflow named ${name} on ${this.origin}; it may have been archived.` });
    }
    return doc;
  }

  /** A template this client created, served until the index shows it. */
  recordCreated(name: string, doc: WorkflowTemplateDoc): void {
    this.createdTemplates.set(name, { doc, createdAt: this.clock.now() });
  }

  forgetCreated(name: string): void {
    this.createdTemplates.delete(name);
  }

  /** The Postgres crawlers among template hits; one whose connection cannot be read is shown without it (and logged). */
  private crawlersOf(hits: readonly { _source: WorkflowTemplateDoc }[]): CrawlerWorkflow[] {
    const crawlers: CrawlerWorkflow[] = [];
    for (const { _source: doc } of hits) {
      if (!isPostgresCrawlerTemplate(doc)) continue;
      const problem = connectionProblem(doc.spec);
      if (problem) this.note(`Workflow ${doc.metadata.name} on ${this.origin} is shown without its connection: ${problem}.`);
      crawlers.push(workflowFromTemplate(doc));
    }
    return crawlers;
  }
}
