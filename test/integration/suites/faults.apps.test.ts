/**
 * Faults on the App API where its answers differ from the package-workflow surface: a 409 on
 * create means "that name exists", a 404 means an unknown slug or run (a run that neither the
 * catalog nor the App API reports any more would otherwise be watched forever), GET reads retry.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { CrawlerRun } from '../../../src/core/atlan';
import type { Services } from '../../../src/features/services';
import { extensionServices, restorePrompts, sandbox, scriptPrompts, signInToFreshTenant, waitFor } from '../helpers';
import {
  APP_REQUESTS,
  DEMO_SECRET,
  FAULTS,
  assertNoErrorShown,
  assertSentOnce,
  assertToldUser,
  demoConfig,
  faultHits,
  injectFault,
  RUN_ENDED,
  leaveAsFound,
  readWorkspaceFile,
  restoreTimeout,
  useShortTimeout,
  viewStatus,
  waitForOutcome,
  writeFaultConfig,
  type FaultCase,
} from './faults.matrix.test';

function fault(name: FaultCase['name']): FaultCase {
  const found = FAULTS.find((f) => f.name === name);
  assert.ok(found, `no fault ${name}`);
  return found;
}

/** A 404 on the App API names the unknown slug or run instead of the endpoint (issue 9). */
function unknownOnApps(): FaultCase {
  return { ...fault('404'), nextStep: /: it may have been deleted\. Refresh the workflow list\.$/ };
}

