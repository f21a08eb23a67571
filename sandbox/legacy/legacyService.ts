/**
 * The legacy package-workflow operations: create (and run), rerun, update, archive, stop, schedules.
 * Stateful over TenantState; runs are driven by the RunEngine and mirrored into run documents.
 */
import { USER_IDENTITY, type Identity } from '../auth';
import { CredentialBody, describeCredential } from '../credentials';
import { conflict, notFound, SandboxHttpError } from '../http/errors';
import { describeZodError, parseOr400 } from '../http/validate';
import type { RunEngine } from '../runs/runEngine';
import { newRunState } from '../runs/runEngine';
import { cronProblem, timezoneProblem } from '../schedule';
import type { TenantState } from '../state/tenant';
import {
  applyRunState,
  cronDoc,
  labelActor,
  nextResourceVersion,
  runDoc,
  runSuffix,
  SCHEDULE_ANNOTATION,
  templateDoc,
  TIMEZONE_ANNOTATION,
  type RunDoc,
  type TemplateDoc,
} from './documents';
import { crawlerTemplate, uiCrawlerName, UiCrawlerRequest, type UiCrawlerCreated } from './packageTemplates';
import { connectionOfTemplate, planForTemplate, RerunIn, substitutePlaceholders, WorkflowIn } from './workflowModel';

export interface LegacyDeps {
  tenant: TenantState;
  engine: RunEngine;
  now: () => number;
  /** Current search index lag (ms). */
  indexLagMs: () => number;
  /** Called after any change worth persisting. */
  changed: () => void;
  /** Catalogues the Connection asset of a connection made outside a crawl (Atlan's UI makes it with the crawler). */
  catalogConnection: (connection: { qualifiedName: string; name: string }) => void;
}

type PayloadOut = { parameter: string; type: string; body: Record<string, unknown> };

export class LegacyService {
  constructor(private readonly deps: LegacyDeps) {}

  private get tenant(): TenantState {
    return this.deps.tenant;
  }

  template(name: string): TemplateDoc | undefined {
    return this.tenant.workflows.get(name)?.source as TemplateDoc | undefined;
  }

  /** `POST workflows?submit=true`: stores the template (credentials vaulted) and optionally runs it. */
  create(body: unknown, identity: Identity, submit: boolean): { metadata: unknown; spec: unknown; payload: PayloadOut[] } {
    const input = parseOr400(WorkflowIn, body, 'workflow');
    const name = input.metadata.name;
    if (this.tenant.workflows.get(name)) {
      throw conflict(`Workflow template '${name}' already exists; rerun it or update it instead of creating it again.`);
    }
    checkScheduleAnnotations(input.metadata.annotations);
    const { spec, payload } = this.vaultPayload(input);
    const now = this.deps.now();
    const doc = templateDoc({ ...input.metadata, spec }, identity, now);
    this.tenant.workflows.put(name, doc, now + this.deps.indexLagMs());
    if (submit) this.startRun(doc, identity);
    this.deps.changed();
    return { metadata: doc.metadata, spec: doc.spec, payload };
  }

  /** `POST workflows/{name}`: replaces the template's configuration, keeping its identity. */
  update(name: string, body: unknown): { metadata: unknown; spec: unknown; payload: PayloadOut[] } {
    const input = parseOr400(WorkflowIn, body, 'workflow');
    if (input.metadata.name !== name) {
      throw new SandboxHttpError(400, `metadata.name '${input.metadata.name}' does not match the workflow in the path '${name}'.`);
    }
    const existing = this.template(name);
    if (!existing) throw notFound(`Workflow template '${name}' not found.`);
    checkScheduleAnnotations(input.metadata.annotations);
    const { spec, payload } = this.vaultPayload(input);
    const doc: TemplateDoc = {
      ...existing,
      metadata: {
        ...existing.metadata,
        namespace: input.metadata.namespace,
        labels: { ...input.metadata.labels },
        annotations: { ...input.metadata.annotations },
        generation: existing.metadata.generation + 1,
        resourceVersion: nextResourceVersion(),
      },
      spec,
    };
    this.tenant.workflows.put(name, doc, this.deps.now());
    this.deps.changed();
    return { metadata: doc.metadata, spec: doc.spec, payload };
  }

