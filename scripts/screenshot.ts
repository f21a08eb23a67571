import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { launchBrowser, openWorkbench } from '../test/host/browser';
import { ensureVsCodeHost } from '../test/host/vscodeHostInstall';
import { startVsCodeServer } from '../test/host/vscodeServer';

/**
 * Opens the real UI (VS Code host + headless Chromium) with the extension loaded and saves PNGs
 * of the sidebar and the editor, for the README and for visual review.
 *
 *   npm run screenshot [-- --out DIR]
 */
const REPO = path.resolve(__dirname, '..', '..');

async function main(): Promise<void> {
  const outIndex = process.argv.indexOf('--out');
  const outDir = path.resolve(outIndex > 0 ? process.argv[outIndex + 1] : path.join(REPO, 'media', 'screenshots'));
  fs.mkdirSync(outDir, { recursive: true });
  const vscodeDir = ensureVsCodeHost((l) => console.log(l));
  const workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'atlan-shot-'));
  fs.cpSync(path.join(REPO, 'test', 'fixtures', 'workspace'), workspace, { recursive: true });
  const server = await startVsCodeServer({ vscodeDir, settings: { 'workbench.colorTheme': 'Default Dark Modern' } });
  const browser = await launchBrowser();
  try {
    const { page } = await openWorkbench(browser, server.workbenchUrl(workspace, [['extensionDevelopmentPath', server.remoteUri(REPO)]]), () => undefined);
    await page.locator('.activitybar').waitFor({ timeout: 30_000 });
    await page.waitForTimeout(4000);
    await page.locator('.activitybar [aria-label^="Atlan"]').first().click();
    await page.getByText('Sign in to an Atlan tenant').waitFor({ timeout: 15_000 });
    await page.waitForTimeout(1000);
    const sidebar = path.join(outDir, 'sidebar-signed-out.png');
    await page.locator('#workbench\\.parts\\.sidebar').screenshot({ path: sidebar });
    const full = path.join(outDir, 'workbench.png');
    await page.screenshot({ path: full });
    console.log(`Saved ${sidebar}\nSaved ${full}`);
  } finally {
    await browser.close();
    await server.stop();
    fs.rmSync(workspace, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : String(err));
  process.exit(1);
});
