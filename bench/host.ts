/**
 * Bench 4: in the real VS Code extension host (the offline host of test/host/): activation time
 * against a minimal extension, extension-host memory with 10,000 workflows loaded, and Submit to
 * the first progress notification. Each start of the host is fresh (new server, new user data).
 *
 *   npx tsc -p . && node esbuild.mjs && node out/bench/host.js [--quick] [--json FILE]
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { launchBrowser } from '../test/host/browser';
import { ensureVsCodeHost, VSCODE_VERSION } from '../test/host/vscodeHostInstall';
import { runActivationBench, type ActivationReport, type ActivationSeries } from './hostActivation';
import { mb, runSessionBench, type MemoryReport, type SessionReport, type SubmitReport } from './hostSession';
import { runAsProgram, type BenchFlags } from './lib/cli';
import type { Summary } from './lib/stats';
import type { SummaryRow } from './lib/summaryRow';
import { count, formatTable, ms } from './lib/table';
import { ROOT } from './sizes';

export interface HostReport {
  bench: 'host';
  vscodeVersion: string;
  activation: ActivationReport | { failed: string };
  session: SessionReport | { failed: string };
}

/** Activation at most this many times a minimal extension's, measured in the same run (issue 16, point 19). */
export const ACTIVATION_TARGET_RATIO = 3;
export const MEMORY_TARGET_MB = 50;
export const SUBMIT_TARGET_MS = 1000;
const FULL_SEED = 10_000;

/** The compiled probes the host loads as `extensionTestsPath`. */
const PROBES = ['activationProbe.js', 'sessionProbe.js'].map((f) => path.join(ROOT, 'out', 'test', 'host', 'bench', f));

const message = (err: unknown): string => (err instanceof Error ? err.message : String(err));

export async function runHostBench(flags: BenchFlags, log: (line: string) => void): Promise<HostReport> {
  const bundle = path.join(ROOT, 'dist', 'extension.js');
  if (!fs.existsSync(bundle)) throw new Error(`${bundle} is missing: run \`node esbuild.mjs\` first (npm run bench builds it).`);
  for (const probe of PROBES) if (!fs.existsSync(probe)) throw new Error(`${probe} is missing: run \`npx tsc -p .\` first.`);
  const vscodeDir = ensureVsCodeHost(log);
  const browser = await launchBrowser();
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'atlan-hostbench-'));
  try {
    const activation = await runActivationBench({ vscodeDir, browser, scratch, starts: flags.quick ? 2 : 5, log }).catch((err: unknown) => ({ failed: message(err) }));
    // ATLAN_HOSTBENCH_ONLY=activation: the activation part alone (~1 min), e.g. while working on it.
    const session =
      process.env.ATLAN_HOSTBENCH_ONLY === 'activation'
        ? { failed: 'not run (ATLAN_HOSTBENCH_ONLY=activation)' }
        : await runSessionBench({ vscodeDir, browser, scratch, quick: flags.quick, log }).catch((err: unknown) => ({ failed: message(err) }));
    return { bench: 'host', vscodeVersion: VSCODE_VERSION, activation, session };
  } finally {
    await browser.close().catch(() => undefined);
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}

// ------------------------------------------------------------------ tables

const spread = (s: Summary): string => `${ms(s.min)}–${ms(s.max)}`;
const megabytes = (bytes: number): string => `${mb(bytes).toFixed(1)} MB`;
const signed = (value: number): string => `${value >= 0 ? '+' : ''}${value.toFixed(1)} MB`;
const rowCount = (treeRows: number | string): string => (typeof treeRows === 'number' ? count(treeRows) : treeRows);

function activationRow(s: ActivationSeries, label: string): string[] {
  return [
    label,
    `${ms(s.activateMs.median)} ms`,
    spread(s.activateMs),
    s.vscodeMs ? `${ms(s.vscodeMs.median)} ms` : 'no marks',
    s.codeLoadMs ? `${ms(s.codeLoadMs.median)} ms` : '',
    s.activationEvents.join(', '),
    `${s.samples.length}`,
  ];
}

