import * as assert from 'node:assert/strict';
import { formatRunTime, nextRuns } from '../../../src/features/form/nextRuns';

const FROM = new Date('2026-03-27T12:00:00Z');
const iso = (r: ReturnType<typeof nextRuns>): string[] => {
  assert.ok(r.ok, r.ok ? '' : r.error);
  return r.runs.map((d) => d.toISOString());
};

describe('nextRuns', () => {
  it('follows the time zone across a DST change (Paris, end of March)', () => {
    assert.deepEqual(iso(nextRuns('45 4 * * *', 'Europe/Paris', FROM)), [
      '2026-03-28T03:45:00.000Z',
      '2026-03-29T02:45:00.000Z',
      '2026-03-30T02:45:00.000Z',
    ]);
  });

  it('reads day-of-month and day-of-week as either, like Argo (robfig/cron)', () => {
    assert.deepEqual(iso(nextRuns('0 0 13 * FRI', 'UTC', new Date('2026-01-01T00:00:00Z'))), [
      '2026-01-02T00:00:00.000Z',
      '2026-01-09T00:00:00.000Z',
      '2026-01-13T00:00:00.000Z',
    ]);
  });

  it('reads "?" as "*" and "5/20" as "5-59/20"', () => {
    assert.deepEqual(iso(nextRuns('5/20 * ? * *', 'UTC', new Date('2026-01-01T00:00:00Z'))), [
      '2026-01-01T00:05:00.000Z',
      '2026-01-01T00:25:00.000Z',
      '2026-01-01T00:45:00.000Z',
    ]);
  });

  it('explains an invalid cron or time zone instead of computing, and says which it is', () => {
    const cron = nextRuns('45 4 * *', 'UTC', FROM);
    assert.equal(cron.ok, false);
    assert.match(cron.ok ? '' : cron.error, /has 4 fields/);
    // The form shows these under their field (parseConfig's issue) and not again in the next-runs box.
    assert.equal(cron.ok ? undefined : cron.about, 'cron');
    const never = nextRuns('0 0 30 2 *', 'UTC', FROM);
    assert.equal(never.ok ? undefined : never.about, 'cron');
    const tz = nextRuns('45 4 * * *', 'Europe/Pariss', FROM);
    assert.match(tz.ok ? '' : tz.error, /not a known IANA time zone/);
    assert.equal(tz.ok ? undefined : tz.about, 'timezone');
  });

  it('formats a run in the schedule\'s zone', () => {
    assert.equal(formatRunTime(new Date('2026-03-28T03:45:00Z'), 'Europe/Paris'), 'Sat, 28 Mar 2026, 04:45 (Europe/Paris)');
  });
});
