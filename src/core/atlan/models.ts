/**
 * zod models of Atlan's answers. Rule: require what the client reads, keep every other key
 * (looseObject), and keep unknown run phases / statuses as plain strings.
 */
import * as z from 'zod';

const optionalString = z.string().nullish();
const stringMap = z.record(z.string(), z.string());

// ---------------------------------------------------------------- tenant, users, roles, groups

export const whoamiSchema = z.looseObject({
  username: optionalString,
  roles: z.array(z.looseObject({ name: z.string() })),
});
export type WhoamiResponse = z.infer<typeof whoamiSchema>;

export const currentUserSchema = z.looseObject({
  id: optionalString,
  username: z.string(),
  email: optionalString,
  firstName: optionalString,
  lastName: optionalString,
});
export type CurrentUser = z.infer<typeof currentUserSchema>;

/** Heracles' paged envelope; paging ends at `records: []`. */
export function recordsEnvelope<T extends z.ZodType>(record: T) {
  return z.looseObject({
    totalRecord: z.number().nullish(),
    filterRecord: z.number().nullish(),
    records: z.array(record).nullish(),
  });
}

export const roleRecordSchema = z.looseObject({ id: z.string(), name: z.string(), description: optionalString });
export type RoleRecord = z.infer<typeof roleRecordSchema>;

export const userRecordSchema = z.looseObject({
  id: z.string(),
  username: z.string(),
  email: optionalString,
  firstName: optionalString,
  lastName: optionalString,
  enabled: z.boolean().nullish(),
});
export type UserRecord = z.infer<typeof userRecordSchema>;

export const groupRecordSchema = z.looseObject({ id: z.string(), name: z.string(), alias: optionalString, path: optionalString });
export type GroupRecord = z.infer<typeof groupRecordSchema>;

export const credentialTestSchema = z.looseObject({
  message: optionalString,
  code: z.union([z.string(), z.number()]).nullish(),
  error: optionalString,
});

// ---------------------------------------------------------------- legacy package workflows

export const k8sMetadataSchema = z.looseObject({
  name: z.string(),
  namespace: optionalString,
  uid: optionalString,
  generateName: optionalString,
  creationTimestamp: optionalString,
  labels: stringMap.nullish(),
  annotations: stringMap.nullish(),
});
export type K8sMetadata = z.infer<typeof k8sMetadataSchema>;

export const workflowTemplateSchema = z.looseObject({
  metadata: k8sMetadataSchema,
  spec: z.looseObject({}).nullish(),
});
export type WorkflowTemplateDoc = z.infer<typeof workflowTemplateSchema>;

export const runNodeSchema = z.looseObject({
  id: optionalString,
  name: optionalString,
  displayName: optionalString,
  type: optionalString,
  phase: optionalString,
  startedAt: optionalString,
  finishedAt: optionalString,
  message: optionalString,
});

export const runStatusSchema = z.looseObject({
  phase: optionalString,
  startedAt: optionalString,
  finishedAt: optionalString,
  progress: optionalString,
  message: optionalString,
  nodes: z.record(z.string(), runNodeSchema).nullish(),
});

export const runDocSchema = z.looseObject({
  metadata: k8sMetadataSchema,
  spec: z.looseObject({ workflowTemplateRef: z.looseObject({ name: z.string() }).nullish() }).nullish(),
  status: runStatusSchema.nullish(),
});
export type RunDoc = z.infer<typeof runDocSchema>;

function searchHit<T extends z.ZodType>(source: T) {
  return z.looseObject({ _id: optionalString, _source: source });
}

/** Envelope of workflows/indexsearch and runs/indexsearch; paging ends at an empty `hits.hits`. */
export function searchEnvelope<T extends z.ZodType>(source: T) {
  return z.looseObject({
    took: z.number().nullish(),
    hits: z
      .looseObject({
        total: z.looseObject({ value: z.number() }).nullish(),
        hits: z.array(searchHit(source)).nullish(),
      })
      .nullish(),
  });
}

export const workflowSearchSchema = searchEnvelope(workflowTemplateSchema);
export type WorkflowSearchResponse = z.infer<typeof workflowSearchSchema>;
export const runSearchSchema = searchEnvelope(runDocSchema);
export type RunSearchResponse = z.infer<typeof runSearchSchema>;
export type RunHit = NonNullable<NonNullable<RunSearchResponse['hits']>['hits']>[number];

/** `POST workflows?submit=true` and `POST workflows/{name}` echo the template. */
export const createWorkflowResponseSchema = z.looseObject({
  metadata: k8sMetadataSchema,
  spec: z.looseObject({}).nullish(),
  payload: z.array(z.unknown()).nullish(),
});

/** `workflows/submit` and `runs/{name}/stop` answer with the run. */
export const runResponseSchema = runDocSchema;

export const cronWorkflowSchema = z.looseObject({
  metadata: k8sMetadataSchema.nullish(),
  spec: z.looseObject({ schedule: optionalString, timezone: optionalString }).nullish(),
  status: z.looseObject({ lastScheduledTime: optionalString }).nullish(),
});

// ---------------------------------------------------------------- App API (snake_case keys)

export const appInfoSchema = z.looseObject({
  app_id: optionalString,
  name: optionalString,
  native_ready: z.boolean().nullish(),
  execution_mode: optionalString,
  entrypoints: z.array(z.looseObject({ name: z.string() })).nullish(),
});
export type AppInfo = z.infer<typeof appInfoSchema>;

const version = z.union([z.number(), z.string()]).nullish();

