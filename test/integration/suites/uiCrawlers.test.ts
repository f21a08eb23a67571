import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { CrawlerRun } from '../../../src/core/atlan';
import type { TestApi } from '../../../src/extension';
import type { Services } from '../../../src/features/services';
import type { TreeNode } from '../../../src/features/tree/treeNodes';
import {
  demoConfigText,
  restorePrompts,
  sandbox,
  scriptPrompts,
  signInToFreshTenant,
  testApi,
  waitFor,
  writeWorkspaceConfig,
} from '../helpers';

const SECRET = 'it-ui-pg';
const UI_NAME = /^atlan-postgres-default-postgres-\d{10}$/;

async function readText(uri: vscode.Uri): Promise<string> {
  return new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
}

/** The status bar item counting runs in flight (the watcher's own; read, never changed). */
function statusBarText(services: Services): string | undefined {
  const item = (services.watcher as unknown as { statusBar: vscode.StatusBarItem }).statusBar;
  return item.text;
}

describe('Crawlers made in Atlan UI, and stopped runs (workflows)', () => {
  let services: Services;
  let api: TestApi;
  /** The crawler made "in the UI" for this test, of the demo Postgres. */
  let ui: { name: string; connection: string };
  let counter = 0;

  before(async () => {
    api = await testApi();
    services = api.services;
  });

  beforeEach(async () => {
    const { admin, postgres } = sandbox();
    await services.secrets.store(SECRET, postgres.password);
    // The seed names every third crawler as Atlan's UI does and adds a Postgres miner beside them.
    await signInToFreshTenant(services, { surface: 'legacy', clockSpeed: 50, seed: { workflows: 3, runsPerWorkflow: 2 } });
    const connection = `it-ui-made-${++counter}`;
    const created = await admin.createUiCrawler({
      connectionName: connection,
      credential: { host: postgres.host, port: postgres.port, database: 'analytics', username: postgres.user, password: postgres.password },
      include: { analytics: ['public', 'sales'] },
      run: true,
    });
    ui = { name: created.name, connection };
    // Its first run ends before a test slows the clock down, so only the runs a test starts are in flight.
    const state = services.session.state;
    assert.ok(state.kind === 'signedIn');
    await waitFor(async () => {
      const latest = (await state.backend.latestRuns([created.name])).get(created.name);
      return latest && !['Pending', 'Running'].includes(latest.phase);
    }, 20_000, 'the first run of the crawler made in the UI to end');
    await vscode.commands.executeCommand('atlan.refresh');
    await waitFor(() => services.store.get(ui.name)?.latestRun, 10_000, 'the crawler made in the UI, with its run, in the view');
  });

  afterEach(async () => {
    restorePrompts(services);
    await services.session.signOut();
    await services.secrets.delete(SECRET);
    await sandbox().admin.setSurfaces('both');
    await sandbox().admin.setClockSpeed(50);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('lists crawlers made in the UI next to SDK-made ones, with their runs, and never the Postgres miner', async () => {
    const names = services.store.workflows().map((e) => e.workflow.name);
    assert.equal(names.length, 4, names.join(', '));
    assert.ok(names.includes(ui.name));
    assert.equal(names.filter((n) => UI_NAME.test(n)).length, 2, `the seeded UI-made crawler and this one: ${names.join(', ')}`);
    assert.ok(!names.some((n) => n.includes('miner')), names.join(', '));
    const root: TreeNode = { kind: 'workflow', name: ui.name };
    assert.equal(api.workflowsTree.getTreeItem(root).label, ui.connection);
    const runs = (await api.workflowsTree.getChildren(root)).filter((n) => n.kind !== 'catalog');
    assert.equal(runs.length, 1);
    assert.ok(runs[0].kind === 'run' && runs[0].run.workflowName === ui.name && runs[0].run.id.startsWith(`${ui.name}-`), JSON.stringify(runs[0]));
  });

  it('guards a new file of the same connection: the warning names the UI-made crawler, Rerun Existing reruns it', async () => {
    const uri = await writeWorkspaceConfig('ui-duplicate', demoConfigText(ui.connection, SECRET));
    const before = (await sandbox().admin.state()).workflows;
    const prompts = scriptPrompts(services).answerMessage('Rerun Existing', undefined);
    const rerun = await vscode.commands.executeCommand<CrawlerRun>('atlan.submitConfiguration', uri);
    const warning = prompts.messages.find((m) => m.modal);
    assert.ok(warning, 'a modal warning was shown');
    assert.match(warning.text, new RegExp(`already has workflow ${ui.name} for connection "${ui.connection}"`));
    assert.match(warning.text, /duplicates every asset/);
    assert.deepEqual(warning.actions, ['Rerun Existing', 'Update Existing', 'Create Anyway']);
    assert.ok(rerun, `the UI-made crawler was rerun: ${JSON.stringify(prompts.messages)}`);
    assert.equal(rerun.workflowName, ui.name);
    assert.equal((await sandbox().admin.state()).workflows, before, 'no second connection');
    assert.doesNotMatch(await readText(uri), /"workflow"/);
  });

  it('imports it into a configuration file that records its UI-style name', async () => {
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
    assert.ok(folder);
    const target = vscode.Uri.joinPath(folder, 'imported-ui-made.atlan-postgres.json');
    scriptPrompts(services).answerSave(target).answerMessage(undefined);
    const written = await vscode.commands.executeCommand<vscode.Uri>('atlan.importWorkflow', { kind: 'workflow', name: ui.name });
    assert.equal(written?.toString(), target.toString());
    const text = await readText(target);
    assert.match(text, new RegExp(`"workflow": "${ui.name}"`));
    assert.match(text, new RegExp(`"connectionName": "${ui.connection}"`));
  });

  it('reruns it and reports the crawl of the real Postgres', async () => {
    const prompts = scriptPrompts(services).answerMessage(undefined);
    const run = await vscode.commands.executeCommand<CrawlerRun>('atlan.rerunWorkflow', { kind: 'workflow', name: ui.name });
    assert.ok(run);
    assert.equal(run.workflowName, ui.name);
    const outcome = await waitFor(() => prompts.messages.find((m) => /: run (Succeeded|Failed)/.test(m.text)), 30_000, 'the outcome');
    assert.match(outcome.text, new RegExp(`^${ui.connection}: run Succeeded`));
  });

  it('stops a run from the tree: the dialog names the crawler and its start, the run ends Stopped with its own icon', async () => {
    const { admin } = sandbox();
    await admin.setClockSpeed(0.5);
    const prompts = scriptPrompts(services).answerMessage('Stop Run', undefined);
    const run = await vscode.commands.executeCommand<CrawlerRun>('atlan.rerunWorkflow', { kind: 'workflow', name: ui.name });
    assert.ok(run);
    const node: TreeNode = { kind: 'run', run };
    assert.equal(api.workflowsTree.getTreeItem(node).contextValue, 'run:inflight');
    const stopped = await vscode.commands.executeCommand<CrawlerRun>('atlan.stopRun', node);
    assert.ok(stopped, 'the stop command returns the run');
    const dialog = prompts.messages.find((m) => m.modal);
    assert.ok(dialog);
    assert.match(dialog.text, new RegExp(`^Stop the run of ${ui.connection} started \\w{3,4} \\d{1,2}, \\d\\d:\\d\\d\\?`));
    assert.ok(dialog.text.includes(`Run ${run.id}`), dialog.text);
    await admin.setClockSpeed(50);

    const ended = await waitFor(() => {
      const latest = services.store.get(ui.name)?.latestRun;
      return latest?.id === run.id && latest.phase !== 'Running' && latest.phase !== 'Pending' && latest;
    }, 20_000, 'the run to end');
    assert.equal(ended.phase, 'Stopped', ended.message);
    const item = api.workflowsTree.getTreeItem({ kind: 'run', run: ended });
    assert.ok(item.iconPath instanceof vscode.ThemeIcon);
    assert.deepEqual([item.iconPath.id, item.iconPath.color?.id], ['circle-slash', 'disabledForeground']);
    assert.equal(item.contextValue, 'run:finished', 'not a failure: no failure details to show');
    assert.match(String(item.description), /^Stopped · .*stopped by service-account-apikey/);
    const tooltip = api.workflowsTree.resolveTreeItem(item, { kind: 'run', run: ended }).tooltip;
    assert.ok(tooltip instanceof vscode.MarkdownString);
    assert.match(tooltip.value, /^\*\*Stopped\*\*/);
    assert.doesNotMatch(tooltip.value, /strategy/);
    const outcome = await waitFor(() => prompts.messages.find((m) => /: run Stopped/.test(m.text)), 20_000, 'the outcome notification');
    assert.equal(outcome.kind, 'info');
    assert.deepEqual(outcome.actions, ['Rerun', 'Open in Atlan']);
  });

  it('names a just-created run by its crawler, never by its placeholder id, and counts it once while in flight', async () => {
    const { admin } = sandbox();
    await admin.setClockSpeed(0.5);
    const texts: string[] = [];
    const sampler = services.store.onDidChange(() => texts.push(statusBarText(services) ?? ''));
    try {
      const uri = await writeWorkspaceConfig('ui-fresh', demoConfigText('it-fresh-crawler', SECRET));
      const prompts = scriptPrompts(services).answerMessage(undefined, undefined, undefined);
      const first = await vscode.commands.executeCommand<CrawlerRun>('atlan.submitConfiguration', uri);
      assert.ok(first);
      assert.ok(first.id.startsWith('submitted:'), `a create's first run has a placeholder id: ${first.id}`);
      // The view learns the run's real name; the progress notification still holds the placeholder.
      await vscode.commands.executeCommand('atlan.refresh');
      await waitFor(() => services.store.knowsRealRunOf(first.workflowName), 10_000, 'the real run in the view');
      texts.push(statusBarText(services) ?? '');
      assert.equal(statusBarText(services), '$(loading~spin) 1 Atlan run');
      assert.ok(!texts.some((t) => /\b2 Atlan runs\b/.test(t)), texts.join(' | '));

      await vscode.commands.executeCommand('atlan.stopRun', first);
      const dialog = prompts.messages.find((m) => m.modal);
      assert.ok(dialog);
      assert.match(dialog.text, /^Stop the run of it-fresh-crawler (started|that has not started yet)/);
      assert.doesNotMatch(dialog.text, /submitted:/);
    } finally {
      sampler.dispose();
      await admin.setClockSpeed(50);
    }
  });
});
