/**
 * `atlan-postgres diff FILE`: how the file and its workflow on the tenant differ. Both sides are
 * normalised configurations (detectDrift); the output is a unified diff from the tenant to the
 * file, i.e. what updating the workflow from the file would change. Exit 0 same, 6 differs.
 */
import type { CliCommand } from '../command';
import { UsageError } from '../command';
import { requireValidConfig } from '../configFile';
import { ExitCode } from '../exitCodes';
import { CliFailure } from '../failures';
import { TENANT_OPTIONS, tenantHelp, parseSurfaceChoice, withTenant } from '../tenant';
import { driftFromTenant, driftJson } from '../tenantDrift';
import { unifiedDiff } from '../unifiedDiff';
import { requireWorkflow } from './workflowLookup';
import { PROFILE_HELP, PROFILE_OPTIONS, selectedProfile } from '../tenantPlan';

export const diffCommand: CliCommand = {
  name: 'diff',
  summary: 'Compare a configuration file with its workflow on the tenant',
  help: [
    'Usage: atlan-postgres diff FILE [--profile NAME] [--surface auto|apps|workflows] [--json]',
    '',
    'Compares FILE with the workflow it records, field by field (defaults applied, lists sorted,',
    'secrets compared only as "set"), and prints a unified diff from the tenant to the file.',
    `Exit code 0 when they match, ${ExitCode.differs} when they differ, 2 when FILE is invalid or records no workflow`,
    '(3 auth failure, 5 network or server error, 1 internal error).',
    '',
    'Options:',
    PROFILE_HELP,
    ...tenantHelp('  --json      print {"inSync", "differences", "notCompared", "diff"} instead'),
  ].join('\n'),
  options: { ...TENANT_OPTIONS, ...PROFILE_OPTIONS },
  async run({ positionals, values, json, io }) {
    if (positionals.length !== 1) throw new UsageError('diff needs exactly one FILE');
    const file = positionals[0];
    const choice = parseSurfaceChoice(values.surface);
    const profile = selectedProfile(values.profile, io);
    const loaded = await requireValidConfig(file, io, 'compare', profile);
    const name = loaded.config.workflow;
    if (name === undefined) {
      throw new CliFailure(ExitCode.invalid, 'noWorkflow', `${file} records no workflow (no "workflow" property): there is nothing on the tenant to compare it with; submit it first`);
    }
    const signal = io.signal ? { signal: io.signal } : {};

    return withTenant(io, choice, async ({ client, backend, surface, origin }) => {
      await requireWorkflow(backend, { name, file }, origin, signal);
      const report = await driftFromTenant(client, backend, loaded.config, name, signal);
      const patch = report.inSync ? '' : unifiedDiff(`${name} (on ${origin})`, file, report.tenantText, report.fileText);
      if (json) {
        const differences = driftJson(report);
        const caveat = report.caveat ? { caveat: report.caveat } : {};
        io.stdout(`${JSON.stringify({ file, surface, origin, workflow: name, inSync: report.inSync, differences, notCompared: report.notCompared, diff: patch, ...caveat }, null, 2)}\n`);
      } else if (report.inSync) {
        io.stdout(`${file} matches ${name} on ${origin}${report.caveat ? ' as far as is known' : ''}.\n`);
      } else {
        io.stdout(patch);
        const paths = report.differences.map((d) => d.path);
        io.stdout(`${paths.length} ${paths.length === 1 ? 'field differs' : 'fields differ'}: ${paths.join(', ')}\n`);
      }
      // What the tenant did not send, and where the compared definition came from instead.
      if (report.caveat) io.stderr(`note: ${report.caveat}\n`);
      if (!json && report.notCompared.length > 0) {
        io.stderr(`note: not compared (the tenant does not return them): ${report.notCompared.join(', ')}\n`);
      }
      return report.inSync ? ExitCode.ok : ExitCode.differs;
    });
  },
};
