import assert from 'node:assert/strict';
import { scopeSummaryRow, type ScopeApproach, type ScopeReport } from '../../../bench/scope';
import { summarize } from '../../../bench/lib/stats';

function approach(label: string, queries: number, samples: number[], totals: string): ScopeApproach {
  return { approach: label, queries, ms: summarize(samples), totals };
}

function report(oursMs: number[], oursTotals: string, baselineTotals = oursTotals): ScopeReport {
  return {
    bench: 'scope',
    tables: 10_000,
    seedMs: 1,
    results: [approach('ours: 2 catalog queries', 2, oursMs, oursTotals), approach('baseline: a query per schema', 201, [900, 950], baselineTotals)],
  };
}

describe('bench: the scope preview summary row', () => {
  it('is met under a second with the same scope as the baseline', () => {
    const row = scopeSummaryRow(report([120, 140, 900], '1 database, 200 schemas'));
    assert.equal(row.verdict, 'met');
    assert.match(row.ours, /^140 ms median/);
    assert.match(row.baseline, /201 queries/);
  });

  it('is not met when slow, or when the two approaches found different scopes', () => {
    assert.equal(scopeSummaryRow(report([1_200, 1_300], 'a')).verdict, 'NOT met');
    assert.equal(scopeSummaryRow(report([100], 'a', 'b')).verdict, 'NOT met');
    assert.equal(scopeSummaryRow(undefined).verdict, 'not measured');
  });
});
