import * as assert from 'node:assert/strict';
import { parseBenchFlags } from '../../../bench/lib/cli';

describe('bench/cli', () => {
  it('defaults to a full run with 5 runs per workflow and no JSON file', () => {
    assert.deepEqual(parseBenchFlags([]), { quick: false, runsPerWorkflow: 5 });
  });

  it('reads --quick, --runs-per-workflow and --json', () => {
    assert.deepEqual(parseBenchFlags(['--quick', '--runs-per-workflow', '10', '--json', 'out.json']), { quick: true, runsPerWorkflow: 10, json: 'out.json' });
  });

  it('names the bad flag or value and shows the usage', () => {
    assert.throws(() => parseBenchFlags(['--runs-per-workflow', 'many']), (err: Error) => /runsPerWorkflow/.test(err.message) && /usage:/.test(err.message));
    assert.throws(() => parseBenchFlags(['--runs-per-workflow', '51']), /runsPerWorkflow/);
    assert.throws(() => parseBenchFlags(['--fast']), (err: Error) => /--fast/.test(err.message) && /usage:/.test(err.message));
  });
});
