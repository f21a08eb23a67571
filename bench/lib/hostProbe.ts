/**
 * What the probes running inside the VS Code extension host (test/host/bench/) hand back to the
 * host bench: the environment variables they read and the result files they write, checked with
 * zod on the bench's side like any other file. No `vscode` here: both sides import this.
 */
import * as z from 'zod';

/** Where a probe writes its result (JSON). */
export const RESULT_FILE_ENV = 'ATLAN_HOSTBENCH_RESULT';
/** A folder where a probe and the runner hand checkpoints back and forth (see hostRun.ts). */
export const CHECKPOINT_DIR_ENV = 'ATLAN_HOSTBENCH_CHECKPOINTS';
/** The id (`publisher.name`) of the extension the activation probe activates. */
export const EXTENSION_ID_ENV = 'ATLAN_HOSTBENCH_EXTENSION_ID';
/** Settle time before a measurement, in ms (the host's own startup work quietens down first). */
export const SETTLE_MS_ENV = 'ATLAN_HOSTBENCH_SETTLE_MS';
/** How many configurations the session probe submits. */
export const SUBMITS_ENV = 'ATLAN_HOSTBENCH_SUBMITS';
/** When the session probe shows the Postgres Workflows view (see ViewMode); set it in the bench's environment. */
export const VIEW_MODE_ENV = 'ATLAN_HOSTBENCH_VIEW';

/** visible: shown before loading (the measure); hidden: never shown; after-load: shown once all pages are in. */
export const ViewMode = z.enum(['visible', 'hidden', 'after-load']);
export type ViewMode = z.infer<typeof ViewMode>;

const ms = z.number().finite().nonnegative();

/** VS Code's own performance marks of one activation (ms since 1970, Date.now() resolution). */
export const ActivationMarks = z.strictObject({
  willLoadCode: z.number().optional(),
  didLoadCode: z.number().optional(),
  willActivate: z.number().optional(),
  didActivate: z.number().optional(),
});
export type ActivationMarks = z.infer<typeof ActivationMarks>;

export const ActivationProbeResult = z.strictObject({
  probe: z.literal('activation'),
  extensionId: z.string(),
  /** Must be false: a measurement of an extension that had already activated means nothing. */
  activeBefore: z.boolean(),
  /** performance.now() around `extension.activate()`. */
  activateMs: ms,
  marks: ActivationMarks,
  /** Contributed commands registered after activation, of all contributed (a check that activate() really ran). */
  commandsRegistered: z.number().int().nonnegative(),
  commandsContributed: z.number().int().nonnegative(),
  /** Extension host uptime when the measurement started. */
  hostUptimeMs: ms,
});
export type ActivationProbeResult = z.infer<typeof ActivationProbeResult>;

export const MemorySample = z.strictObject({
  heapUsed: z.number(),
  heapTotal: z.number(),
  rss: z.number(),
  external: z.number(),
  arrayBuffers: z.number(),
  /** v8.getHeapStatistics().used_heap_size (equals heapUsed give or take the sampling moment). */
  v8UsedHeap: z.number(),
});
export type MemorySample = z.infer<typeof MemorySample>;

export const MemoryPhase = z.strictObject({
  /** Right after the settle delay, before the forced collection. */
  settled: MemorySample,
  /** After two forced full collections: what is really retained. */
  collected: MemorySample,
});
export type MemoryPhase = z.infer<typeof MemoryPhase>;

export const SubmitSample = z.strictObject({
  connectionName: z.string(),
  /** ms from executeCommand('atlan.submitConfiguration') to the first progress notification's task starting. */
  firstNotificationMs: ms.optional(),
  /** ... to its first report (the message the notification shows). */
  firstReportMs: ms.optional(),
  /** ... to "Submitting…" (secrets, admin roles and duplicate searches done). */
  creatingMs: ms.optional(),
  /** ... to the run's first phase in the same notification (the create answered with a run). */
  runNotificationMs: ms.optional(),
  /** ... to the command's return. */
  commandMs: ms,
  /** ... to the first run update the monitor brought from the tenant (phase change). */
  firstRunUpdateMs: ms.optional(),
  /**
   * ... to the first report of the submit notification made after that update: the first progress
   * that comes from the tenant (the run's phase as the tenant reported it). What the target judges.
   */
  firstTenantProgressMs: ms.optional(),
  /** Date.now() when the command was executed, to line up with what the workbench page saw. */
  startedAtEpochMs: z.number(),
  /** The run's final phase, or why it was not seen. */
  outcome: z.string(),
});
export type SubmitSample = z.infer<typeof SubmitSample>;

export const SessionProbeResult = z.strictObject({
  probe: z.literal('session'),
  /** Whether progress notifications could be observed (VS Code's API object is shared with the extension). */
  progressObservable: z.boolean(),
  memory: z.strictObject({
    view: ViewMode,
    /** Highest heapUsed and RSS sampled every 100 ms from signing in to the loaded sample. */
    peak: z.strictObject({ heapUsed: z.number(), rss: z.number() }),
    before: MemoryPhase,
    loaded: MemoryPhase,
    signedOut: MemoryPhase,
    workflows: z.number().int().nonnegative(),
    withLatestRun: z.number().int().nonnegative(),
    pages: z.number().int().nonnegative(),
    loadMs: ms,
    settleMs: ms,
    /** How a full collection was forced (or why it could not be). */
    gc: z.string(),
  }),
  submits: z.array(SubmitSample),
});
export type SessionProbeResult = z.infer<typeof SessionProbeResult>;

/** Parses a probe's result file, naming the first problem (a probe that crashed wrote nothing or half). */
export function parseProbeResult<T extends z.ZodType>(schema: T, text: string, what: string): z.infer<T> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new Error(`The ${what} result is not JSON: ${err instanceof Error ? err.message : String(err)}`);
  }
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    throw new Error(`The ${what} result is malformed at ${first?.path.join('.') || '(root)'}: ${first?.message ?? 'invalid'}`);
  }
  return parsed.data;
}
