/**
 * App API runs remembered between CLI invocations. The App API can read a run only by its id;
 * runs started elsewhere come from Atlan's catalog, which may show a run only a moment after it
 * started, and older tenants do not catalogue App runs at all. So the runs this machine started are
 * kept in a small JSON file per user, by tenant origin, and merged in (or, on those tenants, all
 * that is known). The file holds run ids and phases only, never a token or a secret.
 */
import { join } from 'node:path';
import * as z from 'zod';
import type { CrawlerRun } from '../core/atlan';
import type { CliIo } from './io';
import { openUserFile, writeUserFile } from './userFile';

/** Newest runs kept per workflow; older ones are forgotten. */
const RUNS_PER_WORKFLOW = 20;
const FILE_NAME = 'app-runs.json';

const RunSchema = z.object({
  id: z.string().min(1),
  workflowName: z.string().min(1),
  phase: z.string(),
  startedAt: z.string().optional(),
  finishedAt: z.string().optional(),
  progress: z.string().optional(),
  message: z.string().optional(),
  startedBy: z.string().optional(),
});

const MemorySchema = z.object({
  version: z.literal(1),
  /** origin -> runs, newest first within each workflow. */
  tenants: z.record(z.string(), z.array(RunSchema)),
});
type Memory = z.infer<typeof MemorySchema>;

/**
 * `$ATLAN_CLI_STATE_DIR`, else `$XDG_STATE_HOME/atlan-postgres`, else `~/.local/state/atlan-postgres`
 * (`%LOCALAPPDATA%\atlan-postgres` on Windows); undefined when none can be told.
 */
export function stateDirectory(env: Readonly<Record<string, string | undefined>>, platform: string = process.platform): string | undefined {
  if (env.ATLAN_CLI_STATE_DIR) return env.ATLAN_CLI_STATE_DIR;
  if (platform === 'win32' && env.LOCALAPPDATA) return join(env.LOCALAPPDATA, 'atlan-postgres');
  if (env.XDG_STATE_HOME) return join(env.XDG_STATE_HOME, 'atlan-postgres');
  const home = env.HOME ?? env.USERPROFILE;
  return home ? join(home, '.local', 'state', 'atlan-postgres') : undefined;
}

export class RunMemory {
  private constructor(
    private readonly io: CliIo,
    private readonly path: string | undefined,
    private memory: Memory,
  ) {}

  /** Reads the file; a missing one is empty, an unreadable one is reported once and then replaced. */
  static async open(io: CliIo): Promise<RunMemory> {
    const { path, value } = await openUserFile(io, stateDirectory(io.env), FILE_NAME, MemorySchema, { version: 1, tenants: {} }, 'a run list');
    return new RunMemory(io, path, value);
  }

  /** Runs of a tenant, oldest first (the order AppBackend.rememberRuns takes). */
  runsOf(origin: string): CrawlerRun[] {
    return (this.memory.tenants[origin] ?? []).map((run) => ({ ...run, failedSteps: [] })).reverse();
  }

  /** Replaces a tenant's runs with what the backend knows now (newest first per workflow) and writes the file. */
  async save(origin: string, known: readonly CrawlerRun[]): Promise<void> {
    if (this.path === undefined) return;
    const perWorkflow = new Map<string, z.infer<typeof RunSchema>[]>();
    for (const run of known) {
      const list = perWorkflow.get(run.workflowName) ?? [];
      if (list.length < RUNS_PER_WORKFLOW && !list.some((r) => r.id === run.id)) list.push(stored(run));
      perWorkflow.set(run.workflowName, list);
    }
    this.memory = { ...this.memory, tenants: { ...this.memory.tenants, [origin]: [...perWorkflow.values()].flat() } };
    await writeUserFile(this.io, this.path, this.memory, 'remember App API runs');
  }
}

function stored(run: CrawlerRun): z.infer<typeof RunSchema> {
  const { failedSteps: _steps, ...rest } = run;
  return Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== undefined)) as z.infer<typeof RunSchema>;
}
