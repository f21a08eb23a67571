/**
 * App API bodies this machine sent (create, update), kept between CLI invocations. A tenant whose
 * `GET v1/app/{slug}` has no inputs (the SDK's own example) leaves `diff`, `rerun FILE` and `plan`
 * nothing to compare with but the list item's DAG or the body this client sent; without this file
 * a later CLI run would know neither. One small JSON file per user, by tenant origin, written
 * 0600. It holds what AppBackend records (the inline credential only as its identity, never a
 * secret), never a token.
 */
import { join } from 'node:path';
import * as z from 'zod';
import type { SentBody } from '../core/atlan';
import type { CliIo } from './io';
import { openUserFile, writeUserFile } from './userFile';

const FILE_NAME = 'app-sent-bodies.json';
/** Owner read and write only: the file names hosts and users of the tenant's databases. */
export const SENT_BODIES_MODE = 0o600;

const SentBodySchema = z.object({
  at: z.string(),
  body: z.object({ app_id: z.string(), name: z.string(), inputs: z.record(z.string(), z.unknown()), entrypoint: z.string().optional() }),
});

const StoreSchema = z.object({
  version: z.literal(1),
  /** origin -> slug -> the body last sent. */
  tenants: z.record(z.string(), z.record(z.string(), SentBodySchema)),
});
type Store = z.infer<typeof StoreSchema>;

/**
 * `$XDG_CONFIG_HOME/atlan-postgres`, else `~/.config/atlan-postgres` (`%APPDATA%\atlan-postgres` on
 * Windows); undefined when none can be told.
 */
export function configDirectory(env: Readonly<Record<string, string | undefined>>, platform: string = process.platform): string | undefined {
  if (platform === 'win32' && env.APPDATA) return join(env.APPDATA, 'atlan-postgres');
  if (env.XDG_CONFIG_HOME) return join(env.XDG_CONFIG_HOME, 'atlan-postgres');
  const home = env.HOME ?? env.USERPROFILE;
  return home ? join(home, '.config', 'atlan-postgres') : undefined;
}

export class SentBodyStore {
  private constructor(
    private readonly io: CliIo,
    private readonly path: string | undefined,
    private store: Store,
  ) {}

  /** Reads the file; a missing one is empty, an unreadable one is reported and then replaced. */
  static async open(io: CliIo): Promise<SentBodyStore> {
    const { path, value } = await openUserFile(io, configDirectory(io.env), FILE_NAME, StoreSchema, { version: 1, tenants: {} }, 'a list of sent App bodies');
    return new SentBodyStore(io, path, value);
  }

  /** The bodies sent to a tenant, by slug (what AppBackend.rememberSentBodies takes). */
  of(origin: string): Record<string, SentBody> {
    return this.store.tenants[origin] ?? {};
  }

  /** Replaces a tenant's bodies with what the backend knows now and writes the file (0600). */
  async save(origin: string, known: Readonly<Record<string, SentBody>>): Promise<void> {
    if (this.path === undefined) return;
    this.store = { ...this.store, tenants: { ...this.store.tenants, [origin]: { ...known } } };
    await writeUserFile(this.io, this.path, this.store, 'keep the App bodies sent', SENT_BODIES_MODE);
  }
}
