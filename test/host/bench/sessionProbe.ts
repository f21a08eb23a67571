/**
 * Bench probe, loaded as `extensionTestsPath`: extension-host memory with every seeded workflow
 * loaded into the Postgres Workflows view, then Submit to the first progress notification.
 * The runner (bench/hostSession.ts) seeds the tenant before the host starts and answers the
 * checkpoints (it looks at the rendered tree, then resets the tenant for the submits).
 */
import { performance } from 'node:perf_hooks';
import * as vscode from 'vscode';
import { SETTLE_MS_ENV, SUBMITS_ENV, VIEW_MODE_ENV, ViewMode, type SessionProbeResult, type SubmitSample } from '../../../bench/lib/hostProbe';
import type { CrawlerRun } from '../../../src/core/atlan';
import type { Services } from '../../../src/features/services';
import { demoConfigText, extensionServices, sandbox, ScriptedPrompts, signInToSandbox, waitFor, writeWorkspaceConfig } from '../../integration/helpers';
import { checkpoint, fullCollector, measureMemory, writeResult } from './probeSupport';
import { observeProgress, type ProgressLog } from './progressLog';

const SECRET = 'hostbench-demo-pg';
const VIEW_COMMAND = 'workbench.view.extension.atlan';

/** When the view is shown: before loading (the measure), never, or once everything is loaded (to see what paging costs it). */
function viewMode(): ViewMode {
  const parsed = ViewMode.safeParse(process.env[VIEW_MODE_ENV] ?? 'visible');
  if (!parsed.success) throw new Error(`${VIEW_MODE_ENV} must be one of ${ViewMode.options.join(', ')}`);
  return parsed.data;
}

/** The highest heap and RSS seen while loading (sampled every 100 ms). */
function samplePeak(): { stop(): { heapUsed: number; rss: number } } {
  const peak = { heapUsed: 0, rss: 0 };
  const take = (): void => {
    const m = process.memoryUsage();
    peak.heapUsed = Math.max(peak.heapUsed, m.heapUsed);
    peak.rss = Math.max(peak.rss, m.rss);
  };
  const timer = setInterval(take, 100);
  return {
    stop() {
      clearInterval(timer);
      take();
      return peak;
    },
  };
}

export async function run(): Promise<void> {
  const settleMs = Number(process.env[SETTLE_MS_ENV] ?? '3000');
  const services = await extensionServices();
  const progress = observeProgress();
  const { collect, how } = fullCollector();

  // The view visible first, so its empty state is part of the baseline and the tree renders what loads.
  const view = viewMode();
  if (view === 'visible') await vscode.commands.executeCommand(VIEW_COMMAND);
  const before = await measureMemory(settleMs, collect);
  const peak = samplePeak();
  const loadStarted = performance.now();
  await signInToSandbox(services, 'api', 'workflows');
  await waitFor(() => services.store.loaded, 120_000, 'the first page of workflows');
  let pages = 1;
  while (services.store.hasMore) {
    await services.store.loadMore();
    pages++;
  }
  const loadMs = performance.now() - loadStarted;
  if (view === 'after-load') await vscode.commands.executeCommand(VIEW_COMMAND);
  const loaded = await measureMemory(settleMs, collect);
  const peakSeen = peak.stop();
  const entries = services.store.workflows();
  await checkpoint('loaded', { workflows: entries.length, view });
  await services.session.signOut();
  const signedOut = await measureMemory(settleMs, collect);

  await checkpoint('submit');
  const submits = await timeSubmits(services, progress, Number(process.env[SUBMITS_ENV] ?? '5'));
  const result: SessionProbeResult = {
    probe: 'session',
    progressObservable: progress.observable,
    memory: {
      before,
      loaded,
      signedOut,
      view,
      peak: peakSeen,
      workflows: entries.length,
      withLatestRun: entries.filter((e) => e.latestRun !== undefined).length,
      pages,
      loadMs,
      settleMs,
      gc: how,
    },
    submits,
  };
  writeResult(result);
}

async function timeSubmits(services: Services, progress: ProgressLog, count: number): Promise<SubmitSample[]> {
  const { postgres } = sandbox();
  await services.secrets.store(SECRET, postgres.password);
  await signInToSandbox(services, 'api', 'workflows');
  await waitFor(() => services.store.loaded, 30_000, 'the view to load after signing in again');
  const prompts = new ScriptedPrompts();
  services.prompts = prompts;
  const samples: SubmitSample[] = [];
  try {
    for (let i = 1; i <= count; i++) {
      const connectionName = `hostbench-submit-${i}-${Date.now()}`;
      const uri = await writeWorkspaceConfig(connectionName, demoConfigText(connectionName, SECRET));
      samples.push(await timeOneSubmit(services, progress, prompts, uri, connectionName));
    }
  } finally {
    await services.secrets.delete(SECRET);
  }
  return samples;
}

/** The submit notification's last stage before the create (SubmitStages.submitting). */
const SUBMITTING = 'Submitting…';

async function timeOneSubmit(services: Services, progress: ProgressLog, prompts: ScriptedPrompts, uri: vscode.Uri, connectionName: string): Promise<SubmitSample> {
  const runUpdates: { workflowName: string; at: number }[] = [];
  const updates = services.watcher.onDidUpdateRun((u) => runUpdates.push({ workflowName: u.run.workflowName, at: performance.now() }));
  const mark = progress.events.length;
  const startedAtEpochMs = Date.now();
  const started = performance.now();
  try {
    const run = await vscode.commands.executeCommand<CrawlerRun | undefined>('atlan.submitConfiguration', uri);
    const commandMs = performance.now() - started;
    if (!run) throw new Error(`Submitting ${connectionName} returned no run: ${prompts.last() ?? 'no message'}`);
    // Wait for the outcome so the next submit does not share the host with this run's watching.
    const outcome = await waitFor(
      () => prompts.messages.find((m) => m.text.startsWith(`${connectionName}: run `))?.text.replace(/^.*?: run (\w+).*$/s, '$1'),
      60_000,
      `the outcome of ${run.workflowName}`,
    ).catch((err: unknown) => `not seen: ${err instanceof Error ? err.message : String(err)}`);
    const events = progress.events.slice(mark);
    const since = (e: { at: number } | undefined): number | undefined => (e ? e.at - started : undefined);
    // One notification, titled after the file, from validation to the run's end.
    const submitting = (title: string): boolean => title.startsWith(`Submitting ${connectionName}`);
    const creating = events.find((e) => e.kind === 'report' && submitting(e.title) && e.message === SUBMITTING);
    // The probe hears of each run update before the notification does (it subscribed first), so
    // the notification's first report at or after it is the tenant's phase shown to the user.
    const firstUpdate = runUpdates.find((u) => u.workflowName === run.workflowName);
    const tenantProgress = firstUpdate && events.find((e) => e.kind === 'report' && submitting(e.title) && e.at >= firstUpdate.at);
    return {
      connectionName,
      firstNotificationMs: since(events.find((e) => e.kind === 'start' && submitting(e.title))),
      firstReportMs: since(events.find((e) => e.kind === 'report' && submitting(e.title))),
      creatingMs: since(creating),
      // The same notification goes on with the run's phase once the create answered.
      runNotificationMs: since(creating && events.find((e) => e.kind === 'report' && submitting(e.title) && e.at > creating.at && e.message !== SUBMITTING)),
      commandMs,
      firstRunUpdateMs: since(firstUpdate),
      firstTenantProgressMs: since(tenantProgress),
      startedAtEpochMs,
      outcome,
    };
  } finally {
    updates.dispose();
  }
}

