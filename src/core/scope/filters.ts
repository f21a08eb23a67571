/**
 * The include / exclude maps of a file, compiled the way the crawler reads them after the builder
 * sent them: each name is anchored as the builder anchors it (`sales` -> `^sales$`, an anchored
 * regex as written), the crawler strips the anchors again and matches `^db\.schema$` against
 * `database.schema` (a regex, case-sensitive); an empty schema list means every schema; an empty
 * include map means everything; exclude is tested after include and wins. Each compiled pattern
 * remembers the entry it came from, so a verdict can say which entry decided it.
 */
import { anchorFilterName } from '../config/filterNames';
import type { AssetFilter } from '../config/model';

export interface FilterRule {
  /** Where the entry is in the file: `exclude.analytics[1]`, or `exclude.analytics` for a whole database. */
  entry: string;
  /** The entry as written. */
  written: string;
  regex: RegExp;
}

export interface CompiledScopeFilters {
  /** Matched against `database.schema`; empty = every schema is included. */
  includeSchemas: FilterRule[];
  excludeSchemas: FilterRule[];
  /** Databases the include map names (anchors stripped); empty = every database. */
  includeDatabases: FilterRule[];
  /** Databases excluded whole (an exclude entry with an empty schema list). */
  excludeDatabases: FilterRule[];
}

export class ScopeFilterError extends Error {
  override name = 'ScopeFilterError';
}

/** `^^db$$` -> `db`: the crawler strips every leading / trailing `^` and `$` before re-anchoring. */
export function stripAnchors(token: string): string {
  return token.replace(/^[\^$]+|[\^$]+$/g, '');
}

/** A file name as the crawler ends up matching it: anchored by the builder, stripped by the crawler. */
export function crawlerToken(name: string): string {
  return stripAnchors(anchorFilterName(name));
}

function compile(pattern: string, entry: string, written: string): FilterRule {
  try {
    return { entry, written, regex: new RegExp(pattern) };
  } catch (e) {
    const reason = e instanceof Error ? e.message.replace(/^Invalid regular expression: \/.*\/[a-z]*: /s, '') : String(e);
    throw new ScopeFilterError(`${entry} "${written}" is not a valid regular expression once anchored (${reason})`);
  }
}

function schemaRules(map: AssetFilter, side: 'include' | 'exclude'): FilterRule[] {
  const rules: FilterRule[] = [];
  for (const [db, schemas] of Object.entries(map)) {
    const database = crawlerToken(db);
    if (schemas.length === 0) {
      rules.push(compile(`^${database}\\..*$`, `${side}.${db}`, `${db} (every schema)`));
      continue;
    }
    schemas.forEach((schema, i) => rules.push(compile(`^${database}\\.${crawlerToken(schema)}$`, `${side}.${db}[${i}]`, schema)));
  }
  return rules;
}

function databaseRules(keys: string[], side: 'include' | 'exclude'): FilterRule[] {
  return keys.map((db) => compile(`^(${crawlerToken(db)})$`, `${side}.${db}`, db));
}

export function compileScopeFilters(include: AssetFilter, exclude: AssetFilter): CompiledScopeFilters {
  return {
    includeSchemas: schemaRules(include, 'include'),
    excludeSchemas: schemaRules(exclude, 'exclude'),
    includeDatabases: databaseRules(Object.keys(include), 'include'),
    excludeDatabases: databaseRules(
      Object.entries(exclude)
        .filter(([, schemas]) => schemas.length === 0)
        .map(([db]) => db),
      'exclude',
    ),
  };
}

export function firstMatch(rules: readonly FilterRule[], text: string): FilterRule | undefined {
  return rules.find((rule) => rule.regex.test(text));
}
