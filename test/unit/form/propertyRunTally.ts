/**
 * Counts the fast-check cases every property of this mocha run executes (the form's and every
 * other file's) and prints the total at the end, against the "at least 10,000 cases in CI".
 * A global fast-check plugin only observes: failures are reported by fast-check as usual.
 */
import fc from 'fast-check';

export const CASES_TARGET = 10_000;
/** Property files of a full unit run (config/workflow, form draft, form protocol, latest runs). */
const FULL_RUN_FILES = 4;

interface Tally {
  cases: number;
  properties: number;
  byFile: Map<string, number>;
}

const tally: Tally = { cases: 0, properties: 0, byFile: new Map() };
let currentFile = 'unknown file';
let installed = false;

/** Installs the counter once per process (every form property file imports this). */
export function countPropertyCases(): void {
  if (installed) return;
  installed = true;
  fc.installGlobalPlugin(() => ({
    onAllRunsComplete(details) {
      tally.cases += details.numRuns;
      tally.properties++;
      tally.byFile.set(currentFile, (tally.byFile.get(currentFile) ?? 0) + details.numRuns);
    },
  }));
  // Root hooks: which file each property ran from, and one line at the very end.
  beforeEach(function () {
    currentFile = (this.currentTest?.file ?? 'unknown file').replace(/^.*\/out\//, '').replace(/\.js$/, '.ts');
  });
  after(() => {
    const files = [...tally.byFile].map(([file, cases]) => `${file} ${cases.toLocaleString('en-US')}`).join(', ');
    const verdict = tally.cases >= CASES_TARGET ? 'at least' : 'FEWER than';
    console.log(`\n  fast-check: ${tally.cases.toLocaleString('en-US')} cases in ${tally.properties} properties (${verdict} ${CASES_TARGET.toLocaleString('en-US')}): ${files}`);
    // A whole run (every property file, as `npm run test:unit` does) must reach the target; a
    // single file run by hand need not.
    if (tally.byFile.size >= FULL_RUN_FILES && tally.cases < CASES_TARGET) {
      throw new Error(`fast-check ran ${tally.cases} cases in this run; CI needs at least ${CASES_TARGET}`);
    }
  });
}

/** What has been counted so far (for the tally's own test). */
export function casesCounted(): number {
  return tally.cases;
}
