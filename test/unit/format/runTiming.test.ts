import * as assert from 'node:assert/strict';
import { formatDuration, formatRunDuration, formatSeconds, formatStartTime } from '../../../src/core/format/runTiming';

describe('run timing', () => {
  it('formats durations at the right granularity', () => {
    assert.equal(formatSeconds(42), '42s');
    assert.equal(formatSeconds(725), '12m 05s');
    assert.equal(formatSeconds(3 * 3600 + 4 * 60 + 59), '3h 04m');
  });

  it('measures a finished run between its times and a running one up to now', () => {
    assert.equal(formatDuration('2026-01-01T00:00:00Z', '2026-01-01T00:01:30Z'), '1m 30s');
    assert.equal(formatDuration('2026-01-01T00:00:00Z', undefined, Date.parse('2026-01-01T00:00:09Z')), '9s');
  });

  it('gives a finished run without an end time no duration, so it never grows with the clock', () => {
    const now = Date.parse('2026-01-01T05:00:00Z');
    assert.equal(formatRunDuration({ startedAt: '2026-01-01T00:00:00Z' }, true, now), undefined);
    assert.equal(formatRunDuration({ startedAt: '2026-01-01T00:00:00Z', finishedAt: '2026-01-01T00:00:42.500Z' }, true, now), '43s');
    assert.equal(formatRunDuration({ startedAt: '2026-01-01T04:59:00Z' }, false, now), '1m 00s');
  });

  it('has no duration before a run starts or for unparsable times', () => {
    assert.equal(formatDuration(undefined, undefined), undefined);
    assert.equal(formatDuration('yesterday', undefined), undefined);
  });

  it('formats start times in a given zone and keeps unparsable values as they are', () => {
    assert.equal(formatStartTime('2026-11-25T14:03:00Z', 'en-US', 'UTC'), 'Nov 25, 14:03');
    assert.equal(formatStartTime('soon', 'en-US', 'UTC'), 'soon');
  });
});
