/**
 * Bench 2: watching K = 1, 10, 100 in-flight runs. Requests per simulated minute, ours
 * (`monitorRuns`: one runs/indexsearch per poll for all K, adaptive interval) against the SDK's
 * way (each run's latest-run search every 5 s), and what an idle watcher costs.
 *
 * Time: the sandbox's clock is slowed down so its runs stay Pending for the whole bench, and the
 * client runs on a VirtualClock, so simulated minutes pass as fast as the requests allow. The
 * "runs finish" scenario instead compresses real time on both sides by the same factor.
 *
 *   npx tsc -p . && node out/bench/monitor.js [--quick] [--json FILE]
 */
import { writeFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import type { AppBackend } from '../src/core/atlan/appBackend';
import type { CrawlerBackend, CrawlerRun } from '../src/core/atlan/backend';
import { isFinished } from '../src/core/atlan/backend';
import { monitorRuns } from '../src/core/atlan/monitor';
import { WorkflowStore } from '../src/core/tenant/workflowStore';
import { benchClient, type BenchClient } from './lib/benchClient';
import { runAsProgram, type BenchFlags } from './lib/cli';
import { CompressedClock, VirtualClock } from './lib/clocks';
import { latestRunOf, mapWithConcurrency } from './lib/naive';
import { startSandboxProcess, type SandboxProcess } from './lib/sandboxProcess';
import { summarize } from './lib/stats';
import { count, formatTable, ms } from './lib/table';

const MINUTE = 60_000;
/** The SDKs poll each run's latest state every 5 s (reference README). */
const SDK_INTERVAL_MS = 5_000;
/** Sandbox clock for the frozen scenarios: a run's 3 s Pending phase lasts ~8 real hours. */
const FROZEN_CLOCK_SPEED = 0.0001;

export interface PollingResult {
  runs: number;
  approach:
    | 'ours (monitorRuns)'
    | 'SDK: each run every 5 s'
    | 'ours, App API (catalog search)'
    | 'before the catalog: App API, budgeted GET per run'
    | 'App API: each run every 5 s';
  /** Requests in the first simulated minute of watching (measured). */
  firstMinute: number;
  /** Requests in minute 6 (5:00 to 6:00) while nothing changed: the steady state. Undefined when not simulated. */
  sixthMinute?: number;
  /** Requests over the first six simulated minutes. Undefined when not simulated. */
  sixMinutes?: number;
  /**
   * For a way that polls at a fixed interval, minutes 2 to 6 are not simulated: the figures the
   * measured first minute implies, kept apart so no table prints them as measured.
   */
  extrapolated?: { sixthMinute: number; sixMinutes: number };
  /** Median real time of one poll: one request (ours), all K requests at concurrency 8 (SDK). */
  pollMs: number;
  /** Runs the watcher reported at least once (all K in a sound run). */
  runsSeen: number;
  failures: number;
}

export interface IdleResult {
  /** Runs in flight in the store after a refresh. */
  inFlight: number;
  /** Requests over one simulated minute of watching them. */
  requests: number;
}

export interface FinishResult {
  runs: number;
  compression: number;
  /** Simulated ms at which the last run was seen finished. */
  lastFinishedAtMs: number;
  requestsWhileInFlight: number;
  /** Requests from the last finish to the end of the second simulated minute. */
  requestsAfter: number;
  finished: number;
}

export interface MonitorReport {
  bench: 'monitor';
  polling: PollingResult[];
  /**
   * The same on the App API: ours reads the runs from the catalog (AppWorkflowRun assets, one
   * search per poll); before it, and on tenants without those assets, one GET per run.
   */
  appPolling: PollingResult[];
  idle: IdleResult;
  finish: FinishResult;
}

/** The in-flight runs the store holds after a refresh: what the view's run watcher would watch. */
async function inFlightRuns(bench: BenchClient, pageSize: number): Promise<CrawlerRun[]> {
  const store = new WorkflowStore(bench.backend, { pageSize, recentRuns: 10 });
  await store.refresh();
  return store.inFlightRuns();
}

/** The backend with each getRuns call (one poll) timed on the high-resolution clock. */
function timedPolls(backend: CrawlerBackend, samples: number[]): CrawlerBackend {
  return new Proxy(backend, {
    get(target, property, receiver) {
      if (property !== 'getRuns') return Reflect.get(target, property, receiver) as unknown;
      return async (...args: Parameters<CrawlerBackend['getRuns']>) => {
        const started = performance.now();
        try {
          return await target.getRuns(...args);
        } finally {
          samples.push(performance.now() - started);
        }
      };
    },
  });
}

async function ours(bench: BenchClient, runs: readonly CrawlerRun[], backend = bench.backend, approach?: PollingResult['approach']): Promise<PollingResult> {
  const clock = new VirtualClock(0, 6 * MINUTE);
  bench.tally.reset();
  bench.tally.stampWith(clock);
  const seen = new Set<string>();
  const polls: number[] = [];
  const refs = runs.map((r) => ({ id: r.id, workflowName: r.workflowName }));
  for await (const change of monitorRuns(timedPolls(backend, polls), refs, { clock, signal: clock.signal })) {
    if (change.type === 'run') seen.add(change.key);
  }
  return {
    runs: runs.length,
    approach: approach ?? (backend.surface === 'apps' ? 'ours, App API (catalog search)' : 'ours (monitorRuns)'),
    firstMinute: bench.tally.between(0, MINUTE).length,
    sixthMinute: bench.tally.between(5 * MINUTE, 6 * MINUTE).length,
    sixMinutes: bench.tally.count,
    pollMs: summarize(polls).median,
    runsSeen: seen.size,
    failures: bench.tally.failures.length,
  };
}

/**
 * Each run polled every 5 s, as K independent SDK wait loops would: 12 polls per run per minute.
 * On the App API a poll is `get_run` of the run itself.
 */
async function sdkWay(bench: BenchClient, runs: readonly CrawlerRun[], backend = bench.backend): Promise<PollingResult> {
  const clock = new VirtualClock(0);
  bench.tally.reset();
  bench.tally.stampWith(clock);
  const cycles: number[] = [];
  const seen = new Set<string>();
  const pollOne =
    backend.surface === 'apps'
      ? async (r: CrawlerRun) => (await backend.getRuns([{ id: r.id, workflowName: r.workflowName }])).get(r.id)?.id
      : (r: CrawlerRun) => latestRunOf(backend, r.workflowName);
  while (clock.now() < MINUTE) {
    const started = performance.now();
    const latest = await mapWithConcurrency(runs, 8, pollOne);
    cycles.push(performance.now() - started);
    latest.forEach((id, i) => {
      if (id === runs[i]?.id) seen.add(id);
    });
    await clock.sleep(SDK_INTERVAL_MS);
  }
  const firstMinute = bench.tally.between(0, MINUTE).length;
  return {
    runs: runs.length,
    approach: backend.surface === 'apps' ? 'App API: each run every 5 s' : 'SDK: each run every 5 s',
    firstMinute,
    // A fixed interval: every minute costs what the first did, so minutes 2 to 6 are not simulated.
    extrapolated: { sixthMinute: firstMinute, sixMinutes: 6 * firstMinute },
    pollMs: summarize(cycles).median,
    runsSeen: seen.size,
    failures: bench.tally.failures.length,
  };
}

async function pollingScenarios(sandbox: SandboxProcess, sizes: readonly number[], log: (line: string) => void): Promise<PollingResult[]> {
  const most = Math.max(...sizes);
  await sandbox.admin.reset();
  await sandbox.admin.setClockSpeed(FROZEN_CLOCK_SPEED);
  await sandbox.admin.seed({ workflows: most, runsPerWorkflow: 3, inFlight: most, surface: 'legacy' });
  const bench = benchClient(sandbox);
  try {
    const inFlight = await inFlightRuns(bench, most);
    if (inFlight.length < most) throw new Error(`expected ${most} runs in flight after seeding, found ${inFlight.length}`);
    const results: PollingResult[] = [];
    for (const k of sizes) {
      const runs = inFlight.slice(0, k);
      const mine = await ours(bench, runs);
      const sdk = await sdkWay(bench, runs);
      results.push(mine, sdk);
      log(`  K=${k}: ours ${mine.firstMinute} requests in minute 1, SDK way ${sdk.firstMinute}`);
    }
    return results;
  } finally {
    await bench.close();
  }
}

/**
 * The App API reads a run by id only; ours reads runs from the catalog. K runs are started by
 * someone else (the sandbox's admin API, as from Atlan's UI; its clock frozen keeps them Pending),
 * found by a refresh, and watched three ways in the same run: ours (one catalog search a poll),
 * the way before the catalog (the client knows the runs and reads each by id on the request
 * budget; still what happens on a tenant without App run assets), and each run every 5 s.
 */
async function appPollingScenarios(sandbox: SandboxProcess, sizes: readonly number[], log: (line: string) => void): Promise<PollingResult[]> {
  const most = Math.max(...sizes);
  await sandbox.admin.reset();
  await sandbox.admin.setSurfaces('both');
  await sandbox.admin.setClockSpeed(FROZEN_CLOCK_SPEED);
  await sandbox.admin.seed({ workflows: most, runsPerWorkflow: 1, inFlight: 0, surface: 'apps' });
  const slugs = (await benchAppSlugs(sandbox, most)).slice(0, most);
  await mapWithConcurrency(slugs, 8, (slug) => sandbox.admin.startAppRun({ slug, startedBy: 'grace.hopper' }));
  const bench = benchClient(sandbox);
  // The way before the catalog, on a tenant whose search answers 404: the client falls back to reading each run by id.
  const before = benchClient(sandbox);
  try {
    const apps = bench.client.backend('apps');
    const store = new WorkflowStore(apps, { pageSize: most, recentRuns: 10 });
    await store.refresh();
    const runs = store.inFlightRuns();
    if (runs.length < most) throw new Error(`expected ${most} App API runs in flight, found ${runs.length}`);
    const perRun = before.client.backend('apps') as AppBackend;
    const fault = await sandbox.admin.addFault({ path: 'search/indexsearch', status: 404 });
    await perRun.latestRuns([runs[0].workflowName]);
    await sandbox.admin.clearFaults();
    if (perRun.runScope !== 'own') throw new Error(`the per-run baseline did not fall back (fault ${fault.id})`);
    perRun.rememberRuns(runs);
    const results: PollingResult[] = [];
    for (const k of sizes) {
      const watched = runs.slice(0, k);
      const mine = await ours(bench, watched, apps);
      const budgeted = await ours(before, watched, perRun, 'before the catalog: App API, budgeted GET per run');
      const sdk = await sdkWay(before, watched, perRun);
      results.push(mine, budgeted, sdk);
      log(`  App API K=${k}: ours ${mine.firstMinute} requests in minute 1, before the catalog ${budgeted.firstMinute}, each run every 5 s ${sdk.firstMinute}`);
    }
    return results;
  } finally {
    await bench.close();
    await before.close();
  }
}

/** The slugs of the App workflows the sandbox holds, newest first. */
async function benchAppSlugs(sandbox: SandboxProcess, size: number): Promise<string[]> {
  const bench = benchClient(sandbox);
  try {
    return (await bench.client.backend('apps').listWorkflows({ size })).items.map((w) => w.name);
  } finally {
    await bench.close();
  }
}

/** Nothing in flight: the store has no run to watch, and watching none costs nothing. */
async function idleScenario(sandbox: SandboxProcess): Promise<IdleResult> {
  await sandbox.admin.reset();
  await sandbox.admin.seed({ workflows: 100, runsPerWorkflow: 3, inFlight: 0, surface: 'legacy' });
  const bench = benchClient(sandbox);
  try {
    const runs = await inFlightRuns(bench, 100);
    const clock = new VirtualClock(0, MINUTE);
    bench.tally.reset();
    bench.tally.stampWith(clock);
    const refs = runs.map((r) => ({ id: r.id, workflowName: r.workflowName }));
    for await (const change of monitorRuns(bench.backend, refs, { clock, signal: clock.signal })) void change;
    // The monitor returned at once; let the rest of the minute pass to show nothing else polls.
    while (!clock.signal.aborted) await clock.sleep(SDK_INTERVAL_MS).catch(() => undefined);
    return { inFlight: runs.length, requests: bench.tally.count };
  } finally {
    await bench.close();
  }
}

/**
 * Runs that really finish: sandbox and client both run `compression` times faster than real time,
 * so a ~38 s crawl takes ~1.3 real seconds. Counts requests until the last run is seen finished,
 * and after it until the end of the second simulated minute.
 */
async function finishScenario(sandbox: SandboxProcess, runsCount: number, compression: number): Promise<FinishResult> {
  await sandbox.admin.reset();
  await sandbox.admin.setClockSpeed(compression);
  await sandbox.admin.seed({ workflows: runsCount, runsPerWorkflow: 3, inFlight: runsCount, surface: 'legacy' });
  const bench = benchClient(sandbox);
  try {
    const runs = await inFlightRuns(bench, runsCount);
    const clock = new CompressedClock(compression);
    bench.tally.reset();
    bench.tally.stampWith(clock);
    const end = new AbortController();
    const timer = setTimeout(() => end.abort(new Error('two simulated minutes over')), (2 * MINUTE) / compression);
    let lastFinishedAtMs = Number.NaN;
    const finished = new Set<string>();
    try {
      const refs = runs.map((r) => ({ id: r.id, workflowName: r.workflowName }));
      for await (const change of monitorRuns(bench.backend, refs, { clock, signal: end.signal })) {
        if (change.type === 'run' && isFinished(change.run.phase)) {
          finished.add(change.key);
          lastFinishedAtMs = clock.now();
        }
      }
      // The monitor has returned: wait out the two minutes so any stray poll would be counted.
      if (!end.signal.aborted) await new Promise<void>((resolve) => end.signal.addEventListener('abort', () => resolve(), { once: true }));
    } finally {
      clearTimeout(timer);
    }
    const cut = Number.isNaN(lastFinishedAtMs) ? 2 * MINUTE : lastFinishedAtMs;
    return {
      runs: runs.length,
      compression,
      lastFinishedAtMs,
      requestsWhileInFlight: bench.tally.all().filter((r) => r.at <= cut).length,
      requestsAfter: bench.tally.all().filter((r) => r.at > cut).length,
      finished: finished.size,
    };
  } finally {
    await bench.close();
  }
}

export async function runMonitorBench(flags: Pick<BenchFlags, 'quick'>, log: (line: string) => void = () => {}): Promise<MonitorReport> {
  const sandbox = await startSandboxProcess({ clockSpeed: 1 });
  try {
    log('monitor: frozen runs, simulated minutes');
    const polling = await pollingScenarios(sandbox, flags.quick ? [1, 10] : [1, 10, 100], log);
    log('monitor: App API, frozen runs, simulated minutes');
    const appPolling = await appPollingScenarios(sandbox, flags.quick ? [1, 10] : [1, 10, 100], log);
    log('monitor: nothing in flight');
    const idle = await idleScenario(sandbox);
    log('monitor: runs that finish (time compressed x30)');
    const finish = await finishScenario(sandbox, 10, 30);
    return { bench: 'monitor', polling, appPolling, idle, finish };
  } finally {
    await sandbox.stop();
  }
}

export function formatMonitorReport(report: MonitorReport): string {
  const pollingTable = (rows: readonly PollingResult[]): string =>
    formatTable(
      ['runs in flight', 'approach', 'req in minute 1', 'req in minute 6', 'req in minutes 1-6', 'extrapolated, not measured (minute 6 / 1-6)', 'ms per poll (median)', 'runs seen'],
      rows.map((r) => [
        r.runs,
        r.approach,
        r.firstMinute,
        r.sixthMinute ?? '—',
        r.sixMinutes ?? '—',
        r.extrapolated ? `${r.extrapolated.sixthMinute} / ${r.extrapolated.sixMinutes} (fixed 5 s interval)` : '',
        ms(r.pollMs),
        `${r.runsSeen}/${r.runs}`,
      ]),
      { align: ['right', 'left', 'right', 'right', 'right', 'right', 'right', 'right'] },
    );
  const table = pollingTable(report.polling);
  const f = report.finish;
  const failures = [...report.polling, ...report.appPolling].reduce((n, r) => n + r.failures, 0);
  return [
    'Monitoring (simulated minutes on a virtual clock; sandbox runs frozen in flight; "ms per poll": one request for ours, all K requests at concurrency 8 for the SDK way)',
    '',
    table,
    '',
    'The same on the App API, runs started elsewhere (ours: one catalog search a poll, AppWorkflowRun assets by id; before the catalog, and on tenants without those assets: one GET per run, budgeted: first read after 5 s, at most 6 per run and 30 in all per minute, backing off to 60 s)',
    '',
    pollingTable(report.appPolling),
    '',
    `Nothing in flight: ${report.idle.inFlight} runs to watch after a refresh of 100 finished workflows -> ${report.idle.requests} requests in a simulated minute.`,
    `Runs that finish (both clocks x${f.compression}): ${f.finished}/${f.runs} finished, the last at ${(f.lastFinishedAtMs / 1000).toFixed(1)} s simulated, ` +
      `after ${count(f.requestsWhileInFlight)} requests; ${f.requestsAfter} requests from then to the end of minute 2.`,
    ...(failures > 0 ? [`! ${failures} failed request(s) while polling`] : []),
  ].join('\n');
}

if (require.main === module) {
  runAsProgram(async (flags) => {
    const report = await runMonitorBench(flags, (line) => process.stderr.write(`${line}\n`));
    process.stdout.write(`${formatMonitorReport(report)}\n`);
    if (flags.json) writeFileSync(flags.json, `${JSON.stringify(report, null, 2)}\n`);
  });
}
