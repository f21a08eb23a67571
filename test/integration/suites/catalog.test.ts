/**
 * What a crawl produced, in the real host against the sandbox and the runner's demo Postgres: a
 * submitted crawler's Catalog branch shows the demo database's schemas and tables with counts from
 * the asset search; a table added to the database and a rerun are reported as new, in the final
 * notification and in Run details.
 */
import * as assert from 'node:assert/strict';
import { Client } from 'pg';
import * as vscode from 'vscode';
import type { CrawlerRun } from '../../../src/core/atlan';
import type { TestApi } from '../../../src/extension';
import type { TreeNode } from '../../../src/features/tree/treeNodes';
import { demoConfigText, restorePrompts, sandbox, scriptPrompts, signInToFreshTenant, testApi, waitFor, writeWorkspaceConfig } from '../helpers';

const SECRET = 'it-catalog-pg';

function label(item: vscode.TreeItem): string {
  return typeof item.label === 'string' ? item.label : (item.label?.label ?? '');
}

async function withDemoDatabase<T>(work: (client: Client) => Promise<T>): Promise<T> {
  const pg = sandbox().postgres;
  const client = new Client({ host: pg.host, port: pg.port, user: pg.user, password: pg.password, database: 'analytics' });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

describe('Catalog', function () {
  this.timeout(120_000);
  let api: TestApi;
  /** Tables the tests add to the demo database (dropped at the end). */
  const added: string[] = [];

  before(async () => {
    api = await testApi();
    await api.services.secrets.store(SECRET, sandbox().postgres.password);
  });

  after(async () => {
    restorePrompts(api.services);
    // Other suites count the demo database's tables.
    await withDemoDatabase(async (c) => {
      for (const table of added) await c.query(`DROP TABLE IF EXISTS sales.${table}`);
    });
    await api.services.secrets.delete(SECRET);
    await api.services.session.signOut();
    await sandbox().admin.setSurfaces('both');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  for (const surface of ['legacy', 'apps'] as const) {
    it(`shows what the crawl produced under the workflow; a table added and a rerun are reported as new (${surface})`, async () => {
      const { services, workflowsTree: tree } = api;
      const table = `it_catalog_${surface}_${Date.now().toString(36)}`;
      added.push(table);
      await signInToFreshTenant(services, { surface, clockSpeed: 50 });
      const uri = await writeWorkspaceConfig(`it-catalog-${surface}`, demoConfigText(`it-catalog-${surface}`, SECRET, ['"excludeRegex": ".*_TEST"']));
      const prompts = scriptPrompts(services).answerMessage(undefined);
      const first = await vscode.commands.executeCommand<CrawlerRun>('atlan.submitConfiguration', uri);
      assert.ok(first, 'submit returns the first run');
      const outcome = await waitFor(() => prompts.messages.find((m) => /: run (Succeeded|Failed)/.test(m.text)), 60_000, () => `the first run's outcome (${JSON.stringify(prompts.messages)})`);
      assert.match(outcome.text, /: run Succeeded/);
      assert.match(outcome.text, /Since the previous run: New: schema public, /, 'the first run added everything');

      const name = first.workflowName;
      await waitFor(() => services.store.get(name)?.workflow.connectionQualifiedName, 20_000, 'the workflow (with its connection) in the view');
      const children = await tree.getChildren({ kind: 'workflow', name });
      const catalog = children[0];
      assert.equal(catalog?.kind, 'catalog', `the Catalog branch comes first: ${JSON.stringify(children.map((c) => c.kind))}`);
      const catalogItem = tree.getTreeItem(catalog);
      assert.equal(label(catalogItem), 'Catalog');
      assert.equal((catalogItem.iconPath as vscode.ThemeIcon).id, 'database');

      const top = await tree.getChildren(catalog);
      const counts = label(tree.getTreeItem(top[0]));
      assert.match(counts, /^1 database, 2 schemas, \d+ tables(, \d+ views?)?(, \d+ materialised views?)?, \d+ columns$/, 'counts by type from the asset search');
      const database = top.find((n) => n.kind === 'catalogAsset' && n.item.name === 'analytics');
      assert.ok(database, `the analytics database: ${top.map((n) => label(tree.getTreeItem(n))).join(' | ')}`);
      assert.equal(tree.getTreeItem(database).description, '2 schemas');

      const schemas = await tree.getChildren(database);
      assert.deepEqual(schemas.map((n) => label(tree.getTreeItem(n))), ['public', 'sales']);
      const sales = schemas[1];
      assert.match(String(tree.getTreeItem(sales).description), /^\d+ tables · \d+ views?$/);
      const relations = await tree.getChildren(sales);
      const rows = relations.map((n) => `${label(tree.getTreeItem(n))}: ${tree.getTreeItem(n).description}`);
      assert.ok(rows.some((r) => /^customers: 4 columns · \d+ rows?$/.test(r)), rows.join(' | '));
      assert.ok(rows.some((r) => /^orders: 4 columns/.test(r)), rows.join(' | '));
      assert.ok(!rows.some((r) => r.includes('_TEST')), 'the regex kept the _TEST tables out of the catalog');
      const customers = relations.find((n) => n.kind === 'catalogAsset' && n.item.name === 'customers');
      assert.ok(customers && customers.kind === 'catalogAsset');
      assert.equal(tree.getTreeItem(customers).contextValue, 'catalogAsset', 'the row offers Open in Atlan');

      // The asset page "Open in Atlan" opens is served by the sandbox.
      const page = await fetch(`${sandbox().url}/assets/${customers.item.guid}/overview`);
      assert.equal(page.status, 200);
      assert.match(await page.text(), /customers/);

      await withDemoDatabase((c) => c.query(`CREATE TABLE sales.${table} (id integer PRIMARY KEY, note text)`));
      const rerunPrompts = scriptPrompts(services).answerMessage(undefined);
      const second = await vscode.commands.executeCommand<CrawlerRun>('atlan.rerunWorkflow', { workflowName: name });
      assert.ok(second, 'the rerun started');
      const rerunOutcome = await waitFor(
        () => rerunPrompts.messages.find((m) => /: run (Succeeded|Failed)/.test(m.text)),
        60_000,
        () => `the rerun's outcome (${JSON.stringify(rerunPrompts.messages)})`,
      );
      assert.match(rerunOutcome.text, /: run Succeeded/);
      assert.match(rerunOutcome.text, new RegExp(`Since the previous run: New: table sales\\.${table}\\.$`), rerunOutcome.text);

      // Run details say the same.
      const finished = await waitFor(() => {
        const run = services.store.latestRunOf(name);
        return run && run.id !== first.id && run.phase === 'Succeeded' && run;
      }, 20_000, 'the rerun in the store');
      await vscode.commands.executeCommand('atlan.showRunDetails', finished);
      const details = await waitFor(
        () => vscode.workspace.textDocuments.find((d) => d.uri.scheme === 'atlan-run' && d.uri.path.endsWith(`/${finished.id}.md`) && d.getText().includes('## Catalog') && !d.getText().includes('Looking up')),
        20_000,
        'Run details with the catalog changes',
      );
      // Markdown escapes punctuation (\_, \.): read the text without them.
      assert.ok(details.getText().replace(/\\/g, '').includes(`Since the previous run: New: table sales.${table}.`), details.getText());

      // A refresh reloads the branch: the new table is listed under sales.
      await vscode.commands.executeCommand('atlan.refresh');
      const again: TreeNode | undefined = (await tree.getChildren({ kind: 'workflow', name }))[0];
      assert.ok(again);
      const db = (await tree.getChildren(again)).find((n) => n.kind === 'catalogAsset' && n.item.name === 'analytics');
      assert.ok(db);
      const salesAgain = (await tree.getChildren(db)).find((n) => n.kind === 'catalogAsset' && n.item.name === 'sales');
      assert.ok(salesAgain);
      const names = (await tree.getChildren(salesAgain)).map((n) => label(tree.getTreeItem(n)));
      assert.ok(names.includes(table), names.join(', '));
    });
  }

  it('says "Not crawled yet" for a workflow whose connection has no assets', async () => {
    const { services, workflowsTree: tree } = api;
    await signInToFreshTenant(services, { surface: 'legacy', clockSpeed: 50 });
    // A crawler made in Atlan's UI that has not run: its connection has nothing in the catalog.
    const ui = await sandbox().admin.createUiCrawler({ connectionName: 'it-catalog-never-ran' });
    await vscode.commands.executeCommand('atlan.refresh');
    await waitFor(() => services.store.get(ui.name), 20_000, 'the UI-made crawler in the view');
    const catalog = (await tree.getChildren({ kind: 'workflow', name: ui.name }))[0];
    assert.equal(catalog?.kind, 'catalog');
    const rows = (await tree.getChildren(catalog)).map((n) => label(tree.getTreeItem(n)));
    assert.deepEqual(rows, ['Not crawled yet: no assets in Atlan for this connection']);
  });
});
