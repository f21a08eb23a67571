/**
 * One start of the real extension host for the session probe (test/host/bench/sessionProbe.ts):
 * extension-host memory with 10,000 workflows loaded and the tree rendered, then Submit to the
 * first progress notification. The tenant (sandbox + demo Postgres) runs in this process; the
 * figures are taken in the extension host's process.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { runInHost } from '../test/host/bench/hostRun';
import { startSandboxEnvironment } from '../test/host/sandboxEnvironment';
import { parseProbeResult, SessionProbeResult, SETTLE_MS_ENV, SUBMITS_ENV, type MemoryPhase, type SubmitSample, type ViewMode } from './lib/hostProbe';
import { summarize, type Summary } from './lib/stats';
import { ROOT } from './sizes';

const PROBE = path.join(ROOT, 'out', 'test', 'host', 'bench', 'sessionProbe.js');
const SETTLE_MS = 3000;
const TIMEOUT_MS = 4 * 60_000;
/** Loaded per page: the setting's maximum, so 10,000 workflows take 20 pages. */
const PAGE_SIZE = 500;
/** 1 MB = 1,000,000 bytes, as the targets are stated (like the sizes bench's KB). */
const MB = 1_000_000;

export interface SessionBenchOptions {
  vscodeDir: string;
  browser: Browser;
  scratch: string;
  quick: boolean;
  log: (line: string) => void;
}

/** Loaded minus before, in MB. */
export interface MemoryGrowth {
  /** heapUsed after forced full collections: what the loaded workflows and the rendered tree retain. */
  heapMB: number;
  /** heapUsed after the settle delay only (garbage not yet collected included). */
  heapSettledMB: number;
  rssMB: number;
  externalMB: number;
}

export interface MemoryReport {
  view: ViewMode;
  seeded: number;
  seedMs: number;
  pageSize: number;
  workflows: number;
  withLatestRun: number;
  pages: number;
  loadMs: number;
  settleMs: number;
  gc: string;
  before: MemoryPhase;
  loaded: MemoryPhase;
  signedOut: MemoryPhase;
  growth: MemoryGrowth;
  /** Highest heapUsed and RSS while loading, minus before (MB). */
  peakGrowth: { heapMB: number; rssMB: number };
  /** What is left of the heap growth once signed out (the store cleared), MB after collections. */
  retainedAfterSignOutMB: number;
  /** Rows the Postgres Workflows view reported (aria-setsize of its rows), or why unknown. */
  treeRows: number | string;
}

export interface SubmitReport {
  samples: (SubmitSample & { toastMs?: number })[];
  progressObservable: boolean;
  /** Command start to the first progress notification's first report. */
  firstReport?: Summary;
  firstNotification?: Summary;
  /** To "Submitting…" (validated; secrets, roles, duplicate searches done). */
  creating?: Summary;
  /** To the run's own notification (the create answered). */
  runNotification?: Summary;
  command: Summary;
  /** To the first run update the monitor brought from the tenant. */
  firstRunUpdate?: Summary;
  /** To the notification's first report after it: the first progress from the tenant (the target's figure). */
  firstTenantProgress?: Summary;
  /** To the "Submitting …" toast appearing in the workbench page (the page's clock). */
  toast?: Summary;
}

export interface SessionReport {
  memory: MemoryReport;
  submit: SubmitReport;
  anomalies: string[];
}

export const mb = (bytes: number): number => bytes / MB;

export function memoryGrowth(before: MemoryPhase, loaded: MemoryPhase): MemoryGrowth {
  return {
    heapMB: mb(loaded.collected.heapUsed - before.collected.heapUsed),
    heapSettledMB: mb(loaded.settled.heapUsed - before.settled.heapUsed),
    rssMB: mb(loaded.collected.rss - before.collected.rss),
    externalMB: mb(loaded.collected.external - before.collected.external),
  };
}

/** A summary of the samples that have the figure, only when all of them have it. */
function summaryOf(samples: readonly Record<string, unknown>[], key: string): Summary | undefined {
  const values = samples.map((s) => s[key]).filter((v): v is number => typeof v === 'number');
  return values.length > 0 && values.length === samples.length ? summarize(values) : undefined;
}

export function submitReport(samples: readonly (SubmitSample & { toastMs?: number })[], progressObservable: boolean): SubmitReport {
  if (samples.length === 0) throw new RangeError('no submit samples');
  const opt = (key: string): Summary | undefined => summaryOf(samples, key);
  const out: SubmitReport = { samples: [...samples], progressObservable, command: summarize(samples.map((s) => s.commandMs)) };
  const fields = {
    firstReport: 'firstReportMs',
    firstNotification: 'firstNotificationMs',
    creating: 'creatingMs',
    runNotification: 'runNotificationMs',
    firstRunUpdate: 'firstRunUpdateMs',
    firstTenantProgress: 'firstTenantProgressMs',
    toast: 'toastMs',
  } as const;
  for (const [name, key] of Object.entries(fields) as [keyof typeof fields, string][]) {
    const s = opt(key);
    if (s) out[name] = s;
  }
  return out;
}

/** Runs on the page: notes when each "Submitting <name>" toast first shows (Date.now(), the same clock as the probe's). */
const WATCH_TOASTS = `(() => {
  const w = window;
  if (w.__hostbenchToasts) return;
  w.__hostbenchToasts = {};
  const look = () => {
    for (const el of document.querySelectorAll('.notifications-toasts .notification-list-item')) {
      const m = /Submitting (hostbench-submit-[0-9]+-[0-9]+)/.exec(el.textContent || '');
      if (m && !(m[1] in w.__hostbenchToasts)) w.__hostbenchToasts[m[1]] = Date.now();
    }
  };
  new MutationObserver(look).observe(document.body, { childList: true, subtree: true, characterData: true });
})()`;

