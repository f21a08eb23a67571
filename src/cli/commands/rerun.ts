/** `atlan-postgres rerun NAME|FILE`: start a workflow again, reusing a run still in flight unless --new-run. */
import type { AtlanClient, CallOptions, CrawlerBackend } from '../../core/atlan';
import type { CliCommand } from '../command';
import { UsageError } from '../command';
import { loadConfigFile } from '../configFile';
import { ExitCode } from '../exitCodes';
import { describeFailure } from '../failures';
import type { CliIo } from '../io';
import { phaseText } from '../runFormat';
import { watchRun, type WatchResult } from '../runWatch';
import { driftFromTenant, driftJson, type DriftDifferenceJson } from '../tenantDrift';
import { TENANT_OPTIONS, tenantHelp, parseSurfaceChoice, withTenant } from '../tenant';
import { resolveWorkflowTarget } from '../workflowTarget';
import { exitCodeOf, lineWriter } from './output';
import { requireWorkflow } from './workflowLookup';
import { PROFILE_HELP, PROFILE_OPTIONS, selectedProfile } from '../tenantPlan';

export const rerunCommand: CliCommand = {
  name: 'rerun',
  summary: 'Run an existing workflow again (reuses a run still in flight)',
  help: [
    'Usage: atlan-postgres rerun NAME|FILE [--wait] [--new-run] [--profile NAME] [--surface auto|apps|workflows] [--json]',
    '',
    'Starts the workflow NAME (atlan-postgres-<epoch>, atlan-postgres-default-postgres-<epoch> or an App slug), or the one FILE records, again.',
    'This is the safe way to crawl again: unlike submit, it creates no new connection. When a run is',
    'still pending or running, that run is returned instead of starting another, and it says so.',
    'With FILE, it first compares FILE with the workflow (as "diff" does) and warns on stderr when they',
    'differ: a rerun runs what the tenant has, not the file.',
    '',
    'Options:',
    '  --wait      follow the run to its end (exit 4 if it fails)',
    '  --new-run   start a new run even when one is in flight',
    PROFILE_HELP,
    ...tenantHelp('  --json      print {"workflow", "run", "reused", "drift"} instead ("drift": the differing fields, with FILE)'),
  ].join('\n'),
  options: {
    ...TENANT_OPTIONS,
    ...PROFILE_OPTIONS,
    wait: { type: 'boolean' },
    'new-run': { type: 'boolean' },
  },
  async run({ positionals, values, json, io }) {
    if (positionals.length !== 1) throw new UsageError('rerun needs exactly one NAME or FILE');
    const choice = parseSurfaceChoice(values.surface);
    const target = await resolveWorkflowTarget(positionals[0], io, selectedProfile(values.profile, io));
    const print = lineWriter(io, json);
    const signal = io.signal ? { signal: io.signal } : {};

    return withTenant(io, choice, async ({ client, backend, surface, origin }) => {
      await requireWorkflow(backend, target, origin, signal);
      // Rerun runs what the tenant has, not the file: say so first when the two differ.
      const drift = target.file === undefined ? undefined : await fileDrift(io, client, backend, target.file, target.name, origin, signal);
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
        const document = { surface, origin, workflow: target.name, reused, run: last, ...(watched ? { outcome: watched.outcome } : {}), ...(drift ? { drift } : {}) };
        io.stdout(`${JSON.stringify(document, null, 2)}\n`);
      }
      return watched ? exitCodeOf(watched) : ExitCode.ok;
    });
  },
};

/**
 * The differences between FILE and the workflow, warned about on stderr; undefined when they
 * could not be compared (an invalid file, a tenant that would not say), which is noted, not fatal:
 * the rerun does not depend on the file.
 */
async function fileDrift(
  io: CliIo,
  client: AtlanClient,
  backend: CrawlerBackend,
  file: string,
  name: string,
  origin: string,
  options: CallOptions,
): Promise<DriftDifferenceJson[] | undefined> {
  const loaded = await loadConfigFile(file, io);
  if ('readError' in loaded || !loaded.config) {
    io.stderr(`note: ${file} is not valid, so it was not compared with ${name}; "atlan-postgres validate ${file}" says why.\n`);
    return undefined;
  }
  let report;
  try {
    report = await driftFromTenant(client, backend, loaded.config, name, options);
  } catch (error) {
    if (options.signal?.aborted) throw error;
    const failure = describeFailure(error);
    if (!failure) throw error;
    io.stderr(`note: could not compare ${file} with ${name}: ${failure.message}\n`);
    return undefined;
  }
  const drift = driftJson(report);
  if (report.caveat) io.stderr(`note: ${report.caveat}\n`);
  if (drift.length > 0) {
    const paths = drift.map((d) => d.path);
    io.stderr(
      `warning: ${file} differs from ${name} on ${origin} in ${paths.length === 1 ? 'one field' : `${paths.length} fields`}: ${paths.join(', ')}. ` +
        `The rerun runs what the tenant has, not the file; "atlan-postgres diff ${file}" shows the differences.\n`,
    );
  }
  return drift;
}
