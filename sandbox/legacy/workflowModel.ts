/** zod models of the legacy package-workflow wire format (what the SDKs POST). */
import * as z from 'zod';
import { connectionOfAsset, type CrawledConnection } from '../assets/crawlCatalog';
import { planFromInputs, type ExecutionPlan } from '../runs/executionPlan';

const StringMap = z.record(z.string(), z.string());

export const WorkflowMetadataIn = z
  .object({
    name: z
      .string()
      .min(1, 'metadata.name is required')
      .max(253)
      .regex(/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/, 'must be a lowercase RFC 1123 name (letters, digits, - and .)'),
    namespace: z.string().default('default'),
    labels: StringMap.default({}),
    annotations: StringMap.default({}),
  })
  .loose();

export const PayloadEntry = z
  .object({
    parameter: z.string().min(1),
    type: z.string().min(1),
    body: z.record(z.string(), z.unknown()).default({}),
  })
  .loose();

export const WorkflowIn = z.object({
  metadata: WorkflowMetadataIn,
  spec: z.record(z.string(), z.unknown()),
  payload: z.array(PayloadEntry).default([]),
});
export type WorkflowIn = z.infer<typeof WorkflowIn>;

export const RerunIn = z.object({
  namespace: z.string().default('default'),
  resourceKind: z.literal('WorkflowTemplate').default('WorkflowTemplate'),
  resourceName: z.string().min(1, 'resourceName is required'),
});

/** One Argo task parameter; the SDK sends strings and, for flags, booleans. */
interface Parameter {
  name: string;
  value: unknown;
}

interface TaskView {
  templateRef?: string;
  parameters: Parameter[];
}

function tasksOf(spec: Record<string, unknown>): TaskView[] {
  const out: TaskView[] = [];
  const templates = Array.isArray(spec['templates']) ? (spec['templates'] as unknown[]) : [];
  for (const t of templates) {
    const dag = (t as { dag?: { tasks?: unknown } } | null)?.dag;
    const tasks = Array.isArray(dag?.tasks) ? (dag.tasks as unknown[]) : [];
    for (const task of tasks) {
      const tk = task as { templateRef?: { name?: unknown }; arguments?: { parameters?: unknown } } | null;
      const params = Array.isArray(tk?.arguments?.parameters) ? (tk.arguments.parameters as unknown[]) : [];
      out.push({
        templateRef: typeof tk?.templateRef?.name === 'string' ? tk.templateRef.name : undefined,
        parameters: params.filter((p): p is Parameter => typeof (p as Parameter | null)?.name === 'string'),
      });
    }
  }
  return out;
}

/** The Postgres crawler task's parameters by name, or the reason the template is not one. */
export function crawlerParameters(spec: Record<string, unknown>): Map<string, unknown> | string {
  const tasks = tasksOf(spec);
  const task = tasks.find((t) => t.templateRef === 'atlan-postgres');
  if (!task) {
    const refs = tasks.map((t) => t.templateRef).filter(Boolean);
    return `The sandbox only runs the Postgres crawler package (templateRef atlan-postgres); this workflow uses ${refs.length ? refs.join(', ') : 'no package template'}.`;
  }
  return new Map(task.parameters.map((p) => [p.name, p.value]));
}

/** The execution plan of a stored (credential-substituted) template. */
export function planForTemplate(spec: Record<string, unknown>): ExecutionPlan {
  const params = crawlerParameters(spec);
  if (typeof params === 'string') return { kind: 'invalid', reason: params };
  return planFromInputs({
    extractionMethod: params.get('extraction-method'),
    credentialGuid: params.get('credential-guid'),
    include: params.get('include-filter'),
    exclude: params.get('exclude-filter'),
    excludeRegex: params.get('temp-table-regex'),
    s3: { bucket: params.get('metadata-s3-bucket'), prefix: params.get('metadata-s3-prefix'), region: params.get('metadata-s3-region') },
  });
}

/** The connection a crawler template's `connection` parameter names (JSON of a Connection asset), if it reads. */
export function connectionOfTemplate(spec: Record<string, unknown>): CrawledConnection | undefined {
  const params = crawlerParameters(spec);
  if (typeof params === 'string') return undefined;
  return connectionOfAsset(params.get('connection'));
}

/** Replaces `{{parameter}}` placeholders in every string of a JSON value. */
export function substitutePlaceholders<T>(value: T, replacements: ReadonlyMap<string, string>): T {
  if (replacements.size === 0) return value;
  const visit = (v: unknown): unknown => {
    if (typeof v === 'string') {
      return v.replace(/\{\{\s*([A-Za-z0-9_-]+)\s*\}\}/g, (whole, name: string) => replacements.get(name) ?? whole);
    }
    if (Array.isArray(v)) return v.map(visit);
    if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, visit(x)]));
    return v;
  };
  return visit(value) as T;
}
