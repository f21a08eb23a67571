/** `atlan-postgres rerun NAME|FILE`: start a workflow again, reusing a run still in flight unless --new-run. */
import type { CliCommand } from '../command';
import { UsageError } from '../command';
import { ExitCode } from '../exitCodes';
import { phaseText } from '../runFormat';
import { watchRun, type WatchResult } from '../runWatch';
import { ENVIRONMENT_HELP, TENANT_HELP, TENANT_OPTIONS, parseSurfaceChoice, withTenant } from '../tenant';
import { resolveWorkflowTarget } from '../workflowTarget';
import { exitCodeOf, lineWriter } from './output';
import { requireWorkflow } from './workflowLookup';

export const rerunCommand: CliCommand = {
  name: 'rerun',
  summary: 'Run an existing workflow again (reuses a run still in flight)',
  help: [
    'Usage: atlan-postgres rerun NAME|FILE [--wait] [--new-run] [--surface auto|apps|workflows] [--json]',
    '',
    'Starts the workflow NAME (atlan-postgres-<epoch> or an App slug), or the one FILE records, again.',
    'This is the safe way to crawl again: unlike submit, it creates no new connection. When a run is',
    'still pending or running, that run is returned instead of starting another, and it says so.',
    '',
    'Options:',
    '  --wait      follow the run to its end (exit 4 if it fails)',
    '  --new-run   start a new run even when one is in flight',
    ...TENANT_HELP,
    '  --json      print {"workflow", "run", "reused"} instead',
    '',
    ...ENVIRONMENT_HELP,
  ].join('\n'),
  options: {
    ...TENANT_OPTIONS,
    wait: { type: 'boolean' },
    'new-run': { type: 'boolean' },
  },
  async run({ positionals, values, json, io }) {
    if (positionals.length !== 1) throw new UsageError('rerun needs exactly one NAME or FILE');
    const choice = parseSurfaceChoice(values.surface);
    const target = await resolveWorkflowTarget(positionals[0], io);
    const print = lineWriter(io, json);
    const signal = io.signal ? { signal: io.signal } : {};

    return withTenant(io, choice, async ({ backend, surface, origin }) => {
      await requireWorkflow(backend, target, origin, signal);
      // The submit itself is not cancellable: once sent, its answer says which run to watch.
      const { run, reused } = await backend.rerun(target.name, { idempotent: values['new-run'] !== true });
      if (reused) {
        print(`Reused run ${run.id} of ${target.name}: it is still ${phaseText(run, io.now())}. No new run was started (--new-run starts one anyway).`);
      } else {
        print(`Started run ${run.id} of ${target.name} (${phaseText(run, io.now())}).`);
      }
      let watched: WatchResult | undefined;
      if (values.wait === true) watched = await watchRun(backend, run, io, print);
      if (json) {
        const last = watched?.run ?? run;
        io.stdout(`${JSON.stringify({ surface, origin, workflow: target.name, reused, run: last, ...(watched ? { outcome: watched.outcome } : {}) }, null, 2)}\n`);
      }
      return watched ? exitCodeOf(watched) : ExitCode.ok;
    });
  },
};
