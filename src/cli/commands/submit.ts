/**
 * `atlan-postgres submit FILE`: validate, resolve secrets and admin role ids, refuse duplicates,
 * build for the tenant's API, create and run, then record the workflow name in FILE so the next
 * submit of the same file is recognised as a duplicate.
 */
import { isPendingRunId } from '../../core/atlan';
import { envSecretLookup } from '../../core/config/secrets';
import { duplicateWarning, prepareSubmission, submitPrepared, type PreparedSubmission } from '../../core/tenant/submission';
import type { CliCommand } from '../command';
import { UsageError } from '../command';
import { requireValidConfig } from '../configFile';
import { ExitCode } from '../exitCodes';
import { CliFailure } from '../failures';
import { recordWorkflowName } from '../recordWorkflow';
import { phaseText, runLabel } from '../runFormat';
import { watchRun, type WatchResult } from '../runWatch';
import { TENANT_OPTIONS, tenantHelp, parseSurfaceChoice, surfaceLabel, withTenant } from '../tenant';
import { exitCodeOf, lineWriter, scheduleLine } from './output';
import { PROFILE_HELP, PROFILE_OPTIONS, selectedProfile } from '../tenantPlan';

export const submitCommand: CliCommand = {
  name: 'submit',
  summary: 'Create the workflow of a configuration on the tenant, run it, and record its name in the file',
  help: [
    'Usage: atlan-postgres submit FILE [--wait] [--create-anyway] [--profile NAME] [--surface auto|apps|workflows] [--json]',
    '',
    'Validates FILE, resolves its secrets and admin roles, creates the crawler workflow with a first run,',
    'and writes the workflow name into FILE ("workflow" property; comments and layout are kept).',
    '',
    'Creating a workflow always creates a new connection: submitting the same configuration twice',
    'duplicates every asset. So submit refuses (exit 2) when FILE already records a workflow or the',
    'tenant has one for the same connection name; use "atlan-postgres rerun FILE" instead.',
    '',
    'Options:',
    '  --wait            follow the first run to its end (exit 4 if it fails)',
    '  --create-anyway   create even though it duplicates an existing workflow',
    PROFILE_HELP,
    ...tenantHelp('  --json            print {"file", "surface", "workflow", "run"} instead'),
  ].join('\n'),
  options: {
    ...TENANT_OPTIONS,
    ...PROFILE_OPTIONS,
    wait: { type: 'boolean' },
    'create-anyway': { type: 'boolean' },
  },
  async run({ positionals, values, json, io }) {
    if (positionals.length !== 1) throw new UsageError('submit needs exactly one FILE');
    const file = positionals[0];
    const choice = parseSurfaceChoice(values.surface);
    const wait = values.wait === true;
    const createAnyway = values['create-anyway'] === true;
    const profile = selectedProfile(values.profile, io);
    const loaded = await requireValidConfig(file, io, 'submit', profile);
    const print = lineWriter(io, json);

    return withTenant(io, choice, async ({ client, backend, surface, origin }) => {
      const prepared = await prepareSubmission({
        config: loaded.config,
        client,
        backend,
        lookupSecret: envSecretLookup(io.env),
        now: () => io.now(),
        ...(io.signal ? { signal: io.signal } : {}),
      });
      const warning = duplicateWarning(prepared);
      if (warning !== undefined && !createAnyway) throw duplicateFailure(file, prepared, warning);
      if (warning !== undefined) io.stderr(`warning: creating anyway (--create-anyway): ${warning}\n`);

      // Not cancellable: once sent, a create must finish so that its name gets recorded.
      const created = await submitPrepared(backend, prepared, { run: true, createAnyway });
      const name = created.workflow.name;
      const recordError = await recordWorkflowName(io, file, loaded, name, profile);

      print(`Created ${name} for connection "${prepared.config.connectionName}" on ${origin} (${surfaceLabel(surface)}).`);
      const schedule = created.workflow.schedule ?? prepared.config.schedule;
      if (schedule) print(scheduleLine(schedule));
      if (recordError === undefined) print(`Recorded "workflow": "${name}" in ${file}.`);
      else {
        // The tenant has the workflow but the file does not say so: the next submit could duplicate it.
        io.stderr(
          `atlan-postgres submit: created ${name}, but could not record it in ${file} (${recordError}). ` +
            `Add "workflow": "${name}" to the file by hand before submitting it again.\n`,
        );
      }
      if (created.run && isPendingRunId(created.run.id)) print(`First run: submitted; it shows in "atlan-postgres runs ${file}" once Atlan reports it.`);
      else if (created.run) print(`First run: ${runLabel(created.run)} ${phaseText(created.run, io.now())}`);
      else print('The tenant started no run with the create; start one with "atlan-postgres rerun".');

      let watched: WatchResult | undefined;
      if (wait && created.run) watched = await watchRun(backend, created.run, io, print);
      if (json) {
        const run = watched?.run ?? created.run;
        io.stdout(
          `${JSON.stringify(
            { file, surface, origin, workflow: created.workflow, recorded: recordError === undefined, ...(run ? { run } : {}), ...(watched ? { outcome: watched.outcome } : {}) },
            null,
            2,
          )}\n`,
        );
      }
      // The file could not be updated: say so now, not after a long --wait.
      if (recordError !== undefined) return ExitCode.internal;
      return watched ? exitCodeOf(watched) : ExitCode.ok;
    });
  },
};

function duplicateFailure(file: string, prepared: PreparedSubmission, warning: string): CliFailure {
  const existing = prepared.duplicates.map((w) => w.name);
  const advice =
    existing.length > 0
      ? `Run it again with "atlan-postgres rerun ${existing.length === 1 ? existing[0] : file}", or pass --create-anyway to create a new workflow all the same.`
      : 'Remove the "workflow" property from the file if that workflow is gone for good, or pass --create-anyway.';
  return new CliFailure(ExitCode.invalid, 'duplicate', `${file}: refusing to submit: ${warning}. ${advice}`, {
    duplicates: prepared.duplicates,
    ...(prepared.recorded ? { recorded: prepared.recorded } : {}),
  });
}