export function formatActivation(report: ActivationReport): string {
  const rows = [activationRow(report.ours, 'ours (dist/extension.js)'), activationRow(report.baseline, 'minimal extension (one command)')];
  const lines = [
    `Activation in the extension host (${report.starts} fresh host starts each, alternating; ${report.settleMs} ms settle after the host starts)`,
    '',
    formatTable(['extension', 'activate() median', 'min–max', "VS Code's marks", 'of which loading code', 'activation events', 'starts'], rows, {
      align: ['left', 'right', 'right', 'right', 'right', 'left', 'right'],
    }),
    '',
    "activate(): performance.now() around extension.activate() in the probe. VS Code's marks: code/extHost/willLoadExtensionCode to didActivateExtension (1 ms resolution).",
    `ours / minimal extension (activate() medians, same run): ${(report.ours.activateMs.median / report.baseline.activateMs.median).toFixed(1)}x, target at most ${ACTIVATION_TARGET_RATIO}x`,
  ];
  for (const a of report.anomalies) lines.push(`! ${a}`);
  return lines.join('\n');
}

export function formatMemory(m: MemoryReport): string {
  const row = (label: string, pick: (p: MemoryReport['before']) => number): string[] => [
    label,
    megabytes(pick(m.before)),
    megabytes(pick(m.loaded)),
    signed(mb(pick(m.loaded) - pick(m.before))),
    megabytes(pick(m.signedOut)),
  ];
  const table = formatTable(
    ['extension host', 'before signing in', `${count(m.workflows)} loaded`, 'growth', 'signed out again'],
    [
      row('heap used, after forced full GC', (p) => p.collected.heapUsed),
      row('heap used, settled (no forced GC)', (p) => p.settled.heapUsed),
      row('RSS', (p) => p.collected.rss),
      row('external (buffers)', (p) => p.collected.external),
    ],
    { align: ['left', 'right', 'right', 'right', 'right'] },
  );
  const view = m.view === 'visible' ? 'the Postgres Workflows view visible throughout' : m.view === 'hidden' ? 'the view NOT shown' : 'the view shown only after the last page';
  return [
    `Extension-host memory: ${count(m.seeded)} workflows seeded (1 run each), ${view}, atlan.tree.pageSize ${m.pageSize} (1 MB = 1,000,000 bytes)`,
    '',
    table,
    '',
    `Loaded ${count(m.workflows)} workflows (${count(m.withLatestRun)} with their latest run) in ${m.pages} pages, ${(m.loadMs / 1000).toFixed(1)} s from signing in; the view's rows: ${rowCount(m.treeRows)}.`,
    `Peak while loading: heap ${signed(m.peakGrowth.heapMB)}, RSS ${signed(m.peakGrowth.rssMB)} over before. Heap retained after signing out: ${signed(m.retainedAfterSignOutMB)}.`,
    `Samples ${m.settleMs} ms after each step. GC: ${m.gc}.`,
  ].join('\n');
}

export function formatSubmit(s: SubmitReport): string {
  const line = (label: string, summary: Summary | undefined): string[] =>
    summary ? [label, `${ms(summary.median)} ms`, spread(summary)] : [label, 'not observed', ''];
  const rows = [
    line('progress notification opened ("Submitting …")', s.firstNotification),
    line('its first report ("Validating…")', s.firstReport),
    line('"Submitting…" (validated; secrets, roles, duplicate searches done)', s.creating),
    line("the run's first phase in the same notification (the create answered)", s.runNotification),
    line('the command returned', s.command),
    line('first run update from the tenant (monitor)', s.firstRunUpdate),
    line("the notification shows it: first progress from the tenant (judged)", s.firstTenantProgress),
    line('"Submitting" toast in the workbench page (page clock)', s.toast),
  ];
  const outcomes = [...new Set(s.samples.map((x) => x.outcome))].join(', ');
  return [
    `Submit (${s.samples.length} configurations, each a new workflow against the sandbox; runs ended: ${outcomes})`,
    '',
    formatTable(['from executing atlan.submitConfiguration to', 'median', 'min–max'], rows, { align: ['left', 'right', 'right'] }),
    '',
    s.progressObservable
      ? 'Notifications observed by wrapping window.withProgress on the API object the extension shares with the probe.'
      : 'Progress notifications could NOT be observed from the extension API: the figure to read is the command return (the create answered).',
  ].join('\n');
}

export function formatHostReport(report: HostReport): string {
  const parts = [`Host benches (VS Code ${report.vscodeVersion}, offline host)`];
  parts.push('failed' in report.activation ? `Activation: FAILED: ${report.activation.failed}` : formatActivation(report.activation));
  if ('failed' in report.session) parts.push(`Memory and submit: FAILED: ${report.session.failed}`);
  else {
    parts.push(formatMemory(report.session.memory), formatSubmit(report.session.submit));
    for (const a of report.session.anomalies) parts.push(`! ${a}`);
  }
  return parts.join('\n\n');
}

