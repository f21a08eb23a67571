import * as assert from 'node:assert/strict';
import { percentileOfSorted, summarize } from '../../../bench/lib/stats';

describe('bench/stats', () => {
  it('takes the middle sample as the median of an odd count, the mean of the two middle ones otherwise', () => {
    assert.equal(summarize([5, 1, 3]).median, 3);
    assert.equal(summarize([4, 1, 3, 2]).median, 2.5);
  });

  it('uses the nearest rank for p95, so 20 samples give the 19th smallest and 10 give the largest', () => {
    const twenty = Array.from({ length: 20 }, (_, i) => i + 1);
    assert.equal(summarize(twenty).p95, 19);
    assert.equal(summarize([10, 9, 8, 7, 6, 5, 4, 3, 2, 1]).p95, 10);
  });

  it('reports min, max, mean and the sample count without reordering the input', () => {
    const samples = [3, 1, 2];
    const s = summarize(samples);
    assert.deepEqual({ n: s.n, min: s.min, max: s.max, mean: s.mean }, { n: 3, min: 1, max: 3, mean: 2 });
    assert.deepEqual(samples, [3, 1, 2]);
  });

  it('refuses no samples, non-finite samples and impossible percentiles with a clear message', () => {
    assert.throws(() => summarize([]), /zero samples/);
    assert.throws(() => summarize([1, Number.NaN]), /finite/);
    assert.throws(() => percentileOfSorted([1], 0), /percentile must be in/);
    assert.throws(() => percentileOfSorted([], 50), /no samples/);
  });
});