export const appResponseSchema = z.looseObject({
  slug: z.string(),
  execution_mode: optionalString,
  version,
  run_id: optionalString,
  schedule_trigger_id: optionalString,
});
export type AppResponse = z.infer<typeof appResponseSchema>;

export const appScheduleItemSchema = z.looseObject({
  trigger_id: optionalString,
  cron: optionalString,
  timezone: optionalString,
});

export const appSummarySchema = z.looseObject({
  slug: z.string(),
  name: optionalString,
  version,
  owner: optionalString,
  app_id: optionalString,
  schedules: z.array(appScheduleItemSchema).nullish(),
});
export type AppSummary = z.infer<typeof appSummarySchema>;

export const appListSchema = z.looseObject({
  workflows: z.array(appSummarySchema).nullish(),
  has_more: z.boolean().nullish(),
  next_cursor: optionalString,
});
export type AppList = z.infer<typeof appListSchema>;

/** `GET v1/app/runs/{id}`: every field optional on the wire; the id is known by the caller. */
export const appRunSchema = z.looseObject({
  run_id: optionalString,
  status: optionalString,
  slug: optionalString,
  started_at: optionalString,
  // Not in the SDK's model (undocumented); read when a tenant sends them, so a failure says why.
  finished_at: optionalString,
  message: optionalString,
  error: optionalString,
});
export type AppRun = z.infer<typeof appRunSchema>;

/** `POST v1/app/{slug}/submit`: the run id is what we need from it. */
export const appSubmitSchema = appRunSchema.extend({ run_id: z.string() });

export const appCancelSchema = z.looseObject({
  run_id: optionalString,
  cancelled: z.boolean().nullish(),
  status: optionalString,
  slug: optionalString,
});

export const appScheduleResponseSchema = z.looseObject({ trigger_id: z.string(), cron: optionalString, timezone: optionalString });
export const appScheduleDeleteSchema = z.looseObject({ trigger_id: optionalString, deleted: z.boolean().nullish() });
export const appDeleteSchema = z.looseObject({ slug: optionalString, archived: z.boolean().nullish() });

/** For answers whose body does not matter (archive): anything, including nothing. */
export const ignoredBody = z.unknown();

// ---------------------------------------------------------------- asset search (the metastore)

/**
 * One entity of an asset search answer. Only what identifies it is required; each entity is
 * checked on its own (assetSearch.ts), so one that does not parse is skipped, not the page.
 */
export const assetEntitySchema = z.looseObject({
  typeName: z.string(),
  guid: z.string(),
  status: optionalString,
  attributes: z.record(z.string(), z.unknown()).nullish(),
  displayText: optionalString,
  createTime: z.number().nullish(),
  updateTime: z.number().nullish(),
  createdBy: optionalString,
  updatedBy: optionalString,
});
export type AssetEntity = z.infer<typeof assetEntitySchema>;

/**
 * `POST /api/meta/search/indexsearch`: `entities` is absent when nothing matched, and stays
 * unchecked here; `aggregations` are Elasticsearch's, read by name where used.
 */
export const assetSearchResponseSchema = z.looseObject({
  queryType: optionalString,
  approximateCount: z.number().nullish(),
  entities: z.array(z.unknown()).nullish(),
  aggregations: z.record(z.string(), z.unknown()).nullish(),
});
export type AssetSearchResponse = z.infer<typeof assetSearchResponseSchema>;

/** A `terms` aggregation's answer; buckets carry their sub-aggregations as extra keys. */
export const termsAggregationSchema = z.looseObject({
  sum_other_doc_count: z.number().nullish(),
  buckets: z.array(z.looseObject({ key: z.union([z.string(), z.number(), z.boolean()]), doc_count: z.number() })),
});

/** A `top_hits` aggregation's answer: `_source` keyed by index field (attribute) names. */
export const topHitsAggregationSchema = z.looseObject({
  hits: z.looseObject({
    total: z.looseObject({ value: z.number() }).nullish(),
    hits: z.array(z.looseObject({ _id: optionalString, _source: z.record(z.string(), z.unknown()).nullish() })),
  }),
});

/**
 * The attributes of an `AppWorkflowRun` asset (pyatlan's `app_workflow_run.py`): times are epoch
 * ms (numbers on the wire; a numeric or RFC 3339 string is read too), unknown statuses are kept.
 */
const epochTime = z.union([z.number(), z.string()]).nullish();

export const appRunStepSchema = z.looseObject({
  appWorkflowRunLabel: optionalString,
  appWorkflowRunStatus: optionalString,
  appWorkflowRunStartedAt: epochTime,
  appWorkflowRunCompletedAt: epochTime,
  appWorkflowRunOutputs: z.record(z.string(), z.unknown()).nullish(),
});

export const appRunAttributesSchema = z.looseObject({
  appWorkflowRunStatus: optionalString,
  appWorkflowRunStartedAt: epochTime,
  appWorkflowRunCompletedAt: epochTime,
  appWorkflowRunStartedBy: optionalString,
  appWorkflowRunOutputs: z.record(z.string(), z.unknown()).nullish(),
  // Each step is read on its own: a step that does not parse is dropped, not the run.
  appWorkflowRunSteps: z.array(z.unknown()).nullish(),
  appWorkflowRunAppWorkflowSlug: optionalString,
  appWorkflowRunAppWorkflowName: optionalString,
  appWorkflowRunTemporalRunId: optionalString,
});
export type AppRunAttributes = z.infer<typeof appRunAttributesSchema>;
