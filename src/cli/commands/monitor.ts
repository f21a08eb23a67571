/** `atlan-postgres monitor NAME|FILE`: follow the latest run of a workflow to its end. */
import type { CliCommand } from '../command';
import { UsageError } from '../command';
import { ExitCode } from '../exitCodes';
import { CliFailure } from '../failures';
import { watchRun } from '../runWatch';
import { TENANT_OPTIONS, tenantHelp, parseSurfaceChoice, withTenant } from '../tenant';
import { resolveWorkflowTarget } from '../workflowTarget';
import { exitCodeOf, lineWriter } from './output';
import { ownRunsNote, requireWorkflow } from './workflowLookup';
import { PROFILE_HELP, PROFILE_OPTIONS, selectedProfile } from '../tenantPlan';

export const monitorCommand: CliCommand = {
  name: 'monitor',
  summary: 'Follow the latest run of a workflow to its end, printing each phase change',
  help: [
    'Usage: atlan-postgres monitor NAME|FILE [--profile NAME] [--surface auto|apps|workflows] [--json]',
    '',
    'Follows the latest run of the workflow NAME, or of the one FILE records, until it finishes.',
    'Exit code 0 when it succeeded, 4 when it failed, errored or was stopped. Ctrl-C stops watching',
    '(exit 130); the run itself goes on.',
    '',
    'Options:',
    PROFILE_HELP,
    ...tenantHelp('  --json      print {"workflow", "run", "outcome"} at the end (changes go to stderr)'),
  ].join('\n'),
  options: { ...TENANT_OPTIONS, ...PROFILE_OPTIONS },
  async run({ positionals, values, json, io }) {
    if (positionals.length !== 1) throw new UsageError('monitor needs exactly one NAME or FILE');
    const choice = parseSurfaceChoice(values.surface);
    const target = await resolveWorkflowTarget(positionals[0], io, selectedProfile(values.profile, io));
    const print = lineWriter(io, json);
    const signal = io.signal ? { signal: io.signal } : {};

    return withTenant(io, choice, async ({ backend, surface, origin }) => {
      await requireWorkflow(backend, target, origin, signal);
      const latest = (await backend.latestRuns([target.name], signal)).get(target.name);
      if (!latest) {
        const note = ownRunsNote(backend, target.name);
        const why = note ? `: ${note}` : '';
        throw new CliFailure(ExitCode.invalid, 'noRun', `${target.name} has no run to monitor${why}. Start one with "atlan-postgres rerun ${target.name}".`);
      }
      const watched = await watchRun(backend, latest, io, print);
      if (json) io.stdout(`${JSON.stringify({ surface, origin, workflow: target.name, run: watched.run, outcome: watched.outcome }, null, 2)}\n`);
      return exitCodeOf(watched);
    });
  },
};
