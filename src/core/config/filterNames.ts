/**
 * How include / exclude names become the crawler's regexes: a plain name is matched exactly
 * (`^name$`), a name already written as an anchored regex passes through. The builder and the
 * overlap check share this so they agree on which spellings name the same schema.
 */

/** Regex metacharacters that change what a database or schema name matches. */
const METACHARACTERS = /[.*+?()[\]{}|\\^$]/;

export function hasRegexMetacharacters(name: string): boolean {
  return METACHARACTERS.test(name);
}

/** True when a filter token is already a complete anchored regex, passed through as written. */
export function isAnchored(token: string): boolean {
  return token.length >= 2 && token.startsWith('^') && token.endsWith('$');
}

/** The regex the crawler receives for a database or schema name. */
export function anchorFilterName(name: string): string {
  return isAnchored(name) ? name : `^${name}$`;
}
