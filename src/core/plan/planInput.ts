/**
 * One configuration file's text as the planner takes it, the same for the CLI and the editor:
 * parsed, validated, seen through the profile's overrides, with the secrets a create would need
 * and are not set. Reading the file (and where secrets are looked up) is the caller's.
 */
import { parse, type ParseError } from 'jsonc-parser';
import { lineColumn, parseConfig, type ParseResult } from '../config/parse';
import { configForProfile, profileProblem } from '../config/profiles';
import { listSecretRefs, type SecretLookup } from '../config/secrets';
import type { PlanInputFile } from './plan';

/** The file as the plan sees it, or why it is left out: it names another profile as its own. */
export type PlanInputOf =
  | { input: PlanInputFile; parsed: ParseResult }
  | { otherProfile: string };

/**
 * `file` names the file in the plan; `text` is its content without a byte order mark.
 * `moreAdvice` ends the note on how many more errors there are (where to see them all).
 */
export async function planInputOf(file: string, text: string, lookupSecret: SecretLookup, profile?: string, moreAdvice?: string): Promise<PlanInputOf> {
  const parsed = parseConfig(text);
  const config = parsed.config;
  if (!config) {
    const errors = parsed.issues.filter((i) => i.severity === 'error');
    const first = errors[0];
    // Without a profile, an invalid file still claims the workflow it records.
    const recorded = profile === undefined ? recordedName(text) : undefined;
    let invalid = 'invalid configuration';
    if (first) {
      const { line, column } = lineColumn(text, first.offset);
      const more = errors.length - 1;
      invalid = `${line}:${column}: ${first.severity} ${first.code}: ${first.message}${more > 0 ? ` (and ${more} more${moreAdvice ? `; ${moreAdvice}` : ''})` : ''}`;
    }
    return { parsed, input: { file, invalid, ...(recorded !== undefined ? { recordedWorkflow: recorded } : {}) } };
  }
  if (profile !== undefined && config.profile !== undefined && config.profile !== profile) return { otherProfile: config.profile };
  const problem = profileProblem(config, profile);
  if (problem !== undefined) return { parsed, input: { file, invalid: problem } };
  const resolved = configForProfile(config, profile);
  const missing: string[] = [];
  for (const ref of listSecretRefs(resolved)) {
    if (!missing.includes(ref.name) && (await lookupSecret(ref.name)) === undefined) missing.push(ref.name);
  }
  return { parsed, input: { file, config: resolved, ...(missing.length > 0 ? { missingSecrets: missing } : {}) } };
}

/** The "workflow" an unparseable or invalid file still names, when that much can be read. */
export function recordedName(text: string): string | undefined {
  const errors: ParseError[] = [];
  const root: unknown = parse(text, errors, { allowTrailingComma: true });
  if (typeof root !== 'object' || root === null) return undefined;
  const workflow = (root as Record<string, unknown>).workflow;
  return typeof workflow === 'string' && workflow.trim() !== '' ? workflow : undefined;
}