/** The number of rows the Postgres Workflows view says it has (its rows carry aria-setsize). */
async function treeRows(page: Page, expected: number): Promise<number | string> {
  const read = (): Promise<number> =>
    page.evaluate(`(() => {
      let most = 0;
      for (const pane of document.querySelectorAll('.pane')) {
        if (!(pane.querySelector('.pane-header')?.textContent || '').includes('Postgres Workflows')) continue;
        for (const row of pane.querySelectorAll('.monaco-list-row[aria-setsize]')) most = Math.max(most, Number(row.getAttribute('aria-setsize')) || 0);
      }
      return most;
    })()`);
  const deadline = Date.now() + 15_000;
  let rows = 0;
  while (Date.now() < deadline) {
    rows = await read();
    if (rows >= expected) return rows;
    await new Promise((r) => setTimeout(r, 250));
  }
  return rows > 0 ? rows : 'no rows found in the Postgres Workflows view';
}

export async function runSessionBench(options: SessionBenchOptions): Promise<SessionReport> {
  const seeded = options.quick ? 1_000 : 10_000;
  const submits = options.quick ? 2 : 5;
  const workspace = path.join(options.scratch, 'session-workspace');
  fs.mkdirSync(workspace, { recursive: true });
  // Runs are fast (a crawl of the demo database in well under a second of tenant time).
  const tenant = await startSandboxEnvironment({ sandbox: { clockSpeed: 50, surfaces: 'legacy' } });
  try {
    const admin = tenant.sandbox.admin;
    options.log(`host: seeding ${seeded.toLocaleString('en-US')} workflows`);
    // One run each: every loaded workflow then holds its latest run, the most the view keeps per workflow.
    const seed = await admin.seed({ workflows: seeded, runsPerWorkflow: 1, surface: 'legacy' });
    let treeRowsSeen: number | string = 'not checked';
    const toasts: Record<string, number> = {};
    const run = await runInHost({
      vscodeDir: options.vscodeDir,
      browser: options.browser,
      developmentPath: ROOT,
      probeModule: PROBE,
      workspace,
      env: { ...tenant.env, [SETTLE_MS_ENV]: String(SETTLE_MS), [SUBMITS_ENV]: String(submits) },
      settings: { 'atlan.tree.pageSize': PAGE_SIZE },
      timeoutMs: TIMEOUT_MS,
      onCheckpoint: async (name, payload, page) => {
        if (name === 'loaded') {
          const { workflows = seeded, view } = payload as { workflows?: number; view?: ViewMode };
          treeRowsSeen = view === 'hidden' ? 'the view was not shown' : await treeRows(page, workflows);
          options.log(`host: memory measured; the view shows ${String(treeRowsSeen)} rows`);
        } else if (name === 'submit') {
          await admin.reset();
          await admin.setSurfaces('legacy');
          await admin.setClockSpeed(50);
          await page.evaluate(WATCH_TOASTS);
          options.log(`host: submitting ${submits} configurations`);
        }
      },
      afterProbe: async (page) => {
        Object.assign(toasts, await page.evaluate('window.__hostbenchToasts || {}'));
      },
      log: () => undefined,
    });
    const result = parseProbeResult(SessionProbeResult, run.resultText, 'session probe');
    const m = result.memory;
    const memory: MemoryReport = {
      view: m.view,
      seeded,
      seedMs: seed.ms,
      pageSize: PAGE_SIZE,
      workflows: m.workflows,
      withLatestRun: m.withLatestRun,
      pages: m.pages,
      loadMs: m.loadMs,
      settleMs: m.settleMs,
      gc: m.gc,
      before: m.before,
      loaded: m.loaded,
      signedOut: m.signedOut,
      growth: memoryGrowth(m.before, m.loaded),
      peakGrowth: { heapMB: mb(m.peak.heapUsed - m.before.settled.heapUsed), rssMB: mb(m.peak.rss - m.before.settled.rss) },
      retainedAfterSignOutMB: mb(m.signedOut.collected.heapUsed - m.before.collected.heapUsed),
      treeRows: treeRowsSeen,
    };
    const samples = result.submits.map((s) => {
      const shown = toasts[s.connectionName];
      return shown === undefined ? s : { ...s, toastMs: Math.max(0, shown - s.startedAtEpochMs) };
    });
    const observed = result.progressObservable && samples.some((s) => s.firstReportMs !== undefined);
    const submit = submitReport(samples, observed);
    return { memory, submit, anomalies: sessionAnomalies(memory, submit) };
  } finally {
    await tenant.stop();
  }
}

export function sessionAnomalies(memory: MemoryReport, submit: SubmitReport): string[] {
  const out: string[] = [];
  if (memory.workflows !== memory.seeded) out.push(`loaded ${memory.workflows} workflows of ${memory.seeded} seeded`);
  if (memory.withLatestRun < memory.workflows) out.push(`${memory.workflows - memory.withLatestRun} loaded workflows have no latest run (each was seeded with one)`);
  if (memory.view !== 'hidden') {
    if (typeof memory.treeRows === 'number' && memory.treeRows < memory.workflows) out.push(`the view showed ${memory.treeRows} rows for ${memory.workflows} workflows`);
    if (typeof memory.treeRows === 'string') out.push(`tree rows: ${memory.treeRows}`);
  }
  if (!submit.progressObservable) out.push('progress notifications could not be observed: the submit target cannot be judged');
  else if (!submit.firstTenantProgress) out.push('not every submit showed progress from the tenant (a run update) in its notification: the submit target cannot be judged');
  for (const s of submit.samples) if (s.outcome !== 'Succeeded') out.push(`${s.connectionName}: run ${s.outcome}`);
  return out;
}
