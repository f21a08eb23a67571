/**
 * Faults on the reads (sign-in, refresh, run monitoring) of the package-workflow surface: the
 * client retries them, so a single failure is invisible; a persistent one gets a specific
 * message with a next step, and the action works again once the fault clears.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { CrawlerRun } from '../../../src/core/atlan';
import type { RunUpdate, WatchProblem } from '../../../src/features/runs/runWatcher';
import type { Services } from '../../../src/features/services';
import { extensionServices, restorePrompts, sandbox, scriptPrompts, signInToFreshTenant, signInToSandbox, type ScriptedPrompts, waitFor } from '../helpers';
import {
  FAULTS,
  LEGACY_REQUESTS,
  TIMEOUT_SECONDS,
  assertNoErrorShown,
  answeredBy,
  assertToldUser,
  faultHits,
  injectFault,
  RUN_ENDED,
  leaveAsFound,
  restoreTimeout,
  useShortTimeout,
  viewStatus,
  waitForOutcome,
} from './faults.matrix.test';

/** Follows the run in flight with a progress notification (the rerun finds it instead of starting another). */
async function watchRunInFlight(prompts: ScriptedPrompts, workflowName: string): Promise<CrawlerRun> {
  const run = await vscode.commands.executeCommand<CrawlerRun | undefined>('atlan.rerunWorkflow', { workflowName });
  assert.ok(run, `the rerun failed: ${prompts.last('error') ?? ''}`);
  assert.match(prompts.last('info') ?? '', /already has a run in flight .*watching it instead of starting another/);
  return run;
}

/** Attempts of a retried read (the client's policy). */
const READ_ATTEMPTS = 4;
const SINGLE_SHOT = FAULTS.filter((f) => f.retriedOnReads && f.name !== 'timeout');
/** A persistent timeout costs every attempt's full time limit: the reads share one wait (the last suite here). */
const WITHOUT_TIMEOUT = FAULTS.filter((f) => f.name !== 'timeout');

describe('Faults on sign-in', function () {
  this.timeout(60_000);
  let services: Services;

  before(async () => {
    services = await extensionServices();
    await useShortTimeout();
  });

  beforeEach(async () => {
    const { admin } = sandbox();
    await admin.reset();
    await admin.setSurfaces('legacy');
    await services.session.signOut();
  });

  afterEach(async () => {
    restorePrompts(services);
    await leaveAsFound(services);
  });

  after(restoreTimeout);

  async function signIn(): Promise<{ ok: boolean | undefined; prompts: ReturnType<typeof scriptPrompts> }> {
    const { url, apiToken } = sandbox();
    const prompts = scriptPrompts(services).answerInput(url, apiToken).answerMessage(undefined);
    const ok = await vscode.commands.executeCommand<boolean>('atlan.signIn');
    return { ok, prompts };
  }

  for (const fault of WITHOUT_TIMEOUT) {
    it(`${fault.name}: ${fault.nextStep ? 'says what failed and what to do, saves nothing, then signs in' : 'just works, only slower'}`, async () => {
      const rule = await injectFault(fault, LEGACY_REQUESTS.signIn);
      const { ok, prompts } = await signIn();
      if (!fault.nextStep) {
        assert.equal(ok, true);
        assertNoErrorShown(prompts);
        assert.equal(services.session.state.kind, 'signedIn');
        return;
      }
      assert.equal(ok, false);
      assertToldUser(prompts, /^Could not sign in: /, fault);
      assert.deepEqual(prompts.messages.find((m) => m.kind === 'error')?.actions, ['Try Again', 'Show Output']);
      assert.equal(services.session.state.kind, 'signedOut');
      const profile = services.profiles.list().profiles.find((p) => p.baseUrl === sandbox().url);
      assert.equal(profile && (await services.profiles.token(profile)), undefined, 'no token saved after a failed sign-in');
      assert.equal(await faultHits(rule), fault.retriedOnReads ? READ_ATTEMPTS : 1, 'whoami attempts');

      await sandbox().admin.clearFaults();
      const again = await signIn();
      assert.equal(again.ok, true, 'signs in once the fault clears');
      assert.equal(services.session.state.kind, 'signedIn');
    });
  }

  it('a single 503 on whoami is retried and never shown', async () => {
    const fault = FAULTS.find((f) => f.name === '503');
    assert.ok(fault);
    await injectFault(fault, LEGACY_REQUESTS.signIn, 1);
    const { ok, prompts } = await signIn();
    assert.equal(ok, true);
    assertNoErrorShown(prompts);
    const whoami = (await sandbox().admin.requests({ path: 'whoami' })).map((r) => r.status);
    assert.deepEqual(whoami, [503, 200]);
  });
});

