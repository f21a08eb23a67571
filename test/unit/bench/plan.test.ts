/** The plan bench's verdict: met only within the request budget with every action right. */
import assert from 'node:assert/strict';
import { formatPlanReport, planSummaryRows, type PlanApproachResult, type PlanReport } from '../../../bench/plan';
import { summarize } from '../../../bench/lib/stats';

function result(approach: PlanApproachResult['approach'], requests: number, right: number, measuredFiles = 200): PlanApproachResult {
  return { approach, ms: summarize([100, 120]), requests, right, files: 200, measuredFiles, anomalies: [] };
}

function report(ours: PlanApproachResult): PlanReport {
  return { bench: 'plan', surface: 'apps', workflows: 10_000, files: 200, seedMs: 1, results: [ours, { ...result('naive (one diff per file)', 5450, 200, 40), measuredMs: 20, measuredRequests: 1090 }] };
}

describe('bench/plan summary', () => {
  it('meets the target at 196 requests on the App API (20 list pages of 500) with every action right, and says the baseline is extrapolated', () => {
    const [row] = planSummaryRows(report(result('ours (plan)', 196, 200)));
    assert.equal(row.verdict, 'met');
    assert.match(row.target, /<= 196 requests/);
    assert.equal(planSummaryRows({ ...report(result('ours (plan)', 196, 200)), surface: 'legacy' })[0].verdict, 'NOT met', 'the legacy surface lists 1000 a page: 186 at most');
    assert.match(row.baseline, /5,450 req \(extrapolated from 40 files\)/);
    assert.match(formatPlanReport(report(result('ours (plan)', 186, 200))), /40 files \(20\.0 ms, 1,090 req\), x5/);
    assert.match(formatPlanReport(report(result('ours (plan)', 186, 200))), /workflows \(App API\)/);
    assert.match(row.measure, /\(App API\)$/);
  });

  it('is not met above the budget, or with one action wrong', () => {
    assert.equal(planSummaryRows(report(result('ours (plan)', 197, 200)))[0].verdict, 'NOT met');
    assert.equal(planSummaryRows(report(result('ours (plan)', 196, 199)))[0].verdict, 'NOT met');
  });
});
