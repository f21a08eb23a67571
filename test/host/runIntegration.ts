import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { launchPersistentBrowser, openWorkbench } from './browser';
import { BROWSER_CHECKS_ENV, serveBrowserChecks } from './browserChecks';
import { findCanaries, makeCanaries, type Canaries } from './canaries';
import { judgeRun } from './runVerdict';
import { startSandboxEnvironment } from './sandboxEnvironment';
import { startBusyLoop, stressRequested } from './stress';
import { formatResult, TEST_EVENTS_ENV, TEST_SELECTION_ENV, TestEventTail, type TestEvent } from './testEvents';
import { selectionPattern, type RunKind } from './testSelection';
import { startTrafficRecorder, TRAFFIC_FINDINGS_ENV, type TrafficRecorder } from './trafficRecorder';
import { runUiChecks } from './uiChecks';
import { checkSystemRequirements, ensureVsCodeHost } from './vscodeHostInstall';
import { startVsCodeServer, type VsCodeServer } from './vscodeServer';
import { installedExtensionDir, installVsix } from './vsix';

/**
 * Runs the integration suites inside a real VS Code extension host, offline: the VS Code server
 * from code-server on loopback, opened by headless Chromium with the extension under development
 * (or an installed .vsix) and the test module. Prints each result as it finishes; exits non-zero
 * on any failure, and on a run that passed fewer tests than it selected (see runVerdict.ts).
 *
 *   node out/test/host/runIntegration.js [--vsix FILE | --untrusted] [--grep PATTERN] [--stress] [--verbose]
 *
 * --untrusted runs the "Untrusted workspace" suite in a host where the workspace is not trusted;
 * --vsix runs "Activation" and "Installed package" against the installed package; a plain run
 * runs every other suite. --stress keeps one core busy for the whole run (see stress.ts).
 * Every run uses canary secrets (see canaries.ts) and fails if any of them reached a file.
 */
const REPO = path.resolve(__dirname, '..', '..', '..');
const EXTENSION_ID = 'atlan-community.atlan-postgres-workflows';
/** No test result for this long means the run hangs (the longest test allows itself 90 s). */
const IDLE_LIMIT_MS = 5 * 60_000;
/** A cap on the whole run, however alive it looks: a full run takes 8-20 minutes, more under load. */
const TIMEOUT_MS = 60 * 60_000;

const USAGE = 'Usage: runIntegration [--vsix FILE | --untrusted] [--grep PATTERN] [--stress] [--verbose]';

interface Args {
  vsix?: string;
  grep?: string;
  untrusted: boolean;
  stress: boolean;
  verbose: boolean;
}

function parseArgs(argv: string[]): Args {
  const args: Args = { verbose: false, untrusted: false, stress: stressRequested(argv) };
  const value = (flag: string, v: string | undefined): string => {
    if (v === undefined || v.startsWith('--')) throw new Error(`${flag} needs a value. ${USAGE}`);
    return v;
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--vsix') args.vsix = value(a, argv[++i]);
    else if (a === '--grep') args.grep = value(a, argv[++i]);
    else if (a === '--verbose') args.verbose = true;
    else if (a === '--untrusted') args.untrusted = true;
    else if (a !== '--stress') throw new Error(`Unknown argument ${a}. ${USAGE}`);
  }
  if (args.vsix && args.untrusted) throw new Error(`--vsix and --untrusted are two different runs: choose one. ${USAGE}`);
  return args;
}

async function main(): Promise<number> {
  const args = parseArgs(process.argv.slice(2));
  // Every run, not only the first install: a cached host still needs Chromium, rg and pgrep.
  checkSystemRequirements();
  const started = Date.now();
  const kind: RunKind = args.vsix ? 'vsix' : args.untrusted ? 'untrusted' : 'default';
  const selection = selectionPattern(kind, args.grep);
  const busy = args.stress ? startBusyLoop() : undefined;
  if (busy) console.log(`Stress: a busy loop (pid ${busy.pid ?? '?'}) keeps one core at 100% for the whole run.`);
  try {
    return await runAll(args, kind, selection, started);
  } finally {
    await busy?.stop();
  }
}

