import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { CrawlerRun } from '../../../src/core/atlan';
import { parseConfig } from '../../../src/core/config/parse';
import type { Services } from '../../../src/features/services';
import { extensionServices, restorePrompts, sandbox, scriptPrompts, signInToFreshTenant, signInToSandbox, waitFor } from '../helpers';

for (const surface of ['workflows', 'apps'] as const) {
  describe(`Workflow and run actions (${surface})`, () => {
    let services: Services;
    const legacy = surface === 'workflows';

    before(async () => {
      services = await extensionServices();
    });

    beforeEach(async () => {
      await signInToFreshTenant(services, { surface: legacy ? 'legacy' : 'apps', clockSpeed: 50, seed: { workflows: 3, runsPerWorkflow: 2 } });
    });

    afterEach(async () => {
      restorePrompts(services);
      await services.session.signOut();
      await sandbox().admin.setSurfaces('both');
      await sandbox().admin.setClockSpeed(50);
    });

    it('reruns a workflow from the tree and reports the outcome when the run ends', async () => {
      const prompts = scriptPrompts(services).answerMessage(undefined);
      const name = services.store.workflows()[0].workflow.name;
      const run = await vscode.commands.executeCommand<CrawlerRun>('atlan.rerunWorkflow', { kind: 'workflow', name });
      assert.ok(run, 'the command returns the new run');
      assert.equal(run.workflowName, name);
      const outcome = await waitFor(() => prompts.messages.find((m) => /: run (Succeeded|Failed)/.test(m.text)), 20_000, 'the outcome notification');
      assert.ok(outcome.actions.includes('Open in Atlan'));
      assert.notEqual(services.store.get(name)?.latestRun?.phase, 'Pending');
    });

    it('stops a running run after a modal confirmation', async () => {
      const { admin } = sandbox();
      await admin.setClockSpeed(0.5);
      const prompts = scriptPrompts(services).answerMessage('Stop Run', undefined, undefined);
      const name = services.store.workflows()[1].workflow.name;
      const run = await vscode.commands.executeCommand<CrawlerRun>('atlan.rerunWorkflow', { workflowName: name });
      assert.ok(run);
      const stopped = await vscode.commands.executeCommand<CrawlerRun>('atlan.stopRun', run);
      assert.ok(stopped, 'the stop command returns the run');
      assert.ok(prompts.messages.some((m) => m.modal && m.text.startsWith(`Stop the run of `)), 'asked for confirmation first');
      await admin.setClockSpeed(50);
      await waitFor(async () => {
        const runs = await services.store.loadRuns(name);
        const latest = runs.find((r) => r.id === stopped.id);
        // Both surfaces report it Stopped: the legacy mapping reads Argo's "Stopped with strategy 'Stop'".
        return latest && latest.phase === 'Stopped';
      }, 20_000, 'the run to end stopped');
    });

    it('does not stop anything when the confirmation is dismissed', async () => {
      const { admin } = sandbox();
      await admin.setClockSpeed(0.5);
      scriptPrompts(services).answerMessage(undefined, undefined, undefined);
      const name = services.store.workflows()[2].workflow.name;
      const run = await vscode.commands.executeCommand<CrawlerRun>('atlan.rerunWorkflow', { workflowName: name });
      await admin.clearRequests();
      const result = await vscode.commands.executeCommand('atlan.stopRun', run);
      assert.equal(result, undefined);
      assert.equal((await admin.requests({ method: 'POST' })).filter((r) => /stop|cancel/.test(r.path)).length, 0);
    });

    it('imports a workflow into a configuration file', async () => {
      const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
      assert.ok(folder);
      const target = vscode.Uri.joinPath(folder, `imported-${surface}.atlan-postgres.json`);
      const prompts = scriptPrompts(services).answerSave(target);
      const entry = services.store.workflows()[0];
      const written = await vscode.commands.executeCommand<vscode.Uri>('atlan.importWorkflow', { kind: 'workflow', name: entry.workflow.name });
      assert.equal(written?.toString(), target.toString());
      const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(target));
      const parsed = parseConfig(text);
      assert.ok(!parsed.issues.some((i) => i.code === 'syntax-error'), 'valid JSON');
      assert.match(text, new RegExp(`"connectionName": "${entry.workflow.connectionName ?? ''}"`));
      assert.match(prompts.last('info') ?? '', /^Imported /);
      await vscode.workspace.fs.delete(target);
    });

    it('deletes a workflow only after a modal confirmation', async () => {
      const prompts = scriptPrompts(services).answerMessage('Delete');
      const name = services.store.workflows()[0].workflow.name;
      await vscode.commands.executeCommand('atlan.deleteWorkflow', { kind: 'workflow', name });
      assert.ok(prompts.messages.some((m) => m.modal && m.text.includes(name)));
      assert.equal(services.store.get(name), undefined);
      await vscode.commands.executeCommand('atlan.refresh');
      assert.equal(services.store.get(name), undefined, 'gone from the tenant too');
    });
  });
}

describe('Watching a run across a window restart', () => {
  let services: Services;

  before(async () => {
    services = await extensionServices();
  });

  afterEach(async () => {
    restorePrompts(services);
    await services.session.signOut();
    await sandbox().admin.setSurfaces('both');
  });

  it('picks up the watch of a run that was in flight and reports its outcome', async () => {
    await signInToFreshTenant(services, { surface: 'legacy', clockSpeed: 50, seed: { workflows: 1, runsPerWorkflow: 1 } });
    const { name, connectionName } = services.store.workflows()[0].workflow;
    const state = services.session.state;
    assert.ok(state.kind === 'signedIn');
    // Start from no remembered watch: earlier suites' watches that ended with a sign-out are kept on purpose (to resume later).
    const leftovers = services.watchedRuns.list(state.client.origin);
    if (leftovers.length > 0) await services.watchedRuns.remove(state.client.origin, ...leftovers.map((w) => w.id));
    // What a window that closed while a notification watched a fresh run leaves behind.
    const { run } = await state.backend.rerun(name, { idempotent: false });
    await services.watchedRuns.add({ origin: state.client.origin, id: run.id, workflowName: name, title: 'restarted-window' });
    await services.session.signOut();
    const prompts = scriptPrompts(services).answerMessage(undefined);
    await signInToSandbox(services);
    const label = `${connectionName ?? name}: run`;
    const outcome = await waitFor(() => prompts.messages.find((m) => m.text.startsWith(label)), 30_000, 'the resumed watch to report');
    assert.match(outcome.text, /: run (Succeeded|Failed)/);
    // The watch is forgotten once its outcome is known; a second resume of the same run (the sign-in
    // changes the session twice) may still be finishing when the first one reports.
    const watched = (): string => JSON.stringify(services.watchedRuns.list(state.client.origin));
    await waitFor(() => services.watchedRuns.list(state.client.origin).length === 0, 10_000, () => `the reported run ${run.id} to be forgotten (the watch list still holds ${watched()})`);
  });
});
