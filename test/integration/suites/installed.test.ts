import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import Ajv from 'ajv';
import { parse as parseJsonc } from 'jsonc-parser';
import * as vscode from 'vscode';
import type { TestApi } from '../../../src/extension';
import type { CrawlerFormTestHook } from '../../../src/features/form/formTestHook';
import type { Services } from '../../../src/features/services';
import { browserCheck, EXTENSION_ID, restorePrompts, sandbox, scriptPrompts, testApi, waitFor, writeWorkspaceConfig } from '../helpers';

const REPO = path.resolve(__dirname, '..', '..', '..', '..');
const FIXTURES = path.join(REPO, 'test', 'fixtures', 'configs');
/** The extension's own diagnostics (configDiagnostics.ts); anything else comes from VS Code's JSON service. */
const OWN_DIAGNOSTICS = 'atlan';

/**
 * The installed .vsix, as a user gets it: every part the extension loads after activation comes
 * from the package, so a file left out of it fails here. Runs only in `npm run test:vsix` (the
 * runner selects it there and nowhere else): the client bundle (sign in, tree), the config tools
 * (diagnostics, lenses), the webview files and the Postgres checks (the form, Test connection),
 * and the packaged JSON Schema.
 */
describe('Installed package', function () {
  this.timeout(90_000);
  let extension: vscode.Extension<TestApi | undefined>;
  let api: TestApi;
  let services: Services;
  const written: vscode.Uri[] = [];

  /** Whether the extension host loaded this file of the installed package's dist/. */
  const loadedFromPackage = (file: string): boolean => require.cache[path.join(extension.extensionPath, 'dist', file)] !== undefined;
  const distLoaded = (): string[] =>
    Object.keys(require.cache)
      .filter((p) => p.startsWith(path.join(extension.extensionPath, 'dist')))
      .map((p) => path.basename(p));

  before(async () => {
    const found = vscode.extensions.getExtension<TestApi | undefined>(EXTENSION_ID);
    assert.ok(found, `${EXTENSION_ID} is not loaded`);
    extension = found;
    api = await testApi();
    services = api.services;
  });

  afterEach(async () => {
    restorePrompts(services);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  after(async () => {
    if (!services) return;
    await services.session.signOut();
    await services.secrets.delete('it-installed-pg');
    for (const uri of written) await vscode.workspace.fs.delete(uri).then(undefined, () => undefined);
    await sandbox().admin.setSurfaces('both');
  });

  it('is the installed package: built files only, no sources', () => {
    assert.match(extension.extensionPath, /\/extensions\/atlan-community\.atlan-postgres-workflows-/);
    assert.notEqual(path.resolve(extension.extensionPath), REPO);
    assert.ok(fs.existsSync(path.join(extension.extensionPath, 'dist', 'extension.js')), 'dist/extension.js is missing');
    assert.equal(fs.existsSync(path.join(extension.extensionPath, 'src')), false, 'the package ships its TypeScript sources');
    // undici's HTTP parser, read by the client bundle on its first connection (the sign-in below).
    for (const wasm of ['llhttp_simd.wasm', 'llhttp.wasm']) {
      assert.ok(fs.existsSync(path.join(extension.extensionPath, 'dist', wasm)), `dist/${wasm} is not in the package`);
    }
  });

  it('registers every command its package.json contributes', async () => {
    const contributed = (extension.packageJSON as { contributes: { commands: { command: string }[] } }).contributes.commands.map((c) => c.command);
    assert.ok(contributed.length >= 20, `only ${contributed.length} contributed commands`);
    const registered = new Set(await vscode.commands.getCommands(true));
    assert.deepEqual(contributed.filter((id) => !registered.has(id)), [], 'contributed but not registered');
  });

  it('signs in to the sandbox, and the Postgres Workflows view shows its workflows (the client bundle)', async () => {
    const { admin, url, apiToken } = sandbox();
    await admin.reset();
    await admin.setSurfaces('legacy');
    await admin.seed({ workflows: 3, runsPerWorkflow: 1, surface: 'legacy' });
    const prompts = scriptPrompts(services).answerInput(url, apiToken);
    assert.equal(await vscode.commands.executeCommand<boolean>('atlan.signIn'), true, `sign-in failed: ${prompts.last('error') ?? ''}`);
    await vscode.commands.executeCommand('atlan.refresh');
    const names = await waitFor(() => services.store.workflows().length === 3 && services.store.workflows().map((e) => e.workflow.connectionName ?? e.workflow.name), 15_000, 'the three seeded workflows');
    const roots = await api.workflowsTree.getChildren();
    assert.equal(roots.filter((r) => r.kind === 'workflow').length, 3);
    await vscode.commands.executeCommand('workbench.view.extension.atlan');
    const shown = await browserCheck('workflows-view-rows', 30_000, { labels: names });
    assert.ok(shown.ok, `the view does not show the seeded workflows: ${shown.detail}`);
    assert.ok(loadedFromPackage('tenantTools.js'), `dist/tenantTools.js was not loaded from the package (loaded: ${distLoaded().join(', ')})`);
    // The lazy bundles' zod, croner and configuration model: one copy, required by each of them.
    assert.ok(loadedFromPackage('shared.js'), `dist/shared.js was not loaded from the package (loaded: ${distLoaded().join(', ')})`);
  });

  it('opens a configuration file: diagnostics and code lenses appear (the config tools bundle)', async () => {
    const text = fs.readFileSync(path.join(FIXTURES, 'invalid-many.atlan-postgres.json'), 'utf8');
    const uri = await writeWorkspaceConfig('installed-invalid', text);
    written.push(uri);
    await vscode.window.showTextDocument(uri);
    const diagnostics = await waitFor(() => {
      const own = vscode.languages.getDiagnostics(uri).filter((d) => d.source === OWN_DIAGNOSTICS);
      return own.length > 0 && own;
    }, 15_000, 'the extension\'s diagnostics on the opened file');
    assert.ok(diagnostics.some((d) => d.code === 'port-type'), JSON.stringify(diagnostics.map((d) => d.code)));
    const lenses = await waitFor(async () => {
      const all = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri);
      const titles = all.map((l) => l.command?.title ?? '');
      return titles.includes('$(check) Validate') && titles;
    }, 15_000, 'the code lenses above the crawler');
    assert.ok(lenses.includes('$(cloud-upload) Submit'), lenses.join(', '));
    assert.ok(loadedFromPackage('configTools.js'), `dist/configTools.js was not loaded from the package (loaded: ${distLoaded().join(', ')})`);
  });

  it('validates a file against the JSON Schema in the package, in VS Code too', async () => {
    const validation = (extension.packageJSON as { contributes: { jsonValidation: { url: string }[] } }).contributes.jsonValidation;
    assert.equal(validation.length, 1);
    const schemaFile = path.resolve(extension.extensionPath, validation[0].url);
    assert.ok(schemaFile.startsWith(extension.extensionPath) && fs.existsSync(schemaFile), `the schema ${validation[0].url} is not in the package`);
    const validate = new Ajv({ strict: false, allErrors: true }).compile(JSON.parse(fs.readFileSync(schemaFile, 'utf8')) as object);
    const good = parseJsonc(fs.readFileSync(path.join(FIXTURES, 'warehouse-prod.atlan-postgres.json'), 'utf8')) as Record<string, unknown>;
    assert.ok(validate(good), JSON.stringify(validate.errors));
    const bad = { ...good, extraction: { ...(good.extraction as object), port: 'five-four-three-two' } };
    assert.equal(validate(bad), false, 'a string port passes the schema');

    // VS Code finds the schema through contributes.jsonValidation (no $schema in the file).
    const text = `{\n  "connectionName": "installed-schema",\n  "admins": { "roles": ["$admin"] },\n  "extraction": { "method": "direct", "host": "db", "port": "five", "database": "analytics", "auth": { "type": "basic", "username": "u", "password": { "secret": "s" } } }\n}\n`;
    const uri = await writeWorkspaceConfig('installed-schema', text);
    written.push(uri);
    await vscode.window.showTextDocument(uri);
    const fromSchema = await waitFor(() => {
      const others = vscode.languages.getDiagnostics(uri).filter((d) => d.source !== OWN_DIAGNOSTICS);
      return others.length > 0 && others;
    }, 30_000, 'VS Code\'s JSON service to validate the file with the packaged schema');
    assert.equal(fromSchema.some((d) => /Unable to load schema|problems loading/i.test(d.message)), false, fromSchema.map((d) => d.message).join(' | '));
    const portLine = text.split('\n').findIndex((l) => l.includes('"port"'));
    assert.ok(fromSchema.some((d) => d.range.start.line === portLine), `no schema problem at the port: ${fromSchema.map((d) => `${d.range.start.line}: ${d.message}`).join(' | ')}`);
  });

  it('opens the crawler form: the webview renders, and Test connection reaches the demo Postgres (the webview files and the Postgres checks bundle)', async () => {
    const pg = sandbox().postgres;
    await services.secrets.store('it-installed-pg', pg.password);
    const form = await vscode.commands.executeCommand<CrawlerFormTestHook | undefined>('atlan.newCrawler');
    assert.ok(form, 'atlan.newCrawler returned no form');
    try {
      // `init` goes out only after the page's script said `ready`: dist/webview/form.js ran in the browser.
      await form.waitFor('init', undefined, 0, 30_000);
      const roots = (form.webviewPanel.webview.options.localResourceRoots ?? []).map((u) => u.fsPath);
      assert.ok(roots.length > 0 && roots.every((r) => r.startsWith(extension.extensionPath)), `webview resources outside the package: ${roots.join(', ')}`);
      const rendered = await browserCheck('form-rendered');
      assert.ok(rendered.ok, `the form did not render: ${rendered.detail}`);

      const draft = structuredClone(form.state.draft);
      Object.assign(draft, { connectionName: 'it-installed', include: [{ database: 'analytics', schemas: ['public'] }] });
      draft.admins.roles = ['$admin'];
      Object.assign(draft.extraction, { host: pg.host, port: String(pg.port), database: 'analytics', username: pg.user, password: { kind: 'ref', name: 'it-installed-pg' } });
      const rev = form.state.rev + 1;
      let since = form.posted.length;
      await form.receive({ type: 'draftChanged', rev, draft });
      await form.waitFor('validation', (m) => m.rev === rev, since);
      since = form.posted.length;
      await form.receive({ type: 'testConnection' });
      const { results } = await form.waitFor('testResult', undefined, since, 30_000);
      const direct = results.find((r) => r.target === 'direct');
      assert.equal(direct?.status, 'ok', direct?.message);
      assert.ok(loadedFromPackage('postgresChecks.js'), `dist/postgresChecks.js was not loaded from the package (loaded: ${distLoaded().join(', ')})`);
    } finally {
      form.webviewPanel.dispose();
    }
  });
});
