import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { CrawlerRun } from '../../../src/core/atlan';
import type { Services } from '../../../src/features/services';
import { demoConfigText, extensionServices, restorePrompts, sandbox, scriptPrompts, signInToFreshTenant, waitFor, writeWorkspaceConfig } from '../helpers';

function demoConfig(connectionName: string): string {
  return demoConfigText(connectionName, 'it-demo-pg', ['"excludeRegex": ".*_TEST"']);
}


async function readText(uri: vscode.Uri): Promise<string> {
  return new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
}

for (const surface of ['workflows', 'apps'] as const) {
  describe(`Submit a configuration (${surface})`, () => {
    let services: Services;

    before(async () => {
      services = await extensionServices();
    });

    beforeEach(async () => {
      const { postgres } = sandbox();
      await services.secrets.store('it-demo-pg', postgres.password);
      await signInToFreshTenant(services, { surface: surface === 'workflows' ? 'legacy' : 'apps', clockSpeed: 50 });
    });

    afterEach(async () => {
      restorePrompts(services);
      await services.session.signOut();
      await services.secrets.delete('it-demo-pg');
      await sandbox().admin.setSurfaces('both');
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    });

    it('creates the workflow, records its name in the file, and watches the crawl to the end', async () => {
      const uri = await writeWorkspaceConfig(`submit-${surface}`, demoConfig(`it-submit-${surface}`));
      const prompts = scriptPrompts(services).answerMessage(undefined);
      const run = await vscode.commands.executeCommand<CrawlerRun>('atlan.submitConfiguration', uri);
      assert.ok(run, 'submit returns the first run');
      const text = await readText(uri);
      assert.match(text, new RegExp(`"workflow": "${run.workflowName}"`), 'the workflow name is written back');
      assert.match(text, /\/\/ A crawler of the demo database/, 'comments survive');
      const outcome = await waitFor(() => prompts.messages.find((m) => /: run (Succeeded|Failed)/.test(m.text)), 30_000, 'the outcome');
      assert.match(outcome.text, /: run Succeeded/);
      assert.match(outcome.text, /Crawled 1 database, 2 schemas, \d+ tables/, 'the crawl of the real Postgres is reported');
      assert.doesNotMatch(outcome.text, /_TEST/);
      assert.ok(services.store.get(run.workflowName), 'the new workflow is in the view');
    });

    it('guards against a duplicate: Rerun Existing reruns instead of creating', async () => {
      const uri = await writeWorkspaceConfig(`dup-${surface}`, demoConfig(`it-dup-${surface}`));
      const firstPrompts = scriptPrompts(services).answerMessage(undefined);
      const first = await vscode.commands.executeCommand<CrawlerRun>('atlan.submitConfiguration', uri);
      assert.ok(first);
      // The first run's outcome notification comes before the next script, so it cannot take its answers.
      await waitFor(() => firstPrompts.messages.some((m) => /: run Succeeded/.test(m.text)), 30_000, 'the first run to finish');
      const prompts = scriptPrompts(services).answerMessage('Rerun Existing', undefined);
      const second = await vscode.commands.executeCommand<CrawlerRun>('atlan.submitConfiguration', uri);
      const warning = prompts.messages.find((m) => m.modal);
      assert.ok(warning, 'a modal warning was shown');
      assert.match(warning.text, /duplicates every asset/);
      assert.deepEqual(warning.actions, ['Rerun Existing', 'Update Existing', 'Create Anyway']);
      assert.ok(second, `the existing workflow was rerun: ${JSON.stringify(prompts.messages)}`);
      assert.equal(second.workflowName, first.workflowName);
      const state = await sandbox().admin.state();
      assert.equal(surface === 'workflows' ? state.workflows : state.apps, 1, `one workflow on the tenant: ${JSON.stringify(state)}`);
    });

    it('creates nothing when the duplicate warning is dismissed', async () => {
      const uri = await writeWorkspaceConfig(`dismiss-${surface}`, demoConfig(`it-dismiss-${surface}`));
      scriptPrompts(services).answerMessage(undefined);
      const first = await vscode.commands.executeCommand<CrawlerRun>('atlan.submitConfiguration', uri);
      assert.ok(first);
      const before = await readText(uri);
      scriptPrompts(services).answerMessage(undefined);
      const again = await vscode.commands.executeCommand('atlan.submitConfiguration', uri);
      assert.equal(again, undefined);
      assert.equal(await readText(uri), before, 'the file is unchanged');
    });

    it('names a missing secret and how to store it, and sends nothing', async () => {
      await services.secrets.delete('it-demo-pg');
      const uri = await writeWorkspaceConfig(`nosecret-${surface}`, demoConfig(`it-nosecret-${surface}`));
      const prompts = scriptPrompts(services).answerMessage(undefined);
      await sandbox().admin.clearRequests();
      await vscode.commands.executeCommand('atlan.submitConfiguration', uri);
      assert.match(prompts.last('error') ?? '', /it-demo-pg/);
      assert.match(prompts.last('error') ?? '', /Atlan: Store Secret/);
      const creates = (await sandbox().admin.requests({ method: 'POST' })).filter((r) => /\/(workflows|package-workflows)\?|v1\/app$/.test(r.path));
      assert.deepEqual(creates, []);
    });

    it('creates a scheduled crawler with its schedule on the tenant and in the view', async () => {
      const text = demoConfig(`it-schedule-${surface}`).replace('"excludeRegex"', '"schedule": { "cron": "45 4 * * *", "timezone": "Europe/Paris" },\n  "excludeRegex"');
      const uri = await writeWorkspaceConfig(`schedule-${surface}`, text);
      scriptPrompts(services).answerMessage(undefined);
      const run = await vscode.commands.executeCommand<CrawlerRun>('atlan.submitConfiguration', uri);
      assert.ok(run);
      const state = services.session.state;
      assert.ok(state.kind === 'signedIn');
      const schedules = await state.backend.getSchedules(run.workflowName);
      assert.deepEqual(schedules.map((x) => [x.cron, x.timezone]), [['45 4 * * *', 'Europe/Paris']]);
      await vscode.commands.executeCommand('atlan.refresh');
      const entry = await waitFor(() => services.store.get(run.workflowName), 10_000, 'the workflow in the view');
      assert.equal(entry.workflow.schedule?.cron, '45 4 * * *');
    });

    it('refuses an invalid file with its first problem and line', async () => {
      const uri = await writeWorkspaceConfig(`invalid-${surface}`, demoConfig(`it-invalid-${surface}`).replace(/"port": \d+/, '"port": 70000'));
      const prompts = scriptPrompts(services).answerMessage(undefined);
      await vscode.commands.executeCommand('atlan.submitConfiguration', uri);
      assert.match(prompts.last('error') ?? '', /has 1 problem; the first, at line 8: extraction\.port must be between 1 and 65535/);
    });
  });
}
