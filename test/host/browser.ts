import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

/** Flags that keep Chromium headless, offline and from calling home (see the offline note). */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-default-apps',
  '--no-first-run',
  '--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1',
];

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_ARGS });
}

/**
 * Chromium with its profile in `profileDir` instead of a hidden throwaway folder: the web
 * workbench keeps webview and extension state there (IndexedDB, local storage, caches), so the
 * canary scan can search it after the browser has closed.
 */
export async function launchPersistentBrowser(profileDir: string): Promise<BrowserContext> {
  return chromium.launchPersistentContext(profileDir, { executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_ARGS });
}

export interface WorkbenchPage {
  page: Page;
  /** Resolves with the exit code the workbench reports when the test module ends. */
  exitCode: Promise<number>;
}

/** Opens the workbench; `codeAutomationExit` is how the workbench reports the tests' exit code. */
export async function openWorkbench(
  browser: Browser | BrowserContext,
  url: string,
  log: (line: string) => void,
  viewport = { width: 1400, height: 900 },
): Promise<WorkbenchPage> {
  const page = await browser.newPage();
  await page.setViewportSize(viewport);
  let resolveExit: (code: number) => void = () => undefined;
  const exitCode = new Promise<number>((resolve) => (resolveExit = resolve));
  await page.exposeFunction('codeAutomationExit', (code: number) => {
    resolveExit(code);
  });
  page.on('console', (msg) => {
    const text = msg.text();
    if (msg.type() === 'error' || text.includes('[Extension Host]')) log(`[page ${msg.type()}] ${text}`);
  });
  page.on('pageerror', (err) => log(`[page error] ${err.message}`));
  await page.goto(url);
  return { page, exitCode };
}
