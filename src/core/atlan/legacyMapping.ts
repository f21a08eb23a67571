/**
 * Maps package-workflow documents (templates and Argo runs) to the backend vocabulary.
 * Tolerant by design: a field we cannot read is left out, never guessed.
 */
import type { CrawlerRun, CrawlerWorkflow, RunPhase, RunStep, Schedule } from './backend';
import { connectionQualifiedNameFromIdentity, PACKAGE_NAME_KEY } from './crawlerIdentity';
import type { K8sMetadata, RunDoc } from './models';
import { redactPatterns } from './redact';

export const SCHEDULE_ANNOTATION = 'orchestration.atlan.com/schedule';
export const TIMEZONE_ANNOTATION = 'orchestration.atlan.com/timezone';

const LABEL_TEMPLATE = 'workflows.argoproj.io/workflow-template';
const LABEL_PHASE = 'workflows.argoproj.io/phase';
const LABEL_USERNAME = 'workflows.argoproj.io/creator-preferred-username';
const LABEL_EMAIL = 'workflows.argoproj.io/creator-email';
/** Argo (3.6.5 and later, behind SSO) records the latest action on a run and who asked for it. */
const LABEL_ACTION = 'workflows.argoproj.io/action';
const LABEL_ACTOR_USERNAME = 'workflows.argoproj.io/actor-preferred-username';
const LABEL_ACTOR_EMAIL = 'workflows.argoproj.io/actor-email';

/**
 * Argo has no Stopped phase: `argo stop` / `argo terminate` (and Atlan's stop endpoint) end a run
 * `Failed` with exactly this message, and its steps with "workflow shutdown with strategy: Stop".
 */
const STOPPED_MESSAGE = /^Stopped with strategy '(?:Stop|Terminate)'$/;
const SHUTDOWN_STEP_MESSAGE = /^workflow shutdown with strategy:\s+(?:Stop|Terminate)$/;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

/** Every `{name, value}` parameter of the spec: top-level arguments and each DAG task's arguments. */
export function specParameters(spec: unknown): Map<string, unknown> {
  const found = new Map<string, unknown>();
  if (!isRecord(spec)) return found;
  const collect = (args: unknown): void => {
    if (!isRecord(args)) return;
    for (const p of asArray(args.parameters)) {
      if (isRecord(p) && typeof p.name === 'string' && !found.has(p.name)) found.set(p.name, p.value);
    }
  };
  collect(spec.arguments);
  for (const template of asArray(spec.templates)) {
    if (!isRecord(template) || !isRecord(template.dag)) continue;
    for (const task of asArray(template.dag.tasks)) if (isRecord(task)) collect(task.arguments);
  }
  return found;
}

/** The `connection` parameter (a JSON string in the SDK payloads, or an object). */
export function connectionFromSpec(spec: unknown): { name?: string; qualifiedName?: string } {
  let value = specParameters(spec).get('connection');
  if (typeof value === 'string') {
    try {
      value = JSON.parse(value);
    } catch {
      return {};
    }
  }
  if (!isRecord(value) || !isRecord(value.attributes)) return {};
  const { name, qualifiedName } = value.attributes;
  return {
    ...(typeof name === 'string' ? { name } : {}),
    ...(typeof qualifiedName === 'string' ? { qualifiedName } : {}),
  };
}

/**
 * Why the template's `connection` parameter cannot be read, when it is there but is not a JSON
 * object with `attributes` (a tenant may store it as text of another kind); undefined when it is
 * absent or readable. The workflow is still shown, without its connection.
 */
export function connectionProblem(spec: unknown): string | undefined {
  const value = specParameters(spec).get('connection');
  if (value === undefined) return undefined;
  let parsed: unknown = value;
  if (typeof value === 'string') {
    try {
      parsed = JSON.parse(value) as unknown;
    } catch {
      return 'its connection parameter is not JSON';
    }
  }
  return isRecord(parsed) && isRecord(parsed.attributes) ? undefined : 'its connection parameter has no connection attributes';
}

export function scheduleFromAnnotations(annotations: Record<string, string> | null | undefined): Schedule | undefined {
  const cron = annotations?.[SCHEDULE_ANNOTATION]?.trim();
  if (!cron) return undefined;
  return { cron, timezone: annotations?.[TIMEZONE_ANNOTATION]?.trim() || 'UTC' };
}

