import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { Services } from '../../../src/features/services';
import { browserCheck, hasBrowserChecks, extensionServices, restorePrompts, sandbox, scriptPrompts, signInToSandbox, waitFor } from '../helpers';

interface Canaries {
  password: string;
  awsSecretKey: string;
  externalId: string;
}

/**
 * Canary secrets through a full session: the runner's sandbox token is itself a canary, and this
 * suite sends a canary password, AWS secret key and external id through submit, failure paths,
 * preview and the form. Here we check what the user sees; the runner then checks every file the
 * host wrote (settings, logs, output channel, state) for all four.
 */
describe('Security: canary secrets', () => {
  let services: Services;
  const canaries = JSON.parse(process.env.ATLAN_IT_CANARIES ?? '{}') as Canaries;
  const all = (): string[] => [canaries.password, canaries.awsSecretKey, canaries.externalId, sandbox().apiToken];

  async function config(name: string, auth: string): Promise<vscode.Uri> {
    const pg = sandbox().postgres;
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
    assert.ok(folder);
    const uri = vscode.Uri.joinPath(folder, `${name}.atlan-postgres.json`);
    const text = `{
  "connectionName": "${name}",
  "admins": { "roles": ["$admin"] },
  "extraction": { "method": "direct", "host": "${pg.host}", "port": ${pg.port}, "database": "analytics", "auth": ${auth} }
}
`;
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));
    return uri;
  }

  before(async function () {
    if (!canaries.password) this.skip();
    services = await extensionServices();
    await sandbox().admin.reset();
    await sandbox().admin.setSurfaces('legacy');
    await services.secrets.store('canary-pw', canaries.password);
    await services.secrets.store('canary-aws', canaries.awsSecretKey);
    await services.secrets.store('canary-ext', canaries.externalId);
  });

  after(async () => {
    if (!services) return;
    restorePrompts(services);
    await services.session.signOut();
    for (const name of ['canary-pw', 'canary-aws', 'canary-ext']) await services.secrets.delete(name);
    await sandbox().admin.setSurfaces('both');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('a rejected token never appears in the error', async () => {
    const wrong = `${sandbox().apiToken}-wrong`;
    const prompts = scriptPrompts(services).answerInput(sandbox().url, wrong).answerMessage(undefined);
    await vscode.commands.executeCommand('atlan.signIn');
    const text = JSON.stringify(prompts.messages);
    assert.match(text, /rejected/);
    assert.equal(text.includes(wrong), false);
    assert.equal(text.includes(sandbox().apiToken), false);
  });

  it('a wrong database password fails the run with a reason that does not contain it', async () => {
    await signInToSandbox(services);
    const uri = await config('canary-basic', '{ "type": "basic", "username": "postgres", "password": { "secret": "canary-pw" } }');
    const prompts = scriptPrompts(services).answerMessage(undefined, undefined);
    await vscode.commands.executeCommand('atlan.submitConfiguration', uri);
    const outcome = await waitFor(() => prompts.messages.find((m) => /: run (Succeeded|Failed)/.test(m.text)), 30_000, 'the outcome');
    assert.match(outcome.text, /run Failed/);
    assert.match(outcome.text, /password authentication failed/);
    for (const c of all()) assert.equal(JSON.stringify(prompts.messages).includes(c), false);
    const file = new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
    assert.equal(file.includes(canaries.password), false, 'the file holds a reference only');
  });

  it('AWS secret key and external id go to the tenant only inside the credential, never back', async () => {
    await signInToSandbox(services);
    const iamUser = await config('canary-iam-user', '{ "type": "iam_user", "username": "postgres", "accessKey": "AKIAEXAMPLE", "secretKey": { "secret": "canary-aws" } }');
    const iamRole = await config('canary-iam-role', '{ "type": "iam_role", "username": "postgres", "roleArn": "arn:aws:iam::123456789012:role/crawler", "externalId": { "secret": "canary-ext" } }');
    const prompts = scriptPrompts(services).answerMessage(undefined, undefined, undefined, undefined);
    for (const uri of [iamUser, iamRole]) await vscode.commands.executeCommand('atlan.submitConfiguration', uri);
    await waitFor(() => prompts.messages.filter((m) => /: run (Succeeded|Failed)/.test(m.text)).length >= 2, 30_000, 'both outcomes');
    const preview = await vscode.commands.executeCommand<string>('atlan.previewPayload', iamUser);
    assert.ok(preview, 'the preview command returned no document');
    // Read the preview itself: an empty text would make the checks below pass on nothing.
    const previewText = (await vscode.workspace.openTextDocument(vscode.Uri.parse(preview))).getText();
    assert.match(previewText, /<redacted>/, 'the preview shows the credential, its secret redacted');
    for (const c of all()) {
      assert.equal(JSON.stringify(prompts.messages).includes(c), false, 'no canary in any message');
      assert.equal(previewText.includes(c), false, 'no canary in the payload preview');
    }
  });

  it('a secret typed in the form goes to secret storage, never into webview state or back to the webview', async () => {
    const form = await vscode.commands.executeCommand<{
      receive(m: unknown): Promise<void>;
      state: unknown;
      posted: readonly unknown[];
      webviewPanel: vscode.WebviewPanel;
    }>('atlan.newCrawler');
    assert.ok(form);
    await form.receive({ type: 'storeSecret', field: 'password', name: 'canary-form', value: canaries.password });
    await waitFor(async () => (await services.secrets.get('canary-form')) === canaries.password, 5_000, 'the secret to be stored');
    assert.equal(JSON.stringify(form.state).includes(canaries.password), false);
    assert.equal(JSON.stringify(form.posted).includes(canaries.password), false);
    form.webviewPanel.dispose();
    await services.secrets.delete('canary-form');
  });

  it("the form's Content-Security-Policy blocks inline script in the real browser", async function () {
    // test-electron (npm run test:desktop) offers no browser to look into.
    if (!hasBrowserChecks()) this.skip();
    const form = await vscode.commands.executeCommand<{ webviewPanel: vscode.WebviewPanel }>('atlan.newCrawler');
    assert.ok(form);
    const result = await browserCheck('form-inline-script-blocked');
    form.webviewPanel.dispose();
    assert.ok(result.ok, `an inline script ran or was not reported as a CSP violation: ${result.detail}`);
  });
});
