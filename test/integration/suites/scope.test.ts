/**
 * "Atlan: Preview Crawl Scope" in the real host against the runner's demo Postgres: from the
 * code lens of a file, the Crawl Scope view shows the totals, then databases > schemas > tables
 * and views, each included or excluded with why; a file whose database cannot be reached says so.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { TestApi } from '../../../src/extension';
import type { ShownScope } from '../../../src/features/scope/crawlScopeView';
import { demoConfigText, restorePrompts, sandbox, scriptPrompts, testApi, waitFor, writeWorkspaceConfig } from '../helpers';

const SECRET = 'it-scope-pw';

/** The suite's crawler: schemas starting with "s" and public, minus staging and names ending _TEST. */
function scopeConfigText(connectionName: string, port: number): string {
  return demoConfigText(connectionName, SECRET, ['"exclude": { "analytics": ["staging"] }', '"excludeRegex": ".*_TEST"'], {
    port,
    include: { analytics: ['^s.*$', 'public'] },
  });
}

describe('Crawl scope', function () {
  this.timeout(60_000);
  let api: TestApi;

  before(async () => {
    api = await testApi();
    await api.services.secrets.store(SECRET, sandbox().postgres.password);
  });

  afterEach(async () => {
    restorePrompts(api.services);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('previews from the code lens: totals, then each object included or excluded with why', async () => {
    const uri = await writeWorkspaceConfig('scope-preview', scopeConfigText('scope-preview', sandbox().postgres.port));
    await vscode.window.showTextDocument(uri);
    const lens = await waitFor(
      async () =>
        ((await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri)) ?? []).find((l) => l.command?.title === '$(list-tree) Preview scope'),
      20_000,
      'the Preview scope lens never appeared',
    );
    const command = lens.command;
    assert.ok(command);
    const shown = await vscode.commands.executeCommand<ShownScope | undefined>(command.command, ...(command.arguments ?? []));
    assert.ok(shown, 'the preview returned nothing (see the error notification)');
    assert.equal(shown.summary, '3 databases, 4 schemas, 15 tables and views; 7 excluded, 2 of them by the regex');
    assert.equal(shown.crawl, 'Crawls 2 schemas of analytics: 6 tables and 2 views');

    // What the view shows: the same scope, with its reasons as descriptions.
    const view = api.crawlScope;
    const top = view.getChildren();
    const labels = top.map((node) => view.getTreeItem(node).label);
    assert.equal(labels[0], shown.summary);
    const analytics = top.find((node) => view.getTreeItem(node).label === 'analytics');
    assert.ok(analytics, `no analytics node among ${JSON.stringify(labels)}`);
    const schemaNode = (name: string) => {
      const node = view.getChildren(analytics).find((n) => view.getTreeItem(n).label === name);
      assert.ok(node, `no schema ${name}`);
      return node;
    };
    assert.equal(view.getTreeItem(schemaNode('staging')).description, 'schema · excluded by exclude.analytics[0] "staging" · 0 of 2 tables and views');
    assert.equal(view.getTreeItem(schemaNode('marketing')).description, 'schema · not in the include map · 0 of 3 tables and views');
    const sales = view.getChildren(schemaNode('sales')).map((node) => view.getTreeItem(node));
    const ordersTest = sales.find((item) => item.label === 'ORDERS_TEST');
    assert.equal(ordersTest?.description, 'table · matched by the exclude regex ".*_TEST"');
    assert.equal((ordersTest?.iconPath as vscode.ThemeIcon).id, 'circle-slash');
    assert.equal((sales.find((item) => item.label === 'orders')?.iconPath as vscode.ThemeIcon).id, 'pass');
    const inventory = top.find((node) => view.getTreeItem(node).label === 'inventory');
    assert.match(String(inventory && view.getTreeItem(inventory).description), /another database on the server/);
  });

  it('says why when the database cannot be reached, and keeps the last preview', async () => {
    const before = api.crawlScope.current;
    const prompts = scriptPrompts(api.services);
    const uri = await writeWorkspaceConfig('scope-closed', scopeConfigText('scope-closed', 1));
    const shown = await vscode.commands.executeCommand<ShownScope | undefined>('atlan.previewCrawlScope', uri);
    assert.equal(shown, undefined);
    assert.match(prompts.last('error') ?? '', /^Cannot read the catalog of analytics at .*:1: connection refused/);
    assert.ok(!(prompts.last('error') ?? '').includes(sandbox().postgres.password));
    assert.equal(api.crawlScope.current, before, 'a failed preview must not replace the one shown');
  });
});
