/**
 * Saving the tenant to a JSON file so `npm start` keeps what you created across restarts.
 * Writes are debounced and atomic (temp file + rename). The file holds the stored credentials
 * too: it is this local sandbox tenant's own server-side store, on the developer's machine.
 */
import { promises as fs, readFileSync } from 'node:fs';
import * as path from 'node:path';
import * as z from 'zod';
import type { AppRunRecord } from '../apps/appRecords';
import { CredentialBody } from '../credentials';
import { LABEL, type RunDoc } from '../legacy/documents';
import type { TenantState } from './tenant';

const Doc = z.object({ id: z.string().min(1), source: z.record(z.string(), z.unknown()) });

const RunStateShape = z
  .object({
    phase: z.enum(['Pending', 'Running', 'Succeeded', 'Failed', 'Stopped']),
    startedAt: z.string(),
    finishedAt: z.string().optional(),
    progress: z.string(),
    message: z.string().optional(),
    steps: z.array(z.object({ name: z.enum(['preflight-check', 'extract', 'publish']), phase: z.enum(['Pending', 'Running', 'Succeeded', 'Failed', 'Omitted']), startedAt: z.string().optional(), finishedAt: z.string().optional(), message: z.string().optional() })),
  });

const Snapshot = z.object({
  version: z.literal(1),
  savedAt: z.string(),
  workflows: z.array(Doc),
  runs: z.array(Doc),
  credentials: z.array(z.object({ guid: z.string(), body: CredentialBody, createdAt: z.string() })),
  apps: z.array(
    z.object({
      slug: z.string(),
      name: z.string(),
      appId: z.string(),
      entrypoint: z.string(),
      inputs: z.record(z.string(), z.unknown()),
      version: z.number(),
      owner: z.string(),
      ownerId: z.string(),
      createdAt: z.string(),
      updatedAt: z.string(),
      schedules: z.array(z.object({ triggerId: z.string(), cron: z.string(), timezone: z.string(), version: z.number(), createdAt: z.string() })),
    }),
  ),
  appRuns: z.array(z.object({ runId: z.string(), slug: z.string(), version: z.number(), createdBy: z.string(), state: RunStateShape, startedAtMs: z.number().optional(), finishedAtMs: z.number().optional() })),
  /** The catalog's assets; absent in files written before the sandbox had an asset search. */
  assets: z
    .array(
      z.object({
        typeName: z.string(),
        guid: z.string(),
        status: z.enum(['ACTIVE', 'DELETED']),
        attributes: z.record(z.string(), z.unknown()),
        createTime: z.number(),
        updateTime: z.number(),
        createdBy: z.string(),
        updatedBy: z.string(),
      }),
    )
    .optional(),
});
type Snapshot = z.infer<typeof Snapshot>;

export const INTERRUPTED_MESSAGE = 'The sandbox stopped while this run was in flight.';

export function snapshotOf(tenant: TenantState, now: number): Snapshot {
  return {
    version: 1,
    savedAt: new Date(now).toISOString(),
    workflows: [...tenant.workflows.values()].map((d) => ({ id: d.id, source: d.source })),
    runs: [...tenant.runs.values()].map((d) => ({ id: d.id, source: d.source })),
    credentials: tenant.vault.all(),
    apps: [...tenant.apps.values()],
    appRuns: [...tenant.appRuns.values()],
    assets: tenant.assets.all(),
  };
}

/**
 * Loads a snapshot into the tenant. Runs that were in flight when the sandbox stopped end Failed:
 * nothing drives them any more. The caller re-catalogues the App records afterwards (their assets
 * derive from them: AppCatalog.reindexAll).
 */
export function restoreSnapshot(tenant: TenantState, raw: unknown, file: string, now: number): void {
  const result = Snapshot.safeParse(raw);
  if (!result.success) {
    const issue = result.error.issues[0];
    throw new Error(`State file ${file} is not a sandbox state file (${issue?.path.join('.') ?? ''}: ${issue?.message ?? 'invalid'}); move it away or delete it.`);
  }
  const snap = result.data;
  const finishedAt = new Date(now).toISOString().replace(/\.\d{3}Z$/, 'Z');
  tenant.clear();
  for (const d of snap.workflows) tenant.workflows.put(d.id, d.source, 0);
  for (const d of snap.runs) {
    const doc = d.source as RunDoc;
    const phase = doc.status?.phase;
    if (phase === 'Pending' || phase === 'Running') {
      doc.status.phase = 'Failed';
      doc.status.finishedAt = finishedAt;
      doc.status.message = INTERRUPTED_MESSAGE;
      doc.metadata.labels[LABEL.phase] = 'Failed';
      doc.metadata.labels[LABEL.completed] = 'true';
    }
    tenant.runs.put(d.id, doc, 0);
  }
  tenant.vault.restore(snap.credentials);
  for (const a of snap.apps) tenant.apps.set(a.slug, a);
  for (const r of snap.appRuns as AppRunRecord[]) {
    if (r.state.phase === 'Pending' || r.state.phase === 'Running') {
      r.state.phase = 'Failed';
      r.state.finishedAt = finishedAt;
      r.state.message = INTERRUPTED_MESSAGE;
    }
    tenant.appRuns.set(r.runId, r);
  }
  for (const asset of snap.assets ?? []) tenant.assets.put(asset, 0);
}

/** Reads the state file; undefined when it does not exist yet. */
export function readStateFile(file: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new Error(`Cannot read state file ${file}: ${(err as Error).message}`);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    throw new Error(`State file ${file} is not valid JSON (${(err as Error).message}); move it away or delete it.`);
  }
}

/** Debounced, serialized, atomic writes of the tenant to `file`. */
export class StateWriter {
  private timer: NodeJS.Timeout | undefined;
  private writing: Promise<void> = Promise.resolve();
  private dirty = false;

  constructor(
    private readonly file: string,
    private readonly tenant: TenantState,
    private readonly log: (line: string) => void,
    private readonly debounceMs = 300,
  ) {}

  markDirty(): void {
    this.dirty = true;
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.flush();
    }, this.debounceMs);
    this.timer.unref();
  }

  /** Writes now if anything changed; resolves when the file is on disk. */
  flush(): Promise<void> {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    this.writing = this.writing.then(async () => {
      if (!this.dirty) return;
      this.dirty = false;
      try {
        await writeAtomically(this.file, JSON.stringify(snapshotOf(this.tenant, Date.now())));
      } catch (err) {
        this.dirty = true;
        this.log(`sandbox: could not save state to ${this.file}: ${(err as Error).message}`);
      }
    });
    return this.writing;
  }
}

async function writeAtomically(file: string, text: string): Promise<void> {
  await fs.mkdir(path.dirname(path.resolve(file)), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  await fs.writeFile(tmp, text, { encoding: 'utf8', mode: 0o600 });
  await fs.rename(tmp, file);
}