  archive(name: string): Record<string, unknown> {
    if (!this.tenant.workflows.delete(name)) throw notFound(`Workflow template '${name}' not found.`);
    this.deps.changed();
    return {};
  }

  /**
   * `POST /_sandbox/ui-crawlers`: a Postgres crawler as a person creates it in Atlan's UI (named
   * `atlan-postgres-default-postgres-<epoch>`, made by the user), its credential vaulted; seen by
   * searches after the index lag, like any new template.
   */
  createUiCrawler(raw: unknown): UiCrawlerCreated {
    const request = parseOr400(UiCrawlerRequest, raw, 'UI crawler');
    const now = this.deps.now();
    let epoch = request.epoch ?? Math.floor(now / 1000);
    // A connection's qualified name is unique on a tenant: two made in one second (a script beside
    // a person) must not share `default/postgres/<epoch>`, or one crawl's publish archives the other's assets.
    const connections = new Set([...this.tenant.workflows.values()].map((doc) => connectionOfTemplate((doc.source as TemplateDoc).spec ?? {})?.qualifiedName));
    const taken = (e: number) => this.tenant.workflows.get(uiCrawlerName(e)) !== undefined || connections.has(`default/postgres/${e}`);
    if (request.epoch !== undefined && taken(epoch)) {
      throw conflict(`Workflow template '${uiCrawlerName(epoch)}' or connection 'default/postgres/${epoch}' already exists.`);
    }
    while (taken(epoch)) epoch++;
    const given = request.credential;
    const credentialGuid = this.tenant.vault.store({
      name: `default-postgres-${epoch}-0`,
      host: given?.host ?? '127.0.0.1',
      port: given?.port ?? 5432,
      authType: 'basic',
      username: given?.username ?? 'postgres',
      password: given?.password ?? 'postgres',
      extra: { database: given?.database ?? 'postgres' },
      connectorConfigName: 'atlan-connectors-postgres',
    });
    const input = crawlerTemplate({
      name: uiCrawlerName(epoch),
      epoch,
      connectionName: request.connectionName,
      credentialGuid,
      include: request.include,
      adminUsers: [USER_IDENTITY.username],
      madeInUi: true,
      connectionParameter: request.connectionParameter,
    });
    const doc = templateDoc(input, USER_IDENTITY, now);
    this.tenant.workflows.put(input.name, doc, now + this.deps.indexLagMs());
    this.deps.catalogConnection({ qualifiedName: `default/postgres/${epoch}`, name: request.connectionName });
    const run = request.run ? this.startRun(doc, USER_IDENTITY) : undefined;
    this.deps.changed();
    return { name: input.name, connectionQualifiedName: `default/postgres/${epoch}`, ...(run ? { run: run.metadata.name } : {}) };
  }

  /** `POST workflows/submit`: a new run of an existing template. */
  rerun(body: unknown, identity: Identity): RunDoc {
    const input = parseOr400(RerunIn, body, 'rerun request');
    const template = this.template(input.resourceName);
    if (!template) throw notFound(`Workflow template '${input.resourceName}' not found.`);
    const run = this.startRun(template, identity);
    this.deps.changed();
    return run;
  }

  /**
   * `POST runs/{name}/stop`: the run keeps its phase for a moment, then ends as Argo ends a stopped
   * workflow: Failed, "Stopped with strategy 'Stop'". The actor labels are Argo's record of who
   * asked (3.6.5 and later, with SSO); a real tenant may not carry them.
   */
  stop(runName: string, identity: Pick<Identity, 'id' | 'email' | 'username'>): RunDoc {
    const doc = this.tenant.runs.get(runName)?.source as RunDoc | undefined;
    if (!doc) throw notFound(`Workflow run '${runName}' not found.`);
    if (!this.deps.engine.stop(runName)) {
      const phase = doc.status.phase;
      if (phase === 'Succeeded' || phase === 'Failed' || phase === 'Error') {
        throw conflict(`Workflow run '${runName}' has already finished (${phase}); there is nothing to stop.`);
      }
    }
    labelActor(doc, 'Stop', identity);
    this.tenant.runs.touch(runName);
    this.deps.changed();
    return doc;
  }

