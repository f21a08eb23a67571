/**
 * What the profile's status bar item says: which profile applies and where that comes from (a
 * choice made for this workspace, or the setting `atlan.profile`). Plain, so unit tests read it.
 */
import type { ProfileSource } from './activeProfile';

export function profileStatus(source: ProfileSource, setting: string | undefined): { text: string; tooltip: string } {
  const { name, from } = source;
  const what = name === undefined ? 'no profile, the configuration files apply as written' : `the profiles.${name} overrides apply`;
  const settingSays = setting === undefined ? 'the setting atlan.profile is empty' : `the setting atlan.profile says "${setting}"`;
  if (from === 'workspace') {
    return { text: `$(layers) ${name ?? 'No profile'} (workspace)`, tooltip: `Atlan: ${what}, chosen for this workspace (${settingSays}). Select Profile to change it or use the setting.` };
  }
  // The default with nothing set needs no origin: "No profile" says it all.
  return { text: `$(layers) ${name === undefined ? 'No profile' : `${name} (setting)`}`, tooltip: `Atlan: ${what}: ${settingSays}. Select Profile to change.` };
}
