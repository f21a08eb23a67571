/**
 * Package-workflow templates read from the workflows index: the Postgres crawler listing, a
 * template by name, the crawlers of a connection, a template's definition. Templates this client
 * created are served until the index shows them (the ledger's twin for workflows): without that a
 * second create in the same second would reuse the name, and a rerun right after a create would
 * find no workflow.
 */
import { activeOfType, ASSET_FIELDS, assetSearchRequest, type AssetSearchRequest, term } from './assetQueries';
import { AssetSearch } from './assetSearch';
import type { BuiltCrawler, CallOptions, CrawlerWorkflow, Page } from './backend';
import type { Clock } from './clock';
import { connectionClue, isPostgresCrawlerTemplate } from './crawlerIdentity';
import { AtlanError, isAtlanError, NotFoundError } from './errors';
import { noteUnread } from './itemReader';
import { connectionProblem, workflowFromTemplate } from './legacyMapping';
import { MAX_WINDOW, type LegacySearch } from './legacySearch';
import type { WorkflowTemplateDoc } from './models';
import { postgresWorkflowsSearch, workflowByNameSearch } from './searchQueries';
import { requireName } from './validation';

/** Connection assets of one name asked for at once: a tenant holds a few at most (each more than one a duplicate someone made). */
const CONNECTIONS_PAGE = 100;

/**
 * The asset search for the active Postgres Connection assets called `name`, as pyatlan's
 * `find_connections_by_name` asks (state, type, `name.keyword`, `connectorName`), with the type as
 * entities carry it (`Connection`) and the qualified name, which every answer holds.
 */
export function connectionsByNameRequest(name: string): AssetSearchRequest {
  const query = activeOfType('Connection', term(ASSET_FIELDS.name, name), term('connectorName', 'postgres'));
  return assetSearchRequest(query, { size: CONNECTIONS_PAGE, attributes: ['connectorName'] });
}

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
    const items = this.crawlersOf(hits).map((c) => c.workflow);
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
   * A crawler whose parameter does not name its connection (an old UI-made one: plain text) is
   * matched through the Connection assets called `connectionName`: one asset search, made only
   * when such a crawler exists. Its connection is the one its parameter or UI name gives exactly,
   * or else the one made in the second its SDK-style identity holds or the next
   * (crawlerIdentity.ts). A failed asset search fails the look-up: the guard never answers
   * "no duplicate" without having checked.
   */
  async findByConnectionName(connectionName: string, options?: CallOptions): Promise<CrawlerWorkflow[]> {
    requireName(this.origin, connectionName, 'connection name');
    const found: CrawlerWorkflow[] = [];
    const unnamed: { workflow: CrawlerWorkflow; isItsConnection: (qualifiedName: string) => boolean }[] = [];
    const pageSize = 100;
    for (let from = 0; ; from += pageSize) {
      const response = await this.search.templates(postgresWorkflowsSearch(from, pageSize), options);
      const hits = response.hits?.hits ?? [];
      noteUnread(this.note, this.origin, 'workflows (looking for duplicates)', response.hits?.unread);
      for (const { doc, workflow } of this.crawlersOf(hits)) {
        if (workflow.connectionName === connectionName) found.push(workflow);
        else if (workflow.connectionName === undefined) {
          const isItsConnection = connectionClue(doc, workflow.connectionQualifiedName);
          if (isItsConnection) unnamed.push({ workflow, isItsConnection });
        }
      }
      const returned = response.hits?.returned ?? hits.length;
      const total = response.hits?.total?.value ?? Number.POSITIVE_INFINITY;
      if (returned < pageSize || from + returned >= total || from + pageSize >= MAX_WINDOW) break;
    }
    if (unnamed.length === 0) return found;
    const connections = await this.connectionsNamed(connectionName, unnamed.map((u) => u.workflow.name), options);
    for (const { workflow, isItsConnection } of unnamed) {
      const qualifiedName = connections.find(isItsConnection);
      // Named from the asset now: the caller's warning and a rerun see which connection it is.
      if (qualifiedName !== undefined) found.push({ ...workflow, connectionName, connectionQualifiedName: qualifiedName });
    }
    return found;
  }

  /** Qualified names of the active Postgres Connection assets called `name` (one asset search). */
  private async connectionsNamed(name: string, unnamedCrawlers: readonly string[], options?: CallOptions): Promise<string[]> {
    const request = connectionsByNameRequest(name);
    try {
      const page = await new AssetSearch(this.search.http).search(request, options);
      const unread = [
        ...page.skipped.map((s) => `Connection ${s.index + 1}${s.guid ? ` (${s.guid})` : ''}: ${s.reason}`),
        ...page.entities.filter((e) => typeof e.attributes?.qualifiedName !== 'string').map((e) => `Connection ${e.guid}: attributes.qualifiedName: not a string`),
      ];
      noteUnread(this.note, this.origin, `Connection assets called "${name}" (looking for duplicates)`, unread);
      return page.entities.flatMap((entity) => (typeof entity.attributes?.qualifiedName === 'string' ? [entity.attributes.qualifiedName] : []));
    } catch (error) {
      if (!isAtlanError(error) || error.kind === 'cancelled') throw error;
      const one = unnamedCrawlers.length === 1;
      const shown = unnamedCrawlers.length > 3 ? `${unnamedCrawlers.slice(0, 3).join(', ')} and ${unnamedCrawlers.length - 3} more` : unnamedCrawlers.join(', ');
      const crawlers = one ? `workflow ${shown} (whose connection parameter does not name its connection) already crawls` : `workflows ${shown} (whose connection parameters do not name their connection) already crawl`;
      throw new AtlanError(
        error.kind,
        `Could not check whether ${crawlers} connection "${name}": ` +
          `looking up the connections of that name failed. ${error.message}`,
        { origin: error.origin, method: error.method, path: error.path, status: error.status, errorCode: error.errorCode, rawBody: error.rawBody, cause: error },
      );
    }
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
  private crawlersOf(hits: readonly { _source: WorkflowTemplateDoc }[]): { doc: WorkflowTemplateDoc; workflow: CrawlerWorkflow }[] {
    const crawlers: { doc: WorkflowTemplateDoc; workflow: CrawlerWorkflow }[] = [];
    for (const { _source: doc } of hits) {
      if (!isPostgresCrawlerTemplate(doc)) continue;
      const workflow = workflowFromTemplate(doc);
      const problem = connectionProblem(doc.spec);
      if (problem) {
        const shown = workflow.connectionQualifiedName ? `only with the qualified name of its connection (told by its name, ${workflow.connectionQualifiedName})` : 'without its connection';
        this.note(`Workflow ${doc.metadata.name} on ${this.origin} is shown ${shown}: ${problem}.`);
      }
      crawlers.push({ doc, workflow });
    }
    return crawlers;
  }
}
