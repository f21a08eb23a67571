/**
 * `atlan-postgres apply [PATH...]`: plans, shows the plan, asks (or takes --yes), then carries it
 * out (planApply.ts). Never on a plan nobody saw: without a terminal it needs --yes.
 */
import { countActions } from '../../core/plan/plan';
import type { CliCommand } from '../command';
import { ExitCode } from '../exitCodes';
import { CliFailure } from '../failures';
import { applyExitCode, applyPlan, leftToDo, resultsBeforeApply, type FileResult } from '../planApply';
import { planJson, planSummary, planText } from '../planFormat';
import { ENVIRONMENT_HELP, TENANT_HELP, TENANT_OPTIONS, parseSurfaceChoice, withTenant } from '../tenant';
import { planAgainst, readPlannedFiles, selectedProfile } from '../tenantPlan';
import { lineWriter, parseCount } from './output';
import { ACTIONS_HELP, PLAN_PATHS_HELP } from './plan';

export const applyCommand: CliCommand = {
  name: 'apply',
  summary: 'Carry out the plan: create, update and adopt the crawlers of every configuration file under the paths',
  help: [
    'Usage: atlan-postgres apply [PATH...] [--yes] [--rerun-changed] [--concurrency N] [--profile NAME] [--surface auto|apps|workflows] [--json]',
    '',
    ...PLAN_PATHS_HELP,
    '',
    'Plans as "atlan-postgres plan" does, shows the plan, asks for confirmation on a terminal (or takes',
    '--yes; without a terminal --yes is required), then: creates with a first run (refusing anything',
    'that would duplicate a connection), updates in place (same connection, same stored credential),',
    'adopts by recording the workflow in the file (comments kept) and updating it where it differs.',
    'Conflicts are left alone. A failure ends only its own file; the others go on, and apply says',
    'what is left: running apply again does only that. A create is never retried.',
    '',
    ...ACTIONS_HELP,
    '',
    'Exit code 0 when everything was applied, 2 on conflicts (nothing done for those files), 4 when a',
    'rerun failed, 5 network or server error (3 auth failure, 1 a name could not be written into a file).',
    '',
    'Options:',
    '  --yes              apply without asking',
    '  --rerun-changed    rerun every workflow an update or adoption changed, and follow the runs to their end',
    '  --concurrency N    updates and definition reads at once (1-16, default 4); creates go one at a time',
    '  --profile NAME      the profile whose overrides apply ("profiles" in the files; default ATLAN_PROFILE, else none)',
    ...TENANT_HELP,
    '  --json             print the plan document with an "outcome" per file and "left" instead',
    '',
    ...ENVIRONMENT_HELP,
  ].join('\n'),
  options: { ...TENANT_OPTIONS, yes: { type: 'boolean' }, 'rerun-changed': { type: 'boolean' }, concurrency: { type: 'string' }, profile: { type: 'string' } },
  async run({ positionals, values, json, io }) {
    const choice = parseSurfaceChoice(values.surface);
    const concurrency = parseCount(values.concurrency, 'concurrency', 4, 16);
    const yes = values.yes === true;
    if (!yes && !(io.interactive && io.ask)) {
      throw new CliFailure(ExitCode.invalid, 'usage', 'apply asks for confirmation, and there is no terminal to ask on: review "atlan-postgres plan", then pass --yes');
    }
    const print = lineWriter(io, json);
    const profile = selectedProfile(values.profile, io);
    const files = await readPlannedFiles(positionals, io, profile);
    return withTenant(io, choice, async (tenant) => {
      const planned = await planAgainst(tenant, files, io, concurrency);
      const header = { origin: tenant.origin, surface: tenant.surface, ...(profile !== undefined ? { profile } : {}) };
      // The plan always goes where people read it, so --json runs in CI still show it in the log.
      io.stderr(planText(planned.plan, header));
      const counts = countActions(planned.plan);
      const toDo = counts.create + counts.update + counts.adopt;
      let results: FileResult[] = [];
      if (toDo === 0) {
        print('Nothing to apply.');
        results = resultsBeforeApply(planned.plan.files);
      } else {
        if (!yes) {
          const what = [counts.create && `create ${counts.create}`, counts.update && `update ${counts.update}`, counts.adopt && `adopt ${counts.adopt}`].filter(Boolean).join(', ');
          const answer = await (io.ask as (q: string) => Promise<string>)(`Apply to ${tenant.origin}: ${what}? Type "yes" to go on: `);
          if (answer.trim().toLowerCase() !== 'yes') {
            print('Nothing applied.');
            return ExitCode.ok;
          }
        }
        results = await applyPlan(tenant, planned, io, { concurrency, rerunChanged: values['rerun-changed'] === true, print, ...(profile !== undefined ? { profile } : {}) });
      }
      const left = leftToDo(results);
      if (json) {
        const doc = planJson(planned.plan, header);
        const files = (doc.files as Record<string, unknown>[]).map((entry, i) => resultJson(entry, results[i]));
        io.stdout(`${JSON.stringify({ ...doc, files, left: left.map((r) => r.plan.file) }, null, 2)}\n`);
      }
      if (toDo > 0) {
        const applied = results.filter((r) => r.outcome === 'applied').length;
        print(`Applied ${applied} of ${toDo} (${planSummary(planned.plan)}).`);
      }
      if (left.length > 0) {
        print(`${left.length} ${left.length === 1 ? 'file' : 'files'} left: ${left.map((r) => `${r.plan.file} (${r.error?.message ?? r.plan.reason ?? r.outcome})`).join('; ')}`);
        print('Fix what is said above and run apply again: it does only what is left.');
      }
      return applyExitCode(results, io.signal?.aborted === true);
    });
  },
};

function resultJson(entry: Record<string, unknown>, result: FileResult | undefined): Record<string, unknown> {
  if (!result) return entry;
  return {
    ...entry,
    workflow: result.workflow ?? entry.workflow,
    outcome: result.outcome,
    ...(result.error ? { error: result.error } : {}),
    ...(result.recordError !== undefined ? { recorded: false } : {}),
    ...(result.rerun ? { rerun: { run: result.rerun.run, ...(result.rerun.outcome ? { outcome: result.rerun.outcome } : {}) } } : {}),
  };
}
