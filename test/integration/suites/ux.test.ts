import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { isFinished, type CrawlerRun } from '../../../src/core/atlan';
import { WorkflowStore } from '../../../src/core/tenant/workflowStore';
import type { TestApi } from '../../../src/extension';
import { WorkflowTreeDataProvider } from '../../../src/features/tree/workflowTreeDataProvider';
import type { Services } from '../../../src/features/services';
import { demoConfigText, extensionServices, restorePrompts, sandbox, scriptPrompts, signInToFreshTenant, signInToSandbox, type ScriptedPrompts, testApi, waitFor, writeWorkspaceConfig } from '../helpers';

/** Every progress notification the extension shows while installed, with what it reports. */
interface ProgressLog {
  notifications: { title: string; messages: string[] }[];
  restore(): void;
}

/**
 * Wraps `window.withProgress`: the extension host hands the extension's modules and these suites
 * the same `vscode` object (see test/host/bench/progressLog.ts), so the extension's calls go through it.
 */
function observeProgress(): ProgressLog {
  type WithProgress = typeof vscode.window.withProgress;
  const window = vscode.window as { withProgress: WithProgress };
  const original = window.withProgress;
  const notifications: ProgressLog['notifications'] = [];
  function wrapped<R>(
    options: vscode.ProgressOptions,
    task: (progress: vscode.Progress<{ message?: string; increment?: number }>, token: vscode.CancellationToken) => Thenable<R>,
  ): Thenable<R> {
    return original.call<typeof vscode.window, [vscode.ProgressOptions, typeof task], Thenable<R>>(vscode.window, options, (progress, token) => {
      if (options.location !== vscode.ProgressLocation.Notification) return task(progress, token);
      const entry = { title: options.title ?? '', messages: [] as string[] };
      notifications.push(entry);
      const report = (value: { message?: string; increment?: number }): void => {
        if (value.message !== undefined) entry.messages.push(value.message);
        progress.report(value);
      };
      return task({ report }, token);
    });
  }
  window.withProgress = wrapped;
  assert.equal(vscode.window.withProgress, wrapped, 'withProgress could not be observed');
  return { notifications, restore: () => (window.withProgress = original) };
}


const OUTCOME = /: run (Succeeded|Failed)/;

function outcomeOf(prompts: ScriptedPrompts, timeoutMs = 30_000): Promise<ScriptedPrompts['messages'][number]> {
  return waitFor(() => prompts.messages.find((m) => OUTCOME.test(m.text)), timeoutMs, 'the outcome notification');
}

