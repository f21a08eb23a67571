/**
 * Reading the files of a plan: each parsed and validated on its own (one bad file is a conflict
 * of its own, never the end of the plan), with the secrets a create of it would need looked up
 * in the environment. The text is kept so apply can write the workflow name back into it.
 */
import type { SecretLookup } from '../core/config/secrets';
import type { PlanInputFile } from '../core/plan/plan';
import { planInputOf } from '../core/plan/planInput';
import { loadConfigFile, type LoadedConfig } from './configFile';
import type { CliIo } from './io';

export interface PlannedFile extends PlanInputFile {
  /** The file as read (for write-back), when it could be read. */
  loaded?: LoadedConfig;
}

/**
 * With `profile`, each file as that profile's tenant sees it (configForProfile); a file meant for
 * another profile (its "profile" property) is left out, with a note on stderr.
 */
export async function readPlanInputs(paths: readonly string[], io: CliIo, lookupSecret: SecretLookup, profile?: string): Promise<PlannedFile[]> {
  const files: PlannedFile[] = [];
  for (const path of paths) {
    const loaded = await loadConfigFile(path, io);
    if ('readError' in loaded) {
      files.push({ file: path, invalid: loaded.readError });
      continue;
    }
    const of = await planInputOf(path, loaded.text, lookupSecret, profile, `see "atlan-postgres validate ${path}"`);
    if ('otherProfile' in of) {
      io.stderr(`note: ${path} is meant for the profile "${of.otherProfile}", not "${profile ?? ''}": left out\n`);
      continue;
    }
    files.push({ ...of.input, loaded });
  }
  return files;
}