async function runAll(args: Args, kind: RunKind, selection: string, started: number): Promise<number> {
  const log = (line: string): void => {
    if (args.verbose) console.log(line);
  };
  const extensionBundle = path.join(REPO, 'dist', 'extension.js');
  if (!args.vsix && !fs.existsSync(extensionBundle)) throw new Error(`${extensionBundle} is missing: run \`npm run build\` first.`);

  const vscodeDir = ensureVsCodeHost((l) => console.log(l));
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'atlan-it-'));
  const workspace = path.join(scratch, 'workspace');
  fs.cpSync(path.join(REPO, 'test', 'fixtures', 'workspace'), workspace, { recursive: true });
  const eventsFile = path.join(scratch, 'test-events.jsonl');
  const browserChecksDir = path.join(scratch, 'browser-checks');
  fs.mkdirSync(browserChecksDir);
  let extensionsDir: string | undefined;
  let developmentPath = REPO;
  if (args.vsix) {
    extensionsDir = path.join(scratch, 'extensions');
    installVsix(vscodeDir, path.resolve(args.vsix), extensionsDir);
    // The host gives the test API (test mode) only to an extension under development: pointing
    // it at the installed folder runs exactly the files the .vsix installed, with that API.
    developmentPath = installedExtensionDir(extensionsDir, EXTENSION_ID);
  }

  const canaries = makeCanaries();
  // Fast runs: a crawl of the demo database takes well under a second of sandbox time.
  const tenant = await startSandboxEnvironment({ sandbox: { clockSpeed: 50, tokens: { apiToken: canaries.token } } });
  let recorder: TrafficRecorder | undefined;
  try {
    // Untrusted runs see the tenant through a recorder that looks for secrets in every request.
    if (args.untrusted) {
      recorder = await startTrafficRecorder(
        tenant.sandbox.url,
        { ...canaries, postgresPassword: tenant.postgres.password },
        path.join(scratch, 'traffic.jsonl'),
      );
    }
    const server = await startVsCodeServer({
      vscodeDir,
      extensionsDir,
      // Test mode answers the trust prompt with "no": turning trust on makes the workspace untrusted.
      settings: args.untrusted ? { 'security.workspace.trust.enabled': true } : undefined,
      env: {
        ...tenant.env,
        ...(recorder ? { ATLAN_SANDBOX_URL: recorder.url, [TRAFFIC_FINDINGS_ENV]: recorder.file } : {}),
        [TEST_EVENTS_ENV]: eventsFile,
        [TEST_SELECTION_ENV]: selection,
        [BROWSER_CHECKS_ENV]: browserChecksDir,
        ATLAN_IT_CANARIES: JSON.stringify({ password: canaries.password, awsSecretKey: canaries.awsSecretKey, externalId: canaries.externalId }),
        ...(args.untrusted ? { ATLAN_IT_UNTRUSTED: '1' } : {}),
        ...(args.vsix ? { ATLAN_IT_EXPECT_INSTALLED: '1' } : {}),
      },
      log,
    });
    try {
      const browserProfile = path.join(scratch, 'browser-profile');
      const code = await runInBrowser(server, browserProfile, workspace, developmentPath, { eventsFile, kind, grep: args.grep }, browserChecksDir, log, started);
      return checkCanaries(canaries, [workspace, server.dataRoot, browserProfile]) ? code : 1;
    } finally {
      await server.stop();
    }
  } finally {
    await recorder?.stop();
    await tenant.stop();
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}

/** Every file the host, the extension and the browser (webview state) wrote must be free of the run's canary secrets, in any form. */
function checkCanaries(canaries: Canaries, roots: string[]): boolean {
  const scan = findCanaries(canaries, roots);
  for (const u of scan.unreadable) console.log(`  ✗ Security: could not read part of ${u.file} (${u.what}): a canary there would go unseen`);
  if (scan.findings.length === 0 && scan.unreadable.length === 0) {
    console.log(
      `  ✓ Security: none of the ${Object.keys(canaries).length} canary secrets appears, in any of their forms (UTF-8, UTF-16, base64, URL and form encoding), ` +
        `in the ${scan.filesScanned} files of the workspace, settings, logs, state and browser profile (${scan.compressedBlocks} compressed LevelDB blocks decompressed)`,
    );
    return true;
  }
  if (scan.findings.length > 0) console.log('  ✗ Security: canary secrets found on disk');
  for (const f of scan.findings) console.log(`      ${f.canary} as ${f.form} x${f.count} in ${f.file} (${f.where})`);
  return false;
}

