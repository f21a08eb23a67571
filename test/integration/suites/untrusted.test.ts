import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { Services } from '../../../src/features/services';
import { extensionServices, restorePrompts, sandbox, scriptPrompts, signInToSandbox, waitFor } from '../helpers';

/** Runs only in the runner's --untrusted pass, where the workspace is not trusted. */
describe('Untrusted workspace', () => {
  let services: Services;

  before(async function () {
    if (process.env.ATLAN_IT_UNTRUSTED !== '1') this.skip();
    services = await extensionServices();
    await sandbox().admin.reset();
    await sandbox().admin.setSurfaces('legacy');
    await sandbox().admin.seed({ workflows: 3, runsPerWorkflow: 2, surface: 'legacy' });
    await services.secrets.store('untrusted-pw', sandbox().postgres.password);
  });

  after(async () => {
    if (!services) return;
    restorePrompts(services);
    await services.session.signOut();
    await services.secrets.delete('untrusted-pw');
  });

  it('is really untrusted', () => {
    assert.equal(vscode.workspace.isTrusted, false);
  });

  it('still browses: sign in and list workflows', async () => {
    await signInToSandbox(services);
    await waitFor(() => services.store.workflows().length === 3, 10_000, 'the view to load');
  });

  it('refuses to submit, rerun or delete, explaining why, and sends no secret', async () => {
    const pg = sandbox().postgres;
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
    assert.ok(folder);
    const uri = vscode.Uri.joinPath(folder, 'untrusted.atlan-postgres.json');
    await vscode.workspace.fs.writeFile(
      uri,
      new TextEncoder().encode(
        JSON.stringify({
          connectionName: 'untrusted',
          admins: { roles: ['$admin'] },
          extraction: { method: 'direct', host: pg.host, port: pg.port, database: 'analytics', auth: { type: 'basic', username: pg.user, password: { secret: 'untrusted-pw' } } },
        }),
      ),
    );
    await sandbox().admin.clearRequests();
    const credentialsBefore = (await sandbox().admin.state()).credentials;
    const prompts = scriptPrompts(services).answerMessage(...Array<undefined>(6).fill(undefined));
    const name = services.store.workflows()[0].workflow.name;
    await vscode.commands.executeCommand('atlan.submitConfiguration', uri);
    await vscode.commands.executeCommand('atlan.rerunWorkflow', { workflowName: name });
    await vscode.commands.executeCommand('atlan.deleteWorkflow', { workflowName: name });
    const refusals = prompts.messages.filter((m) => m.kind === 'error');
    assert.equal(refusals.length, 3, JSON.stringify(prompts.messages));
    for (const r of refusals) assert.match(r.text, /this workspace is not trusted/);
    const writes = (await sandbox().admin.requests({ method: 'POST' })).filter((r) => !r.path.includes('indexsearch'));
    assert.deepEqual(writes, [], 'nothing but searches reached the tenant');
    const state = await sandbox().admin.state();
    assert.equal(state.credentials, credentialsBefore, 'no credential reached the tenant');
  });
});
