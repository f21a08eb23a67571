import * as fs from 'node:fs';
import * as path from 'node:path';
import Mocha from 'mocha';

/**
 * Entry point the VS Code extension host loads (`extensionTestsPath`). Runs every suite under
 * ./suites with mocha and writes a JSON report the host runner prints. The same module serves the
 * offline runner (code-server + Chromium) and @vscode/test-electron.
 */
export interface TestReport {
  passed: number;
  failed: number;
  pending: number;
  tests: { title: string; state: 'passed' | 'failed' | 'pending'; ms?: number; error?: string }[];
}

export const REPORT_FILE_ENV = 'ATLAN_IT_REPORT';

export async function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'bdd', timeout: 60_000, color: false, reporter: 'spec' });
  const grep = process.env.ATLAN_IT_GREP;
  if (grep) mocha.grep(grep);
  const suitesDir = path.join(__dirname, 'suites');
  for (const file of fs.readdirSync(suitesDir).sort()) {
    if (file.endsWith('.test.js')) mocha.addFile(path.join(suitesDir, file));
  }
  const report: TestReport = { passed: 0, failed: 0, pending: 0, tests: [] };
  const reportFile = process.env[REPORT_FILE_ENV];
  const failures = await new Promise<number>((resolve) => {
    const runner = mocha.run(resolve);
    runner.on('pass', (t) => {
      report.passed++;
      report.tests.push({ title: t.fullTitle(), state: 'passed', ms: t.duration });
    });
    runner.on('fail', (t, err: Error) => {
      report.failed++;
      report.tests.push({ title: t.fullTitle(), state: 'failed', ms: t.duration, error: err.stack ?? String(err) });
    });
    runner.on('pending', (t) => {
      report.pending++;
      report.tests.push({ title: t.fullTitle(), state: 'pending' });
    });
  });
  if (reportFile) fs.writeFileSync(reportFile, JSON.stringify(report, null, 2));
  if (failures > 0) throw new Error(`${failures} integration test(s) failed`);
}
