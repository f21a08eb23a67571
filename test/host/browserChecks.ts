import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Frame, Page } from 'playwright-core';
import { runFormSteps, type FormStep } from './formSteps';

/**
 * Checks only the browser can make, asked for by a suite inside the extension host while it
 * runs: the suite writes `<id>.request.json` into a shared folder, the runner answers with
 * `<id>.result.json`. Used to prove in the real browser that the form's CSP blocks inline script.
 */
export const BROWSER_CHECKS_ENV = 'ATLAN_IT_BROWSER_CHECKS';

type Check = (page: Page, args: Record<string, unknown>) => Promise<{ ok: boolean; detail: string }>;

async function frameWith(page: Page, selector: string, timeoutMs = 15_000): Promise<Frame> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    for (const frame of page.frames()) {
      if (await frame.locator(selector).count().catch(() => 0)) return frame;
    }
    await page.waitForTimeout(100);
  }
  throw new Error(`no frame shows ${selector} (${page.frames().length} frames)`);
}

const CHECKS: Record<string, Check> = {
  /** The problems the open crawler form shows (once it shows any), and its next-runs line, as the user reads them. */
  async 'form-issue-texts'(page) {
    const frame = await frameWith(page, '#connection-name');
    await frame.locator('.issue').first().waitFor({ timeout: 15_000 });
    const issues = (await frame.locator('.issue').allInnerTexts()).map((t) => t.trim());
    const nextRuns = (await frame.locator('.next-runs').allInnerTexts()).map((t) => t.trim());
    return { ok: true, detail: JSON.stringify({ issues, nextRuns }) };
  },
  /** An inline script added to the crawler form's document must not run, and must be reported as a CSP violation. */
  async 'form-inline-script-blocked'(page) {
    const frame = await frameWith(page, '#connection-name');
    // Runs in the webview's document (as a string: this project's Node typings have no DOM).
    const outcome = await frame.evaluate<{ ran: boolean; violation: string }>(`(async () => {
      let violation = '';
      document.addEventListener('securitypolicyviolation', (e) => { violation = e.violatedDirective + ' blocked ' + (e.blockedURI || 'inline'); }, { once: true });
      const script = document.createElement('script');
      script.textContent = 'window.__atlanInlineRan = true;';
      document.body.appendChild(script);
      await new Promise((r) => setTimeout(r, 300));
      return { ran: window.__atlanInlineRan === true, violation };
    })()`);
    return { ok: !outcome.ran && outcome.violation !== '', detail: JSON.stringify(outcome) };
  },
  /** Clicks and types through the open crawler form; the detail is what its pickers showed (FormStepsResult). */
  async 'form-steps'(page, args) {
    const { steps } = args as unknown as { steps: FormStep[] };
    const frame = await frameWith(page, '#connection-name');
    return { ok: true, detail: JSON.stringify(await runFormSteps(frame, steps)) };
  },

  /** The crawler form rendered: its script ran (the vscode-elements it defines exist) and its stylesheet applied. */
  async 'form-rendered'(page) {
    const frame = await frameWith(page, '#connection-name', 30_000);
    const outcome = await frame.evaluate<{ elements: boolean; styleSheets: number; text: string }>(`(() => ({
      elements: customElements.get('vscode-textfield') !== undefined && customElements.get('vscode-button') !== undefined,
      styleSheets: [...document.styleSheets].filter((s) => (s.href || '').includes('form.styles.css')).length,
      text: (document.querySelector('#app')?.textContent || '').slice(0, 80),
    }))()`);
    return { ok: outcome.elements && outcome.styleSheets === 1, detail: JSON.stringify(outcome) };
  },

  /** The Postgres Workflows view's rows show every name in `args.labels` (the view must be open). */
  async 'workflows-view-rows'(page, args) {
    const expected = Array.isArray(args.labels) ? args.labels.map(String) : [];
    const read = (): Promise<string[]> =>
      page.evaluate<string[]>(`(() => {
        const out = [];
        for (const pane of document.querySelectorAll('.pane')) {
          if (!(pane.querySelector('.pane-header')?.textContent || '').includes('Postgres Workflows')) continue;
          for (const row of pane.querySelectorAll('.monaco-list-row')) out.push(row.textContent || '');
        }
        return out;
      })()`);
    const deadline = Date.now() + 15_000;
    let rows: string[] = [];
    while (Date.now() < deadline) {
      rows = await read();
      if (expected.length > 0 && expected.every((label) => rows.some((r) => r.includes(label)))) return { ok: true, detail: JSON.stringify(rows) };
      await page.waitForTimeout(250);
    }
    return { ok: false, detail: `rows ${JSON.stringify(rows)}, expected ${JSON.stringify(expected)}` };
  },
};

/** Answers requests until `stop` resolves. */
export async function serveBrowserChecks(page: Page, dir: string, stop: Promise<unknown>): Promise<void> {
  let done = false;
  void stop.finally(() => (done = true));
  while (!done) {
    for (const file of fs.existsSync(dir) ? fs.readdirSync(dir) : []) {
      if (!file.endsWith('.request.json')) continue;
      const request = path.join(dir, file);
      const { check, args } = JSON.parse(fs.readFileSync(request, 'utf8')) as { check: string; args?: Record<string, unknown> };
      fs.rmSync(request);
      let result: { ok: boolean; detail: string };
      try {
        const run = CHECKS[check];
        result = run ? await run(page, args ?? {}) : { ok: false, detail: `unknown browser check ${check}` };
      } catch (err) {
        result = { ok: false, detail: err instanceof Error ? err.message : String(err) };
      }
      // Aside, then renamed: the test polls for the file and must never read half of it.
      const resultFile = request.replace(/\.request\.json$/, '.result.json');
      fs.writeFileSync(`${resultFile}.partial`, JSON.stringify(result));
      fs.renameSync(`${resultFile}.partial`, resultFile);
    }
    await page.waitForTimeout(100).catch(() => undefined);
  }
}