// ------------------------------------------------------------------ summary

export function hostSummaryRows(report: HostReport | { failed: string } | undefined): SummaryRow[] {
  const missing = (measure: string, target: string, why: string): SummaryRow => ({ measure, target, ours: why, baseline: '', verdict: 'not measured' });
  const activationTarget = `<= ${ACTIVATION_TARGET_RATIO}x the minimal extension, same run`;
  const memoryTarget = `heap growth < ${MEMORY_TARGET_MB} MB`;
  const submitTarget = `< ${SUBMIT_TARGET_MS / 1000} s`;
  if (!report || 'failed' in report) {
    const why = report ? `host bench failed: ${report.failed}` : 'not run';
    return [missing('activation time', activationTarget, why), missing('extension-host memory', memoryTarget, why), missing('submit to first progress update', submitTarget, why)];
  }
  const rows: SummaryRow[] = [];
  const a = report.activation;
  if ('failed' in a) rows.push(missing('activation time', activationTarget, a.failed));
  else {
    const marks = a.ours.vscodeMs ? `; VS Code's marks ${ms(a.ours.vscodeMs.median)} ms${a.ours.codeLoadMs ? ` (loading code ${ms(a.ours.codeLoadMs.median)})` : ''}` : '';
    const ratio = a.ours.activateMs.median / a.baseline.activateMs.median;
    rows.push({
      measure: 'activation time',
      target: activationTarget,
      ours: `${ms(a.ours.activateMs.median)} ms median (${spread(a.ours.activateMs)}, ${a.ours.samples.length} starts), ${ratio.toFixed(1)}x the minimal extension${marks}`,
      baseline: `minimal extension: ${ms(a.baseline.activateMs.median)} ms (${spread(a.baseline.activateMs)})`,
      verdict: a.anomalies.length > 0 ? 'n/a' : ratio <= ACTIVATION_TARGET_RATIO ? 'met' : 'NOT met',
    });
  }
  const s = report.session;
  if ('failed' in s) {
    rows.push(missing('extension-host memory', memoryTarget, s.failed), missing('submit to first progress update', submitTarget, s.failed));
    return rows;
  }
  const m = s.memory;
  rows.push({
    measure: `extension-host memory, ${count(m.workflows)} workflows loaded`,
    target: memoryTarget,
    ours: `heap ${signed(m.growth.heapMB)} after GC (${signed(m.growth.heapSettledMB)} before GC), RSS ${signed(m.growth.rssMB)}, ${rowCount(m.treeRows)} rows shown`,
    baseline: `heap before loading: ${megabytes(m.before.collected.heapUsed)}`,
    verdict: m.seeded !== FULL_SEED || m.view !== 'visible' || m.workflows !== m.seeded ? 'n/a' : m.growth.heapMB < MEMORY_TARGET_MB ? 'met' : 'NOT met',
  });
  const sub = s.submit;
  // Judged on the first progress that comes from the tenant (the run's phase it reported), not on
  // "Validating…", which the extension shows before any I/O and so cannot miss.
  const fromTenant = sub.progressObservable ? sub.firstTenantProgress : undefined;
  const context = sub.progressObservable && sub.firstReport ? `; "Validating…" shown at ${ms(sub.firstReport.median)} ms` : '';
  rows.push({
    measure: 'submit to first progress update',
    target: `${submitTarget}, progress from the tenant`,
    ours: fromTenant
      ? `run phase from the tenant ${ms(fromTenant.median)} ms median (max ${ms(fromTenant.max)})${context}`
      : sub.progressObservable
        ? `no progress from the tenant seen in every submit${context}`
        : `notifications not observable; command returned (create answered) ${ms(sub.command.median)} ms median`,
    baseline: '',
    verdict: !fromTenant ? 'not measured' : fromTenant.median < SUBMIT_TARGET_MS ? 'met' : 'NOT met',
  });
  return rows;
}

if (require.main === module) {
  runAsProgram(async (flags) => {
    const report = await runHostBench(flags, (line) => process.stderr.write(`${line}\n`));
    process.stdout.write(`${formatHostReport(report)}\n`);
    if (flags.json) fs.writeFileSync(flags.json, `${JSON.stringify(report, null, 2)}\n`);
  });
}