describe('Faults on refresh', function () {
  this.timeout(60_000);
  let services: Services;

  before(async () => {
    services = await extensionServices();
    await useShortTimeout();
  });

  beforeEach(async () => {
    await signInToFreshTenant(services, { surface: 'legacy', seed: { workflows: 3, runsPerWorkflow: 1 } });
    // Join a refresh the sign-in may still have in flight, so the fault meets ours.
    await vscode.commands.executeCommand('atlan.refresh');
  });

  afterEach(async () => {
    restorePrompts(services);
    await leaveAsFound(services);
  });

  after(restoreTimeout);

  for (const fault of WITHOUT_TIMEOUT) {
    it(`${fault.name}: ${fault.nextStep ? 'the view says what failed and what to do, keeps its items, then refreshes' : 'just works, with the view’s progress'}`, async () => {
      const prompts = scriptPrompts(services);
      const rule = await injectFault(fault, LEGACY_REQUESTS.refresh);
      await vscode.commands.executeCommand('atlan.refresh');
      assertNoErrorShown(prompts);
      if (!fault.nextStep) {
        assert.deepEqual(await viewStatus(), { state: 'ready', message: undefined });
        assert.equal(await faultHits(rule), 1);
        return;
      }
      if (fault.name === '401') {
        // The view turns into its "session expired" welcome, which offers Sign In.
        const state = services.session.state;
        assert.equal(state.kind, 'expired');
        assert.match(state.kind === 'expired' ? state.message : '', fault.nextStep);
      } else {
        const status = await viewStatus();
        assert.match(status.message ?? '', /^Could not load workflows: /);
        assert.match(status.message ?? '', fault.nextStep);
        assert.equal(status.state, 'ready', 'the workflows already shown stay');
        assert.equal(services.store.workflows().length, 3);
        assert.equal(services.session.state.kind, 'signedIn', 'a failed refresh is not a sign-out');
      }
      assert.equal(await faultHits(rule), fault.retriedOnReads ? READ_ATTEMPTS : 1, 'indexsearch attempts');

      await sandbox().admin.clearFaults();
      if (fault.name === '401') {
        // Signing in again refreshes the view by itself: only once the fault is gone, or that refresh meets it too.
        await signInToSandbox(services);
        await waitFor(() => services.store.loaded, 10_000, 'the view to load again after signing in');
      }
      await vscode.commands.executeCommand('atlan.refresh');
      let status: Awaited<ReturnType<typeof viewStatus>> | undefined;
      await waitFor(async () => {
        status = await viewStatus();
        return status.state === 'ready' && status.message === undefined;
      }, 10_000, () => `the view to be ready without a message (it says ${JSON.stringify(status)})`);
      assert.equal(services.store.workflows().length, 3);
    });
  }

  for (const fault of SINGLE_SHOT) {
    it(`a single ${fault.name} is retried and never shown`, async () => {
      const prompts = scriptPrompts(services);
      await sandbox().admin.clearRequests();
      await injectFault(fault, LEGACY_REQUESTS.refresh, 1);
      await vscode.commands.executeCommand('atlan.refresh');
      assertNoErrorShown(prompts);
      assert.deepEqual(await viewStatus(), { state: 'ready', message: undefined });
      const searches = await sandbox().admin.requests({ method: 'POST', path: 'workflows/indexsearch' });
      assert.equal(searches.length, 2, 'one failed attempt, one retry');
      assert.equal(searches[1].status, 200);
    });
  }
});

