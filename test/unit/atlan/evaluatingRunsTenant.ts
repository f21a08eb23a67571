/**
 * runs/indexsearch on a ScriptedServer, answered by the sandbox's Elasticsearch evaluator (real
 * collapse, `_source`, sort and total semantics), with switches to play a tenant that rejects or
 * ignores `collapse` / `_source`. For testing latestRuns against every tenant behaviour.
 */
import { QueryError } from '../../../sandbox/search/queryError';
import { executeSearch } from '../../../sandbox/search/search';
import { SearchIndex } from '../../../sandbox/search/searchIndex';
import type { FeatureSupport } from '../../../sandbox/search/tenantFeatures';
import type { ScriptedServer } from './helpers';

export interface RunSpec {
  workflow: string;
  /** Epoch ms. */
  startedAt: number;
  phase?: string;
  /** false: the controller has not stamped the template into the status yet. */
  stamped?: boolean;
}

let counter = 0;

/** A run document shaped like Argo's (and the sandbox's): big spec, nodes, uids. */
export function runDocument(spec: RunSpec, name = `${spec.workflow}-${(counter++).toString(36).padStart(5, '0')}`): Record<string, unknown> {
  const phase = spec.phase ?? 'Succeeded';
  const startedAt = new Date(spec.startedAt).toISOString().replace(/\.\d{3}Z$/, 'Z');
  const nodes: Record<string, unknown> = {
    [name]: { id: name, name, displayName: name, type: 'DAG', templateName: 'main', phase, startedAt, finishedAt: startedAt, progress: '3/3' },
  };
  for (const step of ['extract', 'transform', 'publish']) {
    const id = `${name}-${step}`;
    const failed = phase === 'Failed' && step === 'extract';
    nodes[id] = {
      id,
      name: `${name}.${step}`,
      displayName: step,
      type: 'Pod',
      templateName: step,
      phase: failed ? 'Failed' : 'Succeeded',
      startedAt,
      finishedAt: startedAt,
      progress: '1/1',
      ...(failed ? { message: 'password authentication failed' } : {}),
    };
  }
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Workflow',
    metadata: {
      name,
      namespace: 'default',
      uid: `uid-${name}`,
      resourceVersion: '1000',
      generateName: `${spec.workflow}-`,
      creationTimestamp: startedAt,
      labels: { 'workflows.argoproj.io/phase': phase, 'workflows.argoproj.io/workflow-template': spec.workflow, 'workflows.argoproj.io/creator-preferred-username': 'jane' },
      annotations: {},
    },
    spec: { workflowTemplateRef: { name: spec.workflow }, arguments: { parameters: [{ name: 'connection', value: 'x'.repeat(400) }] } },
    status: {
      phase,
      startedAt,
      finishedAt: phase === 'Running' ? null : startedAt,
      progress: '3/3',
      estimatedDuration: 38,
      nodes,
      ...(spec.stamped === false ? {} : { storedWorkflowTemplateSpec: { workflowTemplateRef: { name: spec.workflow } } }),
    },
  };
}

export class EvaluatingRunsTenant {
  readonly index = new SearchIndex('runs', {
    'spec.workflowTemplateRef.name': (s) => ((s['spec'] as { workflowTemplateRef?: { name?: string } }).workflowTemplateRef?.name),
  });
  /** Every run added, for the ground truth. */
  readonly runs: { id: string; workflow: string; startedAt: number }[] = [];
  /** Status of every runs/indexsearch answer, in order. */
  readonly statuses: number[] = [];
  /** Called with each request body before it is evaluated (to change the index in between). */
  beforeSearch?: (body: unknown) => void;

  constructor(server: ScriptedServer) {
    server.route('POST', 'runs/indexsearch', (req) => {
      try {
        this.beforeSearch?.(req.body);
        const body = executeSearch(this.index, req.body, Date.now());
        this.statuses.push(200);
        return { body };
      } catch (error) {
        if (!(error instanceof QueryError)) throw error;
        this.statuses.push(400);
        return { status: 400, body: { errorCode: 'ATLAN-JAVA-400-000', errorMessage: error.message } };
      }
    });
  }

  set collapse(support: FeatureSupport) {
    this.index.features = { ...this.index.features, collapse: support };
  }

  set sourceFilter(support: FeatureSupport) {
    this.index.features = { ...this.index.features, sourceFilter: support };
  }

  add(spec: RunSpec): string {
    const doc = runDocument(spec);
    const id = (doc['metadata'] as { name: string }).name;
    this.index.put(id, doc, 0);
    this.runs.push({ id, workflow: spec.workflow, startedAt: spec.startedAt });
    return id;
  }

  /** Each workflow's newest run id (ties: the larger id, as the client breaks them). */
  truth(): Map<string, string> {
    const best = new Map<string, { id: string; startedAt: number }>();
    for (const run of this.runs) {
      const current = best.get(run.workflow);
      if (!current || run.startedAt > current.startedAt || (run.startedAt === current.startedAt && run.id > current.id)) best.set(run.workflow, run);
    }
    return new Map([...best].map(([w, r]) => [w, r.id]));
  }

  failures(): number {
    return this.statuses.filter((s) => s === 400).length;
  }
}
