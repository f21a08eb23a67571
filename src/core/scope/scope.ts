/**
 * A crawl's scope, decided object by object with the crawler's semantics: the credential's
 * database only, system schemas never, then the include map, then the exclude map (which wins),
 * then the exclude regex on table and view names. Every excluded object says why.
 */
import type { CrawlerConfig } from '../config/model';
import { isSystemSchema, isView, type CatalogRelation, type DatabaseCatalog, type RelationKind } from './catalog';
import { compileScopeFilters, firstMatch, ScopeFilterError, type CompiledScopeFilters } from './filters';
import { compileJavaPattern } from '../config/javaRegex';

export type ExclusionReason = 'other-database' | 'system-schema' | 'not-included' | 'excluded' | 'regex';

export type Verdict = { included: true } | { included: false; reason: ExclusionReason; why: string };

export interface ScopeRelation {
  name: string;
  kind: RelationKind;
  verdict: Verdict;
}

export interface ScopeSchema {
  name: string;
  verdict: Verdict;
  relations: ScopeRelation[];
}

export interface ScopeDatabase {
  name: string;
  verdict: Verdict;
  /** Only the credential's database is read; the others are listed by name. */
  schemas: ScopeSchema[];
}

export interface ScopeTotals {
  databases: number;
  /** Non-system schemas of the crawled database. */
  schemas: number;
  includedSchemas: number;
  tablesAndViews: number;
  includedTables: number;
  includedViews: number;
  excluded: number;
  excludedByRegex: number;
}

export interface CrawlScope {
  database: string;
  databases: ScopeDatabase[];
  totals: ScopeTotals;
  /** Things worth knowing that are not a verdict: include entries that match nothing, and so on. */
  notes: string[];
}

/** The parts of a configuration that decide the scope. */
export type ScopeConfig = Pick<CrawlerConfig, 'include' | 'exclude' | 'excludeRegex' | 'sourceLevelFiltering'>;

const INCLUDED: Verdict = { included: true };

function excluded(reason: ExclusionReason, why: string): Verdict {
  return { included: false, reason, why };
}

/** Throws ScopeFilterError when a filter name or the exclude regex cannot be matched as the crawler would. */
export function computeScope(catalog: DatabaseCatalog, config: ScopeConfig): CrawlScope {
  const filters = compileScopeFilters(config.include, config.exclude);
  const regexSource = config.excludeRegex ?? '';
  let regex: RegExp | undefined;
  if (regexSource !== '') {
    const compiled = compileJavaPattern(regexSource);
    if (!compiled.ok) throw new ScopeFilterError(`excludeRegex ${compiled.error}`);
    regex = compiled.regex;
  }

  const crawled = crawledDatabase(catalog, filters, regex, regexSource);
  const others: ScopeDatabase[] = catalog.otherDatabases.map((name) => ({
    name,
    verdict: excluded('other-database', `another database on the server: a Postgres crawl reads only the credential's database, ${catalog.database}`),
    schemas: [],
  }));
  const databases = [crawled, ...others].sort((a, b) => a.name.localeCompare(b.name));
  return { database: catalog.database, databases, totals: totalsOf(crawled, databases.length), notes: notesFor(catalog, config, filters) };
}

function crawledDatabase(catalog: DatabaseCatalog, filters: CompiledScopeFilters, regex: RegExp | undefined, regexSource: string): ScopeDatabase {
  const db = catalog.database;
  const databaseVerdict = databaseVerdictOf(db, filters);
  const bySchema = new Map<string, CatalogRelation[]>();
  for (const relation of catalog.relations) {
    const list = bySchema.get(relation.schema);
    if (list) list.push(relation);
    else bySchema.set(relation.schema, [relation]);
  }
  const schemas: ScopeSchema[] = [];
  for (const name of [...new Set(catalog.schemas)].sort()) {
    if (isSystemSchema(name)) {
      schemas.push({ name, verdict: excluded('system-schema', 'a system schema: never crawled'), relations: [] });
      continue;
    }
    const verdict = databaseVerdict.included ? schemaVerdictOf(`${db}.${name}`, filters) : databaseVerdict;
    const relations = (bySchema.get(name) ?? [])
      .map((relation): ScopeRelation => ({ name: relation.name, kind: relation.kind, verdict: relationVerdictOf(relation.name, verdict, regex, regexSource) }))
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    schemas.push({ name, verdict, relations });
  }
  return { name: db, verdict: databaseVerdict, schemas };
}

