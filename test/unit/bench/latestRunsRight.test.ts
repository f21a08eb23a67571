import * as assert from 'node:assert/strict';
import { latestRunsRight } from '../../../bench/lib/latestRunsRight';

describe('bench/latestRunsRight', () => {
  it('latestRunsRight counts a wrong run, a run where the seed has none, an unknown workflow and a missing one as wrong', () => {
    const seed = new Map<string, string | undefined>([
      ['a', 'a-1'],
      ['b', 'b-2'],
      ['c', undefined],
      ['d', 'd-1'],
      ['f', 'f-1'],
    ]);
    const listed = new Map<string, string | undefined>([
      ['a', 'a-1'],
      ['b', 'b-1'],
      ['c', undefined],
      ['d', undefined],
      ['e', 'e-1'],
    ]);
    const result = latestRunsRight(seed, listed, 5);
    assert.deepEqual({ same: result.same, total: result.total }, { same: 2, total: 5 });
    assert.deepEqual(result.wrong.sort(), ['b', 'd', 'e']);
    // A page of 6 of which only 1 was listed: the 5 missing are wrong too.
    assert.deepEqual(latestRunsRight(seed, new Map([['a', 'a-1']]), 6), { same: 1, total: 6, wrong: [] });
  });
});
