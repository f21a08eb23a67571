/**
 * Faults on the writes (submit, rerun, stop) of the package-workflow surface. Writes are never
 * retried: exactly one request reaches the tenant, the user is told what failed and what to do,
 * nothing the user wrote is lost, and a submit never creates two workflows.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { CrawlerRun } from '../../../src/core/atlan';
import type { Services } from '../../../src/features/services';
import { extensionServices, restorePrompts, sandbox, scriptPrompts, signInToFreshTenant, signInToSandbox, waitFor } from '../helpers';
import {
  DEMO_SECRET,
  FAULTS,
  LEGACY_REQUESTS,
  assertNoErrorShown,
  assertSentOnce,
  assertToldUser,
  demoConfig,
  injectFault,
  RUN_ENDED,
  leaveAsFound,
  readWorkspaceFile,
  restoreTimeout,
  useShortTimeout,
  waitForOutcome,
  writeFaultConfig,
  type FaultCase,
} from './faults.matrix.test';

/** After a 401 the session is expired: the user's next step is to sign in again. */
async function signInAgainIfRejected(services: Services, fault: FaultCase): Promise<void> {
  if (fault.name !== '401') {
    assert.equal(services.session.state.kind, 'signedIn', 'a failed write is not a sign-out');
    return;
  }
  assert.equal(services.session.state.kind, 'expired');
  await signInToSandbox(services);
  await waitFor(() => services.store.loaded, 10_000, 'the view to load again');
}

