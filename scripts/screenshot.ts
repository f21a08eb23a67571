import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Frame, Page } from 'playwright-core';
import { launchBrowser, openWorkbench } from '../test/host/browser';
import { startSandboxEnvironment } from '../test/host/sandboxEnvironment';
import { checkSystemRequirements, ensureVsCodeHost } from '../test/host/vscodeHostInstall';
import { startVsCodeServer } from '../test/host/vscodeServer';
import { DEMO_SECRET_NAME, populateDemoTenant } from './demoTenant';

/**
 * Opens the real UI (VS Code host + headless Chromium) against a fresh sandbox tenant and saves
 * PNGs of the workflows tree, a configuration file in the editor, a run's progress notification
 * and the crawler form (checking that the form survives a window reload and runs without CSP
 * violations), for the README and for visual review.
 *
 *   npm run screenshot [-- --out DIR]
 */
const REPO = path.resolve(__dirname, '..', '..');

/** Runs a command from the palette; F1 is forwarded to the workbench even from a webview. */
async function runCommand(page: Page, title: string): Promise<void> {
  const palette = page.locator('.quick-input-widget');
  await page.keyboard.press('F1');
  if (!(await palette.waitFor({ state: 'visible', timeout: 3000 }).then(() => true, () => false))) {
    // Focus was somewhere that keeps F1 to itself: give it to the workbench and try once more.
    await page.locator('#workbench\\.parts\\.sidebar .title-label').first().click();
    await page.keyboard.press('F1');
    await palette.waitFor({ state: 'visible', timeout: 5000 });
  }
  await page.keyboard.type(title);
  await page.waitForTimeout(500);
  await page.keyboard.press('Enter');
  await palette.waitFor({ state: 'hidden', timeout: 5000 }).catch(() => undefined);
}

/** No toast from an earlier step (a run that failed meanwhile, a sign-in) over the next shot. */
async function clearNotifications(page: Page): Promise<void> {
  await runCommand(page, 'Notifications: Clear All Notifications');
  await page.locator('.notifications-toasts .notification-toast').first().waitFor({ state: 'hidden', timeout: 5000 }).catch(() => undefined);
  await page.waitForTimeout(300);
}

async function shot(page: Page, locator: string | undefined, file: string): Promise<void> {
  if (locator) await page.locator(locator).first().screenshot({ path: file });
  else await page.screenshot({ path: file });
  console.log(`Saved ${file}`);
}

async function main(): Promise<void> {
  const outIndex = process.argv.indexOf('--out');
  const outDir = path.resolve(outIndex > 0 ? process.argv[outIndex + 1] : path.join(REPO, 'media', 'screenshots'));
  fs.mkdirSync(outDir, { recursive: true });
  checkSystemRequirements();
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
    const problems: string[] = [];
    const { page } = await openWorkbench(browser, server.workbenchUrl(workspace, [['extensionDevelopmentPath', server.remoteUri(REPO)]]), (line) => {
      // The crawler form's webview must run without CSP violations or script errors.
      if (/Content Security Policy|Refused to|form\.js|webview/i.test(line) && !/Service Worker/.test(line)) problems.push(line);
    });
    try {
      await page.locator('.activitybar').waitFor({ timeout: 30_000 });
      await page.waitForTimeout(3000);
      await page.locator('.activitybar [aria-label^="Atlan"]').first().click();
      const tree = page.locator('#workbench\\.parts\\.sidebar');
      // The Plan view shares the sidebar: folded until its own scene, so the workflows have the height.
      await setPane(page, 'Plan', false);
      await tree.getByText('analytics-warehouse').first().waitFor({ timeout: 30_000 });
      await tree.getByText('analytics-warehouse').first().click();
      // A seeded workflow whose last run failed, expanded down to the failure message.
      const failed = tree.locator('.monaco-list-row', { hasText: 'ops-prod-pg-3' }).first();
      await failed.click();
      await page.waitForTimeout(1200);
      await tree.locator('.monaco-list-row', { hasText: 'Failed' }).first().locator('.monaco-tl-twistie').click();
      await page.waitForTimeout(1500);
      await clearNotifications(page);
      await shot(page, '#workbench\\.parts\\.sidebar', path.join(outDir, 'tree.png'));

      await page.keyboard.press('Control+P');
      await page.keyboard.type('analytics.atlan-postgres.json');
      await page.waitForTimeout(800);
      await page.keyboard.press('Enter');
      await page.waitForTimeout(2500);
      await clearNotifications(page);
      await shot(page, undefined, path.join(outDir, 'workbench.png'));

      await clearNotifications(page);
      const row = tree.locator('.monaco-list-row', { hasText: 'marketing-prod-pg-2' }).first();
      await row.hover();
      await row.locator('[aria-label="Rerun Workflow"]').click();
      await page.locator('.notifications-toasts').getByText(/marketing-prod-pg-2/).first().waitFor({ timeout: 15_000 });
      await page.waitForTimeout(3500);
      await shot(page, '.notifications-toasts', path.join(outDir, 'notification.png'));
      await catalogAndPlanScene(page, outDir);
      await formScene(page, workspace, outDir, problems);
    } catch (error) {
      // What the page showed when a step gave up: the quickest way to see why.
      await page.screenshot({ path: path.join(outDir, 'failure.png') }).catch(() => undefined);
      throw new Error(`${error instanceof Error ? error.message : String(error)}\n(the page at that moment: ${path.join(outDir, 'failure.png')})`);
    }
  } finally {
    await browser.close();
    await server.stop();
    await tenant.stop();
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}