export function workflowFromTemplate(doc: { metadata: K8sMetadata; spec?: unknown }): CrawlerWorkflow {
  const read = connectionFromSpec(doc.spec);
  // A connection parameter that cannot be read: its qualified name is still told by the crawler's identity.
  const identified = read.name === undefined && read.qualifiedName === undefined ? connectionQualifiedNameFromIdentity(doc) : undefined;
  const connection = identified ? { qualifiedName: identified } : read;
  const schedule = scheduleFromAnnotations(doc.metadata.annotations);
  return {
    name: doc.metadata.name,
    surface: 'workflows',
    ...(connection.name ? { connectionName: connection.name } : {}),
    ...(connection.qualifiedName ? { connectionQualifiedName: connection.qualifiedName } : {}),
    ...(doc.metadata.creationTimestamp ? { createdAt: doc.metadata.creationTimestamp } : {}),
    ...(schedule ? { schedule } : {}),
  };
}

/**
 * Every document path `runFromDoc` (and `runWorkflowName`) reads, for `_source` includes: a run
 * hit shrinks to these instead of the whole Argo object (spec templates, uids, node timings).
 * Keep in step with the functions below.
 */
export const RUN_SOURCE_FIELDS: readonly string[] = [
  'metadata.name',
  'metadata.generateName',
  ...[LABEL_TEMPLATE, LABEL_PHASE, LABEL_USERNAME, LABEL_EMAIL, LABEL_ACTION, LABEL_ACTOR_USERNAME, LABEL_ACTOR_EMAIL].map((label) => `metadata.labels.${label}`),
  'spec.workflowTemplateRef.name',
  'status.phase',
  'status.startedAt',
  'status.finishedAt',
  'status.progress',
  'status.message',
  'status.storedWorkflowTemplateSpec.workflowTemplateRef.name',
  'status.nodes.*.displayName',
  'status.nodes.*.type',
  'status.nodes.*.phase',
  'status.nodes.*.startedAt',
  'status.nodes.*.finishedAt',
  'status.nodes.*.message',
];

/** Enough of a run to know its workflow and start (`runWorkflowName`'s first two sources): latest-run windows over long histories. */
export const RUN_LOCATOR_FIELDS: readonly string[] = ['metadata.name', `metadata.labels.${LABEL_TEMPLATE}`, 'spec.workflowTemplateRef.name', 'status.startedAt'];

/**
 * Every document path `workflowFromTemplate` and `isPostgresCrawlerTemplate` read: a template hit
 * without its DAG, images and uids.
 */
export const TEMPLATE_SOURCE_FIELDS: readonly string[] = [
  'metadata.name',
  'metadata.creationTimestamp',
  `metadata.labels.${PACKAGE_NAME_KEY}`,
  `metadata.annotations.${PACKAGE_NAME_KEY}`,
  `metadata.annotations.${SCHEDULE_ANNOTATION}`,
  `metadata.annotations.${TIMEZONE_ANNOTATION}`,
  'spec.arguments.parameters',
  'spec.templates.dag.tasks.arguments.parameters',
  'spec.templates.dag.tasks.templateRef.name',
];

/**
 * The template name Argo's controller stamps into the run's status when it first processes it
 * (`status.storedWorkflowTemplateSpec`, the merged spec, keeps `workflowTemplateRef`). Absent
 * on a run the controller has not picked up yet.
 */
export function storedTemplateName(doc: RunDoc): string | undefined {
  const stored = doc.status?.storedWorkflowTemplateSpec;
  if (isRecord(stored) && isRecord(stored.workflowTemplateRef) && typeof stored.workflowTemplateRef.name === 'string') {
    return stored.workflowTemplateRef.name;
  }
  return undefined;
}

/** The template a run belongs to, from the most to the least specific place Argo records it. */
export function runWorkflowName(doc: RunDoc): string {
  const labels = doc.metadata.labels ?? {};
  const fromRef = doc.spec?.workflowTemplateRef?.name;
  if (fromRef) return fromRef;
  if (labels[LABEL_TEMPLATE]) return labels[LABEL_TEMPLATE];
  const stored = storedTemplateName(doc);
  if (stored) return stored;
  if (doc.metadata.generateName) return doc.metadata.generateName.replace(/-$/, '');
  return doc.metadata.name.replace(/-[a-z0-9]{5}$/, '');
}

/**
 * Leaf steps (pods) that failed, with Argo's messages; container nodes (DAG, Steps) only repeat
 * them. Argo keys `status.nodes` by node id (the root node's id is the run name), so `id` and
 * `name` need not be read (nor fetched: see RUN_SOURCE_FIELDS).
 */
function failedSteps(doc: RunDoc, stopped: boolean): RunStep[] {
  const steps: RunStep[] = [];
  for (const [key, node] of Object.entries(doc.status?.nodes ?? {})) {
    if (key === doc.metadata.name) continue;
    if (node.phase !== 'Failed' && node.phase !== 'Error') continue;
    if (node.type && node.type !== 'Pod' && node.type !== 'Container') continue;
    // A step cut short by the stop did not fail.
    if (stopped && node.message && (SHUTDOWN_STEP_MESSAGE.test(node.message) || STOPPED_MESSAGE.test(node.message))) continue;
    steps.push({
      name: node.displayName ?? key,
      phase: node.phase,
      // A step's message may echo a connection string or command line: secrets never reach the tree.
      ...(node.message ? { message: redactPatterns(node.message) } : {}),
    });
  }
  return steps;
}

