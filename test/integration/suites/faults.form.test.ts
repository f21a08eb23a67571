/**
 * Save and Submit from the crawler form while the tenant fails the create: the form saves, the
 * submit fails with a specific message, and the draft the user typed stays exactly as it was.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { CrawlerFormTestHook } from '../../../src/features/form/formTestHook';
import type { FormDraft } from '../../../src/features/form/formDraft';
import type { Services } from '../../../src/features/services';
import { extensionServices, restorePrompts, sandbox, scriptPrompts, signInToFreshTenant, signInToSandbox, waitFor } from '../helpers';
import {
  DEMO_SECRET,
  FAULTS,
  LEGACY_REQUESTS,
  assertSentOnce,
  assertToldUser,
  demoConfig,
  injectFault,
  leaveAsFound,
  readWorkspaceFile,
  restoreTimeout,
  useShortTimeout,
  waitForOutcome,
  writeFaultConfig,
} from './faults.matrix.test';

/** The ambiguous faults take the client's look-up time each; the submit suite covers them on files. */
const FORM_FAULTS = FAULTS.filter((f) => ['401', '403', '404', '409', '429', 'reset', 'malformed'].includes(f.name));

describe('Faults on Save and Submit in the crawler form', function () {
  this.timeout(60_000);
  let services: Services;
  let form: CrawlerFormTestHook;
  let uri: vscode.Uri;

  before(async () => {
    services = await extensionServices();
    await useShortTimeout();
    const { postgres } = sandbox();
    await services.secrets.store(DEMO_SECRET, postgres.password);
    await signInToFreshTenant(services, { surface: 'legacy', clockSpeed: 50 });
    uri = await writeFaultConfig('fault-form', demoConfig('it-fault-form'));
    const opened = await vscode.commands.executeCommand<CrawlerFormTestHook | undefined>('atlan.editInForm', uri);
    assert.ok(opened, 'atlan.editInForm returned no form (not in test mode?)');
    form = opened;
    await form.waitFor('init', undefined, 0, 30_000);
  });

  afterEach(async () => {
    restorePrompts(services);
    await sandbox().admin.clearFaults();
  });

  after(async () => {
    form.webviewPanel.dispose();
    await services.secrets.delete(DEMO_SECRET);
    await leaveAsFound(services);
    await restoreTimeout();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  /** Edits the draft as the webview would (a new connection name and schemas), and waits for its validation. */
  async function edit(name: string): Promise<FormDraft> {
    const draft = structuredClone(form.state.draft);
    draft.connectionName = name;
    draft.include = [{ database: 'analytics', schemas: ['public', 'sales'] }];
    const rev = form.state.rev + 1;
    const since = form.posted.length;
    await form.receive({ type: 'draftChanged', rev, draft });
    await form.waitFor('validation', (m) => m.rev === rev, since);
    assert.match(form.webviewPanel.title, /^● /, 'the edit makes the form dirty');
    return draft;
  }

  for (const fault of FORM_FAULTS) {
    it(`${fault.name}: saves, says why the submit failed, and keeps the draft exactly`, async () => {
      const draft = await edit(`it-fault-form-${fault.name}`);
      const prompts = scriptPrompts(services);
      const rule = await injectFault(fault, LEGACY_REQUESTS.submit);
      await form.receive({ type: 'saveAndSubmit' });
      assertToldUser(prompts, /^Could not submit the configuration: /, fault);
      await assertSentOnce(rule, fault);
      assert.deepEqual(form.state.draft, draft, 'the draft is intact');
      assert.match(form.webviewPanel.title, /^Crawler: it-fault-form-/, 'saved, so not dirty');
      const text = await readWorkspaceFile(uri);
      assert.match(text, new RegExp(`"connectionName": "it-fault-form-${fault.name}"`), 'the save went through');
      assert.match(text, /\/\/ A crawler of the demo database/, 'comments survive');
      assert.doesNotMatch(text, /"workflow":/, 'no workflow name recorded');
      assert.equal((await sandbox().admin.state()).workflows, 0);
      if (fault.name === '401') {
        assert.equal(services.session.state.kind, 'expired');
        await signInToSandbox(services);
        await waitFor(() => services.store.loaded, 10_000, 'the view to load again');
      }
    });
  }

  it('submits once the tenant recovers, from the same draft', async () => {
    const draft = await edit('it-fault-form-recovered');
    const prompts = scriptPrompts(services);
    await form.receive({ type: 'saveAndSubmit' });
    await waitForOutcome(prompts);
    assert.equal((await sandbox().admin.state()).workflows, 1);
    assert.equal(form.state.draft.connectionName, draft.connectionName);
    assert.match(await readWorkspaceFile(uri), /"workflow": "atlan-postgres-\d+"/);
  });
});
