import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { TestApi } from '../../../src/extension';
import { parseConfig } from '../../../src/core/config/parse';
import type { CrawlerFormTestHook } from '../../../src/features/form/formTestHook';
import { emptyDraft, type FormDraft } from '../../../src/features/form/formDraft';
import { FormStateSchema, parseFromWebview, type FormState } from '../../../src/features/form/protocol';
import fc from 'fast-check';
import { fromWebview, mutate, mutation } from '../../unit/form/formArbitraries';
import { startDemoPostgres, type DemoPostgres } from '../../../sandbox/postgres';
import { restorePrompts, sandbox, scriptPrompts, settle, signInToSandbox, testApi, waitFor } from '../helpers';

const REPO = path.resolve(__dirname, '..', '..', '..', '..');
const FIXTURES = path.join(REPO, 'test', 'fixtures', 'configs');

function workspaceDir(): string {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the test workspace is not open');
  return folder.uri.fsPath;
}

/** A copy of a fixture config in the workspace, under a fresh name. */
function copyFixture(name: string, as: string): vscode.Uri {
  const target = path.join(workspaceDir(), as);
  fs.copyFileSync(path.join(FIXTURES, name), target);
  return vscode.Uri.file(target);
}

function completeDraft(name: string): FormDraft {
  const draft = emptyDraft();
  draft.connectionName = name;
  draft.admins.roles = ['$admin'];
  draft.extraction.host = 'db.internal';
  draft.extraction.database = 'analytics';
  draft.extraction.username = 'crawler';
  draft.extraction.password = { kind: 'ref', name: `${name}-pw` };
  draft.include = [{ database: 'analytics', schemas: ['public'] }];
  return draft;
}

async function openNew(target?: vscode.Uri): Promise<CrawlerFormTestHook> {
  const form = await vscode.commands.executeCommand<CrawlerFormTestHook | undefined>('atlan.newCrawler', target);
  assert.ok(form, 'atlan.newCrawler returned no form (not in test mode?)');
  // The real webview in the browser loads and shakes hands before anything is posted.
  await form.waitFor('init', undefined, 0, 30_000);
  return form;
}

/** Posts a draft as the webview would, and waits for its validation. */
async function change(form: CrawlerFormTestHook, edit: (d: FormDraft) => void): Promise<FormState> {
  const draft = structuredClone(form.state.draft);
  edit(draft);
  const rev = form.state.rev + 1;
  const since = form.posted.length;
  await form.receive({ type: 'draftChanged', rev, draft });
  await form.waitFor('validation', (m) => m.rev === rev, since);
  return form.state;
}

