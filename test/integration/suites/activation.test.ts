import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';

const EXTENSION_ID = 'atlan-community.atlan-postgres-workflows';

describe('Activation', () => {
  it('runs inside a real VS Code extension host', () => {
    assert.match(vscode.version, /^1\.\d+\.\d+/);
  });

  it('activates and registers its commands', async () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension, `${EXTENSION_ID} is not loaded`);
    await extension.activate();
    assert.equal(extension.isActive, true);
    // The .vsix run must exercise the installed package, not the repository.
    if (process.env.ATLAN_IT_EXPECT_INSTALLED === '1') assert.match(extension.extensionPath, /\/extensions\/atlan-community\.atlan-postgres-workflows-/);
    const commands = await vscode.commands.getCommands(true);
    for (const id of ['atlan.signIn', 'atlan.signOut', 'atlan.switchProfile', 'atlan.refresh', 'atlan.filter', 'atlan.showOutput']) {
      assert.ok(commands.includes(id), `command ${id} is not registered`);
    }
  });
});
