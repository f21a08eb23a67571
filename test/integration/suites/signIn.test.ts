import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { Services } from '../../../src/features/services';
import { extensionServices, restorePrompts, sandbox, scriptPrompts } from '../helpers';

describe('Sign in', () => {
  let services: Services;

  before(async () => {
    services = await extensionServices();
    await sandbox().admin.reset();
    await sandbox().admin.setSurfaces('legacy');
  });

  after(async () => {
    await sandbox().admin.setSurfaces('both');
  });

  afterEach(async () => {
    restorePrompts(services);
    await services.session.signOut();
  });

  it('refuses a bad token with the tenant\'s reason and saves nothing', async () => {
    const { url } = sandbox();
    const prompts = scriptPrompts(services).answerInput(url, 'not-a-real-token').answerMessage(undefined);
    const ok = await vscode.commands.executeCommand<boolean>('atlan.signIn');
    assert.equal(ok, false);
    assert.match(prompts.last('error') ?? '', /Could not sign in: The API token was rejected by http:\/\/127\.0\.0\.1:\d+: sign in again\./);
    assert.equal(services.session.state.kind, 'signedOut');
    const saved = services.profiles.list().profiles.find((p) => p.baseUrl === url);
    assert.equal(saved && (await services.profiles.token(saved)), undefined);
  });

  it('keeps what the user typed when they try again', async () => {
    const { url, apiToken } = sandbox();
    const prompts = scriptPrompts(services).answerInput(url, 'wrong-token').answerMessage('Try Again').answerInput(url, apiToken);
    const ok = await vscode.commands.executeCommand<boolean>('atlan.signIn');
    assert.equal(ok, true);
    assert.deepEqual(prompts.asked, ['Sign in to Atlan (1/2): tenant URL', 'Sign in to Atlan (2/2): API token', 'Sign in to Atlan (1/2): tenant URL', 'Sign in to Atlan (2/2): API token']);
  });

  it('checks a good token with whoami, names the user, keeps the token out of settings', async () => {
    const { url, apiToken } = sandbox();
    const prompts = scriptPrompts(services).answerInput(url, apiToken);
    assert.equal(await vscode.commands.executeCommand<boolean>('atlan.signIn'), true);
    assert.match(prompts.last('info') ?? '', /^Signed in to 127\.0\.0\.1:\d+ as service-account-apikey-/);
    const state = services.session.state;
    assert.equal(state.kind, 'signedIn');
    assert.equal(state.kind === 'signedIn' && state.surface, 'workflows');
    const settingsText = JSON.stringify(vscode.workspace.getConfiguration('atlan').get('profiles'));
    assert.ok(settingsText.includes(url));
    assert.ok(!settingsText.includes(apiToken), 'the token must not be in settings');
    const profile = services.profiles.active();
    assert.ok(profile);
    assert.equal(await services.profiles.token(profile), apiToken);
  });

  it('signs out by deleting the token, keeping the profile', async () => {
    const { url, apiToken } = sandbox();
    scriptPrompts(services).answerInput(url, apiToken);
    await vscode.commands.executeCommand('atlan.signIn');
    await vscode.commands.executeCommand('atlan.signOut');
    assert.equal(services.session.state.kind, 'signedOut');
    const profile = services.profiles.list().profiles.find((p) => p.baseUrl === url);
    assert.ok(profile, 'the profile stays for the next sign-in');
    assert.equal(await services.profiles.token(profile), undefined);
  });

  it('deletes the token of a profile that is replaced by one for another URL', async () => {
    const settings = vscode.workspace.getConfiguration('atlan');
    const before = settings.inspect<unknown[]>('profiles')?.globalValue;
    const activeBefore = settings.inspect<string>('activeProfile')?.globalValue;
    const first = { name: 'it-replaced', baseUrl: 'http://127.0.0.1:1', surface: 'auto' as const };
    const second = { name: 'it-replaced', baseUrl: 'http://localhost:1', surface: 'auto' as const };
    const sibling = { name: 'it-sibling', baseUrl: 'http://127.0.0.1:1', surface: 'auto' as const };
    try {
      await services.profiles.save(first, 'it-token-one');
      assert.equal(await services.profiles.token(first), 'it-token-one');
      await services.profiles.save(second, 'it-token-two');
      assert.equal(await services.profiles.token(first), undefined, 'the replaced profile\'s token is gone from SecretStorage');
      assert.equal(await services.profiles.token(second), 'it-token-two');
      assert.deepEqual(services.profiles.list().profiles.filter((p) => p.name === 'it-replaced').map((p) => p.baseUrl), ['http://localhost:1']);
      // A token another profile still uses stays.
      await services.profiles.save(sibling, 'it-token-three');
      await services.profiles.save({ ...sibling, name: 'it-replaced' }, 'it-token-three');
      assert.equal(await services.profiles.token(second), undefined);
      await services.profiles.save({ ...sibling, baseUrl: 'http://[::1]:1' }, 'it-token-four');
      assert.equal(await services.profiles.token(sibling), 'it-token-three', 'still used by it-replaced');
    } finally {
      for (const p of [first, second, sibling, { ...sibling, baseUrl: 'http://[::1]:1' }]) await services.profiles.forgetToken(p);
      await settings.update('profiles', before, vscode.ConfigurationTarget.Global);
      await settings.update('activeProfile', activeBefore, vscode.ConfigurationTarget.Global);
    }
  });

  it('rejects plain http for a non-loopback tenant before sending anything', async () => {
    const prompts = scriptPrompts(services).answerInput('http://tenant.example.com');
    await assert.rejects(Promise.resolve(vscode.commands.executeCommand('atlan.signIn')), /must use https:\/\//);
    assert.equal(prompts.asked.length, 1);
  });
});
