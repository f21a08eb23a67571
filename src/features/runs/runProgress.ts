import { describeRunChanges } from './catalogChanges';
import * as vscode from 'vscode';
import { isFinished, type CrawlerRun } from '../../core/atlan/backend';
import { formatDuration, formatRunDuration } from '../../core/format/runTiming';
import { findConfigFilesForWorkflow } from '../configFileIndex';
import { errorText } from '../errorText';
import { CommandIds } from '../ids';
import type { Services } from '../services';

export type RunOutcome = { kind: 'finished'; run: CrawlerRun } | { kind: 'stoppedWatching'; run: CrawlerRun } | { kind: 'error'; error: Error; run: CrawlerRun };

export interface WatchOptions {
  /** The configuration file the run was started from, offered when the run fails. */
  configUri?: vscode.Uri;
}

type Progress = vscode.Progress<{ message?: string; increment?: number }>;

/**
 * Shows a run's live phase and elapsed time in a cancellable notification until it finishes,
 * then the outcome with what to do next. See followRunInProgress for what cancelling does.
 */
export async function watchRunWithProgress(services: Services, title: string, initial: CrawlerRun, options: WatchOptions = {}): Promise<RunOutcome> {
  const watch = await rememberWatch(services, title, initial);
  const outcome = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, (progress, cancel) =>
    followRunInProgress(services, initial, progress, cancel),
  );
  await watch.forget(outcome);
  await reportOutcome(services, title, outcome, options);
  return outcome;
}

/**
 * Records a run as watched (in workspace state) so a window restart picks the watch up again;
 * `forget` drops it once the outcome is known (an error ending keeps it, to be resumed later).
 */
export async function rememberWatch(services: Services, title: string, initial: CrawlerRun): Promise<{ forget(outcome: RunOutcome): Promise<void> }> {
  const origin = services.session.state.kind === 'signedIn' ? services.session.state.client.origin : undefined;
  if (origin) await services.watchedRuns.add({ origin, id: initial.id, workflowName: initial.workflowName, title });
  return {
    forget: async (outcome) => {
      if (origin && outcome.kind !== 'error') await services.watchedRuns.remove(origin, initial.id, outcome.run.id);
    },
  };
}

/**
 * Reports a run's live phase and elapsed time into a progress notification the caller shows,
 * until the run finishes, the watch fails or the user cancels (the run goes on: cancelling only
 * stops watching). The tenant is asked through the shared RunWatcher, so this costs no request of
 * its own; what it shows is the store's record of the run, the one the tree and the lenses show.
 */
export function followRunInProgress(services: Services, initial: CrawlerRun, progress: Progress, cancel: vscode.CancellationToken): Promise<RunOutcome> {
  const key = initial.id;
  services.store.applyRun(initial);
  // The store forgets a run when a refresh drops its workflow (until the next poll brings it back): keep the last state seen.
  let run = services.store.run(key) ?? initial;
  const current = (): CrawlerRun => (run = services.store.run(key) ?? run);
  return new Promise<RunOutcome>((resolve) => {
    const started = Date.now();
    const describe = (): string => {
      const run = current();
      const elapsed = formatDuration(run.startedAt ?? new Date(started).toISOString(), undefined) ?? '0s';
      const problem = services.watcher.problem?.message;
      return [run.phase, run.progress, elapsed, problem].filter(Boolean).join(' · ');
    };
    progress.report({ message: describe() });
    const hold = services.watcher.hold({ id: run.id, workflowName: run.workflowName });
    const ticker = setInterval(() => progress.report({ message: describe() }), 1000);
    let settled = false;
    // Several endings can arrive together (a rejected token fails the watch and expires the session).
    const done = (result: RunOutcome): void => {
      if (settled) return;
      settled = true;
      clearInterval(ticker);
      hold.dispose();
      for (const d of subscriptions) d.dispose();
      resolve(result);
    };
    const storeSub = services.store.onDidChange((change) => {
      if (change.kind === 'workflow' && change.name !== run.workflowName) return;
      progress.report({ message: describe() });
      if (isFinished(run)) done({ kind: 'finished', run });
    });
    const subscriptions = [
      { dispose: () => storeSub.dispose() },
      services.watcher.onDidChangeProblem(() => progress.report({ message: describe() })),
      services.watcher.onDidFail((f) => {
        if (f.key === undefined || f.key === key || f.key === current().id) done({ kind: 'error', error: f.error, run });
      }),
      cancel.onCancellationRequested(() => done({ kind: 'stoppedWatching', run: current() })),
      services.session.onDidChange((s) => {
        if (s.kind !== 'signedIn') done({ kind: 'error', error: new Error(s.kind === 'signedOut' ? 'Signed out while watching the run.' : s.message), run });
      }),
    ];
    if (cancel.isCancellationRequested) done({ kind: 'stoppedWatching', run });
    // Nothing would poll (or end) a watch started while signed out or expired (a Retry, say).
    const state = services.session.state;
    if (state.kind !== 'signedIn') done({ kind: 'error', error: new Error(state.kind === 'signedOut' ? 'Not signed in.' : state.message), run });
    if (isFinished(current())) done({ kind: 'finished', run });
  });
}

/**
 * After a window restart (or a sign-in), picks up the runs progress notifications were watching
 * when the window went away, so their outcome is still reported.
 */
