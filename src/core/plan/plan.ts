/**
 * The plan of a folder of configuration files against one tenant, as a pure function: what
 * applying each file would do (create, update, unchanged, adopt, or a conflict that refuses it)
 * and which tenant crawlers no file claims. The caller reads the tenant once (every crawler, then
 * one definition per file that records or adopts a workflow: see definitionsToRead) and decides
 * nothing itself, so the CLI, the editor and the tests plan alike. A crawler whose listing does
 * not name its connection (an old UI-made one) is attributed by the caller from the Connection
 * assets of the names connectionsToLookUp gives (see unnamedCrawlers.ts), so a file whose
 * connection it holds is planned as apply will treat it, never `create`.
 */
import type { BuiltCrawler, CrawlerWorkflow } from '../atlan/backend';
import { connectionClue } from '../atlan/crawlerIdentity';
import type { CrawlerConfig } from '../config/model';
import { detectDrift, type DriftDifference } from '../workflow/drift';

export type PlanAction = 'create' | 'update' | 'unchanged' | 'adopt' | 'conflict';

/** Why a file is refused; each has its own advice. */
export type ConflictKind =
  /** Two or more files name the same connection: applying both would make two crawlers of it. */
  | 'sharedConnection'
  /** Two or more files record the same workflow. */
  | 'sharedWorkflow'
  /** The file records a workflow this tenant does not have (deleted, or another tenant's). */
  | 'workflowGone'
  /** The file does not validate. */
  | 'invalidFile'
  /** A create needs a secret that is not set. */
  | 'missingSecret'
  /** The tenant has several crawlers of this connection and the file records none of them. */
  | 'ambiguousConnection'
  /** The workflow's definition could not be read or understood. */
  | 'unreadableWorkflow'
  /** The tenant failed (a 5xx) reading the workflow's definition: not the file's fault; plan again. */
  | 'tenantFailure';

/** One configuration file as the caller read it. */
export interface PlanInputFile {
  /** How the file is named in output (a relative path). */
  file: string;
  /** The validated configuration; absent when the file is invalid. */
  config?: CrawlerConfig;
  /** Why the file is invalid (its first error, with its position), when `config` is absent. */
  invalid?: string;
  /** The workflow an invalid file records, if that much could be read: it still claims it. */
  recordedWorkflow?: string;
  /** Secrets the file references that are not set (only a create needs them). */
  missingSecrets?: readonly string[];
}

/** What the caller read for the workflows definitionsToRead named. */
export interface TenantDefinitions {
  roleNamesById: ReadonlyMap<string, string>;
  /** Each definition, or why it could not be read (`server`: the tenant failed, not the definition). */
  byWorkflow: ReadonlyMap<string, BuiltCrawler | { error: string; server?: boolean }>;
  /**
   * Connection names whose crawlers could not all be told (the asset search for crawlers that do
   * not name their connection failed, or one such crawler may be of several): their files are
   * this conflict instead of a create.
   */
  unresolvedConnections?: ReadonlyMap<string, { conflict: ConflictKind; reason: string }>;
}

/** One field a create, update or adopt changes: path, the file's value, the tenant's (normalised as drift does). */
export interface FieldChange {
  path: string;
  file: unknown;
  tenant: unknown;
}

export interface FilePlan {
  file: string;
  action: PlanAction;
  /** The workflow the file records or would record (update, unchanged, adopt; a conflict when one is known). */
  workflow?: string;
  connectionName?: string;
  /** What would change on the tenant (update, adopt); empty otherwise. */
  fields: FieldChange[];
  conflict?: ConflictKind;
  /** Why, in words, for a conflict. */
  reason?: string;
  /** Paths the tenant does not return, so not compared (update, unchanged, adopt). */
  notCompared?: string[];
}

export interface Plan {
  files: FilePlan[];
  /** Postgres crawlers of the tenant that no file claims by workflow or connection name: listed, never touched. */
  unmanaged: CrawlerWorkflow[];
}

