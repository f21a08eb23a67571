import * as fs from 'node:fs';
import * as path from 'node:path';
import type Mocha from 'mocha';
import { startBusyLoop, stressRequested, type BusyLoop } from './stress';

/**
 * Mocha root hooks of `npm run test:unit` (loaded with --require): a whole run that executes
 * fewer than UNIT_TEST_FLOOR tests fails instead of passing green (one that executes none fails
 * through mocha's --fail-zero); time limits are loosened for a loaded machine; and with STRESS=1
 * a busy loop keeps one core at 100% while the tests run.
 */

/**
 * The fewest tests a whole unit run may pass (848 when this was set). Raise it as tests are
 * added; lower it only when removing tests on purpose, in the same commit.
 */
export const UNIT_TEST_FLOOR = 1272;

const UNIT_DIR = path.resolve(__dirname, '..', 'unit');

/** Filters mocha may have been given: then the run is not whole and only "at least one" applies. */
const FILTER_FLAGS = /^(--grep|-g|--fgrep|-f|--invert|-i)(=|$)/;

function unitTestFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return unitTestFiles(full);
    return e.name.endsWith('.test.js') ? [full] : [];
  });
}

function allTests(suite: Mocha.Suite): Mocha.Test[] {
  return [...suite.tests, ...suite.suites.flatMap(allTests)];
}

/** Whether this is a whole run: every unit test file loaded and no filter given. */
function wholeRun(tests: readonly Mocha.Test[], argv: readonly string[]): boolean {
  if (argv.some((a) => FILTER_FLAGS.test(a))) return false;
  const loaded = new Set(tests.map((t) => t.file && path.resolve(t.file)));
  return fs.existsSync(UNIT_DIR) && unitTestFiles(UNIT_DIR).every((f) => loaded.has(f));
}

/** The sentence a run below its floor fails with, or undefined. */
export function belowFloor(passed: number, whole: boolean, floor = UNIT_TEST_FLOOR): string | undefined {
  const expected = whole ? floor : 1;
  if (passed >= expected) return undefined;
  const why = whole ? `a whole unit run (UNIT_TEST_FLOOR in ${path.join('test', 'host', 'unitRunHooks.ts')})` : 'any unit run';
  return `expected at least ${expected} tests to pass in ${why}, ran ${passed} passing`;
}

let busy: BusyLoop | undefined;

export function mochaGlobalSetup(): void {
  if (!stressRequested(process.argv)) return;
  busy = startBusyLoop();
  console.log(`Stress: a busy loop (pid ${busy.pid ?? '?'}) keeps one core at 100% while the unit tests run.`);
}

export async function mochaGlobalTeardown(): Promise<void> {
  await busy?.stop();
}

/**
 * Every test's time limit is multiplied by this. The limits guard against hangs, they are not
 * speed targets (those are the benches'), and a test that takes 5 s on an idle machine takes 30 s
 * on one as loaded as CI's can be.
 */
export const TIMEOUT_FACTOR = 3;

export const mochaHooks = {
  beforeEach(this: Mocha.Context): void {
    const test = this.currentTest;
    if (test && test.timeout() > 0) test.timeout(test.timeout() * TIMEOUT_FACTOR);
  },

  afterAll(this: Mocha.Context): void {
    const root = this.test?.parent;
    if (!root) return;
    const tests = allTests(root);
    const passed = tests.filter((t) => t.state === 'passed').length;
    const skipped = tests.filter((t) => t.isPending()).map((t) => t.fullTitle());
    if (skipped.length > 0) console.log(`\n  ${skipped.length} skipped: ${skipped.join('; ')}`);
    const problem = belowFloor(passed, wholeRun(tests, process.argv));
    if (problem) throw new Error(problem);
  },
};
