import * as path from 'node:path';
import { runTests } from '@vscode/test-electron';

/**
 * The same integration suites on desktop VS Code through @vscode/test-electron, for machines
 * with internet access (it downloads VS Code). Offline machines use runIntegration instead.
 */
const REPO = path.resolve(__dirname, '..', '..', '..');

runTests({
  extensionDevelopmentPath: REPO,
  extensionTestsPath: path.join(REPO, 'out', 'test', 'integration', 'index.js'),
  launchArgs: [path.join(REPO, 'test', 'fixtures', 'workspace'), '--disable-extensions', '--disable-workspace-trust'],
}).catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : String(err));
  process.exit(1);
});
