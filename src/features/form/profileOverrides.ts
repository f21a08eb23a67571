/**
 * What the form says of a file's per-profile overrides (`profiles.<name>`): it edits the base
 * values only, and saving writes only the fields changed in the form, so the overrides are kept.
 * Plain TypeScript (no vscode), shared with the unit tests.
 */
type Json = Record<string, unknown>;

/** Each profile the file overrides values for, with the overridden paths (`profiles.<name>`). */
export function profileOverrides(value: Json | undefined): { profile: string; paths: string[] }[] {
  const profiles = value?.profiles;
  if (typeof profiles !== 'object' || profiles === null || Array.isArray(profiles)) return [];
  return Object.entries(profiles as Json).map(([profile, entry]) => ({ profile, paths: leafPaths(entry, '') }));
}

function leafPaths(value: unknown, prefix: string): string[] {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return prefix === '' ? [] : [prefix];
  const entries = Object.entries(value as Json);
  // An object of values the form shows whole (admins' lists) is named, not its leaves.
  if (prefix !== '' && entries.every(([, v]) => typeof v !== 'object' || v === null || Array.isArray(v)) && prefix !== 'extraction') return [prefix];
  return entries.flatMap(([key, v]) => leafPaths(v, prefix === '' ? key : `${prefix}.${key}`));
}

/**
 * The form edits the base values; the overrides stay in the file untouched (saving writes only
 * the fields changed in the form), and it says so rather than showing them as editable.
 */
export function overridesNote(overrides: readonly { profile: string; paths: string[] }[]): string {
  const each = overrides.map((o) => `"${o.profile}" (${o.paths.length > 0 ? o.paths.join(', ') : 'nothing yet'})`).join('; ');
  return `This file has overrides for ${overrides.length === 1 ? 'the profile' : 'the profiles'} ${each}. The form edits the base values; the overrides are kept as they are when it saves (edit them in the editor).`;
}
