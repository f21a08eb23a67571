/**
 * The choices of the form's name pickers, as names. A picker's selection is the list of names
 * the user chose, never positions in the offered list: the list is refreshed (Test connection,
 * the tenant's directory) and re-rendered while the choice must stay what the user clicked.
 * No `vscode`: the webview bundles this.
 */

/**
 * What a picker offers: the known names in the order they came (a refresh never moves what the
 * user is about to click), then chosen names the list does not know (typed, or from the file).
 */
export function offeredNames(available: readonly string[], chosen: readonly string[]): string[] {
  const known = new Set(available);
  return [...new Set([...available, ...chosen.filter((name) => !known.has(name))])];
}

/** Picking a chosen name unpicks it; any other name is added after those already chosen. */
export function toggleName(chosen: readonly string[], name: string): string[] {
  return chosen.includes(name) ? chosen.filter((n) => n !== name) : [...chosen, name];
}

/** The offered names that contain what was typed, ignoring case; all of them when nothing was. */
export function namesMatching(offered: readonly string[], typed: string): string[] {
  const needle = typed.trim().toLowerCase();
  return needle === '' ? [...offered] : offered.filter((name) => name.toLowerCase().includes(needle));
}