/**
 * What a crawl put in Atlan's catalog (the Catalog node of analytics-warehouse, whose demo run
 * crawled the demo Postgres, opened down to a database's schemas), then the Plan view of the demo
 * workspace: catalog.png and plan.png.
 */
async function catalogAndPlanScene(page: Page, outDir: string): Promise<void> {
  const sidebar = page.locator('#workbench\\.parts\\.sidebar');
  const rowOf = (text: string | RegExp) => sidebar.locator('.monaco-list-row', { hasText: text }).first();
  const expand = async (text: string | RegExp) => {
    const row = rowOf(text);
    await row.waitFor({ timeout: 30_000 });
    if ((await row.getAttribute('aria-expanded')) !== 'true') await row.locator('.monaco-tl-twistie').click();
  };
  await clearNotifications(page);
  await expand('analytics-warehouse');
  await expand(/^Catalog/);
  // The demo crawl catalogued the analytics database of the demo Postgres: down to the tables of sales.
  await expand(/^analytics\s*\d+ schemas?/);
  await expand(/^sales\s*\d+ tables?/);
  await rowOf(/^customers/).waitFor({ timeout: 30_000 });
  await page.waitForTimeout(800);
  await shot(page, '#workbench\\.parts\\.sidebar', path.join(outDir, 'catalog.png'));

  await setPane(page, 'Postgres Workflows', false);
  await setPane(page, 'Plan', true);
  await page.waitForTimeout(500);
  await runCommand(page, 'Atlan: Plan Workspace');
  await sidebar.locator('.monaco-list-row', { hasText: /^(Create|Update|Adopt|Unchanged|Conflict|Unmanaged) \(\d+\)/ }).first().waitFor({ timeout: 60_000 });
  await page.waitForTimeout(1500);
  await clearNotifications(page);
  await shot(page, '#workbench\\.parts\\.sidebar', path.join(outDir, 'plan.png'));
}

/** Opens or folds a view of the sidebar by its header. */
async function setPane(page: Page, title: string, open: boolean): Promise<void> {
  const header = page
    .locator('#workbench\\.parts\\.sidebar .pane-header')
    .filter({ has: page.locator('.title', { hasText: new RegExp(`^${title}$`, 'i') }) })
    .first();
  await header.waitFor({ timeout: 10_000 });
  // The title, not the header's middle, where the view's actions and description sit.
  if (((await header.getAttribute('aria-expanded')) === 'true') !== open) await header.locator('.title').first().click();
}

