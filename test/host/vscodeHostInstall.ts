import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/**
 * Installs the offline VS Code host (the VS Code 1.100.3 build inside the npm package
 * `code-server`) once per machine, in a cache outside the repository. See
 * ../shared/notes/real-vscode-offline.md for why each step is there.
 */
export const CODE_SERVER_VERSION = '4.100.3';
export const VSCODE_VERSION = '1.100.3';

const NATIVE_MODULES = ['@parcel/watcher', '@vscode/spdlog', 'kerberos', 'native-watchdog', 'node-pty', '@vscode/deviceid'];

export function cacheRoot(): string {
  const base = process.env.XDG_CACHE_HOME ?? path.join(os.homedir(), '.cache');
  return path.join(base, 'atlan-vscode-host');
}

/** Directory that holds `out/server-main.js`. */
export function vscodeDir(): string {
  return path.join(cacheRoot(), `code-server-${CODE_SERVER_VERSION}`, 'node_modules', 'code-server', 'lib', 'vscode');
}

export interface SystemRequirement {
  what: string;
  present: () => boolean;
  install: string;
}

const fileExists = (p: string) => (): boolean => fs.existsSync(p);

export const SYSTEM_REQUIREMENTS: SystemRequirement[] = [
  { what: 'Chromium (/usr/bin/chromium)', present: fileExists('/usr/bin/chromium'), install: 'apt-get install -y chromium' },
  { what: 'ripgrep (/usr/bin/rg)', present: fileExists('/usr/bin/rg'), install: 'apt-get install -y ripgrep' },
  {
    what: 'pgrep (to stop the processes the VS Code host starts)',
    present: () => fs.existsSync('/usr/bin/pgrep') || fs.existsSync('/bin/pgrep'),
    install: 'apt-get install -y procps',
  },
  {
    what: 'Kerberos headers (krb5.h, for the host native modules)',
    present: () => fs.existsSync('/usr/include/krb5.h') || fs.existsSync('/usr/include/krb5/krb5.h'),
    install: 'apt-get install -y libkrb5-dev',
  },
];

/** Throws one error naming every missing system package and the command that installs it. */
export function checkSystemRequirements(requirements = SYSTEM_REQUIREMENTS): void {
  const missing = requirements.filter((r) => !r.present());
  if (missing.length === 0) return;
  const lines = missing.map((m) => `  - ${m.what}: ${m.install}`);
  throw new Error(
    `Missing system packages for the offline VS Code host:\n${lines.join('\n')}\n` +
      `Install them all at once: apt-get update && apt-get install -y ${missing.map((m) => m.install.split(' ').pop()).join(' ')}`,
  );
}

function run(cmd: string, args: string[], cwd: string, log: (l: string) => void, allowFailure = false): void {
  log(`$ ${cmd} ${args.join(' ')}   (in ${cwd})`);
  const result = spawnSync(cmd, args, { cwd, encoding: 'utf8', env: { ...process.env, npm_config_yes: 'true' } });
  if (result.status !== 0 && !allowFailure) {
    const tail = `${result.stdout}\n${result.stderr}`.trim().split('\n').slice(-20).join('\n');
    throw new Error(`Installing the VS Code host failed at \`${cmd} ${args.join(' ')}\` (exit ${result.status}):\n${tail}`);
  }
}

function nativeModulesLoad(dir: string): boolean {
  try {
    execFileSync(process.execPath, ['-e', `${JSON.stringify(NATIVE_MODULES)}.forEach((m) => require(m))`], { cwd: dir, stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** Returns the VS Code host directory, installing it first if the cache does not hold a complete one. */
export function ensureVsCodeHost(log: (line: string) => void = () => undefined): string {
  const target = path.join(cacheRoot(), `code-server-${CODE_SERVER_VERSION}`);
  const marker = path.join(target, '.complete');
  if (fs.existsSync(marker) && fs.existsSync(path.join(vscodeDir(), 'out', 'server-main.js'))) return vscodeDir();

  checkSystemRequirements();
  const staging = `${target}.staging-${process.pid}`;
  fs.rmSync(staging, { recursive: true, force: true });
  fs.mkdirSync(staging, { recursive: true });
  fs.writeFileSync(path.join(staging, 'package.json'), JSON.stringify({ name: 'vscode-host-cache', private: true }));
  log(`Installing the VS Code ${VSCODE_VERSION} host (code-server ${CODE_SERVER_VERSION}) into ${target}, once per machine (about 2 minutes)...`);
  run('npm', ['install', '--ignore-scripts', '--no-audit', '--no-fund', `code-server@${CODE_SERVER_VERSION}`], staging, log);
  const vs = path.join(staging, 'node_modules', 'code-server', 'lib', 'vscode');
  run('npm', ['install', '--omit=dev', '--ignore-scripts', '--no-audit', '--no-fund'], vs, log);
  // node-pty's own post-install step exits 1 offline after pty.node is built; the load check below decides.
  run('npm', ['rebuild', ...NATIVE_MODULES.filter((m) => m !== '@parcel/watcher')], vs, log, true);
  if (!nativeModulesLoad(vs)) {
    throw new Error(`The VS Code host's native modules did not build in ${vs}: check build-essential, python3 and libkrb5-dev are installed.`);
  }
  fs.mkdirSync(path.join(vs, 'node_modules', '@vscode', 'ripgrep', 'bin'), { recursive: true });
  fs.rmSync(path.join(vs, 'node_modules', '@vscode', 'ripgrep', 'bin', 'rg'), { force: true });
  fs.symlinkSync('/usr/bin/rg', path.join(vs, 'node_modules', '@vscode', 'ripgrep', 'bin', 'rg'));
  fs.rmSync(path.join(vs, 'node_modules.asar'), { force: true });
  fs.symlinkSync('node_modules', path.join(vs, 'node_modules.asar'));
  run('npm', ['install', '--omit=dev', '--ignore-scripts', '--no-audit', '--no-fund'], path.join(vs, 'extensions'), log);
  fs.writeFileSync(path.join(staging, '.complete'), new Date().toISOString());
  fs.rmSync(target, { recursive: true, force: true });
  fs.renameSync(staging, target);
  log('VS Code host installed.');
  return vscodeDir();
}
