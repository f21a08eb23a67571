/**
 * The configuration files under the PATH arguments of plan and apply: every
 * `*.atlan-postgres.json` in each folder, recursively, skipping `node_modules` and hidden folders
 * (`.git`, `.vscode`); a PATH that is a file is taken as it is. Sorted, each file once.
 */
import { join, normalize } from 'node:path';
import { ExitCode } from './exitCodes';
import { CliFailure } from './failures';
import { nodePathKind, nodeReadDir, type CliIo } from './io';

export const CONFIG_SUFFIX = '.atlan-postgres.json';

function skipFolder(name: string): boolean {
  return name === 'node_modules' || name.startsWith('.');
}

export async function findConfigFiles(paths: readonly string[], io: CliIo): Promise<string[]> {
  const readDir = io.readDir ?? nodeReadDir;
  const pathKind = io.pathKind ?? nodePathKind;
  const found = new Set<string>();
  const walk = async (dir: string): Promise<void> => {
    const entries = await readDir(dir);
    for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
      const path = join(dir, entry.name);
      if (entry.kind === 'dir' && !skipFolder(entry.name)) await walk(path);
      else if (entry.kind === 'file' && entry.name.endsWith(CONFIG_SUFFIX)) found.add(path);
    }
  };
  for (const given of paths.length > 0 ? paths : ['.']) {
    const path = normalize(given);
    const kind = await pathKind(path);
    if (kind === undefined) throw new CliFailure(ExitCode.invalid, 'fileUnreadable', `${given}: no such file or folder`, { file: given });
    if (kind === 'dir') await walk(path);
    else found.add(path);
  }
  return [...found].sort();
}
