/**
 * Reading the files of a plan: each parsed and validated on its own (one bad file is a conflict
 * of its own, never the end of the plan), with the secrets a create of it would need looked up
 * in the environment. The text is kept so apply can write the workflow name back into it.
 */
import { configForProfile, profileProblem } from '../core/config/profiles';
import { listSecretRefs, type SecretLookup } from '../core/config/secrets';
import type { PlanInputFile } from '../core/plan/plan';
import { formatIssue, loadConfigFile, type LoadedConfig } from './configFile';
import type { CliIo } from './io';
import { recordedName } from './workflowTarget';

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
    if (!loaded.config) {
      const first = loaded.issues.find((i) => i.severity === 'error');
      const recorded = profile === undefined ? recordedName(loaded.text) : undefined;
      const more = loaded.issues.filter((i) => i.severity === 'error').length - 1;
      const invalid = first ? `${formatIssue(loaded, first).slice(path.length + 1)}${more > 0 ? ` (and ${more} more; see "atlan-postgres validate ${path}")` : ''}` : `${path}: invalid configuration`;
      files.push({ file: path, loaded, invalid, ...(recorded !== undefined ? { recordedWorkflow: recorded } : {}) });
      continue;
    }
    if (profile !== undefined && loaded.config.profile !== undefined && loaded.config.profile !== profile) {
      io.stderr(`note: ${path} is meant for the profile "${loaded.config.profile}", not "${profile}": left out\n`);
      continue;
    }
    const problem = profileProblem(loaded.config, profile);
    if (problem !== undefined) {
      files.push({ file: path, loaded, invalid: problem });
      continue;
    }
    const config = configForProfile(loaded.config, profile);
    const missing: string[] = [];
    for (const ref of listSecretRefs(config)) {
      if (!missing.includes(ref.name) && (await lookupSecret(ref.name)) === undefined) missing.push(ref.name);
    }
    files.push({ file: path, loaded, config, ...(missing.length > 0 ? { missingSecrets: missing } : {}) });
  }
  return files;
}
