/**
 * "Plan Workspace" and "Apply Plan", the work itself (loaded with the config tools): every
 * *.atlan-postgres.json of the workspace (or of one folder) read as the editor shows it, planned
 * against the signed-in tenant by the CLI's own core (core/plan), then carried out by the same
 * core as `atlan-postgres apply`. Registration and the view are planCommands.ts and planView.ts.
 */
import * as vscode from 'vscode';
import type { AtlanClient, CrawlerBackend } from '../../core/atlan';
import type { CrawlerConfig } from '../../core/config/model';
import type { ApplyResult } from '../../core/plan/applyPlan';
import type { FilePlan, PlanInputFile } from '../../core/plan/plan';
import type { TenantSnapshot } from '../../core/tenant/tenantSnapshot';
import type { DriftReport } from '../../core/workflow/drift';
import { CONFIG_FILE_SUFFIX } from '../../core/config/names';
import type { Services } from '../services';
import { tenantTools } from '../tenantTools';
import type { PlannedEntry, ShownPlan } from './planView';

/** A plan as Apply needs it: what the view shows, and what it was made from. */
export interface WorkspacePlan {
  shown: ShownPlan;
  /** The folder planned (undefined: the whole workspace). */
  folder?: vscode.Uri;
  origin: string;
  client: AtlanClient;
  backend: CrawlerBackend;
  snapshot: TenantSnapshot;
  /** Each entry's configuration as the profile sees it (absent for invalid files). */
  configs: Map<PlannedEntry, CrawlerConfig>;
}

/** Folders no plan looks in: dependencies and hidden folders (.git, .vscode), as the CLI. */
const EXCLUDE = '{**/node_modules/**,**/.*/**}';
/** Definition reads at once. */
const CONCURRENCY = 4;

export async function planWorkspace(services: Services, folder: vscode.Uri | undefined, signal?: AbortSignal): Promise<WorkspacePlan> {
  const { client, backend, surface, profile: tenantProfile } = services.session.requireSignedIn();
  const profile = services.activeProfile.current();
  const pattern = folder ? new vscode.RelativePattern(folder, `**/*${CONFIG_FILE_SUFFIX}`) : `**/*${CONFIG_FILE_SUFFIX}`;
  const uris = (await vscode.workspace.findFiles(pattern, EXCLUDE)).sort((a, b) => a.path.localeCompare(b.path));

  const entries: PlannedEntry[] = [];
  const inputs: PlanInputFile[] = [];
  const configs = new Map<PlannedEntry, CrawlerConfig>();
  const skipped: string[] = [];
  for (const uri of uris) {
    const file = vscode.workspace.asRelativePath(uri);
    let text: string;
    try {
      text = await textOf(uri);
    } catch (error) {
      // One unreadable file is a conflict of its own, never the end of the plan.
      const input = { file, invalid: `cannot be read: ${error instanceof Error ? error.message : String(error)}` };
      inputs.push(input);
      entries.push({ uri, plan: { file, action: 'conflict', fields: [] } });
      continue;
    }
    const of = await tenantTools().planInputOf(file, text, services.secrets.lookup, profile, 'see the Problems panel');
    // A file names the profile it is meant for: without an active profile, the tenant profile's
    // name (as Submit checks), so a plan never applies a file to a tenant it is not meant for.
    const meantFor = 'otherProfile' in of ? of.otherProfile : profile === undefined ? of.input.config?.profile : undefined;
    if (meantFor !== undefined && meantFor !== (profile ?? tenantProfile.name)) {
      skipped.push(`${file} (meant for "${meantFor}")`);
      continue;
    }
    if ('otherProfile' in of) continue;
    inputs.push(of.input);
    entries.push({ uri, plan: { file, action: 'conflict', fields: [] } });
  }
  const snapshot = await tenantTools().readTenantSnapshot(client, backend, inputs, { concurrency: CONCURRENCY, ...(signal ? { signal } : {}) });
  const plan = tenantTools().planFiles(inputs, snapshot.crawlers, snapshot.definitions);
  plan.files.forEach((filePlan, i) => {
    entries[i].plan = filePlan;
    const config = inputs[i].config;
    if (config) configs.set(entries[i], config);
  });
  if (skipped.length > 0) services.log.info(`Plan: left out ${skipped.join(', ')}: the profile is "${profile ?? tenantProfile.name}"`);
  const origin = client.origin;
  return {
    shown: {
      tenant: `${origin} (${surface === 'apps' ? 'App API' : 'package-workflow API'})`,
      ...(profile !== undefined ? { profile } : {}),
      ...(folder ? { folder: folderLabel(folder) } : {}),
      entries,
      unmanaged: plan.unmanaged.map((w) => ({ name: w.name, ...(w.connectionName !== undefined ? { connectionName: w.connectionName } : {}) })),
      summary: `${tenantTools().planSummary(plan)}${skipped.length > 0 ? `; ${skipped.length} left out, meant for another profile (see the Atlan output)` : ''}`,
    },
    ...(folder ? { folder } : {}),
    origin,
    client,
    backend,
    snapshot,
    configs,
  };
}

