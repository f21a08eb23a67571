/**
 * Bench 1: refreshing the Postgres Workflows view for N = 100, 1,000 and 10,000 seeded workflows,
 * with 1, 5 (default) and 20 runs per workflow, against a tenant that collapses and against
 * tenants that ignore or reject `collapse` (the client's fallback); and on the App API, 100
 * workflows with K = 1, 10, 100 runs in flight, from the catalog and the way before it.
 *
 * - ours: `WorkflowStore.refresh()` (one page of workflows + latest runs), page size N for 100
 *   and 1,000, the first page (50) for 10,000;
 * - baseline: the SDK examples' way, list then one latest-run search per workflow, sequential and
 *   with concurrency 8.
 *
 * The sandbox runs in a child process; timings are the client's wall time per refresh, requests
 * are counted in the sandbox's request log (and cross-checked against the client's hook), bytes
 * read per refresh in an untimed pass through a counting proxy.
 *
 *   npx tsc -p . && node out/bench/refresh.js [--quick] [--runs-per-workflow N] [--json FILE]
 */
import { writeFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import type { AppBackend } from '../src/core/atlan/appBackend';
import { WorkflowStore } from '../src/core/tenant/workflowStore';
import { benchClient, type BenchClient } from './lib/benchClient';
import { runAsProgram, type BenchFlags } from './lib/cli';
import { startCountingProxy } from './lib/countingProxy';
import { latestRunsRight } from './lib/latestRunsRight';
import { mapWithConcurrency, naiveRefresh } from './lib/naive';
import { startSandboxProcess, type SandboxProcess } from './lib/sandboxProcess';
import { summarize, type Summary } from './lib/stats';
import { count, formatTable, ms } from './lib/table';

export interface ApproachResult {
  approach: 'ours' | 'naive, sequential' | 'naive, concurrency 8';
  /** Requests per refresh, from the sandbox's log (the same in every iteration, else the largest). */
  requests: number;
  /** Client wall time per refresh. */
  ms: Summary;
  /** Sum of the sandbox's own handling time per refresh (its log's durationMs, 1 ms resolution). */
  serverMs: Summary;
  /** Workflows whose latest run is the one the seed stored as newest (the ground truth, read from the tenant's state). */
  latestRight: number;
  workflows: number;
  /** Requests the client saw fail or that the two counts disagree on; 0 in a sound run. */
  anomalies: string[];
  /** Response bytes of one refresh (after warm-up), from the untimed counting pass. */
  bytesPerRefresh?: number;
}

/** How the tenant's runs search treats `collapse`: the client must be right with each. */
export type TenantKind = 'collapses' | 'ignores collapse' | 'rejects collapse';
const TENANT_COLLAPSE: Record<TenantKind, 'supported' | 'ignored' | 'rejected'> = {
  collapses: 'supported',
  'ignores collapse': 'ignored',
  'rejects collapse': 'rejected',
};

export interface RefreshCase {
  workflows: number;
  pageSize: number;
  runsPerWorkflow: number;
  /** Delay the sandbox adds to every API request (a tenant that far away); 0 = loopback only. */
  latencyMs: number;
  tenant: TenantKind;
  seedMs: number;
  results: ApproachResult[];
}

/** A refresh of App API workflows with K runs in flight, started by someone else. */
export interface AppRefreshCase {
  workflows: number;
  inFlight: number;
  results: AppRefreshResult[];
}

export interface AppRefreshResult {
  approach: 'ours (catalog search)' | 'before the catalog (remembered runs, a GET each in flight)';
  requests: number;
  ms: Summary;
  /** Workflows whose latest run matched the catalog's newest run of each (a per-workflow search). */
  latestRight: number;
  workflows: number;
  anomalies: string[];
}

export interface RefreshReport {
  bench: 'refresh';
  cases: RefreshCase[];
  /** The App API (absent from older reports). */
  appCases?: AppRefreshCase[];
}

interface Plan {
  workflows: number;
  pageSize: number;
  warmup: number;
  ours: number;
  naive: number;
  /** Overrides the flag: the sensitivity case seeds one run per workflow. */
  runsPerWorkflow?: number;
  latencyMs?: number;
  /** Warm-up refreshes of the baselines (default 1). */
  naiveWarmup?: number;
  /** Default: a tenant that collapses. */
  tenant?: TenantKind;
}

/** Added to every request in the latency case: a tenant a modest 50 ms away instead of loopback. */
export const TENANT_LATENCY_MS = 50;

function plans(quick: boolean, runsPerWorkflow: number): Plan[] {
  // Run-history sensitivity: 1, 5 and 20 runs per workflow at 1,000 (the flag's count is the main case).
  const histories = [1, 20].filter((r) => r !== runsPerWorkflow);
  if (quick) {
    return [
      { workflows: 100, pageSize: 100, warmup: 1, ours: 3, naive: 1 },
      { workflows: 1_000, pageSize: 1_000, warmup: 1, ours: 3, naive: 1 },
      { workflows: 10_000, pageSize: 50, warmup: 1, ours: 3, naive: 1 },
      ...histories.map((r) => ({ workflows: 1_000, pageSize: 1_000, warmup: 1, ours: 2, naive: 1, runsPerWorkflow: r })),
      { workflows: 100, pageSize: 100, warmup: 1, ours: 2, naive: 1, naiveWarmup: 0, latencyMs: TENANT_LATENCY_MS },
      { workflows: 1_000, pageSize: 1_000, warmup: 1, ours: 2, naive: 1, tenant: 'ignores collapse' },
      { workflows: 1_000, pageSize: 1_000, warmup: 1, ours: 2, naive: 1, tenant: 'rejects collapse' },
    ];
  }
  return [
    { workflows: 100, pageSize: 100, warmup: 3, ours: 20, naive: 10 },
    { workflows: 1_000, pageSize: 1_000, warmup: 3, ours: 15, naive: 5 },
    { workflows: 10_000, pageSize: 50, warmup: 3, ours: 20, naive: 10 },
    ...histories.map((r) => ({ workflows: 1_000, pageSize: 1_000, warmup: 3, ours: 15, naive: 3, runsPerWorkflow: r })),
    // Loopback hides what the naive way costs on a real network: every request pays the round trip.
    { workflows: 100, pageSize: 100, warmup: 1, ours: 10, naive: 3, naiveWarmup: 0, latencyMs: TENANT_LATENCY_MS },
    // Tenants without collapse: the fallback's windows, with the history it finds hardest (20 runs) too.
    { workflows: 1_000, pageSize: 1_000, warmup: 3, ours: 15, naive: 3, tenant: 'ignores collapse' },
    { workflows: 1_000, pageSize: 1_000, warmup: 3, ours: 15, naive: 3, tenant: 'ignores collapse', runsPerWorkflow: 20 },
    { workflows: 1_000, pageSize: 1_000, warmup: 3, ours: 15, naive: 3, tenant: 'rejects collapse' },
  ];
}

interface Iteration {
  ms: number;
  requests: number;
  serverMs: number;
  clientRequests: number;
  clientFailures: number;
  latest: Map<string, string | undefined>;
}

/** Runs one refresh between a cleared and a read request log. */
async function measure(sandbox: SandboxProcess, bench: BenchClient, refresh: () => Promise<Map<string, string | undefined>>): Promise<Iteration> {
  await sandbox.admin.clearRequests();
  bench.tally.reset();
  const started = performance.now();
  const latest = await refresh();
  const elapsed = performance.now() - started;
  const logged = await sandbox.admin.requests();
  return {
    ms: elapsed,
    requests: logged.length,
    serverMs: logged.reduce((sum, r) => sum + r.durationMs, 0),
    clientRequests: bench.tally.count,
    clientFailures: bench.tally.failures.length,
    latest,
  };
}

async function approach(
  name: ApproachResult['approach'],
  sandbox: SandboxProcess,
  bench: BenchClient,
  warmup: number,
  iterations: number,
  refresh: () => Promise<Map<string, string | undefined>>,
  judge: (latest: ReadonlyMap<string, string | undefined>) => { same: number; total: number },
): Promise<ApproachResult> {
  for (let i = 0; i < warmup; i++) await refresh();
  const runs: Iteration[] = [];
  for (let i = 0; i < iterations; i++) runs.push(await measure(sandbox, bench, refresh));
  const last = runs[runs.length - 1];
  const anomalies: string[] = [];
  const requestCounts = new Set(runs.map((r) => r.requests));
  if (requestCounts.size > 1) anomalies.push(`request count varied: ${[...requestCounts].join(', ')}`);
  const failures = runs.reduce((n, r) => n + r.clientFailures, 0);
  if (failures > 0) anomalies.push(`${failures} failed request(s)`);
  if (runs.some((r) => r.clientRequests !== r.requests)) anomalies.push('client and sandbox request counts differ');
  const right = judge(last.latest);
  return {
    approach: name,
    requests: Math.max(...runs.map((r) => r.requests)),
    ms: summarize(runs.map((r) => r.ms)),
    serverMs: summarize(runs.map((r) => r.serverMs)),
    latestRight: right.same,
    workflows: right.total,
    anomalies,
  };
}

/** Response bytes of one refresh of each kind, through a counting proxy, after a warm-up refresh. */
async function payloadPass(sandbox: SandboxProcess, pageSize: number): Promise<{ ours: number; naive: number }> {
  const proxy = await startCountingProxy(sandbox.url);
  const bench = benchClient({ url: proxy.url, apiToken: sandbox.apiToken });
  try {
    const store = new WorkflowStore(bench.backend, { pageSize, recentRuns: 10 });
    await store.refresh();
    proxy.reset();
    await store.refresh();
    const ours = proxy.bytes();
    proxy.reset();
    await naiveRefresh(bench.backend, pageSize, 8);
    return { ours, naive: proxy.bytes() };
  } finally {
    await bench.close();
    await proxy.close();
  }
}

async function runCase(sandbox: SandboxProcess, plan: Plan, runsPerWorkflow: number, log: (line: string) => void): Promise<RefreshCase> {
  await sandbox.admin.reset();
  const seeded = await sandbox.admin.seed({ workflows: plan.workflows, runsPerWorkflow, inFlight: 0, surface: 'legacy' });
  log(`  seeded ${count(seeded.workflows)} workflows, ${count(seeded.runs)} runs in ${seeded.ms} ms`);
  // The ground truth: the newest run of each workflow as the seed stored it, read from the
  // tenant's state, not through the search every approach (ours and the naive one) goes through.
  const seedTruth = await sandbox.latestRuns();
  if (seedTruth.size !== plan.workflows) throw new Error(`the sandbox holds ${seedTruth.size} workflows after seeding ${plan.workflows}`);
  const judge = (latest: ReadonlyMap<string, string | undefined>) => latestRunsRight(seedTruth, latest, Math.min(plan.pageSize, plan.workflows));
  const latencyMs = plan.latencyMs ?? 0;
  if (latencyMs > 0) await sandbox.admin.addFault({ path: '^/api/service/', delayMs: latencyMs });
  const naiveWarmup = plan.naiveWarmup ?? 1;
  const bench = benchClient(sandbox);
  try {
    const naiveSeq = await approach('naive, sequential', sandbox, bench, naiveWarmup, plan.naive, () => naiveRefresh(bench.backend, plan.pageSize, 1), judge);
    log(`  naive, sequential: median ${ms(naiveSeq.ms.median)} ms, ${naiveSeq.latestRight}/${naiveSeq.workflows} right`);
    const naive8 = await approach('naive, concurrency 8', sandbox, bench, naiveWarmup, plan.naive, () => naiveRefresh(bench.backend, plan.pageSize, 8), judge);
    log(`  naive, concurrency 8: median ${ms(naive8.ms.median)} ms`);
    const store = new WorkflowStore(bench.backend, { pageSize: plan.pageSize, recentRuns: 10 });
    const ours = await approach(
      'ours',
      sandbox,
      bench,
      plan.warmup,
      plan.ours,
      async () => {
        await store.refresh();
        return new Map(store.workflows().map((e) => [e.workflow.name, e.latestRun?.id]));
      },
      judge,
    );
    log(`  ours: median ${ms(ours.ms.median)} ms, ${ours.requests} requests, ${ours.latestRight}/${ours.workflows} right`);
    if (latencyMs === 0) {
      const bytes = await payloadPass(sandbox, plan.pageSize);
      ours.bytesPerRefresh = bytes.ours;
      naiveSeq.bytesPerRefresh = bytes.naive;
      naive8.bytesPerRefresh = bytes.naive;
    }
    return {
      workflows: plan.workflows,
      pageSize: plan.pageSize,
      runsPerWorkflow,
      latencyMs,
      tenant: plan.tenant ?? 'collapses',
      seedMs: seeded.ms,
      results: [ours, naiveSeq, naive8],
    };
  } finally {
    await bench.close();
  }
}

/**
 * The App API view: 100 workflows with 3 finished runs each, K of them with a run in flight that
 * someone else started. Ours reads every latest run from the catalog (2 requests); the way
 * before the catalog (still the way on a tenant without App run assets) knows only the runs it
 * was told about and reads each one in flight by id (1 + K requests), and shows no other run.
 */
async function appRefreshCases(quick: boolean, log: (line: string) => void): Promise<AppRefreshCase[]> {
  const workflows = 100;
  const sandbox = await startSandboxProcess({ clockSpeed: 1 });
  const cases: AppRefreshCase[] = [];
  try {
    for (const k of quick ? [1, 10] : [1, 10, 100]) {
      await sandbox.admin.reset();
      await sandbox.admin.setSurfaces('both');
      // Frozen: the runs started below stay in flight for the whole case.
      await sandbox.admin.setClockSpeed(0.0001);
      await sandbox.admin.seed({ workflows, runsPerWorkflow: 3, inFlight: 0, surface: 'apps' });
      log(`refresh (App API): ${workflows} workflows, ${k} runs in flight started elsewhere`);
      const mine = benchClient(sandbox);
      const before = benchClient(sandbox);
      try {
        const apps = mine.client.backend('apps') as AppBackend;
        const slugs = (await apps.listWorkflows({ size: workflows })).items.map((w) => w.name);
        const started = await mapWithConcurrency(slugs.slice(0, k), 8, (slug) => sandbox.admin.startAppRun({ slug, startedBy: 'grace.hopper' }));
        // The ground truth: each workflow's newest run as the tenant's state holds it, not through any search.
        const truth = await sandbox.latestAppRuns();
        const judge = (latest: ReadonlyMap<string, string | undefined>) => latestRunsRight(truth, latest, workflows);
        const perRun = before.client.backend('apps') as AppBackend;
        await sandbox.admin.addFault({ path: 'search/indexsearch', status: 404 });
        await perRun.latestRuns([slugs[0]]);
        await sandbox.admin.clearFaults();
        // It knows the runs in flight, as if it had started them (the best case of the way before).
        perRun.rememberRuns(started.map((s) => ({ id: s.run_id, workflowName: s.slug, phase: s.status, startedAt: s.started_at, failedSteps: [] })));
        const refreshOf = (backend: AppBackend) => {
          const store = new WorkflowStore(backend, { pageSize: workflows, recentRuns: 10 });
          return async () => {
            await store.refresh();
            return new Map(store.workflows().map((e) => [e.workflow.name, e.latestRun?.id]));
          };
        };
        const iterations = quick ? 3 : 10;
        const ours = await approach('ours', sandbox, mine, 2, iterations, refreshOf(apps), judge);
        const old = await approach('ours', sandbox, before, 2, iterations, refreshOf(perRun), judge);
        const asApp = (r: ApproachResult, name: AppRefreshResult['approach']): AppRefreshResult => ({
          approach: name,
          requests: r.requests,
          ms: r.ms,
          latestRight: r.latestRight,
          workflows: r.workflows,
          anomalies: r.anomalies,
        });
        cases.push({
          workflows,
          inFlight: k,
          results: [asApp(ours, 'ours (catalog search)'), asApp(old, 'before the catalog (remembered runs, a GET each in flight)')],
        });
        log(`  ours ${ours.requests} requests, ${ours.latestRight}/${workflows} right; before the catalog ${old.requests} requests, ${old.latestRight}/${workflows} right`);
      } finally {
        await mine.close();
        await before.close();
      }
    }
  } finally {
    await sandbox.stop();
  }
  return cases;
}

export async function runRefreshBench(flags: Pick<BenchFlags, 'quick' | 'runsPerWorkflow'>, log: (line: string) => void = () => {}): Promise<RefreshReport> {
  const cases: RefreshCase[] = [];
  const all = plans(flags.quick, flags.runsPerWorkflow);
  // One sandbox per tenant behaviour: the switch is the tenant's, set when its process starts.
  for (const tenant of Object.keys(TENANT_COLLAPSE) as TenantKind[]) {
    const mine = all.filter((p) => (p.tenant ?? 'collapses') === tenant);
    if (mine.length === 0) continue;
    const sandbox = await startSandboxProcess({ clockSpeed: 1, runsSearch: { collapse: TENANT_COLLAPSE[tenant], sourceFilter: 'supported' } });
    try {
      for (const plan of mine) {
        const latency = plan.latencyMs ? `, +${plan.latencyMs} ms per request` : '';
        log(`refresh: ${count(plan.workflows)} workflows, page ${plan.pageSize}, ${plan.runsPerWorkflow ?? flags.runsPerWorkflow} runs each${latency}; tenant ${tenant}`);
        cases.push(await runCase(sandbox, plan, plan.runsPerWorkflow ?? flags.runsPerWorkflow, log));
      }
    } finally {
      await sandbox.stop();
    }
  }
  const appCases = await appRefreshCases(flags.quick, log);
  return { bench: 'refresh', cases, appCases };
}

/** The target each case is read against (from the brief). */
export function refreshTarget(c: RefreshCase): { ms: number; label: string } | undefined {
  if (c.latencyMs > 0 || c.tenant !== 'collapses') return undefined;
  if (c.workflows === 1_000 && c.pageSize === 1_000) return { ms: 200, label: '< 200 ms' };
  if (c.workflows === 10_000 && c.pageSize === 50) return { ms: 300, label: '< 300 ms' };
  return undefined;
}

/** Whether a case is held to "<= 2 requests": a tenant that collapses, any N. */
export function requestTargetApplies(c: RefreshCase): boolean {
  return c.tenant === 'collapses';
}

export function formatRefreshReport(report: RefreshReport): string {
  const rows = report.cases.flatMap((c) =>
    c.results.map((r) => {
      const target = r.approach === 'ours' ? refreshTarget(c) : undefined;
      const requestsOk = r.approach !== 'ours' || !requestTargetApplies(c) || r.requests <= 2;
      const timeOk = target === undefined || r.ms.median < target.ms;
      const verdict = r.approach !== 'ours' ? '' : `${requestsOk && timeOk && r.latestRight === r.workflows ? 'met' : 'NOT met'}`;
      const targetText = !requestTargetApplies(c) ? 'latest runs right' : `<= 2 req${target ? `, ${target.label}` : ''}`;
      return [
        `${count(c.workflows)} x ${c.runsPerWorkflow} runs, page ${count(c.pageSize)}${c.latencyMs > 0 ? `, +${c.latencyMs} ms/req` : ''}`,
        c.tenant,
        r.approach,
        r.requests,
        ms(r.ms.median),
        ms(r.ms.p95),
        ms(r.serverMs.median),
        r.ms.n,
        r.bytesPerRefresh === undefined ? '' : kb(r.bytesPerRefresh),
        `${count(r.latestRight)}/${count(r.workflows)}`,
        r.approach === 'ours' ? targetText : '',
        verdict,
      ];
    }),
  );
  const table = formatTable(
    ['workflows', 'tenant', 'approach', 'requests', 'median ms', 'p95 ms', 'server ms (sum)', 'runs', 'KB read', 'latest runs right', 'target (ours)', 'verdict'],
    rows,
    { align: ['left', 'left', 'left', 'right', 'right', 'right', 'right', 'right', 'right', 'right', 'left', 'left'] },
  );
  const notes = report.cases.flatMap((c) => c.results.flatMap((r) => r.anomalies.map((a) => `! ${count(c.workflows)} / ${c.tenant} / ${r.approach}: ${a}`)));
  const apps = report.appCases ?? [];
  const appTable = formatTable(
    ['workflows', 'runs in flight', 'approach', 'requests', 'median ms', 'p95 ms', 'runs', 'latest runs right'],
    apps.flatMap((c) => c.results.map((r) => [count(c.workflows), c.inFlight, r.approach, r.requests, ms(r.ms.median), ms(r.ms.p95), r.ms.n, `${count(r.latestRight)}/${count(r.workflows)}`])),
    { align: ['right', 'right', 'left', 'right', 'right', 'right', 'right', 'right'] },
  );
  const appNotes = apps.flatMap((c) => c.results.flatMap((r) => r.anomalies.map((a) => `! App API, ${c.inFlight} in flight / ${r.approach}: ${a}`)));
  return [
    'Refresh ("latest runs right": the newest run of each listed workflow as the seed stored it, read from the sandbox\'s state, not through search; "server ms": the sandbox\'s own handling time; "KB read": response bytes of one refresh)',
    '',
    table,
    ...(notes.length > 0 ? ['', ...notes] : []),
    ...(apps.length > 0
      ? [
          '',
          'Refresh on the App API, runs in flight started elsewhere ("latest runs right": each workflow\'s newest run as the tenant\'s state holds it, not through search; before the catalog the client sees only the runs it knows)',
          '',
          appTable,
          ...(appNotes.length > 0 ? ['', ...appNotes] : []),
        ]
      : []),
  ].join('\n');
}

/** 1 KB = 1,000 bytes, as in the sizes bench. */
function kb(bytes: number): string {
  return bytes >= 100_000 ? count(Math.round(bytes / 1000)) : (bytes / 1000).toFixed(1);
}

if (require.main === module) {
  runAsProgram(async (flags) => {
    const report = await runRefreshBench(flags, (line) => process.stderr.write(`${line}\n`));
    process.stdout.write(`${formatRefreshReport(report)}\n`);
    if (flags.json) writeFileSync(flags.json, `${JSON.stringify(report, null, 2)}\n`);
  });
}
