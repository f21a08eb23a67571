import * as assert from 'node:assert/strict';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as vscode from 'vscode';
import type { Services } from '../../../src/features/services';
import { demoConfigText, extensionServices, restorePrompts, sandbox, scriptPrompts, waitFor, writeWorkspaceConfig } from '../helpers';

interface Trapped {
  method: string;
  url: string;
  authorization: boolean;
}

/**
 * A cloned repository must not be able to send the user's token somewhere else. The workspace's
 * .vscode/settings.json points the profiles, the active profile and the HTTP proxy at a second
 * loopback listener (the "trap"), and a configuration file carries profile / base URL keys that
 * point there too. Through sign-in, refresh, switch profile and submit the trap must receive
 * nothing while the real tenant keeps receiving the requests.
 */
describe('Security: workspace settings and config files cannot redirect the token', function () {
  this.timeout(90_000);
  let services: Services;
  let trap: http.Server;
  let trapUrl: string;
  const trapped: Trapped[] = [];
  const folder = (): vscode.Uri => {
    const uri = vscode.workspace.workspaceFolders?.[0]?.uri;
    assert.ok(uri, 'the test workspace is not open');
    return uri;
  };
  const settingsFile = (): vscode.Uri => vscode.Uri.joinPath(folder(), '.vscode', 'settings.json');
  const configFiles: vscode.Uri[] = [];
  const pageSize = (): number | undefined => vscode.workspace.getConfiguration('atlan').get<number>('tree.pageSize');

  async function writeConfig(name: string, text: string): Promise<vscode.Uri> {
    const uri = await writeWorkspaceConfig(name, text);
    configFiles.push(uri);
    return uri;
  }

  before(async () => {
    services = await extensionServices();
    await services.session.signOut();
    await sandbox().admin.reset();
    await sandbox().admin.setSurfaces('legacy');
    await sandbox().admin.seed({ workflows: 2, runsPerWorkflow: 1, surface: 'legacy' });
    await services.secrets.store('redirect-pw', sandbox().postgres.password);
    trap = http.createServer((req, res) => {
      // Only whether a token came along is kept: the trap itself must not write secrets anywhere.
      trapped.push({ method: req.method ?? '', url: req.url ?? '', authorization: req.headers.authorization !== undefined });
      req.resume();
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
    await new Promise<void>((resolve) => trap.listen(0, '127.0.0.1', resolve));
    trapUrl = `http://127.0.0.1:${(trap.address() as AddressInfo).port}`;
    const settings = {
      // A window-scoped setting a workspace may set: tells us VS Code has read the file.
      'atlan.tree.pageSize': 7,
      'atlan.profiles': [
        { name: 'sandbox', baseUrl: trapUrl },
        { name: 'redirect', baseUrl: trapUrl, surface: 'workflows' },
      ],
      'atlan.activeProfile': 'redirect',
      'atlan.http.extraCaCertificates': [],
      'http.proxy': trapUrl,
      'http.noProxy': [],
      'http.proxySupport': 'override',
      'http.proxyStrictSSL': false,
    };
    await vscode.workspace.fs.writeFile(settingsFile(), new TextEncoder().encode(JSON.stringify(settings, null, 2)));
    await waitFor(() => pageSize() === 7, 15_000, 'VS Code to read the workspace settings');
  });

  after(async () => {
    if (!services) return;
    restorePrompts(services);
    await services.session.signOut();
    await services.secrets.delete('redirect-pw');
    for (const uri of [...configFiles, settingsFile()]) await vscode.workspace.fs.delete(uri).then(undefined, () => undefined);
    await waitFor(() => pageSize() !== 7, 15_000, 'VS Code to drop the workspace settings').catch(() => undefined);
    await new Promise<void>((resolve) => trap.close(() => resolve()));
    await sandbox().admin.setSurfaces('both');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('the workspace cannot add or select a profile', () => {
    const { profiles } = services.profiles.list();
    assert.equal(
      profiles.some((p) => p.baseUrl.startsWith(trapUrl)),
      false,
      JSON.stringify(profiles),
    );
    assert.notEqual(services.profiles.active()?.name, 'redirect');
  });

  it('sign-in, refresh and switch profile talk to the tenant only', async () => {
    const offered: string[] = [];
    const prompts = scriptPrompts(services)
      .answerInput(sandbox().url, sandbox().apiToken)
      .answerPick((items) => {
        offered.push(...items.map((i) => `${i.label} ${i.description ?? ''}`));
        // Switching to the profile already in use reads the profiles once more.
        return items.find((i) => i.label.endsWith(' sandbox'));
      });
    await sandbox().admin.clearRequests();
    await vscode.commands.executeCommand('atlan.signIn');
    assert.match(prompts.last('info') ?? JSON.stringify(prompts.messages), /Signed in to 127\.0\.0\.1/);
    const state = services.session.state;
    assert.equal(state.kind, 'signedIn');
    assert.equal(state.kind === 'signedIn' && state.profile.baseUrl, sandbox().url);
    await vscode.commands.executeCommand('atlan.refresh');
    await waitFor(() => services.store.workflows().length === 2, 15_000, 'the view to list the seeded workflows');
    await vscode.commands.executeCommand('atlan.switchProfile');
    assert.ok(offered.length > 0, 'switch profile offered nothing');
    assert.equal(offered.some((o) => o.includes(trapUrl)), false, `switch profile offered the workspace's URL: ${offered.join(' | ')}`);
    assert.ok((await sandbox().admin.requests()).length > 0, 'the tenant received nothing');
    assert.deepEqual(trapped, [], 'the trap received requests');
  });

  it('a config file naming another profile or base URL is refused, and a valid one is submitted to the tenant only', async () => {
    const redirecting = await writeConfig(
      'redirect-keys',
      demoConfigText('redirect-keys', 'redirect-pw', [`"profile": "redirect"`, `"baseUrl": "${trapUrl}"`, `"tenantUrl": "${trapUrl}"`]),
    );
    const valid = await writeConfig('redirect-valid', demoConfigText('redirect-valid', 'redirect-pw'));
    const prompts = scriptPrompts(services);
    await sandbox().admin.clearRequests();
    await vscode.commands.executeCommand('atlan.submitConfiguration', redirecting);
    const refusal = prompts.messages.find((m) => m.kind === 'error');
    assert.ok(refusal, `the redirecting file was not refused: ${JSON.stringify(prompts.messages)}`);
    assert.equal(
      (await sandbox().admin.requests({ method: 'POST' })).some((r) => !r.path.includes('indexsearch')),
      false,
      'the refused file still wrote to the tenant',
    );
    await vscode.commands.executeCommand('atlan.submitConfiguration', valid);
    const outcome = await waitFor(() => prompts.messages.find((m) => /: run (Succeeded|Failed)/.test(m.text)), 45_000, 'the run outcome');
    assert.match(outcome.text, /run Succeeded/);
    const writes = (await sandbox().admin.requests({ method: 'POST' })).filter((r) => !r.path.includes('indexsearch'));
    assert.ok(writes.length > 0, 'the submit never reached the tenant');
    assert.deepEqual(trapped, [], 'the trap received requests');
  });
});
