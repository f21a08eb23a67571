import * as assert from 'node:assert/strict';
import { isFinished } from '../../../src/core/atlan/backend';

describe('isFinished', () => {
  it('treats the terminal phases of both surfaces as finished', () => {
    for (const phase of ['Succeeded', 'Failed', 'Error', 'Stopped', 'Terminated', 'Skipped']) assert.equal(isFinished(phase), true, phase);
  });

  it('keeps in-flight and unknown phases in flight', () => {
    for (const phase of ['Pending', 'Running', 'Paused', 'Archiving', '']) assert.equal(isFinished(phase), false, phase);
  });
});