/** What the plan would do with one valid file before any definition is read. */
type Target =
  | { kind: 'conflict'; conflict: ConflictKind; reason: string; workflow?: string }
  | { kind: 'create' }
  | { kind: 'recorded' | 'adopt'; workflow: string };

/**
 * The workflows whose definitions the plan needs: the one each file records (when the tenant
 * has it) or would adopt. One read each, nothing for creates and conflicts.
 */
export function definitionsToRead(files: readonly PlanInputFile[], tenantCrawlers: readonly CrawlerWorkflow[]): string[] {
  const targets = resolveTargets(files, tenantCrawlers, new Map());
  const names = new Set<string>();
  for (const target of targets.values()) if (target.kind === 'recorded' || target.kind === 'adopt') names.add(target.workflow);
  return [...names];
}

/** The plan: one entry per file, in the order given, and the unmanaged crawlers newest first as listed. */
export function planFiles(files: readonly PlanInputFile[], tenantCrawlers: readonly CrawlerWorkflow[], definitions: TenantDefinitions): Plan {
  const targets = resolveTargets(files, tenantCrawlers, definitions.unresolvedConnections ?? new Map());
  const planned = files.map((input): FilePlan => {
    const target = targets.get(input);
    const connectionName = input.config?.connectionName;
    const base = { file: input.file, fields: [], ...(connectionName !== undefined ? { connectionName } : {}) };
    if (!input.config || !target) {
      return { ...base, action: 'conflict', conflict: 'invalidFile', reason: input.invalid ?? 'invalid configuration', ...withWorkflow(input.recordedWorkflow) };
    }
    switch (target.kind) {
      case 'conflict':
        return { ...base, action: 'conflict', conflict: target.conflict, reason: target.reason, ...withWorkflow(target.workflow) };
      case 'create':
        return { ...base, action: 'create' };
      case 'recorded':
      case 'adopt':
        return compared(input.config, target.workflow, target.kind, definitions, base);
    }
  });
  return { files: planned, unmanaged: unmanagedCrawlers(files, tenantCrawlers) };
}

function compared(
  config: CrawlerConfig,
  workflow: string,
  kind: 'recorded' | 'adopt',
  definitions: TenantDefinitions,
  base: { file: string; fields: FieldChange[]; connectionName?: string },
): FilePlan {
  const definition = definitions.byWorkflow.get(workflow);
  // Adopting: the crawler of this connection exists, so say so, and that running it as it is stays possible.
  const adopting = kind === 'adopt' ? `; it already crawls connection "${config.connectionName}": rerun it as it is rather than create another` : '';
  const unreadable = (why: string): FilePlan => ({ ...base, action: 'conflict', conflict: 'unreadableWorkflow', workflow, reason: `could not read ${workflow}: ${why}${adopting}` });
  if (definition === undefined) return unreadable('its definition was not read');
  if ('error' in definition) {
    if (definition.server === true) {
      return { ...base, action: 'conflict', conflict: 'tenantFailure', workflow, reason: `the tenant failed reading ${workflow}: ${definition.error}; plan again` };
    }
    return unreadable(definition.error);
  }
  let differences: DriftDifference[];
  let notCompared: string[];
  try {
    ({ differences, notCompared } = detectDrift(config, definition, { roleNamesById: definitions.roleNamesById, workflowName: workflow }));
  } catch (error) {
    // One odd definition must not hide the plan of every other file.
    return unreadable(error instanceof Error ? error.message : String(error));
  }
  const fields = differences.map(({ path, file, tenant }) => ({ path, file, tenant }));
  const action: PlanAction = kind === 'adopt' ? 'adopt' : fields.length === 0 ? 'unchanged' : 'update';
  return { ...base, action, workflow, fields, ...(notCompared.length > 0 ? { notCompared } : {}) };
}

