import * as assert from 'node:assert/strict';
import { formatMonitorReport, type MonitorReport } from '../../../bench/monitor';
import { formatRefreshReport, type ApproachResult, type RefreshCase, type RefreshReport } from '../../../bench/refresh';
import { formatSummary, summaryRows } from '../../../bench/run';
import type { SizesReport } from '../../../bench/sizes';
import { summarize } from '../../../bench/lib/stats';

function result(approach: ApproachResult['approach'], requests: number, msSamples: number[], latestRight: number, workflows: number): ApproachResult {
  return { approach, requests, ms: summarize(msSamples), serverMs: summarize([1]), latestRight, workflows, anomalies: [] };
}

function refreshCase(workflows: number, pageSize: number, ours: ApproachResult, latencyMs = 0): RefreshCase {
  const shown = Math.min(workflows, pageSize);
  return {
    workflows,
    pageSize,
    runsPerWorkflow: 5,
    latencyMs,
    tenant: 'collapses',
    seedMs: 1,
    results: [ours, result('naive, sequential', shown + 1, [400], shown, shown), result('naive, concurrency 8', shown + 1, [150], shown, shown)],
  };
}

const monitor: MonitorReport = {
  bench: 'monitor',
  polling: [
    { runs: 10, approach: 'ours (monitorRuns)', firstMinute: 29, sixthMinute: 3, sixMinutes: 50, pollMs: 1, runsSeen: 10, failures: 0 },
    { runs: 10, approach: 'SDK: each run every 5 s', firstMinute: 120, extrapolated: { sixthMinute: 120, sixMinutes: 720 }, pollMs: 3, runsSeen: 10, failures: 0 },
  ],
  appPolling: [
    { runs: 10, approach: 'ours, App API (catalog search)', firstMinute: 10, sixthMinute: 3, sixMinutes: 25, pollMs: 1, runsSeen: 10, failures: 0 },
    { runs: 10, approach: 'before the catalog: App API, budgeted GET per run', firstMinute: 30, sixthMinute: 10, sixMinutes: 90, pollMs: 1, runsSeen: 10, failures: 0 },
    { runs: 10, approach: 'App API: each run every 5 s', firstMinute: 120, extrapolated: { sixthMinute: 120, sixMinutes: 720 }, pollMs: 3, runsSeen: 10, failures: 0 },
  ],
  idle: { inFlight: 0, requests: 0 },
  finish: { runs: 10, compression: 30, lastFinishedAtMs: 38_000, requestsWhileInFlight: 30, requestsAfter: 0, finished: 10 },
};

const sizes: SizesReport = {
  bench: 'sizes',
  artefacts: [
    { name: 'extension bundle', file: 'dist/extension.js', bytes: 348_000, limit: 400_000, target: '< 400 KB', origin: 'existing' },
    { name: '.vsix', file: 'dist/x.vsix', limit: 1_000_000, target: '< 1 MB', origin: { missing: 'vsce failed' } },
  ],
};

