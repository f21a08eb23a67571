/**
 * Atlan's include / exclude semantics for SQL crawlers, turned into the POSIX regexes the
 * catalog queries match against `database.schema`:
 * - each map key names a database, each value lists its schemas (`[]` or `"*"` = every schema);
 *   keys and values arrive anchored (`^name$`) and the anchors are stripped before re-anchoring
 *   the pair as `^db\.schema$`, as Atlan's SQL apps do;
 * - an empty include map means everything, an empty exclude map means nothing;
 * - a schema named by both is excluded (the exclude test runs after the include test);
 * - the exclude regex (`temp-table-regex`) is matched, unanchored, against table and view names.
 */
import * as z from 'zod';

const schemaListSchema = z.union([z.array(z.string()), z.literal('*')]);
const filterMapSchema = z.record(z.string().min(1, 'a database key must not be empty'), schemaListSchema);

export const crawlFiltersSchema = z.object({
  include: filterMapSchema,
  exclude: filterMapSchema,
  excludeRegex: z.string(),
});

export type FilterMap = z.infer<typeof filterMapSchema>;

/** The regexes a crawl evaluates inside Postgres (`~` / `!~`), so matching is Postgres' own. */
export interface CompiledFilters {
  /** Matched against `database.schema`; `.*` when the include map is empty. */
  includeSchemas: string;
  /** Matched against `database.schema`; `^$` (matches nothing real) when the exclude map is empty. */
  excludeSchemas: string;
  /** Matched against the database name: the include map's databases, `.*` when empty. */
  includeDatabases: string;
  /** Databases excluded whole (an exclude entry with no schema list); `^$` when none. */
  excludeDatabases: string;
  /** Table / view names to drop; undefined when there is no exclude regex. */
  excludeRelations: string | undefined;
}

/** `^db$` -> `db`: Atlan strips every leading / trailing `^` and `$` before re-anchoring. */
export function stripAnchors(token: string): string {
  return token.replace(/^[\^$]+|[\^$]+$/g, '');
}

function isWholeDatabase(schemas: string[] | '*'): boolean {
  return schemas === '*' || schemas.length === 0;
}

function schemaPatterns(map: FilterMap): string[] {
  const patterns: string[] = [];
  for (const [databaseKey, schemas] of Object.entries(map)) {
    const database = stripAnchors(databaseKey);
    if (isWholeDatabase(schemas)) {
      patterns.push(`^${database}\\..*$`);
      continue;
    }
    for (const schema of schemas as string[]) patterns.push(`^${database}\\.${stripAnchors(schema)}$`);
  }
  return patterns;
}

function databaseAlternation(databases: string[], whenEmpty: string): string {
  return databases.length === 0 ? whenEmpty : `^(${databases.join('|')})$`;
}

export function compileFilters(filters: z.infer<typeof crawlFiltersSchema>): CompiledFilters {
  const include = schemaPatterns(filters.include);
  const exclude = schemaPatterns(filters.exclude);
  const wholeExcluded = Object.entries(filters.exclude)
    .filter(([, schemas]) => isWholeDatabase(schemas))
    .map(([key]) => stripAnchors(key));
  return {
    includeSchemas: include.length > 0 ? include.join('|') : '.*',
    excludeSchemas: exclude.length > 0 ? exclude.join('|') : '^$',
    includeDatabases: databaseAlternation(Object.keys(filters.include).map(stripAnchors), '.*'),
    excludeDatabases: databaseAlternation(wholeExcluded, '^$'),
    excludeRelations: filters.excludeRegex === '' ? undefined : filters.excludeRegex,
  };
}