function withWorkflow(workflow: string | undefined): { workflow?: string } {
  return workflow === undefined ? {} : { workflow };
}

/**
 * Whether a package workflow does not name its connection but its identity tells which one it is
 * (by qualified name): one an asset search can attribute, as the legacy duplicate guard does
 * (crawlerIdentity.ts). The App API's guard has no such look-up, so neither has its plan.
 */
export function isUnnamedCrawler(workflow: CrawlerWorkflow): boolean {
  return workflow.surface === 'workflows' && workflow.connectionName === undefined && connectionClue({ metadata: { name: workflow.name } }, workflow.connectionQualifiedName) !== undefined;
}

/**
 * The connection names whose Connection assets the plan needs: those of the files that would be
 * created (or refused for a missing secret) while the tenant has crawlers that do not name their
 * connection. Empty, so no request, when it has none.
 */
export function connectionsToLookUp(files: readonly PlanInputFile[], tenantCrawlers: readonly CrawlerWorkflow[]): string[] {
  if (!tenantCrawlers.some(isUnnamedCrawler)) return [];
  const names = new Set<string>();
  for (const [input, target] of resolveTargets(files, tenantCrawlers, new Map())) {
    const wouldCreate = target.kind === 'create' || (target.kind === 'conflict' && target.conflict === 'missingSecret');
    if (wouldCreate && input.config) names.add(input.config.connectionName);
  }
  return [...names];
}

/** Decides each valid file's target from the files and the tenant's crawlers alone. */
function resolveTargets(
  files: readonly PlanInputFile[],
  tenantCrawlers: readonly CrawlerWorkflow[],
  unresolved: ReadonlyMap<string, { conflict: ConflictKind; reason: string }>,
): Map<PlanInputFile, Target> {
  const byName = new Map(tenantCrawlers.map((w) => [w.name, w]));
  const byConnection = groupBy(tenantCrawlers.filter((w) => w.connectionName !== undefined), (w) => w.connectionName as string);
  const valid = files.filter((f) => f.config !== undefined);
  const filesByConnection = groupBy(valid, (f) => (f.config as CrawlerConfig).connectionName);
  const filesByWorkflow = groupBy(
    files.filter((f) => recordedOf(f) !== undefined),
    (f) => recordedOf(f) as string,
  );

  const targets = new Map<PlanInputFile, Target>();
  for (const input of valid) {
    const config = input.config as CrawlerConfig;
    const recorded = config.workflow;
    const sameConnection = (filesByConnection.get(config.connectionName) ?? []).filter((f) => f !== input);
    if (sameConnection.length > 0) {
      targets.set(input, {
        kind: 'conflict',
        conflict: 'sharedConnection',
        reason: `${listFiles(sameConnection)} also ${sameConnection.length === 1 ? 'names' : 'name'} connection "${config.connectionName}": keep one file per connection`,
        ...withWorkflow(recorded),
      });
      continue;
    }
    if (recorded !== undefined) {
      const sameWorkflow = (filesByWorkflow.get(recorded) ?? []).filter((f) => f !== input);
      if (sameWorkflow.length > 0) {
        targets.set(input, {
          kind: 'conflict',
          conflict: 'sharedWorkflow',
          reason: `${listFiles(sameWorkflow)} also ${sameWorkflow.length === 1 ? 'records' : 'record'} workflow ${recorded}: keep one file per workflow`,
          workflow: recorded,
        });
      } else if (!byName.has(recorded)) {
        targets.set(input, {
          kind: 'conflict',
          conflict: 'workflowGone',
          reason: `the tenant has no workflow ${recorded} (deleted, or recorded on another tenant): remove "workflow" from the file to create it again`,
          workflow: recorded,
        });
      } else {
        targets.set(input, { kind: 'recorded', workflow: recorded });
      }
      continue;
    }
    const crawlers = byConnection.get(config.connectionName) ?? [];
    const claimedElsewhere = crawlers.filter((w) => (filesByWorkflow.get(w.name) ?? []).length > 0);
    if (claimedElsewhere.length > 0) {
      const owner = filesByWorkflow.get(claimedElsewhere[0].name) ?? [];
      targets.set(input, {
        kind: 'conflict',
        conflict: 'sharedConnection',
        reason: `connection "${config.connectionName}" is crawled by ${claimedElsewhere[0].name}, which ${listFiles(owner)} records`,
        workflow: claimedElsewhere[0].name,
      });
    } else if (crawlers.length > 1) {
      targets.set(input, {
        kind: 'conflict',
        conflict: 'ambiguousConnection',
        reason: `the tenant has ${crawlers.length} crawlers of connection "${config.connectionName}" (${crawlers.map((w) => w.name).join(', ')}): record the one this file manages in "workflow"`,
      });
    } else if (crawlers.length === 1) {
      targets.set(input, { kind: 'adopt', workflow: crawlers[0].name });
    } else if (unresolved.has(config.connectionName)) {
      const { conflict, reason } = unresolved.get(config.connectionName) as { conflict: ConflictKind; reason: string };
      targets.set(input, { kind: 'conflict', conflict, reason });
    } else if (input.missingSecrets?.length) {
      const names = input.missingSecrets.map((s) => `"${s}"`).join(', ');
      targets.set(input, { kind: 'conflict', conflict: 'missingSecret', reason: `creating it needs the secret${input.missingSecrets.length === 1 ? '' : 's'} ${names}, which ${input.missingSecrets.length === 1 ? 'is' : 'are'} not set` });
    } else {
      targets.set(input, { kind: 'create' });
    }
  }
  return targets;
}

