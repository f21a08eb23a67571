import * as vscode from 'vscode';
import { isFinished, type CrawlerRun } from '../../core/atlan/backend';
import { formatDuration } from '../../core/format/runTiming';
import { CommandIds } from '../ids';
import type { Services } from '../services';

export type RunOutcome = { kind: 'finished'; run: CrawlerRun } | { kind: 'stoppedWatching'; run: CrawlerRun } | { kind: 'error'; error: Error; run: CrawlerRun };

/**
 * Shows a run's live phase and elapsed time in a cancellable notification until it finishes.
 * Cancelling stops watching (the run goes on) and offers to stop the run itself. The tenant is
 * asked through the shared RunWatcher, so this costs no request of its own.
 */
export async function watchRunWithProgress(services: Services, title: string, initial: CrawlerRun, reportedSteps: string[] = []): Promise<RunOutcome> {
  let run = initial;
  let key = initial.id;
  const origin = services.session.state.kind === 'signedIn' ? services.session.state.client.origin : undefined;
  if (origin) await services.watchedRuns.add({ origin, id: initial.id, workflowName: initial.workflowName, title });
  const outcome = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title, cancellable: true },
    (progress, cancel) =>
      new Promise<RunOutcome>((resolve) => {
        const started = Date.now();
        for (const step of reportedSteps) progress.report({ message: step });
        const describe = (): string => {
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
        const subscriptions = [
          services.watcher.onDidUpdateRun((u) => {
            if (u.key !== key && u.run.id !== run.id) return;
            key = u.key;
            run = u.run;
            progress.report({ message: describe() });
            if (isFinished(run.phase)) done({ kind: 'finished', run });
          }),
          services.watcher.onDidChangeProblem(() => progress.report({ message: describe() })),
          services.watcher.onDidFail((f) => {
            if (f.key === undefined || f.key === key || f.key === run.id) done({ kind: 'error', error: f.error, run });
          }),
          cancel.onCancellationRequested(() => done({ kind: 'stoppedWatching', run })),
          services.session.onDidChange((s) => {
            if (s.kind !== 'signedIn') done({ kind: 'error', error: new Error(s.kind === 'signedOut' ? 'Signed out while watching the run.' : s.message), run });
          }),
        ];
        if (isFinished(run.phase)) done({ kind: 'finished', run });
      }),
  );
  if (origin && outcome.kind !== 'error') await services.watchedRuns.remove(origin, initial.id, run.id);
  await reportOutcome(services, outcome);
  return outcome;
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
    resume().catch((err: unknown) => services.log.warn(`Could not pick up the runs being watched: ${err instanceof Error ? err.message : String(err)}`));
  };
  context.subscriptions.push(services.session.onDidChange(safely));
  safely();
}

async function reportOutcome(services: Services, outcome: RunOutcome): Promise<void> {
  const { run } = outcome;
  const label = services.store.get(run.workflowName)?.workflow.connectionName ?? run.workflowName;
  if (outcome.kind === 'stoppedWatching') {
    const action = await services.prompts.message('info', `Stopped watching ${label}: the run goes on in Atlan.`, {}, 'Stop the Run', 'Open in Atlan');
    if (action === 'Stop the Run') await vscode.commands.executeCommand(CommandIds.stopRun, run);
    if (action === 'Open in Atlan') await vscode.commands.executeCommand(CommandIds.openInAtlan, { workflowName: run.workflowName, runId: run.id });
    return;
  }
  if (outcome.kind === 'error') {
    await services.prompts.message('error', `Stopped watching ${label}: ${outcome.error.message}`, {});
    return;
  }
  const duration = formatDuration(run.startedAt, run.finishedAt);
  const summary = `${label}: run ${run.phase}${duration ? ` after ${duration}` : ''}`;
  if (run.phase === 'Succeeded') {
    const action = await services.prompts.message('info', `${summary}.${run.message ? ` ${run.message}` : ''}`, {}, 'Open in Atlan', 'Show Logs');
    await followUp(action, run);
    return;
  }
  const why = run.message ?? run.failedSteps.find((s) => s.message)?.message;
  const action = await services.prompts.message('error', `${summary}${why ? `: ${why}` : '.'}`, {}, 'Show Failure', 'Rerun', 'Open in Atlan', 'Show Logs');
  await followUp(action, run);
}

async function followUp(action: string | undefined, run: CrawlerRun): Promise<void> {
  if (action === 'Open in Atlan') await vscode.commands.executeCommand(CommandIds.openInAtlan, { workflowName: run.workflowName, runId: run.id });
  else if (action === 'Show Logs') await vscode.commands.executeCommand(CommandIds.showOutput);
  else if (action === 'Rerun') await vscode.commands.executeCommand(CommandIds.rerun, { workflowName: run.workflowName });
  else if (action === 'Show Failure') await vscode.commands.executeCommand(CommandIds.showRunFailure, run);
}