describe('Faults on the App API', function () {
  this.timeout(60_000);
  let services: Services;
  let slug: string;

  before(async () => {
    services = await extensionServices();
    await useShortTimeout();
  });

  beforeEach(async () => {
    const { postgres } = sandbox();
    await services.secrets.store(DEMO_SECRET, postgres.password);
    await signInToFreshTenant(services, { surface: 'apps', clockSpeed: 50, seed: { workflows: 1, runsPerWorkflow: 1 } });
    slug = services.store.workflows()[0].workflow.name;
  });

  afterEach(async () => {
    restorePrompts(services);
    await services.secrets.delete(DEMO_SECRET);
    await leaveAsFound(services);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  after(restoreTimeout);

  it('submit, 409: names the existing workflow and says to rerun or update it; one create, file unchanged', async () => {
    const uri = await writeFaultConfig('fault-app-409', demoConfig('it-fault-app-409'));
    const before = await readWorkspaceFile(uri);
    const prompts = scriptPrompts(services);
    const rule = await injectFault(fault('409'), APP_REQUESTS.submit);
    const run = await vscode.commands.executeCommand<CrawlerRun | undefined>('atlan.submitConfiguration', uri);
    assert.equal(run, undefined);
    const text = prompts.last('error') ?? '';
    assert.match(text, /^Could not submit the configuration: On http:\/\/127\.0\.0\.1:\d+, a workflow named it-fault-app-409 already exists: rerun it or update it\./);
    await assertSentOnce(rule, fault('409'));
    assert.equal(await readWorkspaceFile(uri), before);
    assert.equal((await sandbox().admin.state()).apps, 1, 'only the seeded workflow');

    await sandbox().admin.clearFaults();
    const again = scriptPrompts(services);
    assert.ok(await vscode.commands.executeCommand<CrawlerRun | undefined>('atlan.submitConfiguration', uri));
    await waitForOutcome(again);
    assert.equal((await sandbox().admin.state()).apps, 2);
  });

  it('submit, reset: one create, looked up by name before reporting, never two workflows', async () => {
    const reset = fault('reset');
    const uri = await writeFaultConfig('fault-app-reset', demoConfig('it-fault-app-reset'));
    const before = await readWorkspaceFile(uri);
    const prompts = scriptPrompts(services);
    const rule = await injectFault(reset, APP_REQUESTS.submit);
    assert.equal(await vscode.commands.executeCommand('atlan.submitConfiguration', uri), undefined);
    const text = assertToldUser(prompts, /^Could not submit the configuration: /, reset);
    assert.match(text, /No workflow named it-fault-app-reset appeared on the tenant afterwards, so it was most likely not created/);
    await assertSentOnce(rule, reset);
    assert.equal(await readWorkspaceFile(uri), before);

    await sandbox().admin.clearFaults();
    const again = scriptPrompts(services);
    assert.ok(await vscode.commands.executeCommand<CrawlerRun | undefined>('atlan.submitConfiguration', uri));
    await waitForOutcome(again);
    assert.equal((await sandbox().admin.state()).apps, 2, 'exactly one new workflow');
  });

  it('rerun, 404: says the workflow may be gone and to refresh; one submit; then reruns', async () => {
    const notFound = unknownOnApps();
    const prompts = scriptPrompts(services);
    const rule = await injectFault(notFound, APP_REQUESTS.rerun);
    assert.equal(await vscode.commands.executeCommand('atlan.rerunWorkflow', { workflowName: slug }), undefined);
    const text = assertToldUser(prompts, /^Could not rerun a workflow: /, notFound);
    assert.match(text, new RegExp(`There is no Postgres crawler workflow ${slug} on http://127\\.0\\.0\\.1:\\d+: it may have been deleted`));
    await assertSentOnce(rule, notFound);

    await sandbox().admin.clearFaults();
    const again = scriptPrompts(services);
    assert.ok(await vscode.commands.executeCommand<CrawlerRun | undefined>('atlan.rerunWorkflow', { workflowName: slug }));
    assert.match((await waitForOutcome(again)).text, RUN_ENDED);
  });

  it('rerun of a workflow deleted behind the view (the tenant’s own 404): says so, and a refresh drops it', async () => {
    const state = services.session.state;
    assert.ok(state.kind === 'signedIn');
    await state.backend.archive(slug);
    const prompts = scriptPrompts(services);
    assert.equal(await vscode.commands.executeCommand('atlan.rerunWorkflow', { workflowName: slug }), undefined);
    const text = assertToldUser(prompts, /^Could not rerun a workflow: /, unknownOnApps());
    assert.match(text, new RegExp(`There is no Postgres crawler workflow ${slug} on http://127\\.0\\.0\\.1:\\d+: it may have been deleted`));
    await vscode.commands.executeCommand('atlan.refresh');
    assert.equal(services.store.get(slug), undefined);
    assert.equal((await viewStatus()).state, 'empty');
  });

  it('stop, 404 (an unknown run): says what failed and what to do; then stops a real run', async () => {
    const prompts = scriptPrompts(services).answerMessage('Stop Run');
    const unknown: CrawlerRun = { id: 'run-that-does-not-exist', workflowName: slug, phase: 'Running', failedSteps: [] };
    assert.equal(await vscode.commands.executeCommand('atlan.stopRun', unknown), undefined);
    const text = assertToldUser(prompts, /^Could not stop a run: /, unknownOnApps());
    assert.match(text, new RegExp(`Atlan has no run run-that-does-not-exist of workflow ${slug} on http://127\\.0\\.0\\.1:\\d+: it may have been deleted`));

    await sandbox().admin.setClockSpeed(0.2);
    const again = scriptPrompts(services).answerMessage('Stop Run');
    const run = await vscode.commands.executeCommand<CrawlerRun | undefined>('atlan.rerunWorkflow', { workflowName: slug });
    assert.ok(run);
    const stopped = await vscode.commands.executeCommand<CrawlerRun | undefined>('atlan.stopRun', run);
    assert.ok(stopped, `the stop failed: ${again.last('error') ?? ''}`);
  });

  it('monitor, 404 (the tenant no longer reports the run): ends watching with what to do; watching works again', async () => {
    await sandbox().admin.setClockSpeed(1);
    const prompts = scriptPrompts(services);
    const run = await vscode.commands.executeCommand<CrawlerRun | undefined>('atlan.rerunWorkflow', { workflowName: slug });
    assert.ok(run);
    await injectFault(fault('404'), APP_REQUESTS.monitor);
    const stopped = await waitFor(() => prompts.messages.find((m) => m.kind === 'error'), 30_000, 'the watch to end');
    assert.match(
      stopped.text,
      new RegExp(`^Stopped watching [^:]+: Atlan no longer reports run ${run.id} of ${slug}: it may have been deleted\\. Refresh the workflow list, or open the workflow in Atlan\\.`),
    );

    await sandbox().admin.clearFaults();
    const again = scriptPrompts(services);
    assert.ok(await vscode.commands.executeCommand<CrawlerRun | undefined>('atlan.rerunWorkflow', { workflowName: slug }));
    assert.match((await waitForOutcome(again)).text, RUN_ENDED);
    assertNoErrorShown(again);
  });

  it('refresh, 503: a single one is retried and never shown; a persistent one is, until it clears', async () => {
    const unavailable = fault('503');
    const prompts = scriptPrompts(services);
    await injectFault(unavailable, APP_REQUESTS.refresh, 1);
    await vscode.commands.executeCommand('atlan.refresh');
    assert.deepEqual(await viewStatus(), { state: 'ready', message: undefined });

    const rule = await injectFault(unavailable, APP_REQUESTS.refresh);
    await vscode.commands.executeCommand('atlan.refresh');
    const status = await viewStatus();
    assert.match(status.message ?? '', /^Could not load workflows: /);
    assert.ok(unavailable.nextStep);
    assert.match(status.message ?? '', unavailable.nextStep);
    assert.equal(await faultHits(rule), 4, 'GET v1/app was retried');
    assertNoErrorShown(prompts);

    await sandbox().admin.clearFaults();
    await vscode.commands.executeCommand('atlan.refresh');
    assert.deepEqual(await viewStatus(), { state: 'ready', message: undefined });
  });
});