function recordedOf(file: PlanInputFile): string | undefined {
  return file.config ? file.config.workflow : file.recordedWorkflow;
}

/** Crawlers no file claims: not recorded by any file, and of no connection a valid file names. */
function unmanagedCrawlers(files: readonly PlanInputFile[], tenantCrawlers: readonly CrawlerWorkflow[]): CrawlerWorkflow[] {
  const recorded = new Set(files.map(recordedOf).filter((n): n is string => n !== undefined));
  const connections = new Set(files.map((f) => f.config?.connectionName).filter((n): n is string => n !== undefined));
  return tenantCrawlers.filter((w) => !recorded.has(w.name) && !(w.connectionName !== undefined && connections.has(w.connectionName)));
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const group = groups.get(k);
    if (group) group.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}

function listFiles(files: readonly PlanInputFile[]): string {
  return files.map((f) => f.file).join(', ');
}

/** The files the tenant failed to plan (a 5xx on their definition): a server failure, not the files' fault. */
export function tenantFailures(plan: Plan): FilePlan[] {
  return plan.files.filter((f) => f.conflict === 'tenantFailure');
}

/** Counts by action, for summaries. */
export function countActions(plan: Plan): Record<PlanAction, number> {
  const counts: Record<PlanAction, number> = { create: 0, update: 0, unchanged: 0, adopt: 0, conflict: 0 };
  for (const file of plan.files) counts[file.action]++;
  return counts;
}

/** `2 to create, 1 to update, 1 to adopt, 3 unchanged, 1 conflict`. */
export function planSummary(plan: Plan): string {
  const counts = countActions(plan);
  const parts: string[] = [];
  if (counts.create) parts.push(`${counts.create} to create`);
  if (counts.update) parts.push(`${counts.update} to update`);
  if (counts.adopt) parts.push(`${counts.adopt} to adopt`);
  if (counts.unchanged) parts.push(`${counts.unchanged} unchanged`);
  if (counts.conflict) parts.push(`${counts.conflict} ${counts.conflict === 1 ? 'conflict' : 'conflicts'}`);
  return parts.length > 0 ? parts.join(', ') : 'no configuration files';
}