describe('Faults on run monitoring', function () {
  this.timeout(60_000);
  let services: Services;
  let workflowName: string;
  let problems: (WatchProblem | undefined)[];
  let updates: RunUpdate[];
  const subscriptions: vscode.Disposable[] = [];

  before(async () => {
    services = await extensionServices();
    await useShortTimeout();
  });

  beforeEach(async function () {
    // The seeded run must stay in flight while the polls meet the fault and the test watches it
    // again: Pending for a minute (a twentieth of real speed; at half speed a loaded machine outran
    // its 6 s). The slow case ends its run by speeding the clock up, which does not shorten a phase
    // already under way, so its run is Pending for 15 s only.
    const clockSpeed = this.currentTest?.title.startsWith('slow:') ? 0.2 : 0.05;
    await signInToFreshTenant(services, { surface: 'legacy', clockSpeed, seed: { workflows: 1, runsPerWorkflow: 1, inFlight: 1 } });
    workflowName = services.store.workflows()[0].workflow.name;
    problems = [];
    updates = [];
    subscriptions.push(
      services.watcher.onDidChangeProblem((p) => problems.push(p)),
      services.watcher.onDidUpdateRun((u) => updates.push(u)),
    );
  });

  afterEach(async () => {
    for (const d of subscriptions.splice(0)) d.dispose();
    restorePrompts(services);
    await leaveAsFound(services);
  });

  after(restoreTimeout);

  /** Answered run searches (monitor polls; nothing else searches runs here once the view is loaded). */
  async function answeredPolls(): Promise<number> {
    return (await sandbox().admin.requests({ method: 'POST', path: 'runs/indexsearch' })).filter((r) => r.status === 200).length;
  }

  /**
   * The watch polls again and the tenant answers: an answered poll after `since`. (A run update
   * would need the run to change, and it stays Pending throughout on purpose.)
   */
  async function polledAgain(since: number, timeoutMs = 30_000): Promise<void> {
    await waitFor(async () => (await answeredPolls()) > since, timeoutMs, 'an answered poll of the run watched again');
  }

  for (const fault of WITHOUT_TIMEOUT) {
    const expectation = !fault.nextStep
      ? 'just works, only slower'
      : fault.fatalForMonitor
        ? 'ends watching with what failed and what to do; watching works again'
        : 'the view says run status is not updating and why, until the fault clears';
    it(`${fault.name}: ${expectation}`, async () => {
      const prompts = scriptPrompts(services);
      const run = await watchRunInFlight(prompts, workflowName);
      const rule = await injectFault(fault, LEGACY_REQUESTS.monitor);
      if (!fault.nextStep) {
        await waitFor(async () => (await answeredBy(rule)) >= 1, 20_000, 'a slow poll');
        await sandbox().admin.setClockSpeed(50);
        assert.match((await waitForOutcome(prompts)).text, RUN_ENDED, 'the slow polls still follow the run to its end');
        assert.deepEqual(problems.filter(Boolean), [], 'slow answers are not a problem');
        assertNoErrorShown(prompts);
        return;
      }
      const nextStep = fault.nextStep;
      if (fault.fatalForMonitor) {
        const stopped = await waitFor(() => prompts.messages.find((m) => m.kind === 'error' && !RUN_ENDED.test(m.text)), 20_000, 'the watch to end');
        assert.match(stopped.text, /^Stopped watching [^:]+: /);
        assert.match(stopped.text, nextStep);
        if (fault.name === '401') {
          assert.equal(services.session.state.kind, 'expired');
          await sandbox().admin.clearFaults();
          await signInToSandbox(services);
          await waitFor(() => services.store.loaded, 10_000, 'the view to load again');
        } else {
          await sandbox().admin.clearFaults();
        }
        const again = scriptPrompts(services);
        await watchRunInFlight(again, workflowName);
        await polledAgain(await answeredPolls());
        assertNoErrorShown(again);
        assert.equal(services.store.get(run.workflowName)?.latestRun?.id, run.id, 'the run watched again is the one in flight');
        return;
      }
      const problem = await waitFor(() => services.watcher.problem, TIMEOUT_SECONDS * 1000 * READ_ATTEMPTS + 10_000, 'the problem to show');
      assert.equal(problem.fatal, false);
      const status = await viewStatus();
      assert.match(status.message ?? '', /^Run status is not updating: /);
      assert.match(status.message ?? '', nextStep);
      assert.match(status.message ?? '', /Checking again in \d+ s\.$/);
      assertNoErrorShown(prompts);
      if (fault.retriedOnReads) assert.ok((await faultHits(rule)) >= READ_ATTEMPTS, 'each poll was retried first');

      await sandbox().admin.clearFaults();
      await waitFor(() => problems.length > 0 && problems[problems.length - 1] === undefined, 20_000, 'the problem to clear');
      assert.equal((await viewStatus()).message, undefined);
      assert.equal(prompts.messages.filter((m) => m.kind === 'error' && !RUN_ENDED.test(m.text)).length, 0, 'the notification keeps watching');
    });
  }

  for (const fault of SINGLE_SHOT) {
    it(`a single ${fault.name} is retried and never shown`, async () => {
      const prompts = scriptPrompts(services);
      const run = await watchRunInFlight(prompts, workflowName);
      const rule = await injectFault(fault, LEGACY_REQUESTS.monitor, 1);
      await waitFor(async () => (await sandbox().admin.requests()).some((r) => r.fault === rule.id), 10_000, 'the fault to be hit');
      const afterFault = (await sandbox().admin.requests({ path: 'runs/indexsearch' })).filter((r) => r.status === 200).length;
      await waitFor(async () => (await sandbox().admin.requests({ path: 'runs/indexsearch' })).filter((r) => r.status === 200).length > afterFault, 10_000, 'a poll after the fault');
      assert.deepEqual(problems.filter(Boolean), []);
      assertNoErrorShown(prompts);
      assert.ok(services.store.get(run.workflowName)?.latestRun, 'the run is still shown');
    });
  }
});

