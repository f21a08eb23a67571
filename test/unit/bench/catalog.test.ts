import assert from 'node:assert/strict';
import { catalogSummaryRow, formatCatalogReport, type CatalogReport } from '../../../bench/catalog';

const stats = (median: number) => ({ n: 5, min: median, median, p95: median, max: median, mean: median });

function report(oursRequests: number, oursMs: number, naiveAnswer = 'A'): CatalogReport {
  return {
    bench: 'catalog',
    tables: 10_000,
    assets: 40_021,
    seedMs: 5_000,
    results: [
      { approach: 'ours (aggregation + one page)', requests: oursRequests, ms: stats(oursMs), answer: 'A' },
      { approach: 'naive (page through every asset)', requests: 42, ms: stats(15_000), answer: naiveAnswer },
    ],
  };
}

describe('bench/catalog: summary row', () => {
  it('is met with 2 requests under the target and the same answer as the naive way, and not met otherwise', () => {
    assert.equal(catalogSummaryRow(report(2, 120)).verdict, 'met');
    assert.equal(catalogSummaryRow(report(3, 120)).verdict, 'NOT met');
    assert.equal(catalogSummaryRow(report(2, 900)).verdict, 'NOT met');
    assert.equal(catalogSummaryRow(report(2, 120, 'B')).verdict, 'NOT met');
    assert.equal(catalogSummaryRow(undefined).verdict, 'not measured');
    assert.match(formatCatalogReport(report(2, 120, 'B')), /! different answers/);
  });
});
