import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { TestApi } from '../../../src/extension';
import { demoConfigText, restorePrompts, scriptPrompts, testApi, waitFor, writeWorkspaceConfig } from '../helpers';

/**
 * The workspace's active profile (which profiles.<name> overrides apply): where it comes from,
 * as the status bar says, the way back from a workspace choice to the setting `atlan.profile`,
 * and the payload preview following it. The Plan view's refresh is in the Plan view suite (it
 * needs a tenant).
 */
describe('Profiles', () => {
  let api: TestApi;
  const written: vscode.Uri[] = [];

  before(async () => {
    api = await testApi();
    // Other suites may have left a choice for the workspace.
    await api.services.activeProfile.useSetting();
  });

  afterEach(async () => {
    restorePrompts(api.services);
    await api.services.activeProfile.useSetting();
    await vscode.workspace.getConfiguration('atlan').update('profile', undefined, vscode.ConfigurationTarget.Workspace);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    for (const uri of written.splice(0)) await vscode.workspace.fs.delete(uri);
  });

  const status = (): string => api.profileStatus.text;
  const tooltip = (): string => {
    const value = api.profileStatus.tooltip;
    return typeof value === 'string' ? value : (value?.value ?? '');
  };

  it('Select Profile offers the way back to the setting once a profile was chosen for the workspace; the status bar says where the profile comes from', async () => {
    await vscode.workspace.getConfiguration('atlan').update('profile', 'it-staging', vscode.ConfigurationTarget.Workspace);
    await waitFor(() => status() === '$(layers) it-staging (setting)', 10_000, () => `the status bar to show the setting's profile (it shows "${status()}")`);
    assert.equal(api.services.activeProfile.current(), 'it-staging');

    // Nothing chosen for the workspace yet: no way back to offer.
    let labels: string[] = [];
    const prompts = scriptPrompts(api.services).answerPick((items) => {
      labels = items.map((i) => i.label);
      return items.find((i) => i.label === 'No profile');
    });
    assert.equal(await vscode.commands.executeCommand<string | undefined>('atlan.selectProfile'), undefined, JSON.stringify(prompts.messages));
    assert.ok(!labels.includes('Use the Setting'), `offered before any choice: ${labels.join(', ')}`);
    assert.equal(api.services.activeProfile.current(), undefined, '"No profile" chosen over the setting');
    await waitFor(() => status() === '$(layers) No profile (workspace)', 10_000, () => `the status bar to show the workspace's choice (it shows "${status()}")`);
    assert.match(tooltip(), /chosen for this workspace \(the setting atlan\.profile says "it-staging"\)/);

    prompts.answerPick((items) => {
      labels = items.map((i) => i.label);
      return items.find((i) => i.label === 'Use the Setting');
    });
    assert.equal(await vscode.commands.executeCommand<string | undefined>('atlan.selectProfile'), 'it-staging', `offered: ${labels.join(', ')}`);
    assert.deepEqual(api.services.activeProfile.source(), { name: 'it-staging', from: 'setting' });
    await waitFor(() => status() === '$(layers) it-staging (setting)', 10_000, () => `the status bar to show the setting's profile again (it shows "${status()}")`);

    // The setting applies again, so its changes do too.
    await vscode.workspace.getConfiguration('atlan').update('profile', 'it-prod', vscode.ConfigurationTarget.Workspace);
    await waitFor(() => status() === '$(layers) it-prod (setting)', 10_000, () => `the status bar to follow the setting (it shows "${status()}")`);
    assert.equal(api.services.activeProfile.current(), 'it-prod');
  });

  it('the payload preview follows the active profile', async () => {
    const uri = await writeWorkspaceConfig('it-profiles-preview', demoConfigText('it-profiles-preview', 'it-profiles-pg', ['"profiles": { "it-prod": { "extraction": { "host": "db.it-prod.example" } } }']));
    written.push(uri);
    const previewUri = await vscode.commands.executeCommand<string>('atlan.previewPayload', uri);
    const document = await vscode.workspace.openTextDocument(vscode.Uri.parse(previewUri));
    assert.doesNotMatch(document.getText(), /db\.it-prod\.example/);
    await api.services.activeProfile.select('it-prod');
    await waitFor(() => document.getText().includes('db.it-prod.example'), 10_000, () => `the preview to show the it-prod overrides:\n${document.getText().slice(0, 400)}`);
    assert.match(document.getText(), /with the overrides of the profile "it-prod"/);
    await api.services.activeProfile.select(undefined);
    await waitFor(() => !document.getText().includes('db.it-prod.example'), 10_000, 'the preview to drop the it-prod overrides');
  });
});
