/**
 * `atlan-postgres preview FILE`: the workflow JSON the configuration would send, secrets
 * redacted. Offline, except that admin role names become the tenant's role ids when
 * ATLAN_BASE_URL and ATLAN_API_KEY are set and --admin-role-id does not give them; epoch and
 * surface come from options.
 */
import type { Surface } from '../../core/atlan/backend';
import { CrawlerBuildError } from '../../core/workflow/errors';
import { buildCrawler } from '../../core/workflow/build';
import { listSecretRefs } from '../../core/config/secrets';
import { REDACTED, redactCrawler } from '../../core/workflow/redact';
import type { CliCommand } from '../command';
import { UsageError } from '../command';
import { requireValidConfig } from '../configFile';
import { ExitCode } from '../exitCodes';
import { CliFailure } from '../failures';
import { clientFromEnv, tenantConfigured } from '../tenant';
import { PROFILE_HELP, PROFILE_OPTIONS, selectedProfile } from '../tenantPlan';

export const previewCommand: CliCommand = {
  name: 'preview',
  summary: 'Print the workflow JSON a configuration would submit (secrets redacted)',
  help: [
    'Usage: atlan-postgres preview FILE [--profile NAME] [--surface workflows|apps] [--epoch N] [--admin-role-id ID]... [--json]',
    '',
    'Builds the workflow offline and prints it with every secret replaced by "<redacted>".',
    '',
    'Options:',
    '  --surface workflows|apps   legacy package-workflow API (default) or the App API',
    '  --epoch N                  seconds since 1970 that name the workflow and connection (default: now)',
    '  --admin-role-id ID         id of an admin role; repeat for several. Without it, the role names in',
    '                             the file are looked up on the tenant when ATLAN_BASE_URL and ATLAN_API_KEY',
    '                             are set, and appear as placeholders otherwise',
    PROFILE_HELP,
    '  --json                     print {"surface", "crawler", "notes"} instead of the bare workflow JSON',
  ].join('\n'),
  options: {
    ...PROFILE_OPTIONS,
    surface: { type: 'string' },
    epoch: { type: 'string' },
    'admin-role-id': { type: 'string', multiple: true },
  },
  async run({ positionals, values, json, io }) {
    if (positionals.length !== 1) throw new UsageError('preview needs exactly one FILE');
    const surface = parseSurface(values.surface);
    const epoch = parseEpoch(values.epoch, io.now());
    const roleIdOptions = (values['admin-role-id'] as string[] | undefined) ?? [];

    // Unreadable or invalid: a CliFailure, which main prints (as {"error": ...} under --json).
    const loaded = await requireValidConfig(positionals[0], io, 'preview', selectedProfile(values.profile, io));
    const config = loaded.config;
    const notes: string[] = [];
    let adminRoleIds = roleIdOptions;
    const roleNames = config.admins.roles ?? [];
    if (roleIdOptions.length === 0 && roleNames.length > 0) {
      if (tenantConfigured(io)) {
        const client = clientFromEnv(io);
        try {
          adminRoleIds = await client.resolveRoleIds(roleNames, io.signal ? { signal: io.signal } : {});
        } finally {
          await client.close();
        }
      } else {
        adminRoleIds = roleNames.map((name) => `<id of role ${name}>`);
        notes.push('admin role ids are placeholders: pass --admin-role-id ID (once per role), or set ATLAN_BASE_URL and ATLAN_API_KEY to look them up on the tenant');
      }
    }
    // Secret values are not needed: they would be redacted anyway.
    const secrets = new Map(listSecretRefs(config).map((ref) => [ref.name, REDACTED] as const));
    let built;
    try {
      built = buildCrawler(config, { epoch, adminRoleIds, secrets }, surface);
    } catch (e) {
      if (e instanceof CrawlerBuildError) {
        throw new CliFailure(ExitCode.invalid, 'build', `${loaded.path}: cannot build the ${surface === 'apps' ? 'App API' : 'legacy'} workflow: ${e.message}`, {
          file: loaded.path,
        });
      }
      throw e;
    }
    const redacted = redactCrawler(built);
    const document = redacted.surface === 'apps' ? redacted.body : redacted.workflow;
    if (json) {
      io.stdout(`${JSON.stringify({ surface, crawler: document, notes }, null, 2)}\n`);
    } else {
      io.stdout(`${JSON.stringify(document, null, 2)}\n`);
      for (const note of notes) io.stderr(`note: ${note}\n`);
    }
    return ExitCode.ok;
  },
};

function parseSurface(value: unknown): Surface {
  if (value === undefined || value === 'workflows') return 'workflows';
  if (value === 'apps') return 'apps';
  throw new UsageError(`--surface must be "workflows" or "apps", not ${JSON.stringify(value)}`);
}

function parseEpoch(value: unknown, nowMs: number): number {
  if (value === undefined) return Math.floor(nowMs / 1000);
  if (typeof value !== 'string' || !/^\d{1,15}$/.test(value) || Number(value) === 0) {
    throw new UsageError(`--epoch must be a positive whole number of seconds, not ${JSON.stringify(value)}`);
  }
  return Number(value);
}
