import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { downloadAndUnzipVSCode, runTests, type DownloadOptions } from '@vscode/test-electron';
import { findCanaries, makeCanaries } from './canaries';
import { judgeRun } from './runVerdict';
import { startSandboxEnvironment } from './sandboxEnvironment';
import { formatResult, TEST_EVENTS_ENV, TEST_SELECTION_ENV, TestEventTail } from './testEvents';
import { selectionPattern } from './testSelection';
import { cacheRoot, VSCODE_VERSION } from './vscodeHostInstall';

/**
 * The same integration suites on desktop VS Code through @vscode/test-electron, for machines
 * with internet access (it downloads VS Code once into the host cache). Offline machines use
 * runIntegration instead. Like runIntegration it starts the demo Postgres and the sandbox tenant
 * (with a canary token), passes their environment to the suites, scans what the host wrote for
 * the canaries and stops everything on the way out.
 *
 *   node out/test/host/runDesktop.js [--grep PATTERN]
 */
const REPO = path.resolve(__dirname, '..', '..', '..');
/** An idle download this long means no internet: fail with a clear message instead of hanging. */
const DOWNLOAD_IDLE_TIMEOUT_MS = 20_000;

function parseGrep(argv: string[]): string | undefined {
  if (argv.length === 0) return undefined;
  if (argv.length === 2 && argv[0] === '--grep') return argv[1];
  throw new Error(`Unknown arguments ${argv.join(' ')}. Usage: runDesktop [--grep PATTERN]`);
}

/** Where test-electron downloads VS Code from. */
const DOWNLOAD_HOST = 'update.code.visualstudio.com';
const PROBE_TIMEOUT_MS = 5_000;

/** Undefined when a TCP connection to host:port opens within a few seconds, else why not. */
export function probeInternet(host = DOWNLOAD_HOST, timeoutMs = PROBE_TIMEOUT_MS, port = 443): Promise<string | undefined> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    const done = (problem: string | undefined): void => {
      socket.destroy();
      resolve(problem);
    };
    socket.setTimeout(timeoutMs, () => done(`no answer from ${host}:${port} within ${timeoutMs / 1000} s`));
    socket.once('connect', () => done(undefined));
    socket.once('error', (err: NodeJS.ErrnoException) => done(`${host}: ${err.code ?? err.message}`));
  });
}

/**
 * Finds desktop VS Code in the cache or downloads it, or explains at once why it cannot: without
 * internet test-electron would retry three times and end with "Invalid version" or a bare
 * "Failed to download", so a short connection probe runs first when nothing is cached.
 */
export async function desktopVsCode(
  download: (options: Partial<DownloadOptions>) => Promise<string> = (options) => downloadAndUnzipVSCode(options),
  probe: () => Promise<string | undefined> = () => probeInternet(),
): Promise<string> {
  const cachePath = path.join(cacheRoot(), 'desktop');
  // test-electron keeps each version in a folder named after it (vscode-linux-x64-1.100.3).
  const cached = fs.existsSync(cachePath) && fs.readdirSync(cachePath).some((d) => d.endsWith(`-${VSCODE_VERSION}`));
  const explain = (reason: string): Error =>
    new Error(
      `npm run test:desktop could not download VS Code ${VSCODE_VERSION} into ${cachePath} (${reason}).\n` +
        `It needs internet access to ${DOWNLOAD_HOST}. On an offline machine run the same suites with \`npm run test:integration\`.`,
    );
  if (!cached) {
    const problem = await probe();
    if (problem) throw explain(problem);
  }
  try {
    return await download({ version: VSCODE_VERSION, cachePath, timeout: DOWNLOAD_IDLE_TIMEOUT_MS });
  } catch (err) {
    throw explain(err instanceof Error ? err.message : String(err));
  }
}

async function main(): Promise<number> {
  const grep = parseGrep(process.argv.slice(2));
  // Before starting anything: without VS Code there is nothing to run the suites in.
  const vscodeExecutablePath = await desktopVsCode();
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'atlan-desktop-'));
  const workspace = path.join(scratch, 'workspace');
  const userDataDir = path.join(scratch, 'user-data');
  fs.cpSync(path.join(REPO, 'test', 'fixtures', 'workspace'), workspace, { recursive: true });
  const eventsFile = path.join(scratch, 'test-events.jsonl');
  const canaries = makeCanaries();
  try {
    const tenant = await startSandboxEnvironment({ sandbox: { clockSpeed: 50, tokens: { apiToken: canaries.token } } });
    try {
      const code = await runTests({
        vscodeExecutablePath,
        extensionDevelopmentPath: REPO,
        extensionTestsPath: path.join(REPO, 'out', 'test', 'integration', 'index.js'),
        launchArgs: [workspace, '--disable-extensions', '--disable-workspace-trust', '--user-data-dir', userDataDir],
        extensionTestsEnv: {
          ...tenant.env,
          [TEST_EVENTS_ENV]: eventsFile,
          [TEST_SELECTION_ENV]: selectionPattern('default', grep),
          ATLAN_IT_CANARIES: JSON.stringify({ password: canaries.password, awsSecretKey: canaries.awsSecretKey, externalId: canaries.externalId }),
        },
      }).catch((err: unknown) => {
        console.error(err instanceof Error ? err.message : String(err));
        return 1;
      });
      const events = new TestEventTail(eventsFile).poll();
      for (const e of events) if (e.type === 'test') console.log(formatResult(e));
      // test-electron has no browser to look into: the CSP check skips itself here, and only here.
      const verdict = judgeRun(events, 'default', grep, { allowSkips: true });
      console.log(`\n${verdict.passed} passing, ${verdict.failed} failing, ${verdict.pending} skipped`);
      for (const p of verdict.problems) console.log(`  ✗ ${p}`);
      const { findings, filesScanned, unreadable } = findCanaries(canaries, [workspace, userDataDir]);
      for (const f of findings) console.log(`  ✗ Security: canary ${f.canary} as ${f.form} x${f.count} in ${f.file} (${f.where})`);
      for (const u of unreadable) console.log(`  ✗ Security: could not read part of ${u.file} (${u.what})`);
      if (findings.length === 0) console.log(`  ✓ Security: no canary secret in any form in the ${filesScanned} files the host wrote`);
      return code === 0 && verdict.problems.length === 0 && findings.length === 0 && unreadable.length === 0 ? 0 : 1;
    } finally {
      await tenant.stop();
    }
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}

if (require.main === module) {
  main().then(
    (code) => process.exit(code),
    (err: unknown) => {
      console.error(err instanceof Error ? err.message : String(err));
      process.exit(1);
    },
  );
}