describe('Faults on every read at once (the tenant stops answering)', function () {
  this.timeout(90_000);
  let services: Services;
  let problems: (WatchProblem | undefined)[];
  let subscription: vscode.Disposable | undefined;

  before(async () => {
    services = await extensionServices();
    await useShortTimeout();
  });

  beforeEach(async () => {
    await signInToFreshTenant(services, { surface: 'legacy', clockSpeed: 0.5, seed: { workflows: 3, runsPerWorkflow: 1, inFlight: 1 } });
    await vscode.commands.executeCommand('atlan.refresh');
    problems = [];
    subscription = services.watcher.onDidChangeProblem((p) => problems.push(p));
  });

  afterEach(async () => {
    subscription?.dispose();
    restorePrompts(services);
    await leaveAsFound(services);
  });

  after(restoreTimeout);

  it('timeout: sign-in, refresh and run monitoring each say what failed and what to do, once each read was tried four times; all recover', async () => {
    const timeout = FAULTS.find((f) => f.name === 'timeout');
    assert.ok(timeout?.nextStep);
    const { url, apiToken } = sandbox();
    const prompts = scriptPrompts(services);
    await watchRunInFlight(prompts, services.store.inFlightRuns()[0].workflowName);
    const rules = {
      signIn: await injectFault(timeout, LEGACY_REQUESTS.signIn),
      refresh: await injectFault(timeout, LEGACY_REQUESTS.refresh),
      monitor: await injectFault(timeout, LEGACY_REQUESTS.monitor),
    };
    // Signing in again checks the token with a client of its own; the session in use stays until it succeeds.
    prompts.answerInput(url, apiToken).answerMessage(undefined);
    const [signedIn] = await Promise.all([
      vscode.commands.executeCommand<boolean>('atlan.signIn'),
      vscode.commands.executeCommand('atlan.refresh'),
      waitFor(() => services.watcher.problem, TIMEOUT_SECONDS * 1000 * READ_ATTEMPTS + 15_000, 'run status to stop updating'),
    ]);

    assert.equal(signedIn, false);
    assertToldUser(prompts, /^Could not sign in: /, timeout);
    const status = await viewStatus();
    assert.match(status.message ?? '', /^Could not load workflows: /);
    assert.match(status.message ?? '', timeout.nextStep);
    assert.equal(status.state, 'ready', 'the workflows already shown stay');
    const problem = services.watcher.problem;
    assert.match(problem?.message ?? '', /^Run status is not updating: /, 'the progress notification says so');
    assert.match(problem?.message ?? '', timeout.nextStep);
    for (const rule of Object.values(rules)) assert.ok((await faultHits(rule)) >= READ_ATTEMPTS, 'each read was tried four times');
    assert.equal(services.session.state.kind, 'signedIn', 'the session in use survives a failed sign-in');

    await sandbox().admin.clearFaults();
    const again = scriptPrompts(services).answerInput(url, apiToken);
    assert.equal(await vscode.commands.executeCommand<boolean>('atlan.signIn'), true);
    await vscode.commands.executeCommand('atlan.refresh');
    await waitFor(() => problems.length > 0 && problems[problems.length - 1] === undefined, 20_000, 'run status to update again');
    assert.deepEqual(await viewStatus(), { state: 'ready', message: undefined });
    assertNoErrorShown(again);
  });
});
