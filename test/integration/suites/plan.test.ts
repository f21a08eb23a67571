import * as assert from 'node:assert/strict';
import { parse } from 'jsonc-parser';
import * as vscode from 'vscode';
import type { CrawlerRun } from '../../../src/core/atlan';
import { parseConfig } from '../../../src/core/config/parse';
import type { TestApi } from '../../../src/extension';
import type { AppliedPlan } from '../../../src/features/plan/planFeature';
import type { PlannedEntry, PlanView, ShownPlan } from '../../../src/features/plan/planView';
import type { Services } from '../../../src/features/services';
import { demoConfigText, restorePrompts, sandbox, scriptPrompts, signInToFreshTenant, testApi, waitFor } from '../helpers';

/**
 * The Plan view against the sandbox (legacy surface, where Atlan's UI makes crawlers): a folder
 * with one file to create, one drifted from its workflow, one whose connection a UI-made crawler
 * already crawls, and one recording a workflow the tenant does not have. Apply Plan is confirmed
 * through the scripted prompts; a second plan shows only unchanged files.
 */
describe('Plan view', () => {
  let services: Services;
  let api: TestApi;
  let folder: vscode.Uri;
  let counter = 0;

  before(async () => {
    api = await testApi();
    services = api.services;
  });

  beforeEach(async () => {
    await services.secrets.store('it-plan-pg', sandbox().postgres.password);
    await signInToFreshTenant(services, { surface: 'legacy', clockSpeed: 50 });
    const root = vscode.workspace.workspaceFolders?.[0]?.uri;
    assert.ok(root, 'the test workspace has no folder open');
    folder = vscode.Uri.joinPath(root, `it-plan-${++counter}`);
    await vscode.workspace.fs.createDirectory(folder);
  });

  afterEach(async () => {
    restorePrompts(services);
    await services.session.signOut();
    await services.secrets.delete('it-plan-pg');
    await sandbox().admin.setSurfaces('both');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.workspace.fs.delete(folder, { recursive: true });
  });

  /** The Plan view's data (loaded by the first plan command). */
  function view(): PlanView {
    const loaded = api.plan.view();
    assert.ok(loaded, 'the Plan view has not loaded: no plan command ran');
    return loaded;
  }

  async function write(name: string, text: string): Promise<vscode.Uri> {
    const uri = vscode.Uri.joinPath(folder, `${name}.atlan-postgres.json`);
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));
    return uri;
  }

  async function read(uri: vscode.Uri): Promise<string> {
    return new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
  }

  function entry(plan: ShownPlan, name: string): PlannedEntry {
    const found = plan.entries.find((e) => e.plan.file.endsWith(`${name}.atlan-postgres.json`));
    assert.ok(found, `${name} is not in the plan: ${plan.entries.map((e) => e.plan.file).join(', ')}`);
    return found;
  }

  /** The folder of the issue: create, update, adopt (a UI-made crawler) and a conflict. */
  async function issueFolder(): Promise<{ created: vscode.Uri; drifted: vscode.Uri; adopted: vscode.Uri; gone: vscode.Uri; driftedWorkflow: string; uiWorkflow: string }> {
    const n = counter;
    // The drifted file: submitted, then edited.
    const drifted = await write('drifted', demoConfigText(`it-plan-drifted-${n}`, 'it-plan-pg'));
    const prompts = scriptPrompts(services).answerMessage(undefined);
    const run = await vscode.commands.executeCommand<CrawlerRun | undefined>('atlan.submitConfiguration', drifted);
    assert.ok(run, `the drifted file was not submitted: ${JSON.stringify(prompts.messages)}`);
    await waitFor(async () => parseConfig(await read(drifted)).config?.workflow === run.workflowName, 10_000, 'the submitted file to record its workflow');
    // Its outcome notification offers actions: it must not take an answer scripted for Apply Plan.
    await waitFor(() => prompts.messages.some((m) => /: run (Succeeded|Failed)/.test(m.text)), 30_000, "the drifted file's run to finish");
    await vscode.workspace.fs.writeFile(drifted, new TextEncoder().encode((await read(drifted)).replace('"include": { "analytics": ["public", "sales"] }', '"include": { "analytics": ["public"] }')));

    const pg = sandbox().postgres;
    const ui = await sandbox().admin.createUiCrawler({
      connectionName: `it-plan-ui-${n}`,
      credential: { host: pg.host, port: pg.port, database: 'analytics', username: pg.user, password: pg.password },
      include: { analytics: ['public', 'sales'] },
      run: false,
    });
    const adopted = await write('adopted', demoConfigText(`it-plan-ui-${n}`, 'it-plan-pg'));
    const created = await write('created', demoConfigText(`it-plan-new-${n}`, 'it-plan-pg'));
    const gone = await write('gone', demoConfigText(`it-plan-gone-${n}`, 'it-plan-pg', ['"workflow": "atlan-postgres-1000000000"']));
    return { created, drifted, adopted, gone, driftedWorkflow: run.workflowName, uiWorkflow: ui.name };
  }

  it('plans create, update (with its fields), adopt and a conflict; apply carries it out; a second plan shows only unchanged', async () => {
    const files = await issueFolder();
    const shown = await vscode.commands.executeCommand<ShownPlan | undefined>('atlan.planWorkspace', folder);
    assert.ok(shown, 'no plan was shown');
    assert.equal(view().current, shown);
    assert.deepEqual(
      view().groups(),
      [
        { group: 'create', count: 1 },
        { group: 'update', count: 1 },
        { group: 'adopt', count: 1 },
        { group: 'conflict', count: 1 },
      ],
      'nothing else on the tenant: a fresh sandbox',
    );
    const update = entry(shown, 'drifted');
    assert.equal(update.plan.workflow, files.driftedWorkflow);
    assert.ok(update.plan.fields.some((f) => f.path.startsWith('include')), `the changed fields: ${JSON.stringify(update.plan.fields)}`);
    // The tree shows the fields under the file, and the conflict's reason.
    const updateGroup = view().getChildren().find((n) => n.kind === 'group' && n.group === 'update');
    assert.ok(updateGroup);
    const fileNode = view().getChildren(updateGroup)[0];
    assert.deepEqual(view().getChildren(fileNode).map((n) => (n.kind === 'field' ? n.change.path : n.kind)), update.plan.fields.map((f) => f.path));
    assert.equal(entry(shown, 'adopted').plan.workflow, files.uiWorkflow);
    const conflict = entry(shown, 'gone');
    assert.equal(conflict.plan.conflict, 'workflowGone');
    const conflictGroup = view().getChildren().find((n) => n.kind === 'group' && n.group === 'conflict');
    assert.ok(conflictGroup);
    const conflictItem = view().getTreeItem(view().getChildren(conflictGroup)[0]);
    assert.match(String(conflictItem.description), /the tenant has no workflow atlan-postgres-1000000000/);

    // Clicking the drifted file opens the tenant's definition against the file.
    const inSync = await vscode.commands.executeCommand<boolean | undefined>('atlan.showPlanDiff', update);
    assert.equal(inSync, false);
    await waitFor(
      () => vscode.window.tabGroups.activeTabGroup.activeTab?.input instanceof vscode.TabInputTextDiff && vscode.window.tabGroups.activeTabGroup.activeTab.label.includes(files.driftedWorkflow),
      10_000,
      () => `a diff editor of ${files.driftedWorkflow} (active tab: ${vscode.window.tabGroups.activeTabGroup.activeTab?.label ?? 'none'})`,
    );

    const before = (await sandbox().admin.state()).workflows;
    const prompts = scriptPrompts(services).answerMessage('Apply');
    const applied = await vscode.commands.executeCommand<AppliedPlan | undefined>('atlan.applyPlan');
    assert.ok(applied, `nothing was applied: ${JSON.stringify(prompts.messages)}`);
    const modal = prompts.messages.find((m) => m.modal);
    assert.ok(modal, 'no modal confirmation');
    assert.match(modal.text, new RegExp(`Create \\(1\\):\\n  it-plan-new-${counter} from `));
    assert.match(modal.text, new RegExp(`Update \\(1\\):\\n  ${files.driftedWorkflow} from `));
    assert.match(modal.text, new RegExp(`Adopt \\(1\\):\\n  ${files.uiWorkflow} into `));
    assert.match(modal.text, /1 conflict is left alone/);
    assert.deepEqual(
      applied.results.map((r) => [r.file.replace(/^.*\//, ''), r.outcome]),
      [
        ['adopted.atlan-postgres.json', 'applied'],
        ['created.atlan-postgres.json', 'applied'],
        ['drifted.atlan-postgres.json', 'applied'],
        ['gone.atlan-postgres.json', 'conflict'],
      ],
    );
    assert.match(applied.message, /^Applied 3 of 3 to /);
    assert.equal((await sandbox().admin.state()).workflows, before + 1, 'one crawler created, none for the adopted connection');
    // The outcome per file in the view, and the adopted file records its workflow with its comment kept.
    assert.equal(view().outcomeOf(entry(view().current as ShownPlan, 'adopted').plan.file)?.outcome, 'applied');
    const adoptedText = await read(files.adopted);
    assert.match(adoptedText, /\/\/ A crawler of the demo database/);
    assert.equal(parseConfig(adoptedText).config?.workflow, files.uiWorkflow);
    assert.ok(parseConfig(await read(files.created)).config?.workflow, 'the created file records its workflow');

    await vscode.workspace.fs.delete(files.gone);
    const again = await vscode.commands.executeCommand<ShownPlan | undefined>('atlan.planWorkspace', folder);
    assert.ok(again);
    assert.deepEqual(view().groups(), [{ group: 'unchanged', count: 3 }], JSON.stringify(again.entries.map((e) => [e.plan.file, e.plan.action, e.plan.reason ?? e.plan.fields])));
  });

  it('Apply Plan does nothing when the confirmation is dismissed; a file meant for another profile is left out', async () => {
    await write('only', demoConfigText(`it-plan-dismissed-${counter}`, 'it-plan-pg'));
    await write('elsewhere', demoConfigText(`it-plan-elsewhere-${counter}`, 'it-plan-pg', ['"profile": "another-tenant"']));
    const shown = await vscode.commands.executeCommand<ShownPlan | undefined>('atlan.planWorkspace', folder);
    assert.deepEqual(shown?.entries.map((e) => e.plan.file.replace(/^.*\//, '')), ['only.atlan-postgres.json']);
    assert.match(shown.summary, /1 left out, meant for another profile/);
    const before = (await sandbox().admin.state()).workflows;
    const prompts = scriptPrompts(services).answerMessage(undefined);
    const applied = await vscode.commands.executeCommand<AppliedPlan | undefined>('atlan.applyPlan');
    assert.equal(applied, undefined);
    assert.ok(prompts.messages.some((m) => m.modal), 'the confirmation was not asked');
    assert.equal((await sandbox().admin.state()).workflows, before, 'a crawler was created');
    assert.equal(view().outcomeOf(view().current?.entries[0]?.plan.file ?? ''), undefined);
  });


  it('with an active profile, apply records the workflow under it and the lenses follow the profile', async () => {
    const uri = await write('profiled', demoConfigText(`it-plan-profiled-${counter}`, 'it-plan-pg', ['"profiles": { "prod": {} }']));
    const prompts = scriptPrompts(services).answerPick('prod');
    try {
      const chosen = await vscode.commands.executeCommand<string | undefined>('atlan.selectProfile');
      assert.equal(chosen, 'prod', JSON.stringify(prompts.messages));
      assert.equal(services.activeProfile.current(), 'prod');
      const shown = await vscode.commands.executeCommand<ShownPlan | undefined>('atlan.planWorkspace', folder);
      assert.equal(shown?.profile, 'prod');
      assert.deepEqual(shown.entries.map((e) => e.plan.action), ['create']);
      prompts.answerMessage('Apply');
      const applied = await vscode.commands.executeCommand<AppliedPlan | undefined>('atlan.applyPlan');
      assert.deepEqual(applied?.results.map((r) => r.outcome), ['applied'], JSON.stringify(prompts.messages));
      const value = parse(await read(uri)) as { workflow?: string; profiles: { prod: { workflow?: string } } };
      assert.equal(value.profiles.prod.workflow, applied.results[0].workflow, 'recorded under profiles.prod');
      assert.equal(value.workflow, undefined, 'nothing recorded at the top level');

      await vscode.window.showTextDocument(uri);
      const lensTitles = async (): Promise<string[]> =>
        ((await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri)) ?? []).map((l) => l.command?.title ?? '');
      await waitFor(async () => (await lensTitles()).some((t) => t.includes('Rerun')), 15_000, "a Rerun lens for prod's workflow");
      // Without a profile the file records nothing for the tenant: Submit again.
      await services.activeProfile.select(undefined);
      await waitFor(async () => (await lensTitles()).some((t) => t.includes('Submit')), 15_000, 'a Submit lens without a profile');
    } finally {
      await services.activeProfile.useSetting();
    }
  });

  it('Plan This Folder (Explorer) plans the files under that folder only, and Apply Plan applies just those', async () => {
    const sub = vscode.Uri.joinPath(folder, 'team-a');
    await vscode.workspace.fs.createDirectory(sub);
    const inside = vscode.Uri.joinPath(sub, 'nested', 'inside.atlan-postgres.json');
    await vscode.workspace.fs.createDirectory(vscode.Uri.joinPath(sub, 'nested'));
    await vscode.workspace.fs.writeFile(inside, new TextEncoder().encode(demoConfigText(`it-plan-inside-${counter}`, 'it-plan-pg')));
    await write('outside', demoConfigText(`it-plan-outside-${counter}`, 'it-plan-pg'));
    // The Explorer passes the folder clicked, and the selection.
    const shown = await vscode.commands.executeCommand<ShownPlan | undefined>('atlan.planFolder', sub, [sub]);
    assert.ok(shown, 'no plan was shown');
    assert.equal(view().current, shown, 'the Plan view shows the folder\'s plan');
    assert.equal(shown.folder, `it-plan-${counter}/team-a`);
    assert.deepEqual(shown.entries.map((e) => [e.plan.file, e.plan.action]), [[`it-plan-${counter}/team-a/nested/inside.atlan-postgres.json`, 'create']]);

    const before = (await sandbox().admin.state()).workflows;
    const prompts = scriptPrompts(services).answerMessage('Apply');
    const applied = await vscode.commands.executeCommand<AppliedPlan | undefined>('atlan.applyPlan');
    assert.deepEqual(applied?.results.map((r) => [r.file, r.outcome]), [[`it-plan-${counter}/team-a/nested/inside.atlan-postgres.json`, 'applied']], JSON.stringify(prompts.messages));
    assert.equal((await sandbox().admin.state()).workflows, before + 1, 'one crawler, for the folder\'s file only');
    assert.equal(parseConfig(await read(vscode.Uri.joinPath(folder, 'outside.atlan-postgres.json'))).config?.workflow, undefined, 'the file outside the folder was applied');

    // Anything but a folder on disk gets a clear error, not a plan of the whole workspace.
    prompts.answerMessage(undefined);
    assert.equal(await vscode.commands.executeCommand('atlan.planFolder'), undefined);
    await waitFor(() => prompts.messages.find((m) => m.text.includes('Plan This Folder plans a folder on disk')), 10_000, () => `the error for a missing folder: ${JSON.stringify(prompts.messages)}`);
  });

  it('disposes the cancellation listener of each plan once planning is done', async () => {
    await write('listened', demoConfigText(`it-plan-listened-${counter}`, 'it-plan-pg'));
    // The extension's modules and this suite share one `vscode` object: its calls go through this wrapper.
    const window = vscode.window as { withProgress: typeof vscode.window.withProgress };
    const original = window.withProgress;
    const listeners: { title: string; disposed: boolean }[] = [];
    window.withProgress = ((options, task) =>
      original.call(vscode.window, options, (progress, token) => {
        const title = options.title ?? '';
        const tracking: vscode.CancellationToken = {
          get isCancellationRequested() {
            return token.isCancellationRequested;
          },
          onCancellationRequested: (listener, thisArg, disposables) => {
            const real = token.onCancellationRequested(listener, thisArg, disposables);
            const entry = { title, disposed: false };
            listeners.push(entry);
            return { dispose: () => ((entry.disposed = true), real.dispose()) };
          },
        };
        return task(progress, tracking);
      })) as typeof original;
    try {
      for (let i = 0; i < 3; i++) assert.ok(await vscode.commands.executeCommand<ShownPlan | undefined>('atlan.planWorkspace', folder), `plan ${i + 1} failed`);
    } finally {
      window.withProgress = original;
    }
    const planning = listeners.filter((l) => l.title.startsWith('Planning '));
    assert.equal(planning.length, 3, `cancellation listeners of plans: ${JSON.stringify(listeners)}`);
    assert.deepEqual(planning.map((l) => l.disposed), [true, true, true], 'listeners left behind after planning');
  });

  it('keeps what Apply Plan reports when the active profile changes while it applies', async () => {
    const name = `it-plan-during-${counter}`;
    await write('during', demoConfigText(name, 'it-plan-pg', ['"profiles": { "prod": {} }']));
    const shown = await vscode.commands.executeCommand<ShownPlan | undefined>('atlan.planWorkspace', folder);
    assert.deepEqual(shown?.entries.map((e) => e.plan.action), ['create']);
    const file = entry(shown, 'during').plan.file;
    // The create is held back long enough for the profile to change while apply waits on it.
    await sandbox().admin.addFault({ method: 'POST', path: '/workflows$', delayMs: 3000, times: 1 });
    const prompts = scriptPrompts(services).answerMessage('Apply');
    try {
      const applying = vscode.commands.executeCommand<AppliedPlan | undefined>('atlan.applyPlan');
      await waitFor(() => prompts.messages.some((m) => m.modal), 20_000, 'the confirmation of Apply Plan');
      await services.activeProfile.select('prod');
      const applied = await applying;
      assert.deepEqual(applied?.results.map((r) => r.outcome), ['applied'], JSON.stringify(prompts.messages));
      // The view still shows the plan that was applied, with each file's outcome, not a re-plan for prod.
      assert.equal(view().current?.profile, undefined, 'the plan shown was replaced while apply reported on it');
      assert.equal(view().outcomeOf(file)?.outcome, 'applied');
    } finally {
      await sandbox().admin.clearFaults();
      await services.activeProfile.useSetting();
    }
  });

  it('plans the same folder again when the active profile changes, and shows no plan when that fails', async () => {
    // Without a profile the file is new; prod records a workflow the tenant does not have.
    await write('switched', demoConfigText(`it-plan-switched-${counter}`, 'it-plan-pg', ['"profiles": { "prod": { "workflow": "atlan-postgres-1000000000" } }']));
    try {
      const shown = await vscode.commands.executeCommand<ShownPlan | undefined>('atlan.planWorkspace', folder);
      assert.deepEqual(shown?.entries.map((e) => e.plan.action), ['create']);
      await services.activeProfile.select('prod');
      const replanned = await waitFor(() => (view().current?.profile === 'prod' ? view().current : undefined), 20_000, () => `a plan for prod in the view (it shows ${view().current?.profile ?? 'no profile'})`);
      assert.deepEqual(replanned.entries.map((e) => [e.plan.file.replace(/^.*\//, ''), e.plan.action, e.plan.conflict]), [['switched.atlan-postgres.json', 'conflict', 'workflowGone']]);

      // Signed out, the new profile cannot be planned: the old profile's plan goes rather than stay up as the new one's.
      await services.session.signOut();
      await services.activeProfile.useSetting();
      await waitFor(() => view().current === undefined, 20_000, () => `the view to drop the plan for ${view().current?.profile ?? 'no profile'}`);
    } finally {
      await services.activeProfile.useSetting();
    }
  });
});
