/** `atlan-postgres runs NAME|FILE`: the recent runs of a workflow, newest first. */
import type { CliCommand } from '../command';
import { UsageError } from '../command';
import { ExitCode } from '../exitCodes';
import { runsTable } from '../runFormat';
import { withTenant } from '../tenant';
import { resolveWorkflowTarget } from '../workflowTarget';
import { describeSchedule } from '../../core/format/scheduleWords';
import { LISTING_OPTIONS, listingArguments, listingHelp, type ListingLimit } from './listing';
import { scheduleLine, unreadNote } from './output';
import { ownRunsNote, requireWorkflow } from './workflowLookup';
import { PROFILE_HELP, PROFILE_OPTIONS, selectedProfile } from '../tenantPlan';

const LIMIT: ListingLimit = { items: 'runs', fallback: 10, max: 1000 };

export const runsCommand: CliCommand = {
  name: 'runs',
  summary: 'List the recent runs of a workflow (phase, start, duration, who)',
  help: [
    `Usage: atlan-postgres runs NAME|FILE [--limit N] [--surface auto|apps|workflows] [--json]`,
    '',
    'Lists the newest runs of the workflow NAME, or of the one FILE records, whoever started them. Times are UTC.',
    "On an App API tenant whose catalog has no App runs, only the runs started from this machine are known (it says so).",
    '',
    ...listingHelp(LIMIT, '  --json      print {"workflow", "runs": [...]} instead', [PROFILE_HELP]),
  ].join('\n'),
  options: { ...LISTING_OPTIONS, ...PROFILE_OPTIONS },
  async run({ positionals, values, json, io }) {
    if (positionals.length !== 1) throw new UsageError('runs needs exactly one NAME or FILE');
    const { choice, limit, signal } = listingArguments(values, io, LIMIT);
    const target = await resolveWorkflowTarget(positionals[0], io, selectedProfile(values.profile, io));

    return withTenant(io, choice, async ({ backend, surface, origin }) => {
      const workflow = await requireWorkflow(backend, target, origin, signal);
      const page = await backend.listRuns(target.name, { size: limit }, signal);
      const runs = page.items.slice(0, limit);
      const note = ownRunsNote(backend, target.name);
      if (json) {
        const schedule = workflow.schedule ? { schedule: { cron: workflow.schedule.cron, timezone: workflow.schedule.timezone, description: describeSchedule(workflow.schedule) } } : {};
        const unread = page.unread && page.unread.length > 0 ? { unread: page.unread } : {};
        io.stdout(`${JSON.stringify({ surface, origin, workflow: target.name, ...schedule, runs, ...(page.total !== undefined ? { total: page.total } : {}), ...(note ? { note } : {}), ...unread }, null, 2)}\n`);
        if (page.unread?.length) io.stderr(`${unreadNote(page.unread, `runs of ${target.name}`)}\n`);
        return ExitCode.ok;
      }
      if (runs.length === 0) io.stdout(`${target.name} has no runs${note ? `: ${note}` : ''}.\n`);
      else io.stdout(`${runsTable(runs, io.now())}\n`);
      if (page.total !== undefined && page.total > runs.length) io.stdout(`(${runs.length} of ${page.total} runs; --limit shows more)\n`);
      if (workflow.schedule) io.stdout(`${scheduleLine(workflow.schedule)}\n`);
      if (note) io.stderr(`note: ${note}\n`);
      if (page.unread?.length) io.stderr(`${unreadNote(page.unread, `runs of ${target.name}`)}\n`);
      return ExitCode.ok;
    });
  },
};
