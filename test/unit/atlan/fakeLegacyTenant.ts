/**
 * A tiny package-workflow tenant on a ScriptedServer: just enough query evaluation (term, terms,
 * regexp on the fields the client uses) to test the legacy backend end to end.
 */
/* eslint-disable @typescript-eslint/no-explicit-any --
   Elasticsearch-shaped JSON of arbitrary depth: typing it would only restate the fixtures. */
import { runHit, searchAnswer, templateHit, type RecordedRequest, type ScriptedServer } from './helpers';

type Doc = Record<string, any>;

/** Every `term`/`terms` value for a field anywhere in a query. */
export function valuesFor(query: unknown, field: string): string[] | undefined {
  let found: string[] | undefined;
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (!node || typeof node !== 'object') return;
    const obj = node as Doc;
    if (obj.terms && Array.isArray(obj.terms[field])) found = [...(found ?? []), ...(obj.terms[field] as string[])];
    if (obj.term && obj.term[field]) found = [...(found ?? []), obj.term[field].value as string];
    Object.values(obj).forEach(walk);
  };
  walk(query);
  return found;
}

export class FakeLegacyTenant {
  templates: Doc[] = [];
  runs: Doc[] = [];
  roles = [{ name: '$api-token-default-access' }];
  username = 'service-account-apikey-1';
  /** Runs not yet visible to runs/indexsearch (index lag). */
  hiddenRuns = new Set<string>();
  /** Templates the index does not show yet (index lag). */
  hiddenTemplates = new Set<string>();
  /** Answers a listing with every template, as a tenant that ignores (part of) the query would. */
  ignoresTemplateQuery = false;
  private counter = 0;

  constructor(readonly server: ScriptedServer) {
    server.route('GET', 'whoami', () => ({ body: { username: this.username, roles: this.roles } }));
    server.route('POST', 'workflows/indexsearch', (req) => ({ body: this.searchTemplates(req) }));
    server.route('POST', 'runs/indexsearch', (req) => ({ body: this.searchRuns(req) }));
    for (const base of ['workflows', 'package-workflows']) {
      server.route('POST', base, (req) => ({ body: this.create(req) }));
      server.route('POST', `${base}/submit`, (req) => ({ body: this.submit(req.body.resourceName as string) }));
    }
  }

  addTemplate(name: string, connectionName: string, annotations: Record<string, string> = {}): void {
    this.templates.push(templateHit(name, connectionName, annotations));
  }

  /** A template hit of any shape (another package, a crawler made in Atlan's UI). */
  addTemplateSource(source: Doc): void {
    this.templates.push({ _index: 'workflows', _id: source.metadata.name, _source: source });
  }

  addRun(name: string, workflow: string, phase: string, startedAt?: string, extra: Record<string, unknown> = {}): void {
    this.runs.push(runHit(name, workflow, phase, startedAt, extra));
  }

  create(req: RecordedRequest): Doc {
    const body = req.body as Doc;
    const hit = { _id: body.metadata.name, _source: { ...body, metadata: { ...body.metadata, creationTimestamp: '2026-02-01T00:00:00Z' } } };
    this.templates.push(hit);
    return { metadata: hit._source.metadata, spec: body.spec, payload: body.payload };
  }

  submit(workflow: string): Doc {
    const name = `${workflow}-r${String(++this.counter).padStart(4, '0')}`;
    this.addRun(name, workflow, 'Pending', `2026-03-01T00:00:${String(this.counter).padStart(2, '0')}Z`);
    return this.runs[this.runs.length - 1]._source;
  }

  private searchTemplates(req: RecordedRequest): Doc {
    const { from, size, query } = req.body as Doc;
    const names = valuesFor(query, 'metadata.name.keyword');
    // The client's listing query, roughly: a crawler's name, or the package's annotation or label.
    const listed = (t: Doc): boolean =>
      this.ignoresTemplateQuery ||
      /^atlan-postgres-(default-postgres-)?\d{10}$/.test(t._source.metadata.name) ||
      t._source.metadata.annotations?.['package.argoproj.io/name'] === '@atlan/postgres' ||
      t._source.metadata.labels?.['package.argoproj.io/name'] === 'a-t-ratlans-l-a-s-hpostgres';
    let hits = this.templates.filter((t) => !this.hiddenTemplates.has(t._source.metadata.name)).filter((t) => (names ? names.includes(t._source.metadata.name) : listed(t)));
    const total = hits.length;
    hits = hits.slice(from, from + size);
    return searchAnswer(hits, total);
  }

  private searchRuns(req: RecordedRequest): Doc {
    const { from, size, query } = req.body as Doc;
    const workflows = valuesFor(query, 'spec.workflowTemplateRef.name.keyword');
    const ids = valuesFor(query, '_id');
    const visible = this.runs.filter((r) => !this.hiddenRuns.has(r._id));
    const matched = visible
      .filter((r) => (ids?.includes(r._id) ?? false) || (workflows?.includes(r._source.spec.workflowTemplateRef.name) ?? false))
      .sort((a, b) => String(b._source.status.startedAt ?? '9').localeCompare(String(a._source.status.startedAt ?? '9')));
    return searchAnswer(matched.slice(from, from + size), matched.length);
  }
}
