/**
 * The NAME|FILE argument of rerun, runs and monitor: a workflow name (`atlan-postgres-<epoch>`,
 * `atlan-postgres-default-postgres-<epoch>` as Atlan's UI names crawlers, or an App slug), or a
 * configuration file whose "workflow" property names it. An argument that
 * ends in .json / .jsonc or contains a path separator is a file; anything else is a name
 * (workflow names never contain either).
 */
import { parse } from 'jsonc-parser';
import { recordedWorkflowFor } from '../core/config/profiles';
import { recordedName } from '../core/plan/planInput';
import { ExitCode } from './exitCodes';
import { CliFailure } from './failures';
import type { CliIo } from './io';
import { loadConfigFile } from './configFile';

export interface WorkflowTarget {
  name: string;
  /** The file the name came from. */
  file?: string;
}

export function looksLikeFile(argument: string): boolean {
  return /\.jsonc?$/i.test(argument) || argument.includes('/') || argument.includes('\\');
}

/** With a profile, a file names the workflow recorded under it (profiles.<profile>.workflow). */
export async function resolveWorkflowTarget(argument: string, io: CliIo, profile?: string): Promise<WorkflowTarget> {
  if (!looksLikeFile(argument)) {
    if (argument.trim() === '' || /\s/.test(argument)) throw new CliFailure(ExitCode.invalid, 'usage', `${JSON.stringify(argument)} is not a workflow name`);
    return { name: argument };
  }
  const loaded = await loadConfigFile(argument, io);
  if ('readError' in loaded) throw new CliFailure(ExitCode.invalid, 'fileUnreadable', loaded.readError, { file: argument });
  // Only the name is needed: a file with other errors still says which workflow it is about.
  const name = profile !== undefined ? recordedWorkflowFor(parse(loaded.text, [], { allowTrailingComma: true }), profile) : (loaded.config?.workflow ?? recordedName(loaded.text));
  if (name === undefined && profile !== undefined) {
    throw new CliFailure(
      ExitCode.invalid,
      'noWorkflow',
      `${argument} records no workflow for the profile "${profile}" (no "profiles"."${profile}"."workflow"): submit it first with "atlan-postgres submit ${argument} --profile ${profile}", or pass the workflow name`,
    );
  }
  if (name === undefined) {
    throw new CliFailure(
      ExitCode.invalid,
      'noWorkflow',
      `${argument} records no workflow (no "workflow" property): submit it first with "atlan-postgres submit ${argument}", or pass the workflow name`,
    );
  }
  return { name, file: argument };
}

export { recordedName };
