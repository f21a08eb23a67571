/** `atlan-postgres validate FILE...`: check configuration files; exit 2 when any has an error. */
import type { CliCommand } from '../command';
import { UsageError } from '../command';
import { formatIssue, issueJson, loadConfigFile } from '../configFile';
import { ExitCode } from '../exitCodes';

export const validateCommand: CliCommand = {
  name: 'validate',
  summary: 'Check configuration files for errors and warnings',
  help: [
    'Usage: atlan-postgres validate FILE... [--json]',
    '',
    'Checks each *.atlan-postgres.json file. Prints one line per problem (file:line:column: severity code: message).',
    'Exit code 0 when no file has an error (warnings are fine), 2 otherwise.',
    '',
    'Options:',
    '  --json   print {"files": [{"file", "valid", "errors", "warnings", "issues"}]} instead',
  ].join('\n'),
  options: {},
  async run({ positionals, json, io }) {
    if (positionals.length === 0) throw new UsageError('validate needs at least one FILE');
    const files: Record<string, unknown>[] = [];
    let failed = false;
    for (const path of positionals) {
      const loaded = await loadConfigFile(path, io);
      if ('readError' in loaded) {
        failed = true;
        if (json) files.push({ file: path, valid: false, error: loaded.readError });
        else io.stderr(`${loaded.readError}\n`);
        continue;
      }
      const errors = loaded.issues.filter((i) => i.severity === 'error').length;
      const warnings = loaded.issues.length - errors;
      failed ||= errors > 0;
      if (json) {
        files.push({ file: path, valid: errors === 0, errors, warnings, issues: loaded.issues.map((i) => issueJson(loaded, i)) });
        continue;
      }
      for (const issue of loaded.issues) io.stdout(`${formatIssue(loaded, issue)}\n`);
      const counts = `${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}`;
      io.stdout(`${path}: ${errors === 0 ? 'valid' : 'invalid'} (${counts})\n`);
    }
    if (json) io.stdout(`${JSON.stringify({ files }, null, 2)}\n`);
    return failed ? ExitCode.invalid : ExitCode.ok;
  },
};
