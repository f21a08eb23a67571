/**
 * The atlan-postgres command line: global options, dispatch to one command module, and the
 * mapping of failures to exit codes. Never throws: every failure becomes a message and a code.
 */
import { parseArgs } from 'node:util';
import { UsageError, type CliCommand } from './command';
import { COMMANDS } from './commands';
import { ExitCode, type ExitCodeValue } from './exitCodes';
import { describeFailure, failureJson } from './failures';
import { processIo, type CliIo } from './io';
import { redactingIo } from './redactingIo';

const GLOBAL_OPTIONS = {
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

export function usage(commands: readonly CliCommand[] = COMMANDS): string {
  const width = Math.max(...commands.map((c) => c.name.length));
  return [
    'Usage: atlan-postgres <command> [options]',
    '',
    'Manage Atlan Postgres crawler configurations (*.atlan-postgres.json).',
    '',
    'Commands:',
    ...commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'Global options:',
    '  --json      machine-readable output',
    '  -h, --help  help for the CLI or a command',
    '',
    'The tenant comes from ATLAN_BASE_URL and ATLAN_API_KEY; secrets from ATLAN_SECRET_<NAME>',
    '(upper-cased, other characters -> _). Neither the token nor a secret is ever printed.',
    `Exit codes: ${ExitCode.ok} ok, ${ExitCode.invalid} invalid config or usage, ${ExitCode.auth} auth failure, ` +
      `${ExitCode.runFailed} run failed, ${ExitCode.network} network/server error, ${ExitCode.differs} diff: the file differs ` +
      `from the tenant or plan: something would change, ${ExitCode.internal} internal error, ${ExitCode.interrupted} interrupted (Ctrl-C).`,
    'A missing ATLAN_API_KEY is an auth failure. With --json, a failure prints',
    '{"error": {"exitCode", "kind", "message", ...}} on stdout.',
  ].join('\n');
}

export async function main(argv: readonly string[], rawIo: CliIo = processIo(), commands: readonly CliCommand[] = COMMANDS): Promise<ExitCodeValue> {
  const io = redactingIo(rawIo);
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    const topic = name === 'help' ? commands.find((c) => c.name === rest[0]) : undefined;
    io.stdout(`${topic ? topic.help : usage(commands)}\n`);
    return ExitCode.ok;
  }
  // Until the options parse, --json is taken at its word, so that scripts get JSON for usage errors too.
  let json = rest.includes('--json');
  const command = commands.find((c) => c.name === name);
  if (!command) {
    io.stderr(`atlan-postgres: unknown command "${name}"\n\n${usage(commands)}\n`);
    if (json) io.stdout(failureJson({ exitCode: ExitCode.invalid, kind: 'usage', message: `unknown command "${name}"` }));
    return ExitCode.invalid;
  }
  try {
    const { values, positionals } = parseArgs({
      args: [...rest],
      options: { ...GLOBAL_OPTIONS, ...command.options },
      allowPositionals: true,
      strict: true,
    });
    if (values.help === true) {
      io.stdout(`${command.help}\n`);
      return ExitCode.ok;
    }
    json = values.json === true;
    return await command.run({ positionals, values, json, io });
  } catch (e) {
    if (e instanceof UsageError || isParseArgsError(e)) {
      const message = (e as Error).message;
      io.stderr(`atlan-postgres ${command.name}: ${message}\n\n${command.help}\n`);
      if (json) io.stdout(failureJson({ exitCode: ExitCode.invalid, kind: 'usage', message }));
      return ExitCode.invalid;
    }
    // Unexpected: report the kind of failure without a stack full of local paths or values.
    const failure = describeFailure(e) ?? {
      exitCode: ExitCode.internal,
      kind: 'internal' as const,
      message: `internal error: ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}`,
    };
    io.stderr(`atlan-postgres ${command.name}: ${failure.message}\n`);
    // Scripts reading stdout still get one JSON document.
    if (json) io.stdout(failureJson(failure));
    return failure.exitCode;
  }
}

function isParseArgsError(e: unknown): boolean {
  const code = (e as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS_');
}
