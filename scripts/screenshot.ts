import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Page } from 'playwright-core';
import { launchBrowser, openWorkbench } from '../test/host/browser';
import { startSandboxEnvironment } from '../test/host/sandboxEnvironment';
import { ensureVsCodeHost } from '../test/host/vscodeHostInstall';
import { startVsCodeServer } from '../test/host/vscodeServer';
import { DEMO_SECRET_NAME, populateDemoTenant } from './demoTenant';

/**
 * Opens the real UI (VS Code host + headless Chromium) against a fresh sandbox tenant and saves
 * PNGs of the signed-out view, the workflows tree, a configuration file in the editor and a run's
 * progress notification, for the README and for visual review.
 *
 *   npm run screenshot [-- --out DIR]
 */
const REPO = path.resolve(__dirname, '..', '..');

async function shot(page: Page, locator: string | undefined, file: string): Promise<void> {
  if (locator) await page.locator(locator).first().screenshot({ path: file });
  else await page.screenshot({ path: file });
  console.log(`Saved ${file}`);
}

async function main(): Promise<void> {
  const outIndex = process.argv.indexOf('--out');
  const outDir = path.resolve(outIndex > 0 ? process.argv[outIndex + 1] : path.join(REPO, 'media', 'screenshots'));
  fs.mkdirSync(outDir, { recursive: true });
  const vscodeDir = ensureVsCodeHost((l) => console.log(l));
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'atlan-shot-'));
  const tenant = await startSandboxEnvironment({ sandbox: { clockSpeed: 2, surfaces: 'legacy' } });
  const workspace = path.join(scratch, 'workspace');
  await populateDemoTenant(tenant, workspace, () => undefined);
  const server = await startVsCodeServer({
    vscodeDir,
    settings: { 'workbench.colorTheme': 'Default Dark Modern', 'editor.minimap.enabled': false },
    env: { ...tenant.env, ATLAN_SANDBOX_SIGN_IN_TOKEN: tenant.sandbox.tokens.apiToken, ATLAN_SANDBOX_DEMO_SECRETS: JSON.stringify({ [DEMO_SECRET_NAME]: tenant.postgres.password }) },
  });
  const browser = await launchBrowser();
  try {
    const { page } = await openWorkbench(browser, server.workbenchUrl(workspace, [['extensionDevelopmentPath', server.remoteUri(REPO)]]), () => undefined);
    await page.locator('.activitybar').waitFor({ timeout: 30_000 });
    await page.waitForTimeout(3000);
    await page.locator('.activitybar [aria-label^="Atlan"]').first().click();
    const tree = page.locator('#workbench\\.parts\\.sidebar');
    await tree.getByText('analytics-warehouse').first().waitFor({ timeout: 30_000 });
    await tree.getByText('analytics-warehouse').first().click();
    // A seeded workflow whose last run failed, expanded down to the failure message.
    const failed = tree.locator('.monaco-list-row', { hasText: 'ops-prod-pg-3' }).first();
    await failed.click();
    await page.waitForTimeout(1200);
    await tree.locator('.monaco-list-row', { hasText: 'Failed' }).first().locator('.monaco-tl-twistie').click();
    await page.waitForTimeout(1500);
    await shot(page, '#workbench\\.parts\\.sidebar', path.join(outDir, 'tree.png'));

    await page.keyboard.press('Control+P');
    await page.keyboard.type('analytics.atlan-postgres.json');
    await page.waitForTimeout(800);
    await page.keyboard.press('Enter');
    await page.waitForTimeout(2500);
    await shot(page, undefined, path.join(outDir, 'workbench.png'));

    const row = tree.locator('.monaco-list-row', { hasText: 'marketing-prod-pg-2' }).first();
    await row.hover();
    await row.locator('[aria-label="Rerun Workflow"]').click();
    await page.locator('.notifications-toasts').getByText(/marketing-prod-pg-2/).first().waitFor({ timeout: 15_000 });
    await page.waitForTimeout(3500);
    await shot(page, '.notifications-toasts', path.join(outDir, 'notification.png'));
  } finally {
    await browser.close();
    await server.stop();
    await tenant.stop();
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : String(err));
  process.exit(1);
});
