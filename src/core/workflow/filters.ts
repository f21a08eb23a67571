/**
 * Include / exclude filters on the wire: `{"^db$": ["^schema$", ...]}` as a JSON string, `{}`
 * when empty. Plain names are anchored into exact regexes; names already written as anchored
 * regexes (`^sales_.*$`) pass through, as the App SDK does.
 */
import { anchorFilterName, hasRegexMetacharacters, isAnchored } from '../config/filterNames';
import type { AssetFilter } from '../config/model';

export function anchor(name: string): string {
  return anchorFilterName(name);
}

/** `^name$` -> `name` when that is exactly what building would produce again; otherwise the regex as is. */
export function unanchor(token: string): string {
  if (!isAnchored(token)) return token;
  const inner = token.slice(1, -1);
  return inner !== '' && !hasRegexMetacharacters(inner) ? inner : token;
}

export function filterToWire(filter: AssetFilter): string {
  const out: Record<string, string[]> = {};
  for (const [db, schemas] of Object.entries(filter)) out[anchor(db)] = schemas.map(anchor);
  return JSON.stringify(out);
}

/** Reads a wire filter (a JSON string or an object) back into file form; undefined when malformed. */
export function filterFromWire(wire: unknown): AssetFilter | undefined {
  let value = wire;
  if (typeof wire === 'string') {
    if (wire.trim() === '') return {};
    try {
      value = JSON.parse(wire);
    } catch {
      return undefined;
    }
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const out: AssetFilter = {};
  for (const [db, schemas] of Object.entries(value as Record<string, unknown>)) {
    if (!Array.isArray(schemas) || schemas.some((s) => typeof s !== 'string')) return undefined;
    const key = unanchor(db);
    // A "__proto__" key would set the prototype instead of adding a database.
    if (key === '__proto__') return undefined;
    out[key] = (schemas as string[]).map(unanchor);
  }
  return out;
}