async function runInBrowser(
  server: VsCodeServer,
  browserProfile: string,
  workspace: string,
  developmentPath: string,
  run: { eventsFile: string; kind: RunKind; grep: string | undefined },
  browserChecksDir: string,
  log: (line: string) => void,
  started: number,
): Promise<number> {
  const browser = await launchPersistentBrowser(browserProfile);
  const tail = new TestEventTail(run.eventsFile);
  const events: TestEvent[] = [];
  // Each result as it finishes: a long run shows it is alive, and where it is.
  const printNew = (): void => {
    for (const e of tail.poll()) {
      events.push(e);
      if (e.type === 'plan') console.log(`Running ${e.selected} of the ${e.declared} tests the suites declare${run.grep ? ` (--grep ${JSON.stringify(run.grep)})` : ''}.`);
      else if (e.type === 'test') console.log(formatResult(e));
      else if (e.type === 'loadError') console.log(`  ✗ ${e.file} did not load:\n${e.error.split('\n').map((l) => `      ${l}`).join('\n')}`);
    }
  };
  let lastEventAt = Date.now();
  const ticker = setInterval(() => {
    const before = events.length;
    printNew();
    if (events.length > before) lastEventAt = Date.now();
  }, 250);
  try {
    const url = server.workbenchUrl(workspace, [
      ['extensionDevelopmentPath', server.remoteUri(developmentPath)],
      ['extensionTestsPath', server.remoteUri(path.join(REPO, 'out', 'test', 'integration', 'index.js'))],
    ]);
    const { page, exitCode } = await openWorkbench(browser, url, log);
    void serveBrowserChecks(page, browserChecksDir, exitCode);
    const startedAt = Date.now();
    let watchdog: NodeJS.Timeout | undefined;
    const hung = new Promise<number>((_, reject) => {
      watchdog = setInterval(() => {
        const running = events.filter((e) => e.type === 'test').length;
        if (Date.now() - lastEventAt > IDLE_LIMIT_MS) {
          reject(new Error(`The integration tests reported nothing for ${IDLE_LIMIT_MS / 60_000} minutes (after ${running} results): the run hangs. Rerun with --verbose.`));
        } else if (Date.now() - startedAt > TIMEOUT_MS) {
          reject(new Error(`The integration tests did not finish within ${TIMEOUT_MS / 60_000} minutes (${running} results so far).`));
        }
      }, 1000);
    });
    const code = await Promise.race([exitCode, hung]).finally(() => clearInterval(watchdog));
    clearInterval(ticker);
    printNew();
    const verdict = judgeRun(events, run.kind, run.grep);
    console.log(`\n${verdict.passed} passing, ${verdict.failed} failing, ${verdict.pending} skipped (expected at least ${verdict.expected} passing)`);
    if (verdict.failures.length > 0) {
      console.log('\nFailed:');
      for (const f of verdict.failures) console.log(`  ✗ ${f.title}${f.error ? `\n      ${f.error.split('\n')[0]}` : ''}`);
    }
    for (const problem of verdict.problems) console.log(`  ✗ ${problem}`);
    const uiFailures = await runUiChecks(page, (l) => console.log(l));
    console.log(`Integration run took ${((Date.now() - started) / 1000).toFixed(1)} s.`);
    const failed = code !== 0 || verdict.failed > 0 || verdict.problems.length > 0 || uiFailures > 0;
    if (failed) {
      // The extension's own output channel says what it saw; show its end next to the failures.
      for (const file of server.logFiles(/Atlan\.log$/)) {
        console.log(`\n--- last lines of ${path.basename(file)} ---\n${fs.readFileSync(file, 'utf8').split('\n').slice(-60).join('\n')}`);
      }
    }
    return failed ? 1 : 0;
  } finally {
    clearInterval(ticker);
    await browser.close().catch(() => undefined);
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err instanceof Error ? err.message : String(err));
    process.exit(1);
  },
);
