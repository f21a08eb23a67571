/**
 * The small JSON files the CLI keeps for the user between runs (its App runs, the App bodies it
 * sent): read leniently (a missing file is empty, one it did not write is reported and replaced),
 * written without ever failing the command that wrote them.
 */
import { join } from 'node:path';
import type * as z from 'zod';
import type { CliIo } from './io';

/**
 * The file `name` in `dir` and its content (as readUserFile reads it); no path and `empty` when
 * there is no folder to keep it in (no home directory could be told).
 */
export async function openUserFile<T>(io: CliIo, dir: string | undefined, name: string, schema: z.ZodType<T>, empty: T, what: string): Promise<{ path: string | undefined; value: T }> {
  if (dir === undefined) return { path: undefined, value: empty };
  const path = join(dir, name);
  return { path, value: await readUserFile(io, path, schema, empty, what) };
}

/** The file's content, or `empty` when it is missing or is not `what` (said once on stderr). */
export async function readUserFile<T>(io: CliIo, path: string, schema: z.ZodType<T>, empty: T, what: string): Promise<T> {
  let text: string;
  try {
    text = await io.readFile(path);
  } catch {
    return empty;
  }
  let parsed: z.ZodSafeParseResult<T> | undefined;
  try {
    parsed = schema.safeParse(JSON.parse(text));
  } catch {
    parsed = undefined;
  }
  if (parsed?.success) return parsed.data;
  io.stderr(`note: ${path} is not ${what} this CLI wrote; starting a new one\n`);
  return empty;
}

/** Writes the file; a failure is a note on stderr ("could not `doing` in PATH (code)"), never an error. */
export async function writeUserFile(io: CliIo, path: string, value: unknown, doing: string, mode?: number): Promise<void> {
  try {
    await io.writeFile(path, `${JSON.stringify(value, null, 2)}\n`, mode === undefined ? undefined : { mode });
  } catch (error) {
    io.stderr(`note: could not ${doing} in ${path} (${(error as NodeJS.ErrnoException).code ?? 'write failed'})\n`);
  }
}