describe('Form', function () {
  this.timeout(60_000);
  let api: TestApi;
  const opened: CrawlerFormTestHook[] = [];
  const track = (form: CrawlerFormTestHook) => (opened.push(form), form);

  before(async () => {
    api = await testApi();
  });

  afterEach(() => {
    for (const form of opened.splice(0)) form.webviewPanel.dispose();
  });

  it('opens with a strict CSP, scripts only by nonce, resources only from dist/webview and media', async () => {
    const form = track(await openNew());
    const html = form.webviewPanel.webview.html;
    assert.match(html, /default-src 'none'/);
    const nonce = /script-src 'nonce-([^']+)'/.exec(html)?.[1];
    assert.ok(nonce, 'no script nonce in the CSP');
    assert.equal((html.match(/<script /g) ?? []).length, 1);
    assert.match(html, new RegExp(`<script nonce="${nonce.replace(/[+/=]/g, '\\$&')}" src="[^"]+/dist/webview/form\\.js"`));
    assert.doesNotMatch(html, /<style|style="|unsafe-inline|unsafe-eval/);
    const roots = (form.webviewPanel.webview.options.localResourceRoots ?? []).map((u) => path.relative(REPO, u.fsPath)).sort();
    assert.deepEqual(roots, ['dist/webview', 'media']);
    assert.equal(form.webviewPanel.options.retainContextWhenHidden, undefined);
    assert.ok(form.receivedTypes.includes('ready'), 'the real webview did not send ready');
  });

  it('validates every draft and refuses malformed messages with a specific error', async () => {
    const form = track(await openNew());
    const state = await change(form, (d) => (d.connectionName = 'only-a-name'));
    const validation = form.posted.filter((m) => m.type === 'validation').pop();
    assert.ok(validation && validation.type === 'validation' && validation.rev === state.rev);
    const codes = validation.issues.map((i) => i.code);
    assert.ok(codes.includes('missing-admin'), codes.join());
    assert.ok(validation.issues.some((i) => i.path.join('.') === 'extraction.host'), 'no issue at extraction.host');

    const since = form.posted.length;
    await form.receive({ type: 'storeSecret', field: 'password', name: 'x' });
    const error = await form.waitFor('error', undefined, since);
    assert.match(error.message, /value/);
    await form.receive({ type: 'draftChanged', rev: 99, draft: { connectionName: 1 } });
    assert.equal(form.state.rev, state.rev, 'a malformed draft must not be taken');
  });

  it('fuzz: 300 random, mutated and valid messages never break the handler; every rejection is an error message; the form keeps working', async () => {
    const form = track(await openNew());
    // Messages that would save, submit, open editors or reach a database stay out of the fuzz.
    const sideEffects = new Set(['save', 'saveAndSubmit', 'signIn', 'openFile', 'previewPayload', 'testConnection', 'runPreflight', 'storeSecret']);
    const message = fc.oneof(fromWebview, fc.tuple(fromWebview, mutation).map(([m, edit]) => mutate(m, edit).value), fc.jsonValue({ maxDepth: 3 }));
    let rejected = 0;
    await fc.assert(
      fc.asyncProperty(message, async (raw) => {
        const parsed = parseFromWebview(raw);
        fc.pre(!(parsed.ok && sideEffects.has(parsed.message.type)));
        const since = form.posted.length;
        await form.receive(raw);
        assert.ok(FormStateSchema.safeParse(form.state).success, 'the form state no longer matches its schema');
        if (!parsed.ok) {
          rejected++;
          const error = form.posted.slice(since).find((m) => m.type === 'error');
          assert.ok(error && error.type === 'error' && error.message.length > 20, `no error message for ${JSON.stringify(raw)}`);
        }
      }),
      { numRuns: 300, seed: 20261125 },
    );
    assert.ok(rejected > 50, `only ${rejected} invalid messages were generated`);
    const state = await change(form, (d) => Object.assign(d, completeDraft('it-after-fuzz')));
    assert.equal(state.draft.connectionName, 'it-after-fuzz');
  });

  it('stores typed secrets in SecretStorage and never sends or keeps them', async () => {
    const form = track(await openNew());
    const secret = `s3cr3t-${Date.now()}`;
    await form.receive({ type: 'storeSecret', field: 'password', name: 'it-form-secret', value: secret });
    assert.equal(await api.services.secrets.get('it-form-secret'), secret);
    assert.deepEqual(form.state.draft.extraction.password, { kind: 'ref', name: 'it-form-secret' });
    const status = await form.waitFor('secretStatus', (m) => m.secrets['it-form-secret'] === true);
    assert.ok(status);
    assert.equal(JSON.stringify(form.posted).includes(secret), false, 'a secret went back to the webview');
    assert.equal(JSON.stringify(form.state).includes(secret), false, 'a secret is in the form state');
  });

  it('saves a new crawler as a file with secret references, not values', async () => {
    const target = vscode.Uri.file(path.join(workspaceDir(), `new-${Date.now()}.atlan-postgres.json`));
    const form = track(await openNew(target));
    await change(form, (d) => Object.assign(d, completeDraft('it-new')));
    const since = form.posted.length;
    await form.receive({ type: 'save' });
    const saved = await form.waitFor('saved', undefined, since);
    assert.equal(saved.fileName, path.basename(target.fsPath));
    const text = fs.readFileSync(target.fsPath, 'utf8');
    const parsed = parseConfig(text);
    assert.deepEqual(parsed.issues, []);
    assert.deepEqual(parsed.config?.extraction.method === 'direct' && parsed.config.extraction.auth, {
      type: 'basic',
      username: 'crawler',
      password: { secret: 'it-new-pw' },
    });
    assert.equal(form.state.fileUri, target.toString());
    assert.match(form.webviewPanel.title, /^Crawler: it-new$/, 'a saved form is not marked dirty');
  });

  it('round-trips an existing file exactly, writes one changed field in place, and undo restores it', async () => {
    const uri = copyFixture('warehouse-prod.atlan-postgres.json', `edit-${Date.now()}.atlan-postgres.json`);
    const original = fs.readFileSync(uri.fsPath, 'utf8');
    const form = await vscode.commands.executeCommand<CrawlerFormTestHook>('atlan.editInForm', uri);
    track(form);
    await form.waitFor('init', undefined, 0, 30_000);
    await form.receive({ type: 'save' });
    assert.equal(fs.readFileSync(uri.fsPath, 'utf8'), original, 'saving an untouched form changed the file');

    await change(form, (d) => (d.extraction.database = 'analytics_v2'));
    assert.match(form.webviewPanel.title, /^● /);
    await form.receive({ type: 'save' });
    const saved = fs.readFileSync(uri.fsPath, 'utf8');
    assert.equal(saved, original.replace('"database": "analytics"', '"database": "analytics_v2"'));

    const editor = await vscode.window.showTextDocument(uri);
    await vscode.commands.executeCommand('undo');
    await waitFor(() => editor.document.getText() === original, 10_000, 'undo to restore the file as it was');
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });

  it('moves a plain-text password of the file into SecretStorage, and the saved file refers to it', async () => {
    const uri = copyFixture('warehouse-prod.atlan-postgres.json', `literal-${Date.now()}.atlan-postgres.json`);
    const literal = 'it-literal-Pa55word';
    const text = fs.readFileSync(uri.fsPath, 'utf8').replace(/"password":\s*\{[^}]*\}/, `"password": "${literal}"`);
    assert.ok(text.includes(literal), 'the fixture has no password reference to replace');
    fs.writeFileSync(uri.fsPath, text);
    const form = track(await vscode.commands.executeCommand<CrawlerFormTestHook>('atlan.editInForm', uri));
    const init = await form.waitFor('init', undefined, 0, 30_000);
    assert.equal(JSON.stringify(init).includes(literal), false, 'the plain-text value reached the webview');
    assert.ok(init.notes.some((n) => /plain text/.test(n)), JSON.stringify(init.notes));
    await form.receive({ type: 'moveLiteralSecret', field: 'password', name: 'it-moved-pw' });
    assert.equal(await api.services.secrets.get('it-moved-pw'), literal);
    assert.deepEqual(form.state.draft.extraction.password, { kind: 'ref', name: 'it-moved-pw' });
    await form.receive({ type: 'save' });
    const saved = fs.readFileSync(uri.fsPath, 'utf8');
    assert.equal(saved.includes(literal), false, 'the plain text is still on disk');
    assert.equal(parseConfig(saved).config?.extraction.method, 'direct');
    assert.match(saved, /"password": \{ ?"secret": "it-moved-pw" ?\}/);
    await api.services.secrets.delete('it-moved-pw');
  });

  it('keeps the draft when the panel is hidden and shown again (no retainContextWhenHidden)', async () => {
    const form = track(await openNew());
    await change(form, (d) => (d.connectionName = 'kept-after-hide'));
    const other = await vscode.workspace.openTextDocument({ content: 'hide the form' });
    await vscode.window.showTextDocument(other, { viewColumn: form.webviewPanel.viewColumn ?? vscode.ViewColumn.Active });
    await waitFor(() => !form.webviewPanel.visible, 10_000, 'the form to be hidden behind the other editor');
    const since = form.posted.length;
    form.webviewPanel.reveal();
    // The real webview reloads, says ready again and gets the draft back.
    const init = await form.waitFor('init', undefined, since, 30_000);
    assert.equal(init.state.draft.connectionName, 'kept-after-hide');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('revives from the webview state after a window reload (serializer path)', async () => {
    const state: FormState = { id: 'revived', draft: completeDraft('it-revived'), initialDraft: emptyDraft(), rev: 7 };
    const form = track((await vscode.commands.executeCommand<CrawlerFormTestHook>('atlan.crawlerForm.reviveForTest', state)));
    const init = await form.waitFor('init', undefined, 0, 30_000);
    assert.deepEqual(init.state.draft, state.draft);
    assert.match(form.webviewPanel.title, /^● Crawler: it-revived$/);
  });

  it('keeps an unsaved copy when closed with changes, and restores it', async () => {
    const form = await openNew();
    await change(form, (d) => (d.connectionName = 'closed-unsaved'));
    const key = `new:${form.state.id}`;
    form.webviewPanel.dispose();
    const restored = await vscode.commands.executeCommand<CrawlerFormTestHook>('atlan.restoreUnsavedCrawlerForm', { key });
    assert.ok(restored, 'nothing to restore');
    track(restored);
    assert.equal(restored.state.draft.connectionName, 'closed-unsaved');
  });

  it('says so when a form is closed with unsaved changes, and Restore brings the draft back', async () => {
    const prompts = scriptPrompts(api.services).answerMessage('Restore');
    try {
      const form = await openNew();
      await change(form, (d) => (d.connectionName = 'closed-and-asked'));
      const before = vscode.window.tabGroups.all.flatMap((g) => g.tabs).length;
      form.webviewPanel.dispose();
      const asked = await waitFor(() => prompts.messages.find((m) => /closed with unsaved changes/.test(m.text)), 10_000, 'the unsaved-changes message');
      assert.equal(asked.kind, 'warning');
      assert.deepEqual(asked.actions, ['Restore', 'Discard']);
      assert.match(asked.text, /"closed-and-asked"/);
      await waitFor(() => vscode.window.tabGroups.all.flatMap((g) => g.tabs).length === before, 10_000, 'the form to open again');
      await waitFor(() => /closed-and-asked/.test(vscode.window.tabGroups.activeTabGroup.activeTab?.label ?? ''), 10_000, 'the restored form to be the active tab');
      // Closing a form without changes asks nothing.
      const clean = await openNew();
      const count = prompts.messages.length;
      clean.webviewPanel.dispose();
      await settle();
      assert.equal(prompts.messages.length, count);
    } finally {
      for (const tab of vscode.window.tabGroups.all.flatMap((g) => g.tabs)) if (/closed-and-asked/.test(tab.label)) await vscode.window.tabGroups.close(tab);
      restorePrompts(api.services);
    }
  });

  it('previews the payload of the draft with secrets redacted and role placeholders when signed out', async () => {
    const form = track(await openNew());
    await change(form, (d) => Object.assign(d, completeDraft('it-preview')));
    await form.receive({ type: 'previewPayload' });
    const editor = await waitFor(() => vscode.window.visibleTextEditors.find((e) => e.document.uri.scheme === 'atlan-preview'), 10_000, 'the preview editor');
    const text = editor.document.getText();
    assert.match(text, /"password": "<redacted>"/);
    assert.match(text, /<id of role \$admin>/);
    assert.match(text, /"name": "atlan-postgres-\d+"/);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  describe('signed in to the sandbox tenant', () => {
    before(async () => {
      await signInToSandbox(api.services);
    });
    after(async () => {
      await api.services.session.signOut();
    });

    /** A form for the sandbox's own Postgres, with the password under `secret`. */
    async function sandboxForm(name: string, secret: string): Promise<CrawlerFormTestHook> {
      const pg = sandbox().postgres;
      const form = track(await openNew());
      await change(form, (d) => {
        Object.assign(d, completeDraft(name));
        d.extraction.host = pg.host;
        d.extraction.port = String(pg.port);
        d.extraction.database = 'analytics';
        d.extraction.username = pg.user;
        d.extraction.password = { kind: 'ref', name: secret };
      });
      return form;
    }

    it('tests the credential through the tenant: connected with the right password, the reason with a wrong one', async () => {
      const pg = sandbox().postgres;
      await api.services.secrets.store('it-tenant-pw', pg.password);
      await api.services.secrets.store('it-tenant-wrong-pw', 'not-the-password');
      const tests = () => sandbox().admin.requests().then((all) => all.filter((r) => r.path.endsWith('credentials/test')).length);
      const before = await tests();

      const good = await sandboxForm('it-tenant-ok', 'it-tenant-pw');
      let since = good.posted.length;
      await good.receive({ type: 'testConnection' });
      const ok = (await good.waitFor('testResult', undefined, since, 30_000)).results.find((r) => r.target === 'tenant');
      assert.equal(ok?.status, 'ok', ok?.message);
      assert.match(ok?.message ?? '', /127\.0\.0\.1.* connected/);

      const bad = await sandboxForm('it-tenant-bad', 'it-tenant-wrong-pw');
      since = bad.posted.length;
      await bad.receive({ type: 'testConnection' });
      const failed = (await bad.waitFor('testResult', undefined, since, 30_000)).results.find((r) => r.target === 'tenant');
      assert.equal(failed?.status, 'failed');
      assert.match(failed?.message ?? '', /password authentication failed/);
      assert.equal(JSON.stringify([...good.posted, ...bad.posted]).includes(pg.password), false, 'no password reaches the webview');
      assert.equal((await tests()) - before, 2, 'one credentials/test request per click');
    });

    it("fills the admin pickers with the tenant's roles, groups and users", async () => {
      const form = track(await openNew());
      const since = form.posted.length;
      await form.receive({ type: 'loadDirectory' });
      const directory = await form.waitFor('directory', undefined, since, 30_000);
      assert.ok(directory.roles.includes('$admin'), JSON.stringify(directory.roles));
      assert.ok(directory.roles.includes('$member'), JSON.stringify(directory.roles));
      assert.ok(directory.users.length > 0 && directory.groups.length > 0, JSON.stringify(directory));
      assert.equal(directory.note, undefined);
    });
  });

  describe('with a Postgres reachable from this machine', () => {
    let demo: DemoPostgres | undefined;
    before(async function () {
      this.timeout(90_000);
      demo = await startDemoPostgres();
    });
    after(async function () {
      this.timeout(30_000);
      await demo?.stop();
    });

    it('tests the connection directly (tenant part skipped when signed out) and fills the pickers; runs the preflight checks', async () => {
      assert.ok(demo);
      await api.services.secrets.store('it-demo-pw', demo.password);
      const form = track(await openNew());
      await change(form, (d) => {
        Object.assign(d, completeDraft('it-demo'));
        d.extraction.host = demo!.host;
        d.extraction.port = String(demo!.port);
        d.extraction.username = demo!.user;
        d.extraction.password = { kind: 'ref', name: 'it-demo-pw' };
        d.include = [{ database: 'analytics', schemas: ['public', 'sales'] }];
      });
      let since = form.posted.length;
      await form.receive({ type: 'testConnection' });
      const result = await form.waitFor('testResult', undefined, since, 30_000);
      const tenant = result.results.find((r) => r.target === 'tenant');
      const direct = result.results.find((r) => r.target === 'direct');
      assert.equal(tenant?.status, 'skipped');
      assert.match(tenant?.message ?? '', /Sign in/);
      assert.equal(direct?.status, 'ok', direct?.message);
      const catalog = await form.waitFor('catalog', undefined, since);
      const analytics = catalog.databases.find((d) => d.database === 'analytics');
      assert.ok(analytics?.schemas.includes('sales'), JSON.stringify(catalog.databases));
      assert.equal(JSON.stringify(form.posted).includes(demo.password), false);

      since = form.posted.length;
      await form.receive({ type: 'runPreflight' });
      const preflight = await form.waitFor('preflightResult', undefined, since, 30_000);
      assert.deepEqual(
        preflight.checks.map((c) => [c.name, c.ok]),
        [
          ['Database and schema check', true],
          ['Tables check', true],
        ],
      );
      assert.match(preflight.checks[1].message, /^Check successful\. Table count: \d+$/);
    });

    it('says "not reachable from this machine" for a closed port, without failing the form', async () => {
      await api.services.secrets.store('it-demo-pw', 'whatever');
      const form = track(await openNew());
      await change(form, (d) => {
        Object.assign(d, completeDraft('it-closed'));
        d.extraction.host = '127.0.0.1';
        d.extraction.port = '1';
        d.extraction.password = { kind: 'ref', name: 'it-demo-pw' };
      });
      const since = form.posted.length;
      await form.receive({ type: 'testConnection' });
      const result = await form.waitFor('testResult', undefined, since, 30_000);
      const direct = result.results.find((r) => r.target === 'direct');
      assert.equal(direct?.status, 'unreachable', direct?.message);
      assert.match(direct?.message ?? '', /Not reachable from this machine \(connection refused/);
    });
  });
});