  crons(): { items: Record<string, unknown>[] } {
    const items: Record<string, unknown>[] = [];
    for (const doc of this.tenant.workflows.values()) {
      const cron = cronDoc(doc.source as TemplateDoc, this.lastRunStart(doc.id));
      if (cron) items.push(cron);
    }
    return { items };
  }

  cron(cronName: string): Record<string, unknown> {
    const name = cronName.endsWith('-cron') ? cronName.slice(0, -'-cron'.length) : cronName;
    const template = this.template(name);
    const cron = template && cronDoc(template, this.lastRunStart(name));
    if (!cron) throw notFound(`No schedule '${cronName}': workflow '${name}' ${template ? 'has no schedule' : 'does not exist'}.`);
    return cron;
  }

  /** Starts a run of a template and indexes its document. */
  startRun(template: TemplateDoc, identity: Pick<Identity, 'id' | 'email' | 'username'>): RunDoc {
    const templateName = template.metadata.name;
    let name = `${templateName}-${runSuffix()}`;
    while (this.tenant.runs.get(name)) name = `${templateName}-${runSuffix()}`;
    const now = this.deps.now();
    const state = newRunState(now);
    const doc = runDoc(name, templateName, identity, state);
    this.tenant.runs.put(name, doc, now + this.deps.indexLagMs());
    this.deps.engine.start(
      name,
      planForTemplate(template.spec),
      {
        stoppedPhase: 'Failed',
        connection: connectionOfTemplate(template.spec),
        onChange: (s) => {
          applyRunState(doc, s);
          this.tenant.runs.touch(name);
          this.deps.changed();
        },
      },
      state,
    );
    return doc;
  }

  private lastRunStart(template: string): string | null {
    const runs = this.tenant.runs.lookup('spec.workflowTemplateRef.name', [template]);
    let latest: string | null = null;
    for (const run of runs ?? []) {
      const started = (run.source as RunDoc).status.startedAt;
      if (started && (latest === null || started > latest)) latest = started;
    }
    return latest;
  }

  /** Vaults `payload[]` credentials and swaps `{{parameter}}` for their guids in the spec. */
  private vaultPayload(input: WorkflowIn): { spec: Record<string, unknown>; payload: PayloadOut[] } {
    const replacements = new Map<string, string>();
    const payload: PayloadOut[] = [];
    // Validate every credential before storing any, so a bad one leaves no orphan behind.
    const parsed = input.payload.map((entry, i) => {
      if (entry.type !== 'credential') return undefined;
      const result = CredentialBody.safeParse(entry.body);
      if (!result.success) {
        throw new SandboxHttpError(400, `Invalid credential: ${describeZodError(result.error, `payload[${i}].body`)}`);
      }
      return result.data;
    });
    input.payload.forEach((entry, i) => {
      const credential = parsed[i];
      if (!credential) {
        payload.push({ parameter: entry.parameter, type: entry.type, body: {} });
        return;
      }
      const guid = this.tenant.vault.store(credential);
      replacements.set(entry.parameter, guid);
      payload.push({ parameter: entry.parameter, type: entry.type, body: describeCredential(guid, credential) });
    });
    return { spec: substitutePlaceholders(input.spec, replacements), payload };
  }
}

function checkScheduleAnnotations(annotations: Record<string, string>): void {
  const cron = annotations[SCHEDULE_ANNOTATION];
  const tz = annotations[TIMEZONE_ANNOTATION];
  const problem = (cron !== undefined ? cronProblem(cron) : undefined) ?? (tz !== undefined ? timezoneProblem(tz) : undefined);
  if (problem) throw new SandboxHttpError(400, `Invalid schedule annotation: ${problem}`);
}
