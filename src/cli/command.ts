/** The shape of one CLI command: adding a command is one module implementing this, listed in commands/index.ts. */
import type { ParseArgsConfig } from 'node:util';
import type { CliIo } from './io';
import type { ExitCodeValue } from './exitCodes';

export type OptionSpecs = NonNullable<ParseArgsConfig['options']>;
export type OptionValues = Record<string, string | boolean | (string | boolean)[] | undefined>;

export interface CommandInput {
  positionals: string[];
  values: OptionValues;
  /** --json: machine-readable output on stdout. */
  json: boolean;
  io: CliIo;
}

export interface CliCommand {
  name: string;
  /** One line for the command list. */
  summary: string;
  /** Usage line(s) and option descriptions for `<command> --help`. */
  help: string;
  options: OptionSpecs;
  run(input: CommandInput): Promise<ExitCodeValue>;
}

/** A command line that cannot be run as given; main prints it with the usage and exits 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}