/** A folder as people know it: workspace-relative, or a workspace folder's own name. */
export function folderLabel(folder: vscode.Uri): string {
  return vscode.workspace.workspaceFolders?.find((f) => f.uri.toString() === folder.toString())?.name ?? vscode.workspace.asRelativePath(folder);
}

/** The drift of one compared file, from the definition the plan read (no request): both sides for the diff editor. */
export function planDrift(planned: WorkspacePlan, entry: PlannedEntry): DriftReport {
  const workflow = entry.plan.workflow;
  const config = planned.configs.get(entry);
  const definition = workflow !== undefined ? planned.snapshot.builtByWorkflow.get(workflow) : undefined;
  if (!config || !definition || workflow === undefined) throw new Error(`${entry.plan.file} was not compared with a workflow in this plan`);
  return tenantTools().detectDrift(config, definition, { roleNamesById: planned.snapshot.definitions.roleNamesById, workflowName: workflow });
}

/** The modal's text: what will be created, updated and adopted, by name. */
export function confirmationDetail(plans: readonly FilePlan[]): string {
  const lines: string[] = [];
  const list = (action: FilePlan['action'], title: string, name: (p: FilePlan) => string): void => {
    const these = plans.filter((p) => p.action === action);
    if (these.length === 0) return;
    lines.push(`${title} (${these.length}):`, ...these.map((p) => `  ${name(p)}`));
  };
  list('create', 'Create', (p) => `${p.connectionName ?? ''} from ${p.file}`);
  list('update', 'Update', (p) => `${p.workflow ?? ''} from ${p.file}: ${p.fields.map((f) => f.path).join(', ')}`);
  list('adopt', 'Adopt', (p) => `${p.workflow ?? ''} into ${p.file}${p.fields.length > 0 ? `, updating ${p.fields.map((f) => f.path).join(', ')}` : ''}`);
  const conflicts = plans.filter((p) => p.action === 'conflict').length;
  if (conflicts > 0) lines.push('', `${conflicts} ${conflicts === 1 ? 'conflict is' : 'conflicts are'} left alone.`);
  return lines.join('\n');
}

/** Writes a workflow's name into a file, keeping comments (configTarget.ts's, passed in from the extension's bundle). */
export type RecordName = (uri: vscode.Uri, name: string, profile: string | undefined) => Promise<void>;

export interface ApplyProgress {
  /** A file starts (its index among the files to apply, from 1). */
  onStart(plan: FilePlan, index: number, total: number): void;
  onDone(entry: PlannedEntry, result: ApplyResult): void;
  /** Whether the user cancelled: no further file starts. */
  cancelled(): boolean;
}

/** Carries out `planned` (already confirmed), file by file; the results in the plan's order. */
export async function applyWorkspacePlan(services: Services, planned: WorkspacePlan, progress: ApplyProgress, recordName: RecordName): Promise<ApplyResult[]> {
  const profile = planned.shown.profile;
  const entryOf = new Map(planned.shown.entries.map((e) => [e.plan, e]));
  const total = planned.shown.entries.filter((e) => e.plan.action === 'create' || e.plan.action === 'update' || e.plan.action === 'adopt').length;
  let started = 0;
  return tenantTools().applyPlanned(
    { backend: planned.backend, client: planned.client },
    planned.shown.entries.map((entry) => {
      const config = planned.configs.get(entry);
      return { plan: entry.plan, ...(config ? { config } : {}) };
    }),
    planned.snapshot,
    {
      concurrency: CONCURRENCY,
      lookupSecret: services.secrets.lookup,
      now: () => Date.now(),
      stopped: () => progress.cancelled(),
      record: async (plan, name) => {
        const entry = entryOf.get(plan);
        if (!entry) return 'the file is not in the plan';
        // A failure to write is a warning of that file: the workflow exists, and the next plan adopts it.
        return recordName(entry.uri, name, profile).then(
          () => undefined,
          (error: unknown) => (error instanceof Error ? error.message : String(error)),
        );
      },
      onStart: (plan) => progress.onStart(plan, ++started, total),
      onDone: (result) => {
        const entry = entryOf.get(result.plan);
        if (entry) progress.onDone(entry, result);
      },
    },
  );
}

/** The file as the editor shows it (unsaved changes included), without a byte order mark. */
async function textOf(uri: vscode.Uri): Promise<string> {
  const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
  const text = open ? open.getText() : new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
  return text.startsWith('\uFEFF') ? text.slice(1) : text;
}