describe('Faults on submit', function () {
  this.timeout(60_000);
  let services: Services;

  before(async () => {
    services = await extensionServices();
    await useShortTimeout();
  });

  beforeEach(async () => {
    const { postgres } = sandbox();
    await services.secrets.store(DEMO_SECRET, postgres.password);
    await signInToFreshTenant(services, { surface: 'legacy', clockSpeed: 50 });
  });

  afterEach(async () => {
    restorePrompts(services);
    await services.secrets.delete(DEMO_SECRET);
    await leaveAsFound(services);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  after(restoreTimeout);

  for (const fault of FAULTS) {
    const expectation = !fault.nextStep
      ? 'just works, only slower'
      : fault.ambiguousWrite
        ? 'one create, looked up before reporting, file unchanged, never two workflows'
        : 'one create, says what failed and what to do, file unchanged';
    it(`${fault.name}: ${expectation}`, async () => {
      const uri = await writeFaultConfig(`fault-submit-${fault.name}`, demoConfig(`it-fault-submit-${fault.name}`));
      const before = await readWorkspaceFile(uri);
      const prompts = scriptPrompts(services);
      const rule = await injectFault(fault, LEGACY_REQUESTS.submit);
      const run = await vscode.commands.executeCommand<CrawlerRun | undefined>('atlan.submitConfiguration', uri);
      await assertSentOnce(rule, fault);
      if (!fault.nextStep) {
        assert.ok(run, 'a slow create still creates');
        await waitForOutcome(prompts);
        assertNoErrorShown(prompts);
        assert.equal((await sandbox().admin.state()).workflows, 1);
        return;
      }
      assert.equal(run, undefined);
      const text = assertToldUser(prompts, /^Could not submit the configuration: /, fault);
      if (fault.ambiguousWrite) {
        // The client searched for the deterministic name before saying anything.
        assert.match(text, /No workflow named atlan-postgres-\d+ appeared on the tenant .*most likely not created; refresh the workflow list before creating it again\./);
      }
      if (fault.name === 'malformed') {
        // A success status with a body the client cannot read: the create may well have happened.
        assert.match(text, /The tenant accepted the request, so the workflow may have been created: refresh the workflow list before submitting again\./);
      }
      assert.equal(await readWorkspaceFile(uri), before, 'the configuration file is byte-identical');
      assert.equal((await sandbox().admin.state()).workflows, 0, 'nothing was created');
      await signInAgainIfRejected(services, fault);

      await sandbox().admin.clearFaults();
      const again = scriptPrompts(services);
      const created = await vscode.commands.executeCommand<CrawlerRun | undefined>('atlan.submitConfiguration', uri);
      assert.ok(created, `the submit failed again: ${again.last('error') ?? ''}`);
      assert.match(await readWorkspaceFile(uri), new RegExp(`"workflow": "${created.workflowName}"`));
      await waitForOutcome(again);
      assert.equal((await sandbox().admin.state()).workflows, 1, 'exactly one workflow in the end');
    });
  }
});

describe('Faults on rerun', function () {
  this.timeout(60_000);
  let services: Services;
  let workflowName: string;

  before(async () => {
    services = await extensionServices();
    await useShortTimeout();
  });

  beforeEach(async () => {
    await signInToFreshTenant(services, { surface: 'legacy', clockSpeed: 50, seed: { workflows: 1, runsPerWorkflow: 1 } });
    workflowName = services.store.workflows()[0].workflow.name;
  });

  afterEach(async () => {
    restorePrompts(services);
    await leaveAsFound(services);
  });

  after(restoreTimeout);

  for (const fault of FAULTS) {
    it(`${fault.name}: ${fault.nextStep ? 'one submit, says what failed and what to do, then reruns' : 'just works, only slower'}`, async () => {
      const prompts = scriptPrompts(services);
      const rule = await injectFault(fault, LEGACY_REQUESTS.rerun);
      const run = await vscode.commands.executeCommand<CrawlerRun | undefined>('atlan.rerunWorkflow', { workflowName });
      await assertSentOnce(rule, fault);
      if (!fault.nextStep) {
        assert.ok(run);
        await waitForOutcome(prompts);
        assertNoErrorShown(prompts);
        return;
      }
      assert.equal(run, undefined);
      const text = assertToldUser(prompts, /^Could not rerun a workflow: /, fault);
      if (fault.ambiguousWrite) assert.match(text, /The run of \S+ may have started anyway: refresh its runs before trying again\./);
      if (fault.name === 'malformed') assert.match(text, /The tenant accepted the request, so a run of \S+ may have started: refresh its runs before trying again\./);
      if (fault.name === '401') assert.deepEqual(prompts.messages.find((m) => m.kind === 'error')?.actions, ['Sign In', 'Show Output']);
      await signInAgainIfRejected(services, fault);

      await sandbox().admin.clearFaults();
      const again = scriptPrompts(services);
      const rerun = await vscode.commands.executeCommand<CrawlerRun | undefined>('atlan.rerunWorkflow', { workflowName });
      assert.ok(rerun, `the rerun failed again: ${again.last('error') ?? ''}`);
      assert.match((await waitForOutcome(again)).text, RUN_ENDED);
    });
  }
});

describe('Faults on stop', function () {
  this.timeout(60_000);
  let services: Services;

  before(async () => {
    services = await extensionServices();
    await useShortTimeout();
  });

  beforeEach(async () => {
    // Slow runs, so the seeded run is still in flight when it is stopped.
    await signInToFreshTenant(services, { surface: 'legacy', clockSpeed: 0.2, seed: { workflows: 1, runsPerWorkflow: 1, inFlight: 1 } });
  });

  afterEach(async () => {
    restorePrompts(services);
    await leaveAsFound(services);
  });

  after(restoreTimeout);

  for (const fault of FAULTS) {
    it(`${fault.name}: ${fault.nextStep ? 'one stop request, says what failed and what to do, then stops' : 'just works, only slower'}`, async () => {
      const run = services.store.inFlightRuns()[0];
      const prompts = scriptPrompts(services).answerMessage('Stop Run');
      const rule = await injectFault(fault, LEGACY_REQUESTS.stop);
      const stopped = await vscode.commands.executeCommand<CrawlerRun | undefined>('atlan.stopRun', run);
      await assertSentOnce(rule, fault);
      if (!fault.nextStep) {
        assert.ok(stopped);
        assertNoErrorShown(prompts);
        assert.match(prompts.last('info') ?? '', /^Asked Atlan to stop the run of /);
        return;
      }
      assert.equal(stopped, undefined);
      assertToldUser(prompts, /^Could not stop a run: /, fault);
      await signInAgainIfRejected(services, fault);

      await sandbox().admin.clearFaults();
      const again = scriptPrompts(services).answerMessage('Stop Run');
      const retried = await vscode.commands.executeCommand<CrawlerRun | undefined>('atlan.stopRun', run);
      assert.ok(retried, `the stop failed again: ${again.last('error') ?? ''}`);
      assert.match(again.last('info') ?? '', /^Asked Atlan to stop the run of /);
    });
  }
});
