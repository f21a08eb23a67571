/**
 * Which integration tests a run selects. Some suites belong to one kind of run only (they need
 * its host: an untrusted workspace, the installed .vsix); every other run leaves them out
 * instead of skipping them, so a skipped test can always be treated as a failure.
 */
export type RunKind = 'default' | 'untrusted' | 'vsix';

/** Top-level suites that only their own kind of run selects. */
const RUN_ONLY_SUITES: Record<Exclude<RunKind, 'default'>, readonly string[]> = {
  untrusted: ['Untrusted workspace'],
  vsix: ['Installed package'],
};

/** The top-level suites each kind of run selects (undefined: every suite but the run-only ones). */
const RUN_SUITES: Record<RunKind, readonly string[] | undefined> = {
  default: undefined,
  untrusted: ['Untrusted workspace'],
  // From the installed package: activation and its commands, then every lazily loaded part.
  vsix: ['Activation', 'Installed package'],
};

/** The suites a run of this kind must have passed tests in (when no --grep narrows it). */
export function requiredSuites(kind: RunKind): readonly string[] {
  return RUN_SUITES[kind] ?? [];
}

const escape = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * A regex (source) over a test's full title ("<suite> <nested suites> <test>"): the run kind's
 * suites, narrowed by the user's --grep (a regex, as mocha's) when given.
 */
export function selectionPattern(kind: RunKind, grep?: string): string {
  if (grep !== undefined) {
    try {
      new RegExp(grep);
    } catch (err) {
      throw new Error(`--grep ${JSON.stringify(grep)} is not a valid regular expression: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
  const narrowed = grep ? `(?=[\\s\\S]*?(?:${grep}))` : '';
  const suites = RUN_SUITES[kind];
  const scope = suites
    ? `(?:${suites.map(escape).join('|')}) `
    : `(?!(?:${Object.values(RUN_ONLY_SUITES).flat().map(escape).join('|')}) )`;
  return `^${narrowed}${scope}`;
}
