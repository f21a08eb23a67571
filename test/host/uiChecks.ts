import type { Page } from 'playwright-core';

/**
 * Checks of what the user sees, made on the workbench page itself once the extension-host suites
 * have run: things the `vscode` API cannot observe, such as welcome content.
 */
interface UiCheck {
  name: string;
  run(page: Page): Promise<void>;
}

const checks: UiCheck[] = [
  {
    name: 'the Postgres Workflows view shows the signed-out welcome content',
    async run(page) {
      const view = page.locator('.pane', { hasText: 'Postgres Workflows' }).first();
      // The icon toggles the side bar: click it only when the view is not showing already (a suite may have opened it).
      if (!(await view.isVisible())) await page.locator('.activitybar [aria-label^="Atlan"]').first().click();
      await view.getByText('Sign in to an Atlan tenant').waitFor({ timeout: 15_000 });
      await view.getByRole('button', { name: 'Sign In' }).waitFor({ timeout: 5_000 });
    },
  },
];

/** Runs every check, prints each outcome, returns the number of failures. */
export async function runUiChecks(page: Page, print: (line: string) => void): Promise<number> {
  let failures = 0;
  for (const check of checks) {
    try {
      await check.run(page);
      print(`  ✓ UI: ${check.name}`);
    } catch (err) {
      failures++;
      print(`  ✗ UI: ${check.name}\n      ${err instanceof Error ? err.message.split('\n')[0] : String(err)}`);
    }
  }
  return failures;
}
