/** `atlan-postgres workflows`: the tenant's Postgres crawler workflows, with their latest run. */
import type { CrawlerRun, CrawlerWorkflow } from '../../core/atlan';
import type { CliCommand } from '../command';
import { UsageError } from '../command';
import { ExitCode } from '../exitCodes';
import { formatTimestamp, runDuration } from '../runFormat';
import { withTenant } from '../tenant';
import { describeSchedule } from '../../core/format/scheduleWords';
import { LISTING_OPTIONS, listingArguments, listingHelp, type ListingLimit } from './listing';
import { unreadNote } from './output';

const LIMIT: ListingLimit = { items: 'workflows', fallback: 50, max: 1000 };

export const workflowsCommand: CliCommand = {
  name: 'workflows',
  summary: 'List the Postgres crawler workflows with their latest run',
  help: [
    'Usage: atlan-postgres workflows [--limit N] [--surface auto|apps|workflows] [--json]',
    '',
    "Lists the tenant's Postgres crawler workflows, whoever created them, newest first: name, connection,",
    'latest run (phase, start in UTC, duration) and schedule. Workflows the tenant sends in a shape this',
    'client cannot read are left out; stderr says how many and why.',
    '',
    ...listingHelp(LIMIT, '  --json      print {"workflows": [{workflow, latestRun}], "unread"} instead'),
  ].join('\n'),
  options: LISTING_OPTIONS,
  async run({ positionals, values, json, io }) {
    if (positionals.length !== 0) throw new UsageError('workflows takes no NAME or FILE');
    const { choice, limit, signal } = listingArguments(values, io, LIMIT);

    return withTenant(io, choice, async ({ backend, surface, origin }) => {
      const page = await backend.listWorkflows({ size: limit }, signal);
      const workflows = page.items.slice(0, limit);
      const latest = await backend.latestRuns(
        workflows.map((w) => w.name),
        signal,
      );
      const unread = [...(page.unread ?? []), ...(latest.unread ?? [])];
      if (json) {
        const rows = workflows.map((workflow) => ({ workflow, ...(latest.get(workflow.name) ? { latestRun: latest.get(workflow.name) } : {}) }));
        io.stdout(`${JSON.stringify({ surface, origin, workflows: rows, ...(page.next ? { more: true } : {}), ...(unread.length > 0 ? { unread } : {}) }, null, 2)}\n`);
      } else if (workflows.length === 0) {
        io.stdout(`${origin} has no Postgres crawler workflows${unread.length > 0 ? ' that could be read' : ''}.\n`);
      } else {
        io.stdout(`${workflowsTable(workflows, latest, io.now())}\n`);
        if (page.next) io.stdout(`(the first ${workflows.length}${page.total !== undefined ? ` of ${page.total}` : ''}; --limit shows more)\n`);
      }
      if (unread.length > 0) io.stderr(`${unreadNote(unread, 'items')}\n`);
      return ExitCode.ok;
    });
  },
};

function workflowsTable(workflows: readonly CrawlerWorkflow[], latest: ReadonlyMap<string, CrawlerRun>, now: number): string {
  const rows = [
    ['WORKFLOW', 'CONNECTION', 'LAST RUN', 'STARTED', 'DURATION', 'SCHEDULE'],
    ...workflows.map((w) => {
      const run = latest.get(w.name);
      return [w.name, w.connectionName ?? '-', run?.phase ?? 'never run', formatTimestamp(run?.startedAt), run ? (runDuration(run, now) ?? '-') : '-', w.schedule ? describeSchedule(w.schedule) : '-'];
    }),
  ];
  const widths = rows[0].map((_, column) => Math.max(...rows.map((row) => row[column].length)));
  return rows.map((row) => row.map((cell, column) => (column === row.length - 1 ? cell : cell.padEnd(widths[column]))).join('  ').trimEnd()).join('\n');
}
