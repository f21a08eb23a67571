/**
 * `atlan-postgres scope FILE`: what a crawl of FILE would cover, read from the database itself
 * with the file's credential (password from ATLAN_SECRET_<NAME>), each database, schema, table and
 * view marked included or excluded with why, totals first. Exit 5 when the database cannot be
 * reached, with the reason.
 */
import { envSecretLookup, resolveSecrets } from '../../core/config/secrets';
import { PostgresCheckError, readScopeCatalog } from '../../core/postgres';
import { computeScope, crawlSentence, scopeText, scopeTarget, ScopeFilterError, totalsSentence } from '../../core/scope';
import type { CliCommand } from '../command';
import { UsageError } from '../command';
import { requireValidConfig } from '../configFile';
import { ExitCode } from '../exitCodes';
import { CliFailure } from '../failures';

/** Long enough for a slow VPN, short enough that an unreachable host does not hang a script. */
const CONNECT_TIMEOUT_MS = 10_000;

export const scopeCommand: CliCommand = {
  name: 'scope',
  summary: 'Preview what a crawl of FILE covers, read from the database (included / excluded and why)',
  help: [
    'Usage: atlan-postgres scope FILE [--json]',
    '',
    "Connects to the file's database with its credential (basic authentication; the password from",
    'ATLAN_SECRET_<NAME>) and prints every database, schema, table and view, marked + included or',
    '- excluded with why (another database, a system schema, not in the include map, an exclude',
    'entry, the exclude regex), with the totals first. Nothing is sent to Atlan.',
    '',
    'Options:',
    '  --json   print {"file", "database", "summary", "totals", "databases", "notes"}',
    '',
    'Exit codes: 0 done, 2 invalid file, missing secret or a filter the preview cannot match,',
    '5 the database cannot be reached or refused the login (the reason is printed).',
  ].join('\n'),
  options: {},
  async run({ positionals, json, io }) {
    if (positionals.length !== 1) throw new UsageError('scope needs exactly one FILE');
    const loaded = await requireValidConfig(positionals[0], io, 'preview');
    const config = loaded.config;
    const where = scopeTarget(config);
    if (!where.ok) throw new CliFailure(ExitCode.invalid, 'configuration', `${loaded.path}: ${where.problem}`, { file: loaded.path });
    const secrets = await resolveSecrets(config, envSecretLookup(io.env));

    let catalog;
    try {
      catalog = await readScopeCatalog({ ...where.target, password: secrets.get(where.secretName), connectTimeoutMs: CONNECT_TIMEOUT_MS }, io.signal);
    } catch (err) {
      if (!(err instanceof PostgresCheckError)) throw err;
      if (err.kind === 'cancelled') throw new CliFailure(ExitCode.interrupted, 'cancelled', 'cancelled');
      if (err.kind === 'invalid-input') throw new CliFailure(ExitCode.invalid, 'configuration', `${loaded.path}: ${err.message}`, { file: loaded.path });
      throw new CliFailure(ExitCode.network, 'database', `cannot read the catalog of ${where.target.database} at ${where.target.host}:${where.target.port}: ${err.message}`, {
        file: loaded.path,
        reason: err.kind,
      });
    }
    let scope;
    try {
      scope = computeScope(catalog, config);
    } catch (err) {
      if (err instanceof ScopeFilterError) throw new CliFailure(ExitCode.invalid, 'invalidConfig', `${loaded.path}: ${err.message}`, { file: loaded.path });
      throw err;
    }
    if (json) {
      const document = { file: loaded.path, database: scope.database, summary: `${totalsSentence(scope.totals)}. ${crawlSentence(scope)}`, totals: scope.totals, databases: scope.databases, notes: scope.notes };
      io.stdout(`${JSON.stringify(document, null, 2)}\n`);
    } else {
      io.stdout(scopeText(scope));
    }
    return ExitCode.ok;
  },
};
