/**
 * The crawler form's pickers driven with the mouse in the real browser: options clicked in
 * another order than the list's, one unpicked, the list opened again, the list refreshed, the
 * panel hidden and revived. Each time the saved file and the payload preview must hold exactly
 * the names the form shows, no other.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { parseConfig } from '../../../src/core/config/parse';
import type { CrawlerConfig } from '../../../src/core/config/model';
import { filterToWire } from '../../../src/core/workflow/filters';
import type { CrawlerFormTestHook } from '../../../src/features/form/formTestHook';
import type { Services } from '../../../src/features/services';
import { ROLES } from '../../../sandbox/directory';
import type { FormStep, PickerView } from '../../host/formSteps';
import { extensionServices, hasBrowserChecks, inForm, sandbox, signInToSandbox, waitFor, writeWorkspaceConfig } from '../helpers';

const SECRET = 'it-pickers-pw';
const ADD_INCLUDE = 'fieldset:has(legend:has-text("Include")) vscode-button:has-text("Add a database")';
const ADD_EXCLUDE = 'fieldset:has(legend:has-text("Exclude")) vscode-button:has-text("Add a database")';

/** A crawler of the demo Postgres the runner started, with the password under SECRET. */
function pickerConfigText(connectionName: string): string {
  const pg = sandbox().postgres;
  return `{
  // The form pickers suite.
  "connectionName": "${connectionName}",
  "admins": { "roles": ["$admin"] },
  "extraction": {
    "method": "direct",
    "host": "${pg.host}",
    "port": ${pg.port},
    "database": "analytics",
    "auth": { "type": "basic", "username": "${pg.user}", "password": { "secret": "${SECRET}" } }
  }
}
`;
}

const sorted = (names: readonly string[]): string[] => [...names].sort();

/** What a multiple picker shows: chips in the order chosen, the same names ticked in its list. */
function shownNames(view: PickerView | undefined, what: string): string[] {
  assert.ok(view, `${what} was not read`);
  assert.deepEqual(sorted(view.ticked), sorted(view.chips), `${what}: the list ticks ${JSON.stringify(view.ticked)} but the chips say ${JSON.stringify(view.chips)}`);
  return view.chips;
}

