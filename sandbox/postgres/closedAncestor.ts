/**
 * Why Postgres, run as root, may not reach a path: initdb and the server then run as an
 * unprivileged user, which must be able to enter every folder above its binaries and its data
 * directory. A clone inside a `mktemp -d` folder (mode 700) is the usual case.
 */
import { statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

/** The nearest folder above `path` (or `path` itself) that users other than its owner cannot enter, with its mode. */
export function closedAncestor(path: string): { dir: string; mode: string } | undefined {
  let dir = resolve(path);
  for (;;) {
    const mode = modeOf(dir);
    // Others need the execute (search) bit to pass through a folder.
    if (mode !== undefined && (mode & 0o001) === 0) return { dir, mode: (mode & 0o777).toString(8) };
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

function modeOf(dir: string): number | undefined {
  try {
    const stat = statSync(dir);
    return stat.isDirectory() ? stat.mode : undefined;
  } catch {
    return undefined; // not there yet: its parent decides
  }
}

/** The advice for a permission failure of Postgres as root, naming the folder that blocks it. */
export function rootPermissionHint(paths: readonly string[]): string {
  const closed = paths.map(closedAncestor).find((c) => c !== undefined);
  const who = "as root, Postgres runs as the 'postgres' user";
  return closed
    ? ` (${who}, which cannot enter ${closed.dir} (mode ${closed.mode}): \`chmod o+x ${closed.dir}\`, or work from a folder other users can enter)`
    : ` (${who}, which must be able to create this folder: pick one under /tmp)`;
}
