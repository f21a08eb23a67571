import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { judgeRun } from '../../host/runVerdict';
import { appendTestEvent, TestEventTail, type TestEvent } from '../../host/testEvents';
import { selectionPattern } from '../../host/testSelection';

const plan = (selected: number, declared = 10, files = [{ file: 'a.test.js', declared: 10, selected, loadedEarlier: false }]): TestEvent => ({
  type: 'plan',
  files,
  declared,
  selected,
});
const passed = (title: string): TestEvent => ({ type: 'test', state: 'passed', kind: 'test', title });

describe('integration run verdict', () => {
  it('fails a run that executes no test, naming the --grep', () => {
    const verdict = judgeRun([plan(0), { type: 'end', passed: 0, failed: 0, pending: 0 }], 'default', 'no such test');
    assert.deepEqual(verdict.problems, ['Expected at least 1 test, ran 0: --grep "no such test" selects 0 of the 10 tests the suites declare.']);
  });

  it('fails a run that passes fewer tests than it selected, with what happened to the rest', () => {
    const events: TestEvent[] = [
      plan(3),
      passed('A one'),
      { type: 'test', state: 'failed', kind: 'hook', title: 'A "before all" hook for "two"', error: 'boom' },
    ];
    const verdict = judgeRun(events, 'default', undefined);
    assert.deepEqual(verdict.problems, ['Expected at least 3 tests to pass (the suites declare 3 tests), ran 1 passing (1 failing, 0 skipped, 2 never ran).']);
    assert.equal(verdict.expected, 3);
  });

  it('fails on a skipped test, unless the host allows skips', () => {
    const events: TestEvent[] = [plan(2), passed('A one'), { type: 'test', state: 'pending', kind: 'test', title: 'A two' }];
    assert.equal(judgeRun(events, 'default', undefined).problems.length, 2);
    assert.deepEqual(judgeRun(events, 'default', undefined, { allowSkips: true }).problems, []);
  });

  it('fails a run without a plan, a file that did not load, or a file that declares nothing', () => {
    assert.match(judgeRun([], 'default', undefined).problems[0], /reported no plan/);
    const broken: TestEvent[] = [
      { type: 'loadError', file: 'b.test.js', error: 'SyntaxError' },
      plan(1, 1, [
        { file: 'a.test.js', declared: 1, selected: 1, loadedEarlier: false },
        { file: 'b.test.js', declared: 0, selected: 0, loadedEarlier: false },
        { file: 'shared.test.js', declared: 0, selected: 0, loadedEarlier: true },
      ]),
      passed('A one'),
    ];
    assert.deepEqual(judgeRun(broken, 'default', undefined).problems, ['The suite file b.test.js failed to load: SyntaxError', 'The suite file b.test.js declares no test.']);
  });

  it('expects the .vsix run to pass tests of the Installed package suite', () => {
    const events: TestEvent[] = [plan(1), passed('Activation activates')];
    assert.deepEqual(judgeRun(events, 'vsix', undefined).problems, ['The vsix run must pass tests of the "Installed package" suite, and passed none.']);
  });
});

describe('integration test selection', () => {
  const select = (pattern: string, titles: string[]): string[] => titles.filter((t) => new RegExp(pattern).test(t));
  const titles = ['Activation activates', 'Untrusted workspace is untrusted', 'Installed package loads the form', 'Form saves', 'Faults on submit 401: says so'];

  it('leaves the run-only suites out of a plain run', () => {
    assert.deepEqual(select(selectionPattern('default'), titles), ['Activation activates', 'Form saves', 'Faults on submit 401: says so']);
  });

  it('selects only its own suites in the untrusted and .vsix runs', () => {
    assert.deepEqual(select(selectionPattern('untrusted'), titles), ['Untrusted workspace is untrusted']);
    assert.deepEqual(select(selectionPattern('vsix'), titles), ['Activation activates', 'Installed package loads the form']);
  });

  it('narrows with --grep anywhere in the title, suite names included, and refuses an invalid one', () => {
    assert.deepEqual(select(selectionPattern('default', '401'), titles), ['Faults on submit 401: says so']);
    assert.deepEqual(select(selectionPattern('default', '^Form'), titles), ['Form saves']);
    assert.deepEqual(select(selectionPattern('vsix', 'Activation'), titles), ['Activation activates']);
    assert.deepEqual(select(selectionPattern('default', 'Untrusted'), titles), []);
    assert.throws(() => selectionPattern('default', '('), /--grep "\(" is not a valid regular expression/);
  });
});

describe('integration test events', () => {
  it('are read as the file grows, a half-written line waiting for its end', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'events-'));
    try {
      const file = path.join(dir, 'events.jsonl');
      const tail = new TestEventTail(file);
      assert.deepEqual(tail.poll(), []);
      appendTestEvent(file, { type: 'test', state: 'passed', title: 'A one', ms: 5 });
      fs.appendFileSync(file, '{"type":"test","state":"fai');
      assert.deepEqual(tail.poll(), [{ type: 'test', state: 'passed', kind: 'test', title: 'A one', ms: 5 }]);
      fs.appendFileSync(file, 'led","title":"A two"}\n');
      assert.deepEqual(tail.poll(), [{ type: 'test', state: 'failed', kind: 'test', title: 'A two' }]);
      fs.appendFileSync(file, '{"type":"what"}\n');
      assert.throws(() => tail.poll(), /an event the runner does not understand/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