export function resumeWatchedRuns(context: vscode.ExtensionContext, services: Services): void {
  const watching = new Set<string>();
  const resume = async (): Promise<void> => {
    const state = services.session.state;
    if (state.kind !== 'signedIn') return;
    const pending = services.watchedRuns.list(state.client.origin).filter((w) => !watching.has(`${w.origin} ${w.id}`));
    if (pending.length === 0) return;
    // One request for all of them: a run the tenant no longer has (deleted, or a reset sandbox) is forgotten, not watched forever.
    const current = await state.backend.getRuns(pending.map((w) => ({ id: w.id, workflowName: w.workflowName })));
    for (const watched of pending) {
      const run = current.get(watched.id);
      if (!run) {
        services.log.info(`Run ${watched.id} of ${watched.workflowName} is no longer on ${watched.origin}: not watching it again`);
        await services.watchedRuns.remove(watched.origin, watched.id);
        continue;
      }
      const key = `${watched.origin} ${watched.id}`;
      watching.add(key);
      services.log.info(`Watching run ${watched.id} of ${watched.workflowName} again`);
      void watchRunWithProgress(services, watched.title, run).finally(() => watching.delete(key));
    }
  };
  const safely = (): void => {
    resume().catch(async (err: unknown) => {
      services.log.warn(`Could not pick up the runs being watched: ${errorText(err)}`);
      // A rejected token here is as much a sign of an expired session as anywhere else.
      await services.session.noteError(err);
    });
  };
  context.subscriptions.push(services.session.onDidChange(safely));
  safely();
}

/** What a run's ending offers (and which action the user chose), by how it ended. */
export async function reportOutcome(services: Services, title: string, outcome: RunOutcome, options: WatchOptions = {}): Promise<void> {
  const { run } = outcome;
  const label = services.store.get(run.workflowName)?.workflow.connectionName ?? run.workflowName;
  const openInAtlan = (): Thenable<unknown> => vscode.commands.executeCommand(CommandIds.openInAtlan, { workflowName: run.workflowName, runId: run.id });
  if (outcome.kind === 'stoppedWatching') {
    const action = await services.prompts.message('info', `Stopped watching ${label}: the run goes on in Atlan.`, {}, 'Stop the Run', 'Open in Atlan');
    if (action === 'Stop the Run') await vscode.commands.executeCommand(CommandIds.stopRun, run);
    if (action === 'Open in Atlan') await openInAtlan();
    return;
  }
  if (outcome.kind === 'error') {
    // The watch failed, not the run: look again (Retry) or read the requests that failed (Show Request Log).
    const action = await services.prompts.message('error', `Stopped watching ${label}: ${outcome.error.message}`, {}, 'Show Request Log', 'Retry');
    if (action === 'Show Request Log') await vscode.commands.executeCommand(CommandIds.showOutput);
    if (action === 'Retry') void watchRunWithProgress(services, title, run, options);
    return;
  }
  // The run has ended: without an end time it has no duration (measuring to now would be wrong).
  const duration = formatRunDuration(run, true);
  const summary = `${label}: run ${run.phase}${duration ? ` after ${duration}` : ''}`;
  if (run.phase === 'Succeeded') {
    const changes = await describeRunChanges(services, run);
    const action = await services.prompts.message('info', `${summary}.${run.message ? ` ${run.message}.` : ''}${changes ? ` ${changes}` : ''}`, {}, 'Run Details', 'Open in Atlan', 'Rerun');
    if (action === 'Open in Atlan') await openInAtlan();
    else if (action === 'Run Details') await vscode.commands.executeCommand(CommandIds.showRunDetails, run);
    else if (action === 'Rerun') await rerun(run, options.configUri);
    return;
  }
  if (run.phase === 'Stopped') {
    // Someone stopped it: nothing failed, so no failure to show; the next step is a new run.
    const action = await services.prompts.message('info', `${summary}${run.stoppedBy ? ` (stopped by ${run.stoppedBy})` : ''}.`, {}, 'Rerun', 'Open in Atlan');
    if (action === 'Rerun') await rerun(run, options.configUri);
    else if (action === 'Open in Atlan') await openInAtlan();
    return;
  }
  const why = run.message ?? run.failedSteps.find((s) => s.message)?.message;
  const configUri = options.configUri ?? (await findConfigFilesForWorkflow(run.workflowName))[0];
  const actions = ['Show Failure', 'Rerun', ...(configUri ? ['Open Configuration'] : []), 'Open in Atlan'];
  const action = await services.prompts.message('error', `${summary}${why ? `: ${why}` : '.'}`, {}, ...actions);
  if (action === 'Show Failure') await vscode.commands.executeCommand(CommandIds.showRunFailure, run);
  else if (action === 'Rerun') await rerun(run, configUri);
  else if (action === 'Open Configuration' && configUri) await vscode.window.showTextDocument(configUri);
  else if (action === 'Open in Atlan') await openInAtlan();
}

function rerun(run: CrawlerRun, configUri: vscode.Uri | undefined): Thenable<unknown> {
  return vscode.commands.executeCommand(CommandIds.rerun, { workflowName: run.workflowName, ...(configUri ? { configUri } : {}) });
}
