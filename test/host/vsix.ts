import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

/** Installs a .vsix into an extensions folder with the host's own CLI, offline. */
export function installVsix(vscodeDir: string, vsixPath: string, extensionsDir: string): void {
  if (!fs.existsSync(vsixPath)) throw new Error(`${vsixPath} does not exist: run \`npm run package\` first.`);
  fs.mkdirSync(extensionsDir, { recursive: true });
  const result = spawnSync(
    process.execPath,
    [path.join(vscodeDir, 'out', 'server-main.js'), '--install-extension', vsixPath, '--extensions-dir', extensionsDir, '--force'],
    { encoding: 'utf8', env: { ...process.env, EXTENSIONS_GALLERY: '{}' } },
  );
  if (result.status !== 0) throw new Error(`Installing ${vsixPath} failed:\n${result.stdout}\n${result.stderr}`);
}

/**
 * The folder the host's CLI unpacked the extension into (`<publisher>.<name>-<version>`), read
 * from the package.json inside, so the run uses exactly what was installed.
 */
export function installedExtensionDir(extensionsDir: string, id: string): string {
  const candidates = fs.readdirSync(extensionsDir).filter((name) => name.toLowerCase().startsWith(`${id.toLowerCase()}-`));
  if (candidates.length !== 1) throw new Error(`Expected one installed ${id} in ${extensionsDir}, found ${candidates.length ? candidates.join(', ') : 'none'}.`);
  const dir = path.join(extensionsDir, candidates[0]);
  if (!fs.existsSync(path.join(dir, 'package.json'))) throw new Error(`${dir} has no package.json: the install is incomplete.`);
  return dir;
}
