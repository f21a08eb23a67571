import * as fs from 'node:fs';
import * as path from 'node:path';
import { checkSystemRequirements, ensureVsCodeHost } from '../test/host/vscodeHostInstall';
import { startVsCodeServer } from '../test/host/vscodeServer';

/**
 * Starts the product on this machine: the VS Code host (in the browser) with the extension under
 * development loaded, and prints the URL to open. Stops everything on Ctrl-C.
 *
 *   npm start [-- --port N]
 */
const REPO = path.resolve(__dirname, '..', '..');

function requestedPort(argv: string[]): number {
  const i = argv.indexOf('--port');
  if (i < 0) return 8080;
  const port = Number(argv[i + 1]);
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new Error(`--port needs a number between 1 and 65535, got "${argv[i + 1]}".`);
  return port;
}

async function main(): Promise<void> {
  checkSystemRequirements();
  const vscodeDir = ensureVsCodeHost((l) => console.log(l));
  const workspace = path.join(REPO, '.sandbox-state', 'workspace');
  fs.mkdirSync(workspace, { recursive: true });
  const server = await startVsCodeServer({ vscodeDir, port: requestedPort(process.argv.slice(2)) });
  const url = server.workbenchUrl(workspace, [['extensionDevelopmentPath', server.remoteUri(REPO)]]);
  console.log(`\nAtlan Postgres Workflows is running. Open this URL in a browser:\n\n  ${url}\n\nPress Ctrl-C to stop.`);
  const stop = (): void => {
    void server.stop().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : String(err));
  process.exit(1);
});
