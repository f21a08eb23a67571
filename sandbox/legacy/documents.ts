/**
 * The documents of the two legacy indexes, shaped like Argo objects: WorkflowTemplates in the
 * workflows index, Workflows (runs) in the runs index, and the CronWorkflows schedules become.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import type { Identity } from '../auth';
import { ESTIMATED_DURATION_S, type RunState, type StepState } from '../runs/runEngine';
import { LAZY_FIELDS, LAZY_KEYS } from '../search/fieldPath';

const LAZY_STATUS_KEYS = ['nodes'] as const;

export const SCHEDULE_ANNOTATION = 'orchestration.atlan.com/schedule';
export const TIMEZONE_ANNOTATION = 'orchestration.atlan.com/timezone';

export const LABEL = {
  phase: 'workflows.argoproj.io/phase',
  creator: 'workflows.argoproj.io/creator',
  creatorEmail: 'workflows.argoproj.io/creator-email',
  creatorUsername: 'workflows.argoproj.io/creator-preferred-username',
  template: 'workflows.argoproj.io/workflow-template',
  completed: 'workflows.argoproj.io/completed',
  action: 'workflows.argoproj.io/action',
  actor: 'workflows.argoproj.io/actor',
  actorEmail: 'workflows.argoproj.io/actor-email',
  actorUsername: 'workflows.argoproj.io/actor-preferred-username',
} as const;

export interface TemplateDoc extends Record<string, unknown> {
  apiVersion: string;
  kind: 'WorkflowTemplate';
  metadata: {
    name: string;
    namespace: string;
    uid: string;
    resourceVersion: string;
    generation: number;
    creationTimestamp: string;
    labels: Record<string, string>;
    annotations: Record<string, string>;
  };
  spec: Record<string, unknown>;
}

export interface RunNode {
  id: string;
  name: string;
  displayName: string;
  type: 'DAG' | 'Pod';
  templateName: string;
  phase: string;
  startedAt: string | null;
  finishedAt: string | null;
  progress: string;
  message?: string;
  children?: string[];
}

export interface RunDoc extends Record<string, unknown> {
  apiVersion: string;
  kind: 'Workflow';
  metadata: {
    name: string;
    namespace: string;
    uid: string;
    resourceVersion: string;
    generation: number;
    generateName: string;
    creationTimestamp: string;
    labels: Record<string, string>;
    annotations: Record<string, string>;
  };
  spec: { workflowTemplateRef: { name: string }; arguments: Record<string, unknown> };
  status: RunStatus;
}

/**
 * A run's Argo status. `nodes` (one per step) is derived on demand from the engine's steps
 * instead of stored: with 100,000 runs in memory the node objects would dominate the heap.
 * It still appears in JSON (toJSON) and to queries (the LAZY_FIELDS protocol).
 */
export class RunStatus {
  phase: string;
  startedAt: string;
  finishedAt: string | null = null;
  progress: string;
  estimatedDuration = ESTIMATED_DURATION_S;
  message?: string;
  storedWorkflowTemplateSpec: { workflowTemplateRef: { name: string } };
  readonly #runName: string;
  readonly #steps: readonly StepState[];

  constructor(runName: string, template: string, state: RunState) {
    this.#runName = runName;
    this.#steps = state.steps;
    this.phase = state.phase;
    this.startedAt = state.startedAt;
    this.progress = state.progress;
    this.storedWorkflowTemplateSpec = perTemplate(template).stored;
  }

