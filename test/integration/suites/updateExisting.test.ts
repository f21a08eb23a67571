import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { CrawlerRun } from '../../../src/core/atlan';
import { parseConfig } from '../../../src/core/config/parse';
import type { Services } from '../../../src/features/services';
import { demoConfigText, extensionServices, restorePrompts, sandbox, scriptPrompts, signInToFreshTenant, waitFor, writeWorkspaceConfig } from '../helpers';

async function recordedIn(uri: vscode.Uri): Promise<string | undefined> {
  return parseConfig(new TextDecoder().decode(await vscode.workspace.fs.readFile(uri))).config?.workflow;
}

/**
 * A copy of a submitted file (same connection name, no "workflow" recorded) submitted again:
 * "Update Existing" makes the copy record the workflow it updated, whether or not there was
 * anything to update, so the next Submit of it reruns instead of warning again.
 */
describe('Update Existing from a copied file', () => {
  let services: Services;

  before(async () => {
    services = await extensionServices();
  });

  beforeEach(async () => {
    await services.secrets.store('it-update-pg', sandbox().postgres.password);
    await signInToFreshTenant(services, { surface: 'legacy', clockSpeed: 50 });
  });

  afterEach(async () => {
    restorePrompts(services);
    await services.session.signOut();
    await services.secrets.delete('it-update-pg');
    await sandbox().admin.setSurfaces('both');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  /** Submits a new file and waits for its first run to end; returns the workflow's name and the file's text. */
  async function submitted(connection: string): Promise<{ workflow: string; text: string }> {
    const text = demoConfigText(connection, 'it-update-pg');
    const uri = await writeWorkspaceConfig(`${connection}-original`, text);
    const prompts = scriptPrompts(services).answerMessage(undefined);
    const run = await vscode.commands.executeCommand<CrawlerRun | undefined>('atlan.submitConfiguration', uri);
    assert.ok(run, `nothing was created: ${JSON.stringify(prompts.messages)}`);
    await waitFor(() => prompts.messages.some((m) => /: run (Succeeded|Failed)/.test(m.text)), 30_000, 'the first run to end');
    return { workflow: run.workflowName, text };
  }

  it('records the workflow in the copy when there is nothing to update', async () => {
    const { workflow, text } = await submitted('it-update-same');
    const copy = await writeWorkspaceConfig('it-update-same-copy', text);
    const prompts = scriptPrompts(services).answerMessage('Update Existing');
    await vscode.commands.executeCommand('atlan.submitConfiguration', copy);
    const said = await waitFor(() => prompts.messages.find((m) => /nothing to update/.test(m.text)), 15_000, 'the nothing-to-update message');
    assert.match(said.text, /now records it/);
    assert.equal(await recordedIn(copy), workflow);
    assert.equal((await sandbox().admin.state()).workflows, 1, 'a second workflow was created');
  });

  it('records the workflow in the copy after updating it', async () => {
    const { workflow, text } = await submitted('it-update-changed');
    const copy = await writeWorkspaceConfig('it-update-changed-copy', text.replace('"include": { "analytics": ["public", "sales"] }', '"include": { "analytics": ["public"] }'));
    const prompts = scriptPrompts(services).answerMessage('Update Existing', 'Update', undefined);
    await vscode.commands.executeCommand('atlan.submitConfiguration', copy);
    const said = await waitFor(() => prompts.messages.find((m) => /^Updated /.test(m.text)), 15_000, 'the update to be reported');
    assert.match(said.text, /now records it/);
    assert.equal(await recordedIn(copy), workflow);
    assert.equal((await sandbox().admin.state()).workflows, 1, 'a second workflow was created');
  });
});
