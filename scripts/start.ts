import * as fs from 'node:fs';
import * as path from 'node:path';
import { installHandlers, stopAllTracked } from '../test/host/processes';
import { startSandboxEnvironment } from '../test/host/sandboxEnvironment';
import { checkSystemRequirements, ensureVsCodeHost } from '../test/host/vscodeHostInstall';
import { startVsCodeServer } from '../test/host/vscodeServer';
import { DEFAULT_PERSISTENT_DATA_DIR } from '../sandbox/postgres/demoPostgres';
import { DEMO_SECRET_NAME, populateDemoTenant } from './demoTenant';
import { onStopRequest, type StopRequest } from './stopRequests';

/**
 * `npm start`: the whole loop on one machine. A real Postgres with demo data, the sandbox Atlan
 * tenant whose runs crawl it (state kept in .sandbox-state/), and VS Code (in the browser) with the
 * extension under development, already signed in to the sandbox. Ctrl-C stops everything.
 *
 *   npm start [-- --port 8080] [--sandbox-port 5555] [--postgres-port 54329] [--surfaces legacy|apps|both]
 *             [--state-dir .sandbox-state] [--postgres-data /tmp/atlan-sandbox-postgres]
 *
 * Usually run by scripts/start.mjs, which tells it when to stop (see stopRequests.ts).
 */
const REPO = path.resolve(__dirname, '..', '..');

function portArg(argv: string[], flag: string, fallback: number): number {
  const i = argv.indexOf(flag);
  if (i < 0) return fallback;
  const port = Number(argv[i + 1]);
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new Error(`${flag} needs a number between 1 and 65535, got "${argv[i + 1]}".`);
  return port;
}

function pathArg(argv: string[], flag: string, fallback: string): string {
  const i = argv.indexOf(flag);
  if (i < 0) return fallback;
  const value = argv[i + 1];
  if (!value || value.startsWith('--')) throw new Error(`${flag} needs a folder.`);
  return path.resolve(value);
}

function surfacesArg(argv: string[]): 'legacy' | 'apps' | 'both' {
  const i = argv.indexOf('--surfaces');
  if (i < 0) return 'legacy';
  const value = argv[i + 1];
  if (value !== 'legacy' && value !== 'apps' && value !== 'both') throw new Error(`--surfaces must be legacy, apps or both, got "${value}".`);
  return value;
}

/**
 * What has been started so far, stopped in reverse order. npm start owns Ctrl-C / SIGTERM (see
 * installHandlers): stopping the VS Code server removes its /tmp/atlan-vscode-host-* folder and
 * stopping the tenant flushes the sandbox state, which an immediate exit would skip.
 */
const cleanups: (() => Promise<void>)[] = [];
let stopping = false;
/** main() while it starts things: a stop request waits for the step in flight, then stops it too. */
let startup: Promise<void> = Promise.resolve();

async function stopEverything(): Promise<void> {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => undefined);
  await stopAllTracked();
}

function onStop(request: StopRequest): void {
  if (request.immediate) {
    // Asked twice: the user does not want to wait for the clean stop (exit handlers still end the children).
    console.error(`${request.reason} again: stopping at once.`);
    process.exit(130);
  }
  if (stopping) return;
  stopping = true;
  console.log(`\nStopping the VS Code host, the sandbox tenant and the demo Postgres (${request.reason})…`);
  void startup
    .catch(() => undefined)
    .then(stopEverything)
    .then(() => process.exit(0));
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  installHandlers({ signals: false });
  onStopRequest(onStop);
  const stateDir = pathArg(argv, '--state-dir', path.join(REPO, '.sandbox-state'));
  const postgresData = pathArg(argv, '--postgres-data', DEFAULT_PERSISTENT_DATA_DIR);
  checkSystemRequirements();
  const vscodeDir = ensureVsCodeHost((l) => console.log(l));
  fs.mkdirSync(stateDir, { recursive: true });
  console.log('Starting the demo Postgres and the sandbox tenant…');
  // Fixed ports: the sandbox's stored credentials and the VS Code profile keep working across restarts.
  const tenant = await startSandboxEnvironment({
    sandbox: { port: portArg(argv, '--sandbox-port', 5555), stateFile: path.join(stateDir, 'state.json'), clockSpeed: 4, indexLagMs: 1500, surfaces: surfacesArg(argv) },
    postgres: { port: portArg(argv, '--postgres-port', 54329), persistent: true, dataDir: postgresData },
  });
  cleanups.push(() => tenant.stop());
  if (stopping) return;
  const workspace = path.join(stateDir, 'workspace');
  await populateDemoTenant(tenant, workspace, (l) => console.log(l));
  if (stopping) return;
  const server = await startVsCodeServer({
    vscodeDir,
    port: portArg(argv, '--port', 8080),
    env: {
      ...tenant.env,
      // Read by the extension only for a loopback tenant, and only when it has no token yet.
      ATLAN_SANDBOX_SIGN_IN_TOKEN: tenant.sandbox.tokens.apiToken,
      ATLAN_SANDBOX_DEMO_SECRETS: JSON.stringify({ [DEMO_SECRET_NAME]: tenant.postgres.password }),
    },
  });
  cleanups.push(() => server.stop());
  if (stopping) return;
  const url = server.workbenchUrl(workspace, [['extensionDevelopmentPath', server.remoteUri(REPO)]]);
  const pg = tenant.postgres;
  // Demo credentials only: they guard nothing but local demo data, and people need them to look inside.
  console.log(
    `\nAtlan Postgres Workflows is running. Open this URL in a browser:\n\n  ${url}\n\n` +
      `Sandbox tenant  ${tenant.sandbox.url} (API token ${tenant.sandbox.tokens.apiToken}; the extension is already signed in with it)\n` +
      `Demo Postgres   host ${pg.host}, port ${pg.port}, user ${pg.user}, password ${pg.password} (databases ${pg.databases.join(', ')})\n` +
      `                psql postgresql://${pg.user}:${pg.password}@${pg.host}:${pg.port}/${pg.databases[0]}\n` +
      `                The example files reference this password as the secret "${DEMO_SECRET_NAME}": npm start hands it to the\n` +
      '                extension, which stores it in VS Code\'s secret storage when it signs in to the sandbox.\n' +
      `Demo workspace  ${workspace}\n` +
      `Sandbox state   ${path.join(stateDir, 'state.json')} (saved when npm start stops)\n\n` +
      'Press Ctrl-C to stop.',
  );
}

// Writes to a terminal that was closed (SIGHUP) fail; stopping must go on regardless.
for (const stream of [process.stdout, process.stderr]) stream.on('error', () => undefined);
startup = main();
startup.catch(async (err: unknown) => {
  console.error(err instanceof Error ? err.message : String(err));
  await stopEverything();
  process.exit(1);
});
