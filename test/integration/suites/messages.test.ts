import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { parseConfig } from '../../../src/core/config/parse';
import type { Services } from '../../../src/features/services';
import {
  browserCheck,
  demoConfigText,
  extensionServices,
  hasBrowserChecks,
  restorePrompts,
  sandbox,
  scriptPrompts,
  signInToFreshTenant,
  waitFor,
  writeWorkspaceConfig,
} from '../helpers';

/** The part of the form's test hook these tests use (typed here: the hook is the form's business). */
interface FormHook {
  waitFor(type: string, predicate?: (m: unknown) => boolean, since?: number, timeoutMs?: number): Promise<unknown>;
  webviewPanel: vscode.WebviewPanel;
}

/** A configuration file that VS Code's JSON validation and ours both flag: `extraction` is missing. */
const CONTROL = '{\n  "connectionName": "control",\n  "admins": { "roles": ["$admin"] }\n}\n';

/**
 * Opens a control file after the documents under test and waits until VS Code's own JSON
 * validation (schema from `jsonValidation`) has reported on it: documents opened before it have
 * been validated by then, so an absence of its problems on them means something. It validates
 * documents shown in editors only, so the control is shown beside the others, which stay open.
 */
async function afterJsonValidation(name: string): Promise<void> {
  const control = await writeWorkspaceConfig(`${name}-control-${Date.now()}`, CONTROL);
  await vscode.window.showTextDocument(control, { viewColumn: vscode.ViewColumn.Beside, preview: false, preserveFocus: true });
  await waitFor(
    () => vscode.languages.getDiagnostics(control).some((d) => d.source !== 'atlan'),
    30_000,
    "VS Code's JSON validation to report the control file's missing extraction",
  );
}

/** Problems of every open document of `scheme`. */
function problemsIn(scheme: string): string[] {
  return vscode.languages
    .getDiagnostics()
    .filter(([uri, diagnostics]) => uri.scheme === scheme && diagnostics.length > 0)
    .flatMap(([uri, diagnostics]) => diagnostics.map((d) => `${uri.toString()}: [${d.source}] ${d.message}`));
}

describe('One message each', () => {
  let services: Services;

  before(async () => {
    services = await extensionServices();
  });

  afterEach(async () => {
    restorePrompts(services);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('a secret written into a file is one problem, ours, not also a JSON-schema warning', async () => {
    const text = demoConfigText('one-message-secret', 'unused').replace(/"password": \{ "secret": "unused" \}/, '"password": "it-Literal-pw"');
    const uri = await writeWorkspaceConfig(`literal-${Date.now()}`, text);
    const editor = await vscode.window.showTextDocument(uri, { preview: false });
    await afterJsonValidation('literal');
    const at = editor.document.getText().indexOf('"it-Literal-pw"');
    const position = editor.document.positionAt(at + 1);
    const onPassword = vscode.languages.getDiagnostics(uri).filter((d) => d.range.contains(position));
    assert.deepEqual(
      onPassword.map((d) => [d.source, d.code]),
      [['atlan', 'literal-secret']],
      onPassword.map((d) => `[${d.source}] ${d.message}`).join('\n'),
    );
  });

  it('a never-firing cron is said once in the form, without the internal path schedule.cron', async function () {
    // test-electron (npm run test:desktop) offers no browser to look into.
    if (!hasBrowserChecks()) this.skip();
    const uri = await writeWorkspaceConfig(`cron-${Date.now()}`, demoConfigText('one-message-cron', 'unused', ['"schedule": { "cron": "0 0 30 2 *", "timezone": "UTC" }']));
    assert.deepEqual(
      parseConfig(new TextDecoder().decode(await vscode.workspace.fs.readFile(uri))).issues.map((i) => i.code),
      ['invalid-cron'],
      'the file should have exactly the one problem under test',
    );
    const form = await vscode.commands.executeCommand<FormHook | undefined>('atlan.editInForm', uri);
    assert.ok(form, 'atlan.editInForm returned no form (not in test mode?)');
    try {
      await form.waitFor('validation', undefined, 0, 30_000);
      const result = await browserCheck('form-issue-texts');
      assert.ok(result.ok, result.detail);
      const { issues, nextRuns } = JSON.parse(result.detail) as { issues: string[]; nextRuns: string[] };
      const shown = [...issues, ...nextRuns];
      assert.equal(shown.filter((t) => /never fires/i.test(t)).length, 1, `the problem is not said exactly once: ${JSON.stringify(shown)}`);
      assert.equal(shown.some((t) => t.includes('schedule.cron')), false, `the form names the internal path: ${JSON.stringify(shown)}`);
    } finally {
      form.webviewPanel.dispose();
    }
  });

  describe('Compare with Tenant', () => {
    before(async () => {
      await services.secrets.store('it-messages-pg', sandbox().postgres.password);
      await signInToFreshTenant(services, { surface: 'legacy', clockSpeed: 50 });
    });

    after(async () => {
      await services.session.signOut();
      await services.secrets.delete('it-messages-pg');
      await sandbox().admin.setSurfaces('both');
    });

    it('shows the differences without problems on either side: they are views, not configuration files', async () => {
      const uri = await writeWorkspaceConfig(`compare-${Date.now()}`, demoConfigText('it-messages-compare', 'it-messages-pg'));
      const prompts = scriptPrompts(services).answerMessage(undefined);
      const run = await vscode.commands.executeCommand<{ workflowName: string } | undefined>('atlan.submitConfiguration', uri);
      assert.ok(run, `the submit created nothing: ${JSON.stringify(prompts.messages)}`);
      await waitFor(() => prompts.messages.some((m) => /: run (Succeeded|Failed)/.test(m.text)), 30_000, 'the first run to end');

      await vscode.commands.executeCommand('atlan.compareWithTenant', uri);
      const sides = await waitFor(
        () => {
          const open = vscode.workspace.textDocuments.filter((d) => d.uri.scheme === 'atlan-drift');
          return open.length === 2 && open;
        },
        10_000,
        "the Compare view's two documents",
      );
      // Both sides leave out what the tenant keeps to itself: as configuration files they would have problems.
      const fileSide = sides.find((d) => d.uri.path.includes('/file/'));
      assert.ok(fileSide, sides.map((d) => d.uri.toString()).join());
      assert.ok(parseConfig(fileSide.getText()).issues.length > 0, 'the compared file side is a complete configuration: this test proves nothing');
      await afterJsonValidation('compare');
      assert.deepEqual(problemsIn('atlan-drift'), []);
    });
  });
});
