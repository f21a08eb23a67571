import * as assert from 'node:assert/strict';
import { isFinished } from '../../../src/core/atlan/backend';

describe('isFinished', () => {
  it('treats the terminal phases of both surfaces as finished', () => {
    for (const phase of ['Succeeded', 'Failed', 'Error', 'Stopped', 'Terminated', 'Skipped']) assert.equal(isFinished(phase), true, phase);
  });

  it('keeps in-flight and unknown phases in flight when only the phase is known', () => {
    for (const phase of ['Pending', 'Running', 'Paused', 'Archiving', '']) assert.equal(isFinished(phase), false, phase);
  });

  it('an unknown phase is in flight while the run has no finishedAt, and ended once it has one', () => {
    assert.equal(isFinished({ phase: 'Archiving' }), false);
    assert.equal(isFinished({ phase: 'Archiving', finishedAt: '' }), false, 'an empty end time is no end time');
    assert.equal(isFinished({ phase: 'Archiving', finishedAt: '2026-03-05T10:05:00Z' }), true);
    assert.equal(isFinished({ phase: 'COMPLETED_WITH_WARNINGS', finishedAt: '2026-03-05T10:05:00Z' }), true);
  });

  it('a known phase decides whatever the end time says', () => {
    assert.equal(isFinished({ phase: 'Running', finishedAt: '2026-03-05T10:05:00Z' }), false, 'a running run with a stale end time is still running');
    assert.equal(isFinished({ phase: 'Failed' }), true, 'a failed run without an end time has still ended');
  });
});
