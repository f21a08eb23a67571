/** The form's "Test connection" when the database is reachable from the user's machine. */
import * as z from 'zod';
import { PostgresCheckError } from './errors';
import type { PostgresFailureKind } from './errors';
import { resolveTarget, withClient } from './target';
import type { PostgresTarget } from './target';

export type ConnectionTestResult =
  | { ok: true; serverVersion: string }
  | { ok: false; kind: PostgresFailureKind; message: string };

/** Logs in to the target database; never throws for a failed login, only reports it. */
export async function testConnection(target: PostgresTarget, signal?: AbortSignal): Promise<ConnectionTestResult> {
  try {
    const resolved = resolveTarget(target);
    const version = await withClient(
      resolved,
      async (client) => (await client.query<{ version: unknown }>("SELECT current_setting('server_version') AS version")).rows[0]?.version,
      { signal },
    );
    return { ok: true, serverVersion: z.string().catch('unknown').parse(version) };
  } catch (err) {
    const failure = PostgresCheckError.from(err, { password: target.password });
    return { ok: false, kind: failure.kind, message: failure.message };
  }
}
