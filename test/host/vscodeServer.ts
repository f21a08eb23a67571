import type { ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as os from 'node:os';
import * as path from 'node:path';
import { freePort, spawnTracked, stopTracked, waitFor } from './processes';

/** Settings that keep the host offline and quiet (see ../shared/notes/real-vscode-offline.md). */
export const OFFLINE_USER_SETTINGS: Record<string, unknown> = {
  'security.workspace.trust.enabled': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'workbench.startupEditor': 'none',
  'workbench.enableExperiments': false,
  'workbench.tips.enabled': false,
  'npm.fetchOnlinePackageInfo': false,
  'json.schemaDownload.enable': false,
  'typescript.disableAutomaticTypeAcquisition': true,
};

export interface VsCodeServerOptions {
  vscodeDir: string;
  /** 0 = a free port. */
  port?: number;
  /** Extra user settings, merged over the offline ones. */
  settings?: Record<string, unknown>;
  /** Folder for installed extensions (`--extensions-dir`). */
  extensionsDir?: string;
  /** Environment for the server and the extension host it starts. */
  env?: Record<string, string>;
  log?: (line: string) => void;
}

export interface VsCodeServer {
  port: number;
  origin: string;
  userDataDir: string;
  /** Folder holding the user data and server data (settings, logs, state) of this server. */
  dataRoot: string;
  /** URL of the workbench for a folder, with an optional test payload. */
  workbenchUrl(folder: string, payload?: [string, string][]): string;
  /** `vscode-remote://` URI of a local path, as the payload expects. */
  remoteUri(localPath: string): string;
  /** Log files the host and extensions wrote whose name matches, e.g. the extension's output channel. */
  logFiles(pattern: RegExp): string[];
  stop(): Promise<void>;
}

function httpOk(url: string): Promise<boolean> {
  return new Promise((resolve) => {
    const req = http.get(url, (res) => {
      res.resume();
      resolve((res.statusCode ?? 500) < 500);
    });
    req.on('error', () => resolve(false));
    req.setTimeout(1000, () => {
      req.destroy();
      resolve(false);
    });
  });
}

export async function startVsCodeServer(options: VsCodeServerOptions): Promise<VsCodeServer> {
  const port = await freePort(options.port ?? 0);
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'atlan-vscode-host-'));
  const userDataDir = path.join(root, 'user-data');
  const serverDataDir = path.join(root, 'server-data');
  fs.mkdirSync(path.join(userDataDir, 'User'), { recursive: true });
  fs.writeFileSync(
    path.join(userDataDir, 'User', 'settings.json'),
    JSON.stringify({ ...OFFLINE_USER_SETTINGS, ...options.settings }, null, 2),
  );
  const args = [
    path.join(options.vscodeDir, 'out', 'server-main.js'),
    '--host', '127.0.0.1',
    '--port', String(port),
    '--without-connection-token',
    '--accept-server-license-terms',
    '--disable-telemetry',
    '--disable-update-check',
    '--user-data-dir', userDataDir,
    '--server-data-dir', serverDataDir,
  ];
  if (options.extensionsDir) args.push('--extensions-dir', options.extensionsDir);
  const output: string[] = [];
  let child: ChildProcess | undefined = spawnTracked(process.execPath, args, {
    cwd: options.vscodeDir,
    env: { ...process.env, EXTENSIONS_GALLERY: '{}', ...options.env },
    onOutput: (line) => {
      output.push(line);
      options.log?.(`[vscode-server] ${line}`);
    },
  });
  const origin = `http://127.0.0.1:${port}`;
  const stop = async (): Promise<void> => {
    if (child) await stopTracked(child);
    child = undefined;
    fs.rmSync(root, { recursive: true, force: true });
  };
  try {
    await waitFor(
      async () => {
        if (child?.exitCode !== null) throw new Error(`The VS Code server exited with code ${child?.exitCode}:\n${output.slice(-20).join('\n')}`);
        return httpOk(`${origin}/version`);
      },
      30_000,
      `The VS Code server did not answer on ${origin} within 30 s:\n${output.slice(-20).join('\n')}`,
    );
  } catch (err) {
    await stop();
    throw err;
  }
  const remoteUri = (p: string): string => `vscode-remote://127.0.0.1:${port}${path.resolve(p)}`;
  return {
    port,
    origin,
    userDataDir,
    dataRoot: root,
    remoteUri,
    workbenchUrl(folder, payload) {
      const query = new URLSearchParams({ folder: path.resolve(folder) });
      if (payload) query.set('payload', JSON.stringify(payload));
      return `${origin}/?${query.toString()}`;
    },
    logFiles(pattern) {
      const found: string[] = [];
      const walk = (dir: string): void => {
        for (const entry of fs.existsSync(dir) ? fs.readdirSync(dir, { withFileTypes: true }) : []) {
          const full = path.join(dir, entry.name);
          if (entry.isDirectory()) walk(full);
          else if (pattern.test(entry.name)) found.push(full);
        }
      };
      walk(root);
      return found;
    },
    stop,
  };
}