  get nodes(): Record<string, RunNode> {
    return stepNodes(this.#runName, this, this.#steps);
  }

  [LAZY_FIELDS](key: string): unknown {
    return key === 'nodes' ? this.nodes : undefined;
  }

  get [LAZY_KEYS](): readonly string[] {
    return LAZY_STATUS_KEYS;
  }

  toJSON(): Record<string, unknown> {
    return {
      phase: this.phase,
      startedAt: this.startedAt,
      finishedAt: this.finishedAt,
      progress: this.progress,
      estimatedDuration: this.estimatedDuration,
      ...(this.message !== undefined ? { message: this.message } : {}),
      nodes: this.nodes,
      storedWorkflowTemplateSpec: this.storedWorkflowTemplateSpec,
    };
  }
}

function stepNodes(rootId: string, status: RunStatus, steps: readonly StepState[]): Record<string, RunNode> {
  const children: string[] = [];
  const nodes: Record<string, RunNode> = {};
  steps.forEach((step, i) => {
    if (step.phase === 'Pending' && status.phase === 'Pending') return;
    const id = `${rootId}-${1000000000 + i * 7919}`;
    children.push(id);
    nodes[id] = {
      id,
      name: `${rootId}.${step.name}`,
      displayName: step.name,
      type: 'Pod',
      templateName: step.name,
      phase: step.phase,
      startedAt: step.startedAt ?? null,
      finishedAt: step.finishedAt ?? null,
      progress: step.phase === 'Succeeded' ? '1/1' : '0/1',
      ...(step.message !== undefined ? { message: step.message } : {}),
    };
  });
  nodes[rootId] = {
    id: rootId,
    name: rootId,
    displayName: rootId,
    type: 'DAG',
    templateName: 'main',
    phase: status.phase,
    startedAt: status.startedAt,
    finishedAt: status.finishedAt,
    progress: status.progress,
    ...(status.message !== undefined ? { message: status.message } : {}),
    children,
  };
  return nodes;
}

let resourceVersion = 100_000;
export function nextResourceVersion(): string {
  return String(++resourceVersion);
}

export function rfc3339(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 19)}Z`;
}

export function templateDoc(
  input: { name: string; namespace: string; labels: Record<string, string>; annotations: Record<string, string>; spec: Record<string, unknown> },
  creator: Identity,
  now: number,
): TemplateDoc {
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'WorkflowTemplate',
    metadata: {
      name: input.name,
      namespace: input.namespace,
      uid: randomUUID(),
      resourceVersion: nextResourceVersion(),
      generation: 1,
      creationTimestamp: rfc3339(now),
      labels: { ...input.labels, 'workflows.argoproj.io/creator': creator.id, 'workflows.argoproj.io/creator-preferred-username': creator.username },
      annotations: { ...input.annotations },
    },
    spec: input.spec,
  };
}

const RUN_SUFFIX_ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';

/** Argo's generated-name suffix: five lowercase alphanumerics. */
export function runSuffix(): string {
  const bytes = randomBytes(5);
  let out = '';
  for (const b of bytes) out += RUN_SUFFIX_ALPHABET[b % RUN_SUFFIX_ALPHABET.length];
  return out;
}

/**
 * Runs of one template share these immutable pieces (spec, generateName, stored template ref):
 * with 100,000 runs in memory, per-run copies would cost tens of megabytes.
 */
interface TemplateShared {
  spec: RunDoc['spec'];
  generateName: string;
  stored: { workflowTemplateRef: { name: string } };
}
const shared = new Map<string, TemplateShared>();
function perTemplate(template: string): TemplateShared {
  let entry = shared.get(template);
  if (!entry) {
    entry = { spec: { workflowTemplateRef: { name: template }, arguments: {} }, generateName: `${template}-`, stored: { workflowTemplateRef: { name: template } } };
    if (shared.size > 50_000) shared.clear();
    shared.set(template, entry);
  }
  return entry;
}

export function runDoc(name: string, template: string, creator: Pick<Identity, 'id' | 'email' | 'username'>, state: RunState): RunDoc {
  const doc: RunDoc = {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Workflow',
    metadata: {
      name,
      namespace: 'default',
      uid: randomUUID(),
      resourceVersion: nextResourceVersion(),
      generation: 1,
      generateName: perTemplate(template).generateName,
      creationTimestamp: state.startedAt,
      labels: {
        [LABEL.phase]: state.phase,
        [LABEL.creator]: creator.id,
        [LABEL.creatorEmail]: creator.email,
        [LABEL.creatorUsername]: creator.username,
        [LABEL.template]: template,
        [LABEL.completed]: 'false',
      },
      annotations: {},
    },
    spec: perTemplate(template).spec,
    status: new RunStatus(name, template, state),
  };
  applyRunState(doc, state);
  return doc;
}

/**
 * Records who asked for an action on a run, as Argo (3.6.5 and later) labels it: the latest
 * action replaces the previous one's labels. Label values cannot hold "@", so Argo writes ".at.".
 */
export function labelActor(doc: RunDoc, action: 'Stop' | 'Terminate', identity: Pick<Identity, 'id' | 'email' | 'username'>): void {
  const labels = doc.metadata.labels;
  labels[LABEL.action] = action;
  labels[LABEL.actor] = identity.id;
  labels[LABEL.actorEmail] = identity.email.replace('@', '.at.');
  labels[LABEL.actorUsername] = identity.username;
  doc.metadata.resourceVersion = nextResourceVersion();
}

/** Argo phase of the run document for an engine phase (Argo has no Stopped: it says Failed). */
function argoPhase(phase: RunState['phase']): string {
  return phase === 'Stopped' ? 'Failed' : phase;
}

/** Copies the engine's state into the run document, in place. */
export function applyRunState(doc: RunDoc, state: RunState): void {
  const phase = argoPhase(state.phase);
  const finished = phase === 'Succeeded' || phase === 'Failed' || phase === 'Error';
  doc.metadata.labels[LABEL.phase] = phase;
  doc.metadata.labels[LABEL.completed] = finished ? 'true' : 'false';
  doc.metadata.resourceVersion = nextResourceVersion();
  const status = doc.status;
  status.phase = phase;
  status.startedAt = state.startedAt;
  status.finishedAt = state.finishedAt ?? null;
  status.progress = state.progress;
  if (state.message !== undefined) status.message = state.message;
  else delete status.message;
}

/** The CronWorkflow Argo keeps for a scheduled template, or undefined when it has no schedule. */
export function cronDoc(template: TemplateDoc, lastScheduledTime: string | null): Record<string, unknown> | undefined {
  const schedule = template.metadata.annotations[SCHEDULE_ANNOTATION];
  if (!schedule) return undefined;
  const timezone = template.metadata.annotations[TIMEZONE_ANNOTATION] ?? 'UTC';
  const name = `${template.metadata.name}-cron`;
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'CronWorkflow',
    metadata: {
      name,
      namespace: template.metadata.namespace,
      uid: template.metadata.uid,
      creationTimestamp: template.metadata.creationTimestamp,
      labels: { [LABEL.template]: template.metadata.name },
      annotations: { [SCHEDULE_ANNOTATION]: schedule, [TIMEZONE_ANNOTATION]: timezone },
    },
    spec: {
      schedule,
      timezone,
      concurrencyPolicy: 'Forbid',
      startingDeadlineSeconds: 0,
      successfulJobsHistoryLimit: 3,
      failedJobsHistoryLimit: 1,
      workflowSpec: { workflowTemplateRef: { name: template.metadata.name } },
    },
    status: { active: null, conditions: [], lastScheduledTime },
    workflowMetadata: { labels: { [LABEL.template]: template.metadata.name } },
  };
}
