import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { TestReport } from '../integration/index';
import { launchPersistentBrowser, openWorkbench } from './browser';
import { BROWSER_CHECKS_ENV, serveBrowserChecks } from './browserChecks';
import { findCanaries, makeCanaries, type Canaries } from './canaries';
import { startSandboxEnvironment } from './sandboxEnvironment';
import { startTrafficRecorder, TRAFFIC_FINDINGS_ENV, type TrafficRecorder } from './trafficRecorder';
import { runUiChecks } from './uiChecks';
import { checkSystemRequirements, ensureVsCodeHost } from './vscodeHostInstall';
import { startVsCodeServer, type VsCodeServer } from './vscodeServer';
import { installVsix } from './vsix';

/**
 * Runs the integration suites inside a real VS Code extension host, offline: the VS Code server
 * from code-server on loopback, opened by headless Chromium with the extension under development
 * (or an installed .vsix) and the test module. Prints the report; exits non-zero on any failure.
 *
 *   node out/test/host/runIntegration.js [--vsix FILE] [--untrusted] [--grep PATTERN] [--verbose]
 *
 * --untrusted runs the "Untrusted workspace" suite in a host where the workspace is not trusted.
 * Every run uses canary secrets (see canaries.ts) and fails if any of them reached a file.
 */
const REPO = path.resolve(__dirname, '..', '..', '..');
const TIMEOUT_MS = 15 * 60_000;

interface Args {
  vsix?: string;
  grep?: string;
  untrusted: boolean;
  verbose: boolean;
}

function parseArgs(argv: string[]): Args {
  const args: Args = { verbose: false, untrusted: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--vsix') args.vsix = argv[++i];
    else if (a === '--grep') args.grep = argv[++i];
    else if (a === '--verbose') args.verbose = true;
    else if (a === '--untrusted') args.untrusted = true;
    else throw new Error(`Unknown argument ${a}. Usage: runIntegration [--vsix FILE] [--untrusted] [--grep PATTERN] [--verbose]`);
  }
  return args;
}

function printReport(report: TestReport): void {
  for (const t of report.tests) {
    const mark = t.state === 'passed' ? '  ✓' : t.state === 'failed' ? '  ✗' : '  -';
    console.log(`${mark} ${t.title}${t.ms !== undefined ? ` (${t.ms} ms)` : ''}`);
    if (t.error) console.log(t.error.split('\n').map((l) => `      ${l}`).join('\n'));
  }
  console.log(`\n${report.passed} passing, ${report.failed} failing, ${report.pending} pending`);
}

async function main(): Promise<number> {
  const args = parseArgs(process.argv.slice(2));
  // Every run, not only the first install: a cached host still needs Chromium, rg and pgrep.
  checkSystemRequirements();
  const started = Date.now();
  const log = (line: string): void => {
    if (args.verbose) console.log(line);
  };
  const extensionBundle = path.join(REPO, 'dist', 'extension.js');
  if (!args.vsix && !fs.existsSync(extensionBundle)) throw new Error(`${extensionBundle} is missing: run \`npm run build\` first.`);

  const vscodeDir = ensureVsCodeHost((l) => console.log(l));
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'atlan-it-'));
  const workspace = path.join(scratch, 'workspace');
  fs.cpSync(path.join(REPO, 'test', 'fixtures', 'workspace'), workspace, { recursive: true });
  const reportFile = path.join(scratch, 'report.json');
  const browserChecksDir = path.join(scratch, 'browser-checks');
  fs.mkdirSync(browserChecksDir);
  let extensionsDir: string | undefined;
  let developmentPath = REPO;
  if (args.vsix) {
    extensionsDir = path.join(scratch, 'extensions');
    installVsix(vscodeDir, path.resolve(args.vsix), extensionsDir);
    // An empty development folder makes the host load the installed extension, not the repo.
    developmentPath = path.join(scratch, 'no-development-extension');
    fs.mkdirSync(developmentPath);
  }

  const canaries = makeCanaries();
  // Fast runs: a crawl of the demo database takes well under a second of sandbox time.
  const tenant = await startSandboxEnvironment({ sandbox: { clockSpeed: 50, tokens: { apiToken: canaries.token } } });
  const grep = args.untrusted ? (args.grep ?? 'Untrusted workspace') : args.grep;
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
        ATLAN_IT_REPORT: reportFile,
        [BROWSER_CHECKS_ENV]: browserChecksDir,
        ATLAN_IT_CANARIES: JSON.stringify({ password: canaries.password, awsSecretKey: canaries.awsSecretKey, externalId: canaries.externalId }),
        ...(args.untrusted ? { ATLAN_IT_UNTRUSTED: '1' } : {}),
        ...(grep ? { ATLAN_IT_GREP: grep } : {}),
        ...(args.vsix ? { ATLAN_IT_EXPECT_INSTALLED: '1' } : {}),
      },
      log,
    });
    try {
      const browserProfile = path.join(scratch, 'browser-profile');
      const code = await runInBrowser(server, browserProfile, workspace, developmentPath, reportFile, browserChecksDir, log, started);
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

/** Every file the host, the extension and the browser (webview state) wrote must be free of the run's canary secrets. */
function checkCanaries(canaries: Canaries, roots: string[]): boolean {
  const { findings, filesScanned } = findCanaries(canaries, roots);
  if (findings.length === 0) {
    console.log(
      `  ✓ Security: none of the ${Object.keys(canaries).length} canary secrets appears in the ${filesScanned} files of the workspace, settings, logs, state and browser profile`,
    );
    return true;
  }
  console.log('  ✗ Security: canary secrets found on disk');
  for (const f of findings) console.log(`      ${f.canary} x${f.count} in ${f.file}`);
  return false;
}

async function runInBrowser(
  server: VsCodeServer,
  browserProfile: string,
  workspace: string,
  developmentPath: string,
  reportFile: string,
  browserChecksDir: string,
  log: (line: string) => void,
  started: number,
): Promise<number> {
  const browser = await launchPersistentBrowser(browserProfile);
  try {
    const url = server.workbenchUrl(workspace, [
      ['extensionDevelopmentPath', server.remoteUri(developmentPath)],
      ['extensionTestsPath', server.remoteUri(path.join(REPO, 'out', 'test', 'integration', 'index.js'))],
    ]);
    const { page, exitCode } = await openWorkbench(browser, url, log);
    void serveBrowserChecks(page, browserChecksDir, exitCode);
    const timeout = new Promise<number>((_, reject) =>
      setTimeout(() => reject(new Error(`The integration tests did not finish within ${TIMEOUT_MS / 60_000} minutes.`)), TIMEOUT_MS).unref(),
    );
    const code = await Promise.race([exitCode, timeout]);
    if (!fs.existsSync(reportFile)) {
      console.error('The test module wrote no report: it did not load or crashed before mocha ran. Rerun with --verbose.');
      return 1;
    }
    const report = JSON.parse(fs.readFileSync(reportFile, 'utf8')) as TestReport;
    printReport(report);
    const uiFailures = await runUiChecks(page, (l) => console.log(l));
    console.log(`Integration run took ${((Date.now() - started) / 1000).toFixed(1)} s.`);
    const failed = code !== 0 || report.failed > 0 || uiFailures > 0;
    if (failed) {
      // The extension's own output channel says what it saw; show its end next to the failures.
      for (const file of server.logFiles(/Atlan\.log$/)) {
        console.log(`\n--- last lines of ${path.basename(file)} ---\n${fs.readFileSync(file, 'utf8').split('\n').slice(-60).join('\n')}`);
      }
    }
    return failed ? 1 : 0;
  } finally {
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