/**
 * The run's phase: Argo's, kept verbatim when unknown; `Failed` with Argo's stop message is
 * `Stopped`, the phase the App API reports for the same thing, so every view agrees.
 */
export function runPhaseOf(doc: RunDoc): RunPhase {
  const status = doc.status;
  // A run without any phase yet is waiting to start; so is Argo's WorkflowUnknown, the empty phase
  // of a run the controller has not picked up (shown blank, it would read as nothing at all).
  const phase = status?.phase || doc.metadata.labels?.[LABEL_PHASE] || 'Pending';
  return phase === 'Failed' && status?.message && STOPPED_MESSAGE.test(status.message.trim()) ? 'Stopped' : phase;
}

/**
 * Who stopped the run, as Argo records it in the labels of the latest action (3.6.5 and later,
 * and only when the request carried a user's claims); undefined when the run was not stopped or
 * nothing says who did.
 */
function stoppedByOf(doc: RunDoc): string | undefined {
  const labels = doc.metadata.labels ?? {};
  const action = labels[LABEL_ACTION];
  if (action !== 'Stop' && action !== 'Terminate') return undefined;
  return labels[LABEL_ACTOR_USERNAME] || emailFromLabel(labels[LABEL_ACTOR_EMAIL]) || undefined;
}

/** Label values cannot hold "@": Argo writes `jane.at.example.com` (the last `.at.` is the one it replaced). */
function emailFromLabel(value: string | undefined): string | undefined {
  if (!value) return undefined;
  const at = value.lastIndexOf('.at.');
  return at > 0 ? `${value.slice(0, at)}@${value.slice(at + 4)}` : value;
}

/**
 * Every leaf step (pod), in the order they started (not started last), with its times and
 * Argo's message, for Run details. Read like failedSteps: container nodes only repeat their pods.
 */
function runSteps(doc: RunDoc): RunStep[] {
  const steps: RunStep[] = [];
  for (const [key, node] of Object.entries(doc.status?.nodes ?? {})) {
    if (key === doc.metadata.name) continue;
    if (node.type && node.type !== 'Pod' && node.type !== 'Container') continue;
    steps.push({
      name: node.displayName ?? key,
      phase: node.phase ?? 'Pending',
      ...(node.startedAt ? { startedAt: node.startedAt } : {}),
      ...(node.finishedAt ? { finishedAt: node.finishedAt } : {}),
      ...(node.message ? { message: redactPatterns(node.message) } : {}),
    });
  }
  // Stable: steps that started in the same second (or not yet) keep Argo's order.
  return steps.sort((a, b) => (a.startedAt ?? '\uffff').localeCompare(b.startedAt ?? '\uffff'));
}

export function runFromDoc(doc: RunDoc, id?: string | null): CrawlerRun {
  const labels = doc.metadata.labels ?? {};
  const status = doc.status;
  const startedBy = labels[LABEL_USERNAME] ?? labels[LABEL_EMAIL];
  const phase = runPhaseOf(doc);
  const stoppedBy = phase === 'Stopped' ? stoppedByOf(doc) : undefined;
  return {
    id: id ?? doc.metadata.name,
    workflowName: runWorkflowName(doc),
    phase,
    ...(status?.startedAt ? { startedAt: status.startedAt } : {}),
    ...(status?.finishedAt ? { finishedAt: status.finishedAt } : {}),
    ...(status?.progress ? { progress: status.progress } : {}),
    ...(status?.message ? { message: redactPatterns(status.message) } : {}),
    ...(startedBy ? { startedBy } : {}),
    ...(stoppedBy ? { stoppedBy } : {}),
    failedSteps: failedSteps(doc, phase === 'Stopped'),
    steps: runSteps(doc),
  };
}

/** Newer first; a run without a start time (just submitted) counts as the newest. */
export function compareRunsNewestFirst(a: CrawlerRun, b: CrawlerRun): number {
  const ta = startTime(a);
  const tb = startTime(b);
  if (ta === tb) return b.id.localeCompare(a.id);
  return tb > ta ? 1 : -1;
}

function startTime(run: CrawlerRun): number {
  if (!run.startedAt) return Number.POSITIVE_INFINITY;
  const t = Date.parse(run.startedAt);
  return Number.isNaN(t) ? Number.NEGATIVE_INFINITY : t;
}
