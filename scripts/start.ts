import * as fs from 'node:fs';
import * as path from 'node:path';
import { installHandlers, stopAllTracked } from '../test/host/processes';
import { startSandboxEnvironment } from '../test/host/sandboxEnvironment';
import { checkSystemRequirements, ensureVsCodeHost } from '../test/host/vscodeHostInstall';
import { startVsCodeServer } from '../test/host/vscodeServer';
import { DEMO_SECRET_NAME, populateDemoTenant } from './demoTenant';

/**
 * `npm start`: the whole loop on one machine. A real Postgres with demo data, the sandbox Atlan
 * tenant whose runs crawl it (state kept in .sandbox-state/), and VS Code (in the browser) with the
 * extension under development, already signed in to the sandbox. Ctrl-C stops everything.
 *
 *   npm start [-- --port 8080] [--sandbox-port 5555] [--postgres-port 54329] [--surfaces legacy|apps|both]
 */
const REPO = path.resolve(__dirname, '..', '..');
const STATE = path.join(REPO, '.sandbox-state');

function portArg(argv: string[], flag: string, fallback: number): number {
  const i = argv.indexOf(flag);
  if (i < 0) return fallback;
  const port = Number(argv[i + 1]);
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new Error(`${flag} needs a number between 1 and 65535, got "${argv[i + 1]}".`);
  return port;
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
/** main() while it starts things: a signal waits for the step in flight, then stops it too. */
let startup: Promise<void> = Promise.resolve();

async function stopEverything(): Promise<void> {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => undefined);
  await stopAllTracked();
}

function onSignal(signal: NodeJS.Signals): void {
  if (stopping) {
    // A second Ctrl-C: the user does not want to wait for the clean stop.
    console.error(`${signal} again: stopping at once.`);
    process.exit(130);
  }
  stopping = true;
  console.log('\nStopping the VS Code host, the sandbox tenant and the demo Postgres…');
  void startup
    .catch(() => undefined)
    .then(stopEverything)
    .then(() => process.exit(0));
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  installHandlers({ signals: false });
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, onSignal);
  checkSystemRequirements();
  const vscodeDir = ensureVsCodeHost((l) => console.log(l));
  fs.mkdirSync(STATE, { recursive: true });
  console.log('Starting the demo Postgres and the sandbox tenant…');
  // Fixed ports: the sandbox's stored credentials and the VS Code profile keep working across restarts.
  const tenant = await startSandboxEnvironment({
    sandbox: { port: portArg(argv, '--sandbox-port', 5555), stateFile: path.join(STATE, 'state.json'), clockSpeed: 4, indexLagMs: 1500, surfaces: surfacesArg(argv) },
    postgres: { port: portArg(argv, '--postgres-port', 54329), persistent: true, dataDir: path.join('/tmp', 'atlan-sandbox-postgres') },
  });
  cleanups.push(() => tenant.stop());
  if (stopping) return;
  const workspace = path.join(STATE, 'workspace');
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
  console.log(
    `\nAtlan Postgres Workflows is running. Open this URL in a browser:\n\n  ${url}\n\n` +
      `Sandbox tenant ${tenant.sandbox.url} (API token ${tenant.sandbox.tokens.apiToken}), demo Postgres ${tenant.postgres.host}:${tenant.postgres.port}.\n` +
      'Press Ctrl-C to stop.',
  );
}

startup = main();
startup.catch(async (err: unknown) => {
  console.error(err instanceof Error ? err.message : String(err));
  await stopEverything();
  process.exit(1);
});