describe('UX: submit progress, run endings and drift on rerun', () => {
  let services: Services;
  let progress: ProgressLog | undefined;

  before(async () => {
    services = await extensionServices();
  });

  beforeEach(async () => {
    const { postgres } = sandbox();
    await services.secrets.store('it-ux-pg', postgres.password);
    await signInToFreshTenant(services, { surface: 'legacy', clockSpeed: 50 });
  });

  afterEach(async () => {
    progress?.restore();
    progress = undefined;
    restorePrompts(services);
    await sandbox().admin.clearFaults();
    await services.session.signOut();
    await services.secrets.delete('it-ux-pg');
    await sandbox().admin.setSurfaces('both');
    await sandbox().admin.setClockSpeed(50);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('submits in one notification: the stages in order, then the live phase; success offers Run Details (with the asset counts), Open in Atlan and Rerun', async () => {
    const uri = await writeWorkspaceConfig('ux-stages', demoConfigText('it-ux-stages', 'it-ux-pg'));
    progress = observeProgress();
    const prompts = scriptPrompts(services).answerMessage('Run Details');
    const run = await vscode.commands.executeCommand<CrawlerRun>('atlan.submitConfiguration', uri);
    assert.ok(run, `submit returns the first run: ${JSON.stringify(prompts.messages)}`);
    const outcome = await outcomeOf(prompts);
    assert.match(outcome.text, /^it-ux-stages: run Succeeded/);
    assert.deepEqual(outcome.actions, ['Run Details', 'Open in Atlan', 'Rerun']);
    const details = await waitFor(
      () => vscode.workspace.textDocuments.find((d) => d.uri.scheme === 'atlan-run' && d.getText().startsWith('# it-ux-stages: run Succeeded')),
      10_000,
      'Run Details of the run to open',
    );
    // The crawl's counts, as the sandbox's crawler reports them in the run's message.
    assert.match(details.getText(), /## Assets\n\n\| Databases \| Schemas \| Tables \| Views \| Columns \|\n\|---:\|---:\|---:\|---:\|---:\|\n\| 1 \| \d+ \| \d+ \| \d+ \| \d+ \|/);
    assert.match(details.getText(), /\| preflight-check \| Succeeded \|/);
    await waitFor(() => progress?.notifications[0]?.messages.some((m) => m.startsWith('Succeeded')), 5_000, 'the last report');
    const notifications = progress.notifications;
    assert.deepEqual(notifications.map((n) => n.title), ['Submitting ux-stages.atlan-postgres.json'], 'one notification from validating to the end of the run');
    const messages = notifications[0].messages;
    assert.deepEqual(messages.slice(0, 4), ['Validating…', 'Resolving admins…', 'Checking for duplicates…', 'Submitting…']);
    const live = messages.slice(4);
    assert.ok(live.length > 0, 'the live phase follows');
    for (const m of live) assert.match(m, /^(Pending|Running|Succeeded)( · .+)? · (\d+s|\d+m \d\ds)$/, `a live report: ${m}`);
  });

  it('a failed run offers Show Failure, Rerun and Open Configuration, which opens the file', async () => {
    await services.secrets.store('it-ux-pg', 'not-the-password');
    const uri = await writeWorkspaceConfig('ux-failure', demoConfigText('it-ux-failure', 'it-ux-pg'));
    const prompts = scriptPrompts(services).answerMessage('Open Configuration');
    assert.ok(await vscode.commands.executeCommand<CrawlerRun>('atlan.submitConfiguration', uri));
    const outcome = await outcomeOf(prompts);
    assert.match(outcome.text, /: run Failed/);
    assert.equal(outcome.kind, 'error');
    assert.deepEqual(outcome.actions, ['Show Failure', 'Rerun', 'Open Configuration', 'Open in Atlan']);
    await waitFor(() => vscode.window.activeTextEditor?.document.uri.toString() === uri.toString(), 5_000, 'the configuration to open');
  });

  it('a watch that fails offers Show Request Log and Retry; Retry watches again', async () => {
    const { admin } = sandbox();
    await admin.seed({ workflows: 1, runsPerWorkflow: 1, surface: 'legacy' });
    await vscode.commands.executeCommand('atlan.refresh');
    const name = await waitFor(() => services.store.workflows()[0]?.workflow.name, 10_000, 'the seeded workflow');
    await admin.setClockSpeed(0.2);
    const prompts = scriptPrompts(services).answerMessage('Retry', undefined);
    const run = await vscode.commands.executeCommand<CrawlerRun>('atlan.rerunWorkflow', { kind: 'workflow', name });
    assert.ok(run);
    await admin.addFault({ method: 'POST', path: '^/api/service/runs/indexsearch$', status: 401 });
    const endings = await waitFor(() => {
      const stopped = prompts.messages.filter((m) => m.text.startsWith('Stopped watching '));
      return stopped.length >= 2 && stopped;
    }, 20_000, 'the failed watch, then the retried one');
    assert.equal(endings[0].kind, 'error');
    assert.deepEqual(endings[0].actions, ['Show Request Log', 'Retry']);
    assert.match(endings[1].text, /rejected/, 'the retry ends at once while the session is expired');
    assert.equal(services.session.state.kind, 'expired');
    // The failed watch stays remembered for the next sign-in: forget it so later tests are not told about it.
    const origin = new URL(sandbox().url).origin;
    await services.watchedRuns.remove(origin, run.id);
  });

  it('rerunning from the tree compares with the file that records the workflow; Compare and Update work from the file', async () => {
    const uri = await writeWorkspaceConfig('ux-drift', demoConfigText('it-ux-drift', 'it-ux-pg'));
    const first = scriptPrompts(services).answerMessage(undefined);
    const created = await vscode.commands.executeCommand<CrawlerRun>('atlan.submitConfiguration', uri);
    assert.ok(created);
    await outcomeOf(first);
    const name = created.workflowName;
    const recorded = new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
    assert.match(recorded, new RegExp(`"workflow": "${name}"`));

    // In sync: the rerun from the tree asks nothing.
    const inSync = scriptPrompts(services).answerMessage(undefined);
    assert.ok(await vscode.commands.executeCommand<CrawlerRun>('atlan.rerunWorkflow', { kind: 'workflow', name }));
    await outcomeOf(inSync);
    assert.equal(inSync.messages.filter((m) => m.modal).length, 0, 'no drift, no question');

    // Edited in the editor (the commands read the open document, which a write to disk reaches only later).
    const document = await vscode.workspace.openTextDocument(uri);
    const edit = new vscode.WorkspaceEdit();
    edit.replace(uri, new vscode.Range(document.positionAt(0), document.positionAt(document.getText().length)), recorded.replace('["public", "sales"]', '["public"]'));
    assert.ok(await vscode.workspace.applyEdit(edit));
    assert.ok(await document.save());
    assert.match(document.getText(), /"analytics": \["public"\]/);
    const drifted = scriptPrompts(services).answerMessage('Rerun Anyway', undefined);
    const rerun = await vscode.commands.executeCommand<CrawlerRun>('atlan.rerunWorkflow', { kind: 'workflow', name });
    const question = drifted.messages.find((m) => m.modal);
    assert.ok(question, `the rerun asked about the drift: ${JSON.stringify(drifted.messages)}`);
    assert.match(question.text, new RegExp(`^${name} on the tenant differs from ux-drift\\.atlan-postgres\\.json\\.`));
    assert.deepEqual(question.actions, ['Rerun Anyway', 'Update First', 'Show Differences']);
    assert.ok(rerun, 'Rerun Anyway reruns');
    await outcomeOf(drifted);

    const compare = scriptPrompts(services);
    assert.equal(await vscode.commands.executeCommand('atlan.compareWithTenant', uri), false);
    assert.match(compare.last('info') ?? '', new RegExp(`^${name} differs from the file: `));

    // Submitting the file again: the duplicate modal, then Update Existing updates in place.
    const update = scriptPrompts(services).answerMessage('Update Existing', 'Update', undefined);
    assert.equal(await vscode.commands.executeCommand('atlan.submitConfiguration', uri), undefined);
    const modals = update.messages.filter((m) => m.modal);
    assert.deepEqual(modals.map((m) => m.actions), [['Rerun Existing', 'Update Existing', 'Create Anyway'], ['Update']]);
    assert.match(update.last('info') ?? '', new RegExp(`^Updated ${name}\\.`));
    assert.equal(await vscode.commands.executeCommand('atlan.compareWithTenant', uri), true, 'the tenant now runs what the file says');
    const state = await sandbox().admin.state();
    assert.equal(state.workflows, 1, 'nothing was created twice');
  });
});

describe('UX: the Postgres Workflows tree', () => {
  let services: Services;
  let api: TestApi;

  before(async () => {
    services = await extensionServices();
    api = await testApi();
  });

  beforeEach(async () => {
    await sandbox().admin.reset();
    await sandbox().admin.setSurfaces('legacy');
  });

  afterEach(async () => {
    restorePrompts(services);
    await sandbox().admin.clearFaults();
    await services.session.signOut();
    await sandbox().admin.setSurfaces('both');
    await sandbox().admin.setClockSpeed(50);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('a 401 while expanding a workflow\'s runs turns the session into "expired"', async () => {
    const { admin } = sandbox();
    await admin.seed({ workflows: 2, runsPerWorkflow: 2, surface: 'legacy' });
    await signInToSandbox(services);
    await waitFor(() => services.store.workflows().length === 2, 10_000, 'the view to load');
    await admin.addFault({ method: 'POST', path: '^/api/service/runs/indexsearch$', status: 401 });
    const name = services.store.workflows()[0].workflow.name;
    // The Catalog branch comes first; the runs' failed load is what follows it.
    const children = (await api.workflowsTree.getChildren({ kind: 'workflow', name })).filter((c) => c.kind !== 'catalog');
    assert.equal(children.length, 1);
    const child = children[0];
    assert.ok(child.kind === 'message' && /^Could not load runs: The API token was rejected/.test(child.text), JSON.stringify(child));
    assert.equal(services.session.state.kind, 'expired');
  });

  it('shows labels, descriptions, phase icons, contextValues, failure messages and Markdown tooltips', async () => {
    const { admin } = sandbox();
    await admin.setClockSpeed(0.05);
    await admin.seed({ workflows: 14, runsPerWorkflow: 3, inFlight: 2, surface: 'legacy' });
    await signInToSandbox(services);
    await waitFor(() => services.store.workflows().length === 14, 10_000, 'the view to load');
    const tree = api.workflowsTree;
    const roots = await tree.getChildren();
    assert.equal(roots.length, 14);
    const expectedIcon: Record<string, [string, string | undefined]> = {
      Running: ['loading~spin', 'charts.blue'],
      Pending: ['clock', 'charts.yellow'],
      Succeeded: ['pass-filled', 'testing.iconPassed'],
      Failed: ['error', 'testing.iconFailed'],
      Error: ['error', 'testing.iconFailed'],
      Stopped: ['circle-slash', 'disabledForeground'],
      Terminated: ['circle-slash', 'disabledForeground'],
      Skipped: ['debug-step-over', 'disabledForeground'],
      Paused: ['debug-pause', 'charts.yellow'],
    };
    const markdown = (text: string): string => text.replace(/[\\`*_{}[\]()#+\-.!|<>]/g, (c) => `\\${c}`);
    const iconOf = (item: vscode.TreeItem): [string, string | undefined] => {
      assert.ok(item.iconPath instanceof vscode.ThemeIcon, `${JSON.stringify(item.label)} has a ThemeIcon`);
      return [item.iconPath.id, item.iconPath.color?.id];
    };
    const phasesSeen = new Set<string>();
    let failedWithMessage = 0;
    let inFlightRuns = 0;
    let schedules = 0;
    for (const root of roots) {
      assert.equal(root.kind, 'workflow');
      if (root.kind !== 'workflow') continue;
      const entry = services.store.get(root.name);
      assert.ok(entry);
      const item = tree.getTreeItem(root);
      const { connectionName, schedule } = entry.workflow;
      assert.ok(connectionName, `${root.name} has a connection name`);
      assert.equal(item.label, connectionName);
      assert.equal(item.contextValue, 'workflow');
      assert.equal(item.collapsibleState, vscode.TreeItemCollapsibleState.Collapsed);
      if (schedule) {
        schedules++;
        // The seed schedules every seventh workflow daily at 04:45 in Paris: in words, the cron in the tooltip.
        assert.deepEqual(schedule, { cron: '45 4 * * *', timezone: 'Europe/Paris' });
        assert.equal(item.description, `${root.name} · daily at 04:45 (Europe/Paris)`);
      } else {
        assert.equal(item.description, root.name);
      }
      const phase = entry.latestRun?.phase;
      assert.ok(phase && expectedIcon[phase], `a known phase for ${root.name}: ${phase}`);
      assert.deepEqual(iconOf(item), expectedIcon[phase]);
      const tooltip = tree.resolveTreeItem(item, root).tooltip;
      assert.ok(tooltip instanceof vscode.MarkdownString);
      assert.ok(tooltip.value.startsWith(`**${markdown(connectionName)}**`), tooltip.value);
      assert.ok(tooltip.value.includes(`Workflow \`${root.name}\``), tooltip.value);
      assert.match(tooltip.value, new RegExp(`Last run: ${phase}`));
      if (schedule) assert.ok(tooltip.value.includes('$(calendar) Runs daily at 04:45 \\(Europe/Paris\\) · cron `45 4 * * *`'), tooltip.value);

      const children = await tree.getChildren(root);
      assert.equal(children[0]?.kind, 'catalog', 'the Catalog branch comes first');
      const runs = children.slice(1);
      assert.equal(runs.length, 3, `three runs of ${root.name}`);
      for (const node of runs) {
        assert.equal(node.kind, 'run');
        if (node.kind !== 'run') continue;
        const run = node.run;
        phasesSeen.add(run.phase);
        const runItem = tree.getTreeItem(node);
        assert.deepEqual(iconOf(runItem), expectedIcon[run.phase]);
        assert.ok(String(runItem.description).startsWith(run.phase), String(runItem.description));
        const finished = !['Running', 'Pending'].includes(run.phase);
        const failed = run.phase === 'Failed' || run.phase === 'Error';
        assert.equal(runItem.contextValue, !finished ? 'run:inflight' : failed ? 'run:failed' : 'run:finished');
        if (!finished) inFlightRuns++;
        const runTooltip = tree.resolveTreeItem(runItem, node).tooltip;
        assert.ok(runTooltip instanceof vscode.MarkdownString);
        assert.ok(runTooltip.value.includes(`run \`${run.id}\``), runTooltip.value);
        if (failed && run.message) {
          failedWithMessage++;
          assert.equal(runItem.collapsibleState, vscode.TreeItemCollapsibleState.Collapsed);
          assert.equal(runItem.command?.command, 'atlan.showRunFailure');
          const messages = await tree.getChildren(node);
          const first = messages[0];
          assert.ok(first.kind === 'message', 'a failed run has its message as a child');
          assert.equal(first.text, run.message);
          const messageItem = tree.getTreeItem(first);
          assert.equal(messageItem.label, run.message);
          assert.equal(messageItem.contextValue, 'message');
          assert.deepEqual(iconOf(messageItem), ['error', 'testing.iconFailed']);
        }
      }
    }
    assert.ok(failedWithMessage > 0, 'the seed has failed runs with messages');
    assert.ok(schedules > 0, 'the seed has scheduled workflows (every seventh)');
    assert.equal(inFlightRuns, 2, 'the two in-flight runs can be stopped (run:inflight)');
    assert.ok(phasesSeen.has('Succeeded') && phasesSeen.has('Failed'), [...phasesSeen].join(', '));
  });

  it('filters by what is typed into the filter at once, before anything is picked; Enter keeps it, Escape puts the previous one back', async () => {
    const { admin } = sandbox();
    await admin.seed({ workflows: 20, runsPerWorkflow: 1, surface: 'legacy' });
    await signInToSandbox(services);
    await waitFor(() => services.store.workflows().length === 20, 10_000, 'the view to load');
    const tree = api.workflowsTree;
    const shown = async (): Promise<string[]> =>
      (await tree.getChildren()).map((node) => (node.kind === 'workflow' ? (services.store.get(node.name)?.workflow.connectionName ?? node.name) : node.kind));
    const everything = await shown();
    const containing = (text: string): string[] => everything.filter((name) => name.includes(text));
    assert.ok(containing('prod').length > 0 && containing('prod').length < everything.length, everything.join(', '));
    assert.ok(containing('staging').length > 0, everything.join(', '));

    const prompts = scriptPrompts(services);
    /** Opens the filter and types `text` one key at a time into the real quick input, each keystroke echoed back by the workbench. */
    const typeIntoFilter = async (text: string): Promise<{ pick: vscode.QuickPick<vscode.QuickPickItem>; done: Thenable<unknown> }> => {
      const count = prompts.quickPicks.length;
      const done = vscode.commands.executeCommand('atlan.filter');
      const pick = await waitFor(() => prompts.quickPicks[count], 5_000, 'the filter quick pick');
      const echoed: string[] = [];
      const echo = pick.onDidChangeValue((v) => echoed.push(v));
      pick.value = '';
      for (let i = 1; i <= text.length; i++) {
        pick.value = text.slice(0, i);
        await waitFor(() => echoed.includes(text.slice(0, i)), 5_000, `the workbench to take the keystroke "${text.slice(0, i)}"`);
      }
      echo.dispose();
      return { pick, done };
    };
    try {
      const typed = await typeIntoFilter('prod');
      // The view narrows while the pick is still open: nothing was picked yet.
      await waitFor(async () => JSON.stringify(await shown()) === JSON.stringify(containing('prod')), 5_000, 'the view to show only names containing "prod" as it is typed');
      assert.equal(typed.pick.activeItems[0]?.label, '$(search) Name contains “prod”', 'Enter applies what is typed');
      await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
      await typed.done;
      assert.deepEqual(tree.filter, { text: 'prod' });
      assert.deepEqual(await shown(), containing('prod'), 'Enter keeps the filter');

      const dismissed = await typeIntoFilter('staging');
      await waitFor(async () => JSON.stringify(await shown()) === JSON.stringify(containing('staging')), 5_000, 'the view to follow the new text');
      await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
      await dismissed.done;
      assert.deepEqual(tree.filter, { text: 'prod' }, 'Escape puts the previous filter back');
      assert.deepEqual(await shown(), containing('prod'));
    } finally {
      await vscode.commands.executeCommand('atlan.clearFilter');
    }
  });

  it('opens Run details of a failed run from the tree: the failed step first, with its message', async () => {
    const { admin } = sandbox();
    await admin.seed({ workflows: 10, runsPerWorkflow: 3, surface: 'legacy' });
    await signInToSandbox(services);
    await waitFor(() => services.store.workflows().length === 10, 10_000, 'the view to load');
    const tree = api.workflowsTree;
    let failed: Extract<Awaited<ReturnType<typeof tree.getChildren>>[number], { kind: 'run' }> | undefined;
    for (const root of await tree.getChildren()) {
      failed ??= (await tree.getChildren(root)).find((n): n is NonNullable<typeof failed> => n.kind === 'run' && tree.getTreeItem(n).contextValue === 'run:failed');
    }
    assert.ok(failed, 'the seed has a failed run');
    const run = failed.run;
    const extract = run.steps?.find((s) => s.name === 'extract');
    assert.ok(extract?.message && run.steps?.[0]?.name === 'preflight-check', `the seeded run failed in extract, after preflight-check: ${JSON.stringify(run.steps)}`);

    // What the run's inline action and context menu item run, given the tree node.
    const uri = await vscode.commands.executeCommand<vscode.Uri>('atlan.showRunDetails', failed);
    assert.ok(uri, 'the command says which document it opened');
    const tabs = (): vscode.Tab[] => vscode.window.tabGroups.all.flatMap((g) => g.tabs);
    await waitFor(() => tabs().some((t) => t.input instanceof vscode.TabInputWebview && t.label === `Preview ${run.id}.md`), 10_000, `the Markdown preview of Run details among ${tabs().map((t) => t.label).join(', ')}`);
    const text = (await vscode.workspace.openTextDocument(uri)).getText();
    const lines = text.split('\n');
    const connection = services.store.get(run.workflowName)?.workflow.connectionName;
    assert.equal(lines[0], `# ${connection}: run Failed`);
    assert.ok(lines.includes(`**Failed in extract**: ${markdownText(extract.message)}`), text);
    const header = lines.indexOf('| Step | Phase | Started | Duration | Message |');
    assert.ok(header > 0, text);
    const rows = lines.slice(header + 2).filter((l) => l.startsWith('| '));
    assert.deepEqual(rows.map((r) => r.split(' | ').slice(0, 2).join(' | ')), ['| extract | **Failed**', '| preflight-check | Succeeded', '| publish | Omitted']);
    assert.ok(rows[0].endsWith(` | ${markdownText(extract.message)} |`), rows[0]);
    assert.match(rows[1], /^\| preflight-check \| Succeeded \| \S.* \| \d+s \| {2}\|$/, 'a start time and a duration');
  });

  it('says a run\'s steps are not available on the App API', async () => {
    const { admin } = sandbox();
    await admin.setSurfaces('apps');
    await admin.seed({ workflows: 2, runsPerWorkflow: 1, surface: 'apps' });
    await signInToSandbox(services);
    await waitFor(() => services.store.workflows().length === 2, 10_000, 'the view to load');
    // The App API cannot list runs: start one, as a rerun from the view would.
    const state = services.session.state;
    assert.ok(state.kind === 'signedIn' && state.surface === 'apps');
    const { run } = await state.backend.rerun(services.store.workflows()[0].workflow.name);
    const uri = await vscode.commands.executeCommand<vscode.Uri>('atlan.showRunDetails', run);
    const text = (await vscode.workspace.openTextDocument(uri)).getText();
    assert.match(text, new RegExp(`\\| Run \\| \`${run.id}\` \\|`));
    assert.ok(text.includes('Steps are not available: the App API reports a run as a whole, without its steps.'), text);
  });

  it('pages with Load more', async () => {
    const { admin } = sandbox();
    await admin.seed({ workflows: 7, runsPerWorkflow: 1, surface: 'legacy' });
    await signInToSandbox(services);
    await waitFor(() => services.store.workflows().length === 7, 10_000, 'the view to load');
    // A store and provider of their own, with a page of three, over the signed-in backend.
    const state = services.session.state;
    assert.ok(state.kind === 'signedIn');
    const store = new WorkflowStore(state.backend, { pageSize: 3, recentRuns: 2 });
    const tree = new WorkflowTreeDataProvider(store);
    try {
      await store.refresh();
      let roots = await tree.getChildren();
      assert.equal(roots.length, 4, 'three workflows and Load more');
      const more = roots[3];
      assert.equal(more.kind, 'loadMore');
      const item = tree.getTreeItem(more);
      assert.equal(item.label, 'Load more…');
      assert.equal(item.description, '3 of 7');
      assert.equal(item.command?.command, 'atlan.loadMore');
      assert.equal(item.contextValue, 'loadMore');
      await store.loadMore();
      await store.loadMore();
      roots = await tree.getChildren();
      assert.equal(roots.length, 7, 'everything loaded: no Load more');
      assert.ok(roots.every((r) => r.kind === 'workflow'));
    } finally {
      tree.dispose();
    }
  });
});

describe('UX: the last-run lens of a workflow the view does not hold', () => {
  let services: Services;

  before(async () => {
    services = await extensionServices();
  });

  afterEach(async () => {
    restorePrompts(services);
    await services.session.signOut();
    await sandbox().admin.setSurfaces('both');
    await sandbox().admin.setClockSpeed(50);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('follows the run while it runs', async () => {
    const { admin } = sandbox();
    await signInToFreshTenant(services, { surface: 'legacy', clockSpeed: 0.2 });
    // Seeded after the view loaded: the store does not hold it, so the lens fetches its last run.
    await admin.seed({ workflows: 1, runsPerWorkflow: 1, inFlight: 1, surface: 'legacy' });
    const state = services.session.state;
    assert.ok(state.kind === 'signedIn');
    const page = await state.backend.listWorkflows({ size: 5 });
    const name = page.items[0]?.name;
    assert.ok(name && !services.store.get(name));
    const uri = await writeWorkspaceConfig('ux-lens', demoConfigText('it-ux-lens', 'it-ux-pg', [`"workflow": "${name}"`]));
    await vscode.window.showTextDocument(uri);
    const lastRun = async (): Promise<string | undefined> => {
      const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri);
      return lenses.map((l) => l.command?.title ?? '').find((t) => t.includes('Last run:'));
    };
    const running = await waitFor(async () => {
      const title = await lastRun();
      return title && /Last run: (Pending|Running)/.test(title) && title;
    }, 10_000, 'the lens to show the run in flight');
    assert.match(running, /^\$\((clock|loading~spin)\) Last run: /);
    await admin.setClockSpeed(500);
    const finished = await waitFor(async () => {
      const title = await lastRun();
      return title && /Last run: (Succeeded|Failed)/.test(title) && title;
    }, 40_000, 'the lens to follow the run to its end');
    assert.match(finished, /^\$\((pass-filled|error)\) Last run: (Succeeded|Failed)$/);
    assert.equal(services.store.get(name), undefined, 'followed without loading the workflow into the view');
    // Clicking the lens opens that run's details.
    const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri);
    const command = lenses.find((l) => l.command?.title.includes('Last run:'))?.command;
    assert.equal(command?.command, 'atlan.showRunDetails');
    const details = await vscode.commands.executeCommand<vscode.Uri>(command.command, ...(command.arguments ?? []));
    const latest = services.store.latestRunOf(name);
    assert.ok(latest && details?.path.endsWith(`/${name}/${latest.id}.md`), details?.toString());
    assert.match((await vscode.workspace.openTextDocument(details)).getText(), /^# .*: run (Succeeded|Failed)\n/);
  });
});

describe('UX: one state of a run for every view', () => {
  let services: Services;
  let api: TestApi;
  let progress: ProgressLog | undefined;

  before(async () => {
    services = await extensionServices();
    api = await testApi();
  });

  beforeEach(async () => {
    await services.secrets.store('it-ux-pg', sandbox().postgres.password);
    // Slow enough (about 20 s a run) for several polls, refreshes and run lists to land in the middle of it.
    await signInToFreshTenant(services, { surface: 'legacy', clockSpeed: 2 });
  });

  afterEach(async () => {
    progress?.restore();
    progress = undefined;
    restorePrompts(services);
    await services.session.signOut();
    await services.secrets.delete('it-ux-pg');
    await sandbox().admin.setSurfaces('both');
    await sandbox().admin.setClockSpeed(50);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  /** "Running 2/3" (the progress only while in flight), from each view's own text. */
  const fromRun = (run: CrawlerRun | undefined): string => (run ? (isFinished(run.phase) || !run.progress ? run.phase : `${run.phase} ${run.progress}`) : 'none');
  const fromParts = (parts: string[]): string => {
    const phase = parts[0] ?? 'none';
    const steps = parts.find((p) => /^\d+\/\d+$/.test(p));
    return isFinished(phase) || !steps ? phase : `${phase} ${steps}`;
  };
  const fromNotification = (message: string | undefined): string => fromParts((message ?? '').split(' · '));
  const fromTreeItem = (item: vscode.TreeItem): string => fromParts(String(item.description ?? '').split(' · '));
  const fromLens = (title: string | undefined): string => {
    const match = /Last run: (\S+)(?: (\d+\/\d+))?$/.exec(title ?? '');
    return match ? (match[2] ? `${match[1]} ${match[2]}` : match[1]) : 'none';
  };

  it('the notification, the tree and the lens show the store\'s state of the run as it moves, and its final phase the moment the notification reports it', async () => {
    const uri = await writeWorkspaceConfig('ux-one-state', demoConfigText('it-ux-one-state', 'it-ux-pg'));
    await vscode.window.showTextDocument(uri);
    progress = observeProgress();
    const prompts = scriptPrompts(services).answerMessage(undefined);
    const tree = api.workflowsTree;
    const lastReport = (): string | undefined => progress?.notifications[0]?.messages.at(-1);
    const lensTitle = async (): Promise<string | undefined> => {
      const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri);
      return lenses.map((l) => l.command?.title ?? '').find((t) => t.includes('Last run:'));
    };

    // At the moment the outcome is told, before anything else can happen: what every view shows.
    let atOutcome: { text: string; store: string; notification: string; treeRun: string; treeIcon: string | undefined; lens: Thenable<string | undefined> } | undefined;
    let runNode: Extract<Awaited<ReturnType<typeof tree.getChildren>>[number], { kind: 'run' }> | undefined = undefined;
    const message = prompts.message.bind(prompts);
    prompts.message = (kind, text, options, ...actions) => {
      if (OUTCOME.test(text) && !atOutcome && runNode) {
        const name = runNode.run.workflowName;
        const icon = tree.getTreeItem({ kind: 'workflow', name }).iconPath;
        atOutcome = {
          text,
          store: fromRun(services.store.run(runNode.run.id)),
          notification: fromNotification(lastReport()),
          treeRun: fromTreeItem(tree.getTreeItem(runNode)),
          treeIcon: icon instanceof vscode.ThemeIcon ? icon.id : undefined,
          lens: lensTitle(),
        };
      }
      return message(kind, text, options, ...actions);
    };

    const submitted = await vscode.commands.executeCommand<CrawlerRun>('atlan.submitConfiguration', uri);
    assert.ok(submitted, `submit returns the first run: ${JSON.stringify(prompts.messages)}`);
    const name = submitted.workflowName;
    // The run node the view made once the tenant named the run; VS Code keeps asking about this same object.
    const realId = await waitFor(() => {
      const run = services.store.latestRunOf(name);
      return run && !run.id.startsWith('submitted:') && run.id;
    }, 20_000, 'the tenant to name the submitted run');
    runNode = await waitFor(async () => {
      const children = await tree.getChildren({ kind: 'workflow', name });
      return children.find((c): c is NonNullable<typeof runNode> => c.kind === 'run' && c.run.id === realId);
    }, 10_000, 'the run under its workflow in the view');
    const node = runNode;

    // Each time the store's record changes, whoever changed it (the watcher's poll, a refresh, the
    // run list of an expanded workflow), the notification and the tree already say the same.
    const disagreements: string[] = [];
    let samples = 0;
    const sample = (): void => {
      const store = fromRun(services.store.run(realId));
      const seen = { notification: fromNotification(lastReport()), tree: fromTreeItem(tree.getTreeItem(node)) };
      samples++;
      for (const [view, shown] of Object.entries(seen)) if (shown !== store) disagreements.push(`${view} showed ${shown} while the store had ${store}`);
    };
    // Microtask: after every listener of the same change has run, whatever their order.
    const watching = services.store.onDidChange(() => queueMicrotask(sample));
    const reading = (async () => {
      while (!prompts.messages.some((m) => OUTCOME.test(m.text))) {
        await vscode.commands.executeCommand('atlan.refresh');
        await services.store.loadRuns(name);
        const before = fromRun(services.store.run(realId));
        const lens = fromLens(await lensTitle());
        if (before === fromRun(services.store.run(realId)) && lens !== before) disagreements.push(`the lens showed ${lens} while the store had ${before}`);
        await new Promise((r) => setTimeout(r, 200));
      }
    })();
    try {
      await outcomeOf(prompts, 60_000);
      await reading;
    } finally {
      watching.dispose();
    }
    assert.deepEqual(disagreements, [], `${samples} samples`);
    assert.ok(samples >= 3, `the store changed ${samples} times during the run`);

    assert.ok(atOutcome, 'the outcome was told while the test was looking');
    const phase = /: run (\w+)/.exec(atOutcome.text)?.[1];
    assert.equal(phase, 'Succeeded', atOutcome.text);
    assert.deepEqual(
      { store: atOutcome.store, notification: atOutcome.notification, tree: atOutcome.treeRun, treeIcon: atOutcome.treeIcon, lens: fromLens(await atOutcome.lens) },
      { store: 'Succeeded', notification: 'Succeeded', tree: 'Succeeded', treeIcon: 'pass-filled', lens: 'Succeeded' },
    );
    assert.equal(services.store.inFlightRuns().length, 0, 'nothing left in flight for the status bar to count');
  });
});

/** Tenant text as Run details writes it into a Markdown table cell. */
function markdownText(value: string): string {
  return value.replace(/\s+/g, ' ').trim().replace(/[\\`*_{}[\]<>|#]/g, (c) => `\\${c}`);
}