/** The crawler form's webview frame, once it has rendered. */
async function formFrame(page: Page): Promise<Frame> {
  for (let i = 0; i < 300; i++) {
    for (const frame of page.frames()) {
      if (await frame.locator('#connection-name').count().catch(() => 0)) return frame;
    }
    await page.waitForTimeout(200);
  }
  throw new Error('the crawler form did not render');
}

/**
 * Opens a configuration file (warehouse-prod.atlan-postgres.json) in the crawler form, so the
 * form's header (the file) and its tab (the connection) name the same crawler, edits it in the
 * real form, saves media/screenshots/form.png and form-schedule.png, then reloads the window and
 * checks that the unsaved edit is back (webview state + panel serializer). Fails on any CSP
 * violation or script error in the page.
 */
async function formScene(page: Page, workspace: string, outDir: string, problems: string[]): Promise<void> {
  const file = 'warehouse-prod.atlan-postgres.json';
  fs.writeFileSync(
    path.join(workspace, file),
    `{
  "connectionName": "warehouse-prod",
  "admins": { "roles": ["$admin"] },
  "extraction": {
    "method": "direct",
    "host": "warehouse.internal",
    "port": 5432,
    "database": "analytics",
    "auth": { "type": "basic", "username": "crawler", "password": { "secret": "${DEMO_SECRET_NAME}" } }
  },
  "include": { "analytics": ["public", "sales"] }
}
`,
  );
  await page.keyboard.press('Control+P');
  await page.keyboard.type(file);
  await page.waitForTimeout(800);
  await page.keyboard.press('Enter');
  await page.locator('.tab', { hasText: file }).first().waitFor({ timeout: 15_000 });
  await page.waitForTimeout(1000);
  await runCommand(page, 'Atlan: Edit in Form');
  let frame = await formFrame(page);
  const type = async (id: string, text: string) => {
    await frame.locator(`#${id} input`).fill(text);
  };
  // An unsaved edit, checked again after the reload.
  await type('extraction-host', 'db.internal');
  await frame.locator('#schedule-enabled').click();
  await page.waitForTimeout(1000);
  // From the include / exclude pickers (the file's schemas as chips) down to the schedule.
  await frame.locator('fieldset', { hasText: 'Include' }).first().evaluate('(fieldset) => fieldset.scrollIntoView({ block: "start" })');
  await page.waitForTimeout(500);
  await clearNotifications(page);
  const schedule = path.join(outDir, 'form-schedule.png');
  await page.screenshot({ path: schedule });
  await frame.locator('h1').scrollIntoViewIfNeeded();
  await page.waitForTimeout(500);
  await clearNotifications(page);
  const header = (await frame.locator('h1 .file').innerText()).trim();
  const tabTitle = (await page.locator('.tab.active').first().innerText()).trim();
  if (header !== file || !tabTitle.includes('warehouse-prod')) problems.push(`the form's header says "${header}" while its tab says "${tabTitle}"`);
  const shot = path.join(outDir, 'form.png');
  await page.screenshot({ path: shot });
  console.log(`Saved ${shot}\nSaved ${schedule}`);

  // The web workbench saves its editor state asynchronously: give it time before reloading.
  await page.waitForTimeout(3000);
  await page.reload();
  await page.locator('.activitybar').waitFor({ timeout: 30_000 });
  const tab = await page.locator('.tab', { hasText: 'Crawler:' }).first().waitFor({ timeout: 20_000 }).then(() => true, () => false);
  if (!tab) throw new Error('after the reload the workbench shows no crawler form tab at all (it did not keep the editor)');
  frame = await formFrame(page);
  await page.waitForTimeout(1000);
  const restored = await frame.locator('#extraction-host input').inputValue();
  if (restored !== 'db.internal') problems.push(`after a window reload the form shows host "${restored}", not what was typed`);
  else console.log('The form came back after a window reload with what was typed.');
  if (problems.length > 0) throw new Error(`crawler form problems:\n${problems.join('\n')}`);
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : String(err));
  process.exit(1);
});