function databaseVerdictOf(db: string, filters: CompiledScopeFilters): Verdict {
  const whole = firstMatch(filters.excludeDatabases, db);
  if (whole) return excluded('excluded', `excluded by ${whole.entry} (every schema)`);
  if (filters.includeDatabases.length > 0 && !firstMatch(filters.includeDatabases, db)) {
    return excluded('not-included', 'not in the include map');
  }
  return INCLUDED;
}

function schemaVerdictOf(qualified: string, filters: CompiledScopeFilters): Verdict {
  const exclusion = firstMatch(filters.excludeSchemas, qualified);
  const inclusion = filters.includeSchemas.length === 0 || firstMatch(filters.includeSchemas, qualified) !== undefined;
  // Exclude wins; a schema outside the include map is reported as such even if also excluded.
  if (!inclusion) return excluded('not-included', 'not in the include map');
  if (exclusion) return excluded('excluded', `excluded by ${exclusion.entry} "${exclusion.written}"`);
  return INCLUDED;
}

function relationVerdictOf(name: string, schema: Verdict, regex: RegExp | undefined, regexSource: string): Verdict {
  if (!schema.included) return schema;
  if (regex?.test(name)) return excluded('regex', `matched by the exclude regex "${regexSource}"`);
  return INCLUDED;
}

function totalsOf(crawled: ScopeDatabase, databases: number): ScopeTotals {
  const totals: ScopeTotals = {
    databases,
    schemas: 0,
    includedSchemas: 0,
    tablesAndViews: 0,
    includedTables: 0,
    includedViews: 0,
    excluded: 0,
    excludedByRegex: 0,
  };
  for (const schema of crawled.schemas) {
    if (schema.verdict.included === false && schema.verdict.reason === 'system-schema') continue;
    totals.schemas++;
    if (schema.verdict.included) totals.includedSchemas++;
    for (const relation of schema.relations) {
      totals.tablesAndViews++;
      if (relation.verdict.included) {
        if (isView(relation.kind)) totals.includedViews++;
        else totals.includedTables++;
      } else {
        totals.excluded++;
        if (relation.verdict.reason === 'regex') totals.excludedByRegex++;
      }
    }
  }
  return totals;
}

/** Include entries that name nothing this crawl can reach, and what source-level filtering changes. */
function notesFor(catalog: DatabaseCatalog, config: ScopeConfig, filters: CompiledScopeFilters): string[] {
  const notes: string[] = [];
  const qualified = catalog.schemas.filter((s) => !isSystemSchema(s)).map((s) => `${catalog.database}.${s}`);
  for (const rule of filters.includeDatabases) {
    if (!rule.regex.test(catalog.database)) {
      notes.push(`${rule.entry} names database "${rule.written}", which this crawl cannot reach: it reads only ${catalog.database}, the credential's database`);
    }
  }
  for (const rule of filters.includeSchemas) {
    const database = rule.entry.slice('include.'.length).replace(/\[\d+\]$/, '');
    if (!filters.includeDatabases.some((d) => d.entry === `include.${database}` && d.regex.test(catalog.database))) continue;
    if (!qualified.some((q) => rule.regex.test(q))) notes.push(`${rule.entry} "${rule.written}" matches no schema of ${catalog.database}`);
  }
  if (catalog.unreadableRows > 0) notes.push(`${catalog.unreadableRows} catalog row(s) could not be read and are not shown`);
  notes.push(
    config.sourceLevelFiltering
      ? 'source-level filtering is on: schemas outside the scope are not even read from the database'
      : 'source-level filtering is off: the crawler reads every schema and drops those outside the scope; the scope is the same',
  );
  return notes;
}

export { ScopeFilterError };
