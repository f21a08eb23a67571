import * as fs from 'node:fs';
import * as path from 'node:path';
import Mocha from 'mocha';
import { appendTestEvent, TEST_EVENTS_ENV, TEST_SELECTION_ENV, type TestResultEvent } from '../host/testEvents';

/**
 * Entry point the VS Code extension host loads (`extensionTestsPath`). Loads every suite under
 * ./suites, counts what each declares and what the run selects before anything runs, then runs
 * them with mocha, appending each result to the events file as it finishes (the runner prints it
 * at once; see test/host/testEvents.ts). Fails when a file does not load, a test fails, or fewer
 * tests ran than the run selected (none at all included). The same module serves the offline
 * runner (code-server + Chromium) and @vscode/test-electron.
 */
export async function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'bdd', timeout: 60_000, color: false, reporter: 'spec' });
  const selectionSource = process.env[TEST_SELECTION_ENV];
  const selection = selectionSource ? new RegExp(selectionSource) : undefined;
  if (selection) mocha.grep(selection);
  const eventsFile = process.env[TEST_EVENTS_ENV];
  const emit: (event: Parameters<typeof appendTestEvent>[1]) => void = eventsFile ? (e) => appendTestEvent(eventsFile, e) : () => undefined;

  const suitesDir = path.join(__dirname, 'suites');
  const files = fs.readdirSync(suitesDir).filter((f) => f.endsWith('.test.js')).sort();
  const selected = (t: Mocha.Test): boolean => !selection || selection.test(t.fullTitle());
  const plan = { files: [] as { file: string; declared: number; selected: number; loadedEarlier: boolean }[], declared: 0, selected: 0 };
  const loadErrors: string[] = [];
  // One file at a time, so each file's own count is known and one that does not load is named.
  for (const file of files) {
    const before = allTests(mocha.suite);
    const full = path.join(suitesDir, file);
    // Another suite imported it (the fault suites share faults.matrix.test.js): its tests counted there.
    const loadedEarlier = require.cache[full] !== undefined;
    mocha.files = [full];
    try {
      // Mocha's own loader (typed as protected): it tells the bdd interface which file declares what.
      (mocha as unknown as { loadFiles(): void }).loadFiles();
    } catch (err) {
      const error = err instanceof Error ? (err.stack ?? err.message) : String(err);
      loadErrors.push(file);
      emit({ type: 'loadError', file, error });
    }
    const added = allTests(mocha.suite).slice(before.length);
    plan.files.push({ file, declared: added.length, selected: added.filter(selected).length, loadedEarlier });
  }
  // Loaded above: run() must not load them a second time.
  mocha.files = [];
  const tests = allTests(mocha.suite);
  plan.declared = tests.length;
  plan.selected = tests.filter(selected).length;
  emit({ type: 'plan', ...plan, ...(selectionSource ? { selection: selectionSource } : {}) });

  let passed = 0;
  let skipped = 0;
  const failures = await new Promise<number>((resolve) => {
    const runner = mocha.run(resolve);
    const result = (t: Mocha.Runnable, state: TestResultEvent['state'], err?: Error): void => {
      emit({
        type: 'test',
        state,
        kind: (t as Mocha.Runnable & { type?: string }).type === 'hook' ? 'hook' : 'test',
        title: t.fullTitle(),
        ...(t.duration !== undefined ? { ms: t.duration } : {}),
        ...(err ? { error: err.stack ?? String(err) } : {}),
      });
    };
    runner.on('pass', (t) => {
      passed++;
      result(t, 'passed');
    });
    runner.on('fail', (t, err: Error) => result(t, 'failed', err));
    runner.on('pending', (t) => {
      skipped++;
      result(t, 'pending');
    });
    runner.on('end', () => emit({ type: 'end', passed, failed: runner.failures, pending: skipped }));
  });
  if (loadErrors.length > 0) throw new Error(`suite file(s) failed to load: ${loadErrors.join(', ')}`);
  if (failures > 0) throw new Error(`${failures} integration test(s) failed`);
  // Skips are the runner's to judge (test-electron has no browser for one check); tests that never ran are not.
  const expected = Math.max(1, plan.selected);
  if (passed + skipped < expected) throw new Error(`expected at least ${expected} tests, ran ${passed} passing and ${skipped} skipped`);
}

function allTests(suite: Mocha.Suite): Mocha.Test[] {
  return [...suite.tests, ...suite.suites.flatMap(allTests)];
}