/** Every value under `key` in a payload, looking inside JSON strings too (the legacy connection parameter is one). */
function valuesAt(value: unknown, key: string): unknown[] {
  if (typeof value === 'string') {
    if (!/^\s*[{[]/.test(value)) return [];
    try {
      return valuesAt(JSON.parse(value), key);
    } catch {
      return [];
    }
  }
  if (Array.isArray(value)) return value.flatMap((v) => valuesAt(v, key));
  if (typeof value !== 'object' || value === null) return [];
  return Object.entries(value).flatMap(([k, v]) => (k === key ? [v] : valuesAt(v, key)));
}

describe('Form pickers in the browser', function () {
  this.timeout(120_000);
  let services: Services;
  const opened: CrawlerFormTestHook[] = [];

  before(async function () {
    // Clicks need the runner's browser (test-electron has none to drive).
    if (!hasBrowserChecks()) this.skip();
    services = await extensionServices();
    await services.secrets.store(SECRET, sandbox().postgres.password);
  });

  afterEach(async () => {
    for (const form of opened.splice(0)) form.webviewPanel.dispose();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  after(async () => {
    await services?.secrets.delete(SECRET);
  });

  async function openFile(name: string): Promise<{ form: CrawlerFormTestHook; uri: vscode.Uri }> {
    const uri = await writeWorkspaceConfig(`${name}-${Date.now()}`, pickerConfigText(name));
    const form = await vscode.commands.executeCommand<CrawlerFormTestHook | undefined>('atlan.editInForm', uri);
    assert.ok(form, 'atlan.editInForm returned no form (not in test mode?)');
    opened.push(form);
    await form.waitFor('init', undefined, 0, 30_000);
    return { form, uri };
  }

  /** Clicks Test connection and waits for the database list it brings. */
  async function testConnection(form: CrawlerFormTestHook): Promise<void> {
    const since = form.posted.length;
    await inForm([{ click: '#test-connection' }]);
    const catalog = await form.waitFor('catalog', undefined, since, 30_000);
    assert.ok(catalog.databases.some((d) => d.database === 'analytics' && d.schemas.includes('marketing')), JSON.stringify(catalog.databases));
  }

  /** Clicks Save and returns the file as saved. */
  async function save(form: CrawlerFormTestHook, uri: vscode.Uri): Promise<CrawlerConfig> {
    const since = form.posted.length;
    await inForm([{ click: '#save' }]);
    await form.waitFor('saved', undefined, since, 30_000);
    const parsed = parseConfig(new TextDecoder().decode(await vscode.workspace.fs.readFile(uri)));
    assert.ok(parsed.config, `the saved file does not parse: ${JSON.stringify(parsed.issues)}`);
    return parsed.config;
  }

  /** Clicks Preview payload and returns the payload the preview shows (its comment lines dropped). */
  async function preview(): Promise<unknown> {
    await inForm([{ click: '#preview' }]);
    const editor = await waitFor(
      () => vscode.window.visibleTextEditors.find((e) => e.document.uri.scheme === 'atlan-preview' && e.document.getText().includes('{')),
      30_000,
      'the payload preview editor',
    );
    const text = editor.document.getText();
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
    return JSON.parse(text.replace(/^\/\/.*$/gm, ''));
  }

  it('include schemas: picked out of list order, one unpicked, the list reopened and refreshed: the file and payload hold what the form shows', async () => {
    const { form, uri } = await openFile('it-pickers-include');
    await testConnection(form);

    // The steps: analytics, then `public` alone; the list is marketing, public, sales, staging.
    let shown = await inForm([
      { click: ADD_INCLUDE },
      { pick: { picker: 'include-db-0', names: ['analytics'] } },
      { pick: { picker: 'include-schemas-0', names: ['public'] } },
      { read: 'include-db-0' },
      { read: 'include-schemas-0' },
    ]);
    assert.equal(shown.views['include-db-0']?.input, 'analytics');
    assert.deepEqual(shown.views['include-schemas-0']?.ticked, ['public'], 'clicking public ticks public, and nothing else');
    assert.deepEqual(shownNames(shown.views['include-schemas-0'], 'include schemas'), ['public']);

    // Then sales and marketing (before public in the list), sales unpicked from the reopened list.
    const steps: FormStep[] = [
      { pick: { picker: 'include-schemas-0', names: ['sales', 'marketing'] } },
      { pick: { picker: 'include-schemas-0', names: ['sales'] } },
      { read: 'include-schemas-0' },
    ];
    shown = await inForm(steps);
    const schemas = shownNames(shown.views['include-schemas-0'], 'include schemas');
    assert.deepEqual(schemas, ['public', 'marketing']);

    let config = await save(form, uri);
    assert.deepEqual(config.include, { analytics: schemas }, 'the saved include filter is what the form shows');
    assert.deepEqual(form.state.draft.include, [{ database: 'analytics', schemas }]);
    const payload = await preview();
    const includeFilters = [...valuesAt(payload, 'value'), ...valuesAt(payload, 'include_filter')].filter((v) => typeof v === 'string' && v.includes('^analytics$'));
    assert.deepEqual([...new Set(includeFilters)], [filterToWire({ analytics: schemas })], 'the payload includes what the form shows');

    // Test connection lists the databases again: the list re-renders, the choice stays.
    await testConnection(form);
    shown = await inForm([{ read: 'include-schemas-0' }]);
    assert.deepEqual(shownNames(shown.views['include-schemas-0'], 'include schemas after the refresh'), schemas);
    config = await save(form, uri);
    assert.deepEqual(config.include, { analytics: schemas }, 'the file after the refresh');

    // Hidden (the webview is destroyed) and shown again: the webview is rebuilt from the draft.
    const other = await vscode.workspace.openTextDocument({ content: 'hides the form' });
    await vscode.window.showTextDocument(other, { viewColumn: form.webviewPanel.viewColumn ?? vscode.ViewColumn.Active });
    await waitFor(() => !form.webviewPanel.visible, 10_000, 'the form to be hidden');
    const since = form.posted.length;
    form.webviewPanel.reveal();
    await form.waitFor('init', undefined, since, 30_000);
    shown = await inForm([{ read: 'include-schemas-0' }, { read: 'include-db-0' }]);
    assert.deepEqual(shownNames(shown.views['include-schemas-0'], 'include schemas after hide and show'), schemas);
    assert.equal(shown.views['include-db-0']?.input, 'analytics');
  });

  it('admin roles, groups and users: picked, unpicked, removed and typed: the file and payload hold what the form shows', async () => {
    await signInToSandbox(services);
    try {
      const { form, uri } = await openFile('it-pickers-admins');
      const directory = await form.waitFor('directory', (m) => m.roles.length > 0, 0, 30_000);
      assert.ok(directory.groups.includes('platform') && directory.users.includes('grace.hopper'), JSON.stringify(directory));

      // The file's $admin shows as chosen; clicking it unpicks it.
      let shown = await inForm([{ read: 'admin-roles' }]);
      assert.deepEqual(shownNames(shown.views['admin-roles'], 'roles from the file'), ['$admin']);
      shown = await inForm([
        { pick: { picker: 'admin-roles', names: ['$member', '$guest', '$admin'] } },
        { pick: { picker: 'admin-groups', names: ['platform', 'analytics'] } },
        { pick: { picker: 'admin-groups', names: ['platform', 'data-engineering'] } },
        { pick: { picker: 'admin-users', names: ['grace.hopper', 'ada.lovelace'] } },
        { remove: { picker: 'admin-users', name: 'grace.hopper' } },
        { type: { picker: 'admin-users', text: 'someone.typed' } },
        { read: 'admin-roles' },
        { read: 'admin-groups' },
        { read: 'admin-users' },
      ]);
      const roles = shownNames(shown.views['admin-roles'], 'roles');
      const groups = shownNames(shown.views['admin-groups'], 'groups');
      const users = shownNames(shown.views['admin-users'], 'users');
      assert.deepEqual(roles, ['$member', '$guest']);
      assert.deepEqual(groups, ['analytics', 'data-engineering']);
      assert.deepEqual(users, ['ada.lovelace', 'someone.typed']);

      const config = await save(form, uri);
      assert.deepEqual(config.admins, { roles, groups, users }, 'the saved admins are what the form shows');
      const payload = await preview();
      assert.deepEqual(valuesAt(payload, 'adminUsers'), [users]);
      assert.deepEqual(valuesAt(payload, 'adminGroups'), [groups]);
      assert.deepEqual(valuesAt(payload, 'adminRoles'), [roles.map((name) => ROLES.find((r) => r.name === name)?.id)]);
    } finally {
      await services.session.signOut();
    }
  });

  it('exclude database and schemas, a typed schema, a changed database and the time zone: the file holds what the form shows, also after a revive', async () => {
    const { form, uri } = await openFile('it-pickers-exclude');
    await testConnection(form);
    let shown = await inForm([
      { click: ADD_EXCLUDE },
      { pick: { picker: 'exclude-db-0', names: ['analytics'] } },
      { pick: { picker: 'exclude-db-0', names: ['inventory'] } },
      { pick: { picker: 'exclude-schemas-0', names: ['stock', 'public'] } },
      { type: { picker: 'exclude-schemas-0', text: 'archive' } },
      { pick: { picker: 'exclude-schemas-0', names: ['stock'] } },
      { click: '#schedule-enabled' },
      { filter: { picker: 'schedule-timezone', text: 'Paris' } },
      { pick: { picker: 'schedule-timezone', names: ['Europe/Paris'] } },
      { read: 'exclude-db-0' },
      { read: 'exclude-schemas-0' },
      { read: 'schedule-timezone' },
    ]);
    assert.equal(shown.views['exclude-db-0']?.input, 'inventory');
    const schemas = shownNames(shown.views['exclude-schemas-0'], 'exclude schemas');
    assert.deepEqual(schemas, ['public', 'archive']);
    assert.equal(shown.views['schedule-timezone']?.input, 'Europe/Paris');

    const config = await save(form, uri);
    assert.deepEqual(config.exclude, { inventory: schemas }, 'the saved exclude filter is what the form shows');
    assert.equal(config.schedule?.timezone, 'Europe/Paris');
    const payload = await preview();
    assert.ok(JSON.stringify(payload).includes(JSON.stringify(filterToWire({ inventory: schemas }))), 'the payload excludes what the form shows');

    // As after a window reload: a new webview revived from the state the old one kept.
    const state = form.state;
    form.webviewPanel.dispose();
    const revived = await vscode.commands.executeCommand<CrawlerFormTestHook>('atlan.crawlerForm.reviveForTest', state);
    opened.push(revived);
    await revived.waitFor('init', undefined, 0, 30_000);
    shown = await inForm([{ read: 'exclude-db-0' }, { read: 'exclude-schemas-0' }, { read: 'schedule-timezone' }]);
    assert.equal(shown.views['exclude-db-0']?.input, 'inventory');
    assert.deepEqual(shownNames(shown.views['exclude-schemas-0'], 'exclude schemas after the revive'), schemas);
    assert.equal(shown.views['schedule-timezone']?.input, 'Europe/Paris');
  });
});
