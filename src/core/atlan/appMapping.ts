/**
 * The App API's answers as the backend vocabulary: a workflow summary or the body sent as a
 * `CrawlerWorkflow`, a run as a `CrawlerRun`, the inputs a summary stores, schedules compared.
 * Pure functions; the App backend's modules share them.
 */
import type { AppCreateBody, CrawlerRun, CrawlerWorkflow, Schedule } from './backend';
import type { AppRun, AppSummary } from './models';
import { redactPatterns } from './redact';

export const POSTGRES_APP_ID = 'postgres-crawler';

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `inputs` (get) or `dag.extract.inputs` (list items, as pyatlan's generator reads them). */
export function storedInputs(summary: AppSummary): { inputs: Record<string, unknown>; entrypoint?: string } | undefined {
  if (isRecord(summary.inputs)) {
    return { inputs: summary.inputs, ...(typeof summary.entrypoint === 'string' ? { entrypoint: summary.entrypoint } : {}) };
  }
  const dag = summary.dag;
  if (isRecord(dag) && isRecord(dag.extract) && isRecord(dag.extract.inputs)) {
    const entrypoint = dag.extract.entrypoint;
    return { inputs: dag.extract.inputs, ...(typeof entrypoint === 'string' ? { entrypoint } : {}) };
  }
  return undefined;
}

/** Cron fields separated by single spaces, so `0  9 * * *` and `0 9 * * *` are one schedule. */
export function normaliseCron(cron: string): string {
  return cron.trim().split(/\s+/).join(' ');
}

export function sameSchedule(a: Schedule, b: Schedule): boolean {
  return normaliseCron(a.cron) === normaliseCron(b.cron) && a.timezone === b.timezone;
}

export function isPostgresApp(summary: AppSummary): boolean {
  if (summary.app_id) return summary.app_id === POSTGRES_APP_ID;
  return storedInputs(summary)?.inputs.app_id === POSTGRES_APP_ID;
}

function connectionOf(inputs: Record<string, unknown> | undefined): { name?: string; qualifiedName?: string } {
  const connection = inputs?.connection;
  if (!isRecord(connection) || !isRecord(connection.attributes)) return {};
  const { name, qualifiedName } = connection.attributes;
  return { ...(typeof name === 'string' ? { name } : {}), ...(typeof qualifiedName === 'string' ? { qualifiedName } : {}) };
}

export function workflowFromSummary(summary: AppSummary): CrawlerWorkflow {
  const connection = connectionOf(storedInputs(summary)?.inputs);
  // Without inputs, the display name stands in: the App builder names workflows after their connection.
  const connectionName = connection.name ?? summary.name ?? undefined;
  const first = summary.readSchedules.find((s) => s.cron);
  const createdAt = typeof summary.created_at === 'string' ? summary.created_at : undefined;
  return {
    name: summary.slug,
    surface: 'apps',
    ...(connectionName ? { connectionName } : {}),
    ...(connection.qualifiedName ? { connectionQualifiedName: connection.qualifiedName } : {}),
    ...(createdAt ? { createdAt } : {}),
    ...(first?.cron ? { schedule: { cron: first.cron, timezone: first.timezone ?? 'UTC', ...(first.trigger_id ? { triggerId: first.trigger_id } : {}) } } : {}),
  };
}

export function workflowFromInputs(slug: string, body: AppCreateBody): CrawlerWorkflow {
  const connection = connectionOf(body.inputs);
  return {
    name: slug,
    surface: 'apps',
    connectionName: connection.name ?? body.name,
    ...(connection.qualifiedName ? { connectionQualifiedName: connection.qualifiedName } : {}),
  };
}

export function runFromApp(wire: AppRun, ref: { id: string; workflowName: string }): CrawlerRun {
  return {
    id: wire.run_id ?? ref.id,
    workflowName: wire.slug ?? ref.workflowName,
    // Unknown statuses are kept verbatim; no status yet means the run is waiting to start.
    phase: wire.status ?? 'Pending',
    ...(wire.started_at ? { startedAt: wire.started_at } : {}),
    ...(wire.finished_at ? { finishedAt: wire.finished_at } : {}),
    // The tenant's failure text may echo a secret (`password=...`): it never reaches the tree as is.
    ...(wire.message || wire.error ? { message: redactPatterns(wire.message ?? wire.error ?? '') } : {}),
    failedSteps: [],
  };
}
