/**
 * `atlan-postgres plan [PATH...]`: what applying every configuration file under the paths would
 * do on the tenant, without changing anything. Exit 0 nothing to change, 6 something would, 2 a
 * conflict (a file apply would refuse).
 */
import { countActions, tenantFailures } from '../../core/plan/plan';
import type { CliCommand } from '../command';
import { ExitCode, type ExitCodeValue } from '../exitCodes';
import { planJson, planMarkdown, planText } from '../planFormat';
import { ENVIRONMENT_HELP, TENANT_HELP, TENANT_OPTIONS, parseSurfaceChoice, withTenant } from '../tenant';
import { parseFormat, planAgainst, readPlannedFiles, selectedProfile } from '../tenantPlan';
import { parseCount } from './output';

export const PLAN_PATHS_HELP = [
  'PATH is a configuration file or a folder, searched recursively for *.atlan-postgres.json',
  '(node_modules and hidden folders skipped); default: the current folder.',
];

export const ACTIONS_HELP = [
  'Actions: create (no crawler of that connection yet), update (the recorded workflow differs; the',
  'fields are listed), unchanged, adopt (the tenant already crawls that connection: the workflow is',
  'recorded in the file instead of creating a second connection), conflict (refused: two files claim',
  'one connection or workflow, the recorded workflow is gone, the file is invalid, a secret a create',
  'needs is missing, or several crawlers of the connection exist). Crawlers no file claims are listed',
  'as unmanaged and never touched.',
];

export const planCommand: CliCommand = {
  name: 'plan',
  summary: 'Show what applying every configuration file under the paths would change on the tenant',
  help: [
    'Usage: atlan-postgres plan [PATH...] [--format text|markdown] [--concurrency N] [--profile NAME] [--surface auto|apps|workflows] [--json]',
    '',
    ...PLAN_PATHS_HELP,
    '',
    ...ACTIONS_HELP,
    '',
    `Exit code 0 when nothing would change, ${ExitCode.differs} when something would, 2 on any conflict`,
    '(3 auth failure, 5 network or server error, also when the tenant failed reading one file\'s workflow:',
    'the other files are still planned; 1 internal error).',
    '',
    'Options:',
    '  --format markdown   a table fit for a pull-request comment',
    '  --concurrency N     definitions read at once (1-16, default 4)',
    '  --profile NAME      the profile whose overrides apply ("profiles" in the files; default ATLAN_PROFILE, else none)',
    ...TENANT_HELP,
    '  --json              print {"tenant", "surface", "files": [{"file", "action", "workflow", "fields", "reason"}], "unmanaged"}',
    '',
    ...ENVIRONMENT_HELP,
  ].join('\n'),
  options: { ...TENANT_OPTIONS, format: { type: 'string' }, concurrency: { type: 'string' }, profile: { type: 'string' } },
  async run({ positionals, values, json, io }) {
    const choice = parseSurfaceChoice(values.surface);
    const format = parseFormat(values.format, json);
    const concurrency = parseCount(values.concurrency, 'concurrency', 4, 16);
    const profile = selectedProfile(values.profile, io);
    const files = await readPlannedFiles(positionals, io, profile);
    if (files.length === 0) io.stderr(`note: no *.atlan-postgres.json files under ${positionals.length > 0 ? positionals.join(', ') : 'the current folder'}\n`);
    return withTenant(io, choice, async (tenant) => {
      const { plan } = await planAgainst(tenant, files, io, concurrency);
      const header = { origin: tenant.origin, surface: tenant.surface, ...(profile !== undefined ? { profile } : {}) };
      if (json) io.stdout(`${JSON.stringify(planJson(plan, header), null, 2)}\n`);
      else io.stdout(format === 'markdown' ? planMarkdown(plan, header) : planText(plan, header));
      for (const failed of tenantFailures(plan)) io.stderr(`error: ${failed.file}: ${failed.reason ?? 'the tenant failed'}\n`);
      return planExitCode(plan);
    });
  },
};

/** 5 when the tenant failed a file's read (the plan is incomplete), 2 on a conflict, 6 when something would change, else 0. */
export function planExitCode(plan: Parameters<typeof countActions>[0]): ExitCodeValue {
  if (tenantFailures(plan).length > 0) return ExitCode.network;
  const counts = countActions(plan);
  if (counts.conflict > 0) return ExitCode.invalid;
  return counts.create + counts.update + counts.adopt > 0 ? ExitCode.differs : ExitCode.ok;
}
