import type { PlanEvent, TestEvent, TestResultEvent } from './testEvents';
import { requiredSuites, type RunKind } from './testSelection';

/** A run's counts and every reason it must fail even though mocha may have said nothing. */
export interface RunVerdict {
  passed: number;
  failed: number;
  pending: number;
  /** Expected at least this many passing tests. */
  expected: number;
  problems: string[];
  failures: TestResultEvent[];
}

/**
 * Judges an integration run on what the test module reported: a run that executes no test, or
 * fewer than it selected, or skips one, fails with a sentence saying so. Every requirement of the
 * suites (sandbox, browser, canaries) is provided by the runner, so a skip hides a test that
 * could have run (`allowSkips` is for hosts that lack one, such as test-electron's missing
 * browser: there a skipped test counts as accounted for). A plain run (no --grep) also expects each suite file to declare a test and the
 * run kind's own suites to have passed tests.
 */
export function judgeRun(events: readonly TestEvent[], kind: RunKind, grep: string | undefined, options: { allowSkips?: boolean } = {}): RunVerdict {
  const results = events.filter((e): e is TestResultEvent => e.type === 'test');
  const passed = results.filter((r) => r.state === 'passed');
  const failures = results.filter((r) => r.state === 'failed');
  const skipped = results.filter((r) => r.state === 'pending');
  const plan = events.find((e): e is PlanEvent => e.type === 'plan');
  const problems: string[] = [];
  for (const e of events) if (e.type === 'loadError') problems.push(`The suite file ${e.file} failed to load: ${e.error}`);
  const expected = Math.max(1, plan?.selected ?? 0);
  if (!plan) {
    problems.push('The test module reported no plan: it did not load, or crashed before counting its tests. Rerun with --verbose.');
  } else {
    const why = grep
      ? `--grep ${JSON.stringify(grep)} selects ${plan.selected} of the ${plan.declared} tests the suites declare`
      : `the ${kind === 'default' ? 'suites' : `${kind} run's suites`} declare ${plan.selected} tests`;
    if (plan.selected === 0) problems.push(`Expected at least 1 test, ran 0: ${why}.`);
    else if (passed.length + (options.allowSkips ? skipped.length : 0) < expected) {
      const missing = plan.selected - results.filter((r) => r.kind === 'test').length;
      const detail = [`${failures.length} failing`, `${skipped.length} skipped`, ...(missing > 0 ? [`${missing} never ran`] : [])].join(', ');
      problems.push(`Expected at least ${expected} tests to pass (${why}), ran ${passed.length} passing (${detail}).`);
    }
    if (!grep) {
      for (const f of plan.files) if (f.declared === 0 && !f.loadedEarlier) problems.push(`The suite file ${f.file} declares no test.`);
      for (const suite of requiredSuites(kind)) {
        if (!passed.some((r) => r.title.startsWith(`${suite} `))) problems.push(`The ${kind} run must pass tests of the "${suite}" suite, and passed none.`);
      }
    }
  }
  if (skipped.length > 0 && !options.allowSkips) {
    problems.push(`${skipped.length} test(s) skipped; this runner provides everything the suites need, so nothing may be skipped:\n${skipped.map((s) => `      ${s.title}`).join('\n')}`);
  }
  return { passed: passed.length, failed: failures.length, pending: skipped.length, expected, problems, failures };
}
