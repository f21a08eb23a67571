import * as assert from 'node:assert/strict';
import { RequestTally } from '../../../bench/lib/requestTally';

describe('bench/requestTally', () => {
  it('stamps requests with its clock and counts them by window and by failure', () => {
    let now = 0;
    const tally = new RequestTally({ now: () => now });
    const entry = { method: 'POST', path: '/api/service/runs/indexsearch', ms: 3, attempt: 1 };
    tally.onRequest({ ...entry, status: 200 });
    now = 59_999;
    tally.onRequest({ ...entry, status: 503 });
    now = 60_000;
    tally.onRequest({ ...entry });
    assert.equal(tally.count, 3);
    assert.equal(tally.between(0, 60_000).length, 2);
    assert.equal(tally.between(60_000, 120_000).length, 1);
    assert.deepEqual(tally.failures.map((f) => f.status), [503, undefined]);
    tally.reset();
    assert.equal(tally.count, 0);
  });

  it('switches to another clock for later entries', () => {
    const tally = new RequestTally({ now: () => 1 });
    tally.onRequest({ method: 'GET', path: '/x', status: 200, ms: 1, attempt: 1 });
    tally.stampWith({ now: () => 500 });
    tally.onRequest({ method: 'GET', path: '/x', status: 200, ms: 1, attempt: 1 });
    assert.deepEqual(tally.all().map((e) => e.at), [1, 500]);
  });
});