describe('bench/run summary', () => {
  it('meets the refresh targets only when time, request count and latest runs are all right', () => {
    const good: RefreshReport = {
      bench: 'refresh',
      cases: [refreshCase(1_000, 1_000, result('ours', 2, [150, 160], 1_000, 1_000)), refreshCase(10_000, 50, result('ours', 2, [20], 50, 50))],
    };
    const rows = summaryRows(good, monitor, sizes);
    const verdict = (measure: string): string | undefined => rows.find((r) => r.measure.startsWith(measure))?.verdict;
    assert.equal(verdict('refresh 1,000'), 'met');
    assert.equal(verdict('refresh 10,000'), 'met');
    assert.equal(verdict('requests per refresh'), 'met');

    const wrongRuns: RefreshReport = {
      bench: 'refresh',
      cases: [refreshCase(1_000, 1_000, result('ours', 5, [150], 745, 1_000)), refreshCase(10_000, 50, result('ours', 3, [20], 50, 50))],
    };
    const bad = summaryRows(wrongRuns, monitor, sizes);
    assert.equal(bad.find((r) => r.measure.startsWith('refresh 1,000'))?.verdict, 'NOT met');
    assert.equal(bad.find((r) => r.measure === 'requests per refresh')?.verdict, 'NOT met');
    assert.match(formatRefreshReport(wrongRuns), /745\/1,000 .*NOT met/);
  });

  it('sets the App API refresh from the catalog next to the way before it', () => {
    const appResult = (approach: 'ours (catalog search)' | 'before the catalog (remembered runs, a GET each in flight)', requests: number, right: number) => ({
      approach,
      requests,
      ms: summarize([12]),
      latestRight: right,
      workflows: 100,
      anomalies: [],
    });
    const report: RefreshReport = {
      bench: 'refresh',
      cases: [refreshCase(1_000, 1_000, result('ours', 2, [150], 1_000, 1_000))],
      appCases: [{ workflows: 100, inFlight: 10, results: [appResult('ours (catalog search)', 2, 100), appResult('before the catalog (remembered runs, a GET each in flight)', 11, 10)] }],
    };
    const row = summaryRows(report, monitor, sizes).find((r) => r.measure === 'refresh 100 App API workflows, 10 runs in flight');
    assert.equal(row?.verdict, 'met');
    assert.match(row?.baseline ?? '', /before the catalog: 11 req, .* 10\/100 right/);
    assert.match(formatRefreshReport(report), /Refresh on the App API/);
    report.appCases = [{ workflows: 100, inFlight: 10, results: [appResult('ours (catalog search)', 3, 100), appResult('before the catalog (remembered runs, a GET each in flight)', 11, 10)] }];
    assert.equal(summaryRows(report, monitor, sizes).find((r) => r.measure.startsWith('refresh 100 App API'))?.verdict, 'NOT met');
  });

  it('shows the monitor figures, the idle verdict, missing artefacts, and host rows that say when the host benches did not run', () => {
    const report: RefreshReport = { bench: 'refresh', cases: [refreshCase(1_000, 1_000, result('ours', 2, [150], 1_000, 1_000))] };
    const rows = summaryRows(report, monitor, sizes);
    assert.equal(rows.find((r) => r.measure === 'watching 10 runs: requests per minute')?.baseline, '120 in minute 1 (measured), the same every minute after (extrapolated: fixed 5 s interval)');
    const apps = rows.find((r) => r.measure === 'watching 10 runs (App API): requests per minute');
    assert.equal(apps?.ours, '10 in minute 1, 3 in minute 6');
    assert.equal(apps?.baseline, 'before the catalog 30 / 10; each run every 5 s: 120 in minute 1 (measured), the same every minute after (extrapolated: fixed 5 s interval)');
    assert.equal(apps?.verdict, 'met');
    const worse: MonitorReport = { ...monitor, appPolling: monitor.appPolling.map((p) => (p.approach.startsWith('ours') ? { ...p, sixthMinute: 121 } : p)) };
    assert.equal(summaryRows(report, worse, sizes).find((r) => r.measure === 'watching 10 runs (App API): requests per minute')?.verdict, 'NOT met');
    assert.equal(rows.find((r) => r.measure === 'watching with nothing in flight')?.verdict, 'met');
    const vsix = rows.find((r) => r.measure === '.vsix size');
    assert.equal(vsix?.verdict, 'not measured');
    assert.match(vsix?.ours ?? '', /missing \(vsce failed\)/);
    assert.equal(rows.find((r) => r.measure === 'refresh 10,000 workflows (first page, 50)')?.verdict, 'not measured');
    for (const hostOnly of ['activation time', 'extension-host memory', 'submit to first progress update']) {
      const row = rows.find((r) => r.measure === hostOnly);
      assert.equal(row?.verdict, 'not measured');
      assert.equal(row?.ours, 'not run');
    }
    assert.match(formatSummary(rows), /\| activation time +\|/);
    const failed = summaryRows(report, monitor, sizes, { failed: 'no Chromium' });
    assert.match(failed.find((r) => r.measure === 'activation time')?.ours ?? '', /host bench failed: no Chromium/);
  });

  it('holds a collapsing tenant to 2 requests for every history, and every tenant to right latest runs', () => {
    const twenty: RefreshCase = { ...refreshCase(1_000, 1_000, result('ours', 2, [180], 1_000, 1_000)), runsPerWorkflow: 20 };
    const ignoring: RefreshCase = { ...refreshCase(1_000, 1_000, result('ours', 3, [250], 1_000, 1_000)), tenant: 'ignores collapse' };
    const report: RefreshReport = { bench: 'refresh', cases: [refreshCase(1_000, 1_000, result('ours', 2, [150], 1_000, 1_000)), twenty, ignoring] };
    const rows = summaryRows(report, monitor, sizes);
    const requests = rows.find((r) => r.measure === 'requests per refresh');
    assert.equal(requests?.ours, '1,000: 2, 1,000 x 20 runs: 2', 'the fallback tenant is not held to 2 requests');
    assert.equal(requests?.verdict, 'met');
    const collapsing = rows.find((r) => r.measure === 'latest runs of 1,000 workflows, tenant collapses');
    assert.match(collapsing?.ours ?? '', /^5 runs: 1,000\/1,000, 2 req, 150 ms; 20 runs: 1,000\/1,000, 2 req, 180 ms$/);
    assert.equal(collapsing?.verdict, 'met');
    assert.equal(rows.find((r) => r.measure === 'latest runs of 1,000 workflows, tenant ignores collapse')?.verdict, 'met');
    assert.match(formatRefreshReport(report), /ignores collapse +\| ours .*latest runs right +\| met/);

    const wrong: RefreshCase = { ...ignoring, results: [result('ours', 3, [250], 999, 1_000), ...ignoring.results.slice(1)] };
    const bad = summaryRows({ bench: 'refresh', cases: [report.cases[0], wrong] }, monitor, sizes);
    assert.equal(bad.find((r) => r.measure === 'latest runs of 1,000 workflows, tenant ignores collapse')?.verdict, 'NOT met');
  });

  it('meets the watching target only when ours is at most the SDK way in minutes 1 and 6', () => {
    const report: RefreshReport = { bench: 'refresh', cases: [refreshCase(1_000, 1_000, result('ours', 2, [150], 1_000, 1_000))] };
    assert.equal(summaryRows(report, monitor, sizes).find((r) => r.measure === 'watching 10 runs: requests per minute')?.verdict, 'met');
    const costly: MonitorReport = {
      ...monitor,
      polling: [
        { runs: 1, approach: 'ours (monitorRuns)', firstMinute: 29, sixthMinute: 3, sixMinutes: 50, pollMs: 1, runsSeen: 1, failures: 0 },
        { runs: 1, approach: 'SDK: each run every 5 s', firstMinute: 12, extrapolated: { sixthMinute: 12, sixMinutes: 72 }, pollMs: 1, runsSeen: 1, failures: 0 },
      ],
    };
    assert.equal(summaryRows(report, costly, sizes).find((r) => r.measure === 'watching 1 run: requests per minute')?.verdict, 'NOT met');
  });

  it("prints the SDK way's later minutes as extrapolated, never in the measured columns", () => {
    const text = formatMonitorReport(monitor);
    const sdkRow = text.split('\n').find((l) => l.includes('SDK: each run every 5 s')) ?? '';
    const cells = sdkRow.split('|').map((c) => c.trim());
    assert.deepEqual(cells.slice(3, 7), ['120', '—', '—', '120 / 720 (fixed 5 s interval)']);
    const oursRow = text.split('\n').find((l) => l.includes('ours (monitorRuns)')) ?? '';
    assert.deepEqual(oursRow.split('|').map((c) => c.trim()).slice(3, 7), ['29', '3', '50', '']);
  });

  it('keeps the latency case out of the target rows', () => {
    const report: RefreshReport = {
      bench: 'refresh',
      cases: [refreshCase(100, 100, result('ours', 2, [10], 100, 100)), refreshCase(100, 100, result('ours', 2, [160], 100, 100), 50)],
    };
    const rows = summaryRows(report, monitor, sizes);
    assert.equal(rows.find((r) => r.measure === 'requests per refresh')?.ours, '100: 2');
    assert.match(rows.find((r) => r.measure.includes('+50 ms'))?.ours ?? '', /^160 ms median, 2 req$/);
  });
});
