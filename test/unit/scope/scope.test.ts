import assert from 'node:assert/strict';
import type { AssetFilter } from '../../../src/core/config/model';
import { computeScope, ScopeFilterError, totalsSentence, type CrawlScope, type DatabaseCatalog, type ScopeConfig, type Verdict } from '../../../src/core/scope';
import { genCatalog, genPlainFilter, Random, REGEXES } from './generators';

const RUNS = 400;

function config(include: AssetFilter, exclude: AssetFilter, excludeRegex = ''): ScopeConfig {
  return { include, exclude, excludeRegex, sourceLevelFiltering: false };
}

/** Runs `property` on RUNS generated cases; a failure names the seed that reproduces it. */
function forAll(property: (r: Random) => void): void {
  for (let seed = 1; seed <= RUNS; seed++) {
    try {
      property(new Random(seed));
    } catch (err) {
      if (err instanceof Error) err.message = `seed ${seed}: ${err.message}`;
      throw err;
    }
  }
}

/** Every relation of the crawled database: `schema.name` -> verdict. */
function relationVerdicts(scope: CrawlScope): Map<string, Verdict> {
  const out = new Map<string, Verdict>();
  const db = scope.databases.find((d) => d.name === scope.database);
  for (const schema of db?.schemas ?? []) for (const rel of schema.relations) out.set(`${schema.name}.${rel.name}`, rel.verdict);
  return out;
}

function schemaVerdicts(scope: CrawlScope): Map<string, Verdict> {
  const db = scope.databases.find((d) => d.name === scope.database);
  return new Map((db?.schemas ?? []).map((s) => [s.name, s.verdict]));
}

/** The crawler's semantics for plain names, written as set logic (no regexes). */
function referenceSchemaIncluded(catalog: DatabaseCatalog, include: AssetFilter, exclude: AssetFilter, schema: string): boolean {
  if (schema.startsWith('pg_') || schema === 'information_schema') return false;
  const db = catalog.database;
  const includeList = include[db];
  const included = Object.keys(include).length === 0 || (includeList !== undefined && (includeList.length === 0 || includeList.includes(schema)));
  const excludeList = exclude[db];
  const isExcluded = excludeList !== undefined && (excludeList.length === 0 || excludeList.includes(schema));
  return included && !isExcluded;
}

describe('scope preview: the crawler filter semantics, as properties', () => {
  it('equals the set semantics of plain names: include map, exclude map (wins), regex on names', () => {
    forAll((r) => {
      const catalog = genCatalog(r);
      const include = genPlainFilter(r, 0.5);
      const exclude = genPlainFilter(r, 0.3);
      const regex = r.pick(REGEXES);
      const scope = computeScope(catalog, config(include, exclude, regex.source));
      const verdicts = relationVerdicts(scope);
      for (const rel of catalog.relations) {
        const schemaIn = referenceSchemaIncluded(catalog, include, exclude, rel.schema);
        const expected = schemaIn && !regex.matches(rel.name);
        const got = verdicts.get(`${rel.schema}.${rel.name}`);
        assert.equal(got?.included, expected, `${rel.schema}.${rel.name} with include ${JSON.stringify(include)}, exclude ${JSON.stringify(exclude)}, regex "${regex.source}"`);
        if (got && !got.included && schemaIn) assert.equal(got.reason, 'regex');
      }
    });
  });

  it('exclude wins: a schema named by both maps is excluded by the exclude entry', () => {
    forAll((r) => {
      const catalog = genCatalog(r);
      const schemas = catalog.schemas.filter((s) => !s.startsWith('pg_') && s !== 'information_schema');
      if (schemas.length === 0) return;
      const both = r.pick(schemas);
      const scope = computeScope(catalog, config({ [catalog.database]: [both] }, { [catalog.database]: [both] }));
      const verdict = schemaVerdicts(scope).get(both);
      assert.equal(verdict?.included, false);
      assert.equal(verdict?.included === false && verdict.reason, 'excluded');
      for (const rel of catalog.relations.filter((x) => x.schema === both)) assert.equal(relationVerdicts(scope).get(`${both}.${rel.name}`)?.included, false);
    });
  });

  it('names are anchored: "sales" includes the schema sales only, never sales_eu, presales or Sales', () => {
    const catalog: DatabaseCatalog = {
      database: 'analytics',
      otherDatabases: [],
      schemas: ['sales', 'sales_eu', 'presales', 'Sales'],
      relations: [],
      unreadableRows: 0,
    };
    const verdicts = schemaVerdicts(computeScope(catalog, config({ analytics: ['sales'] }, {})));
    assert.deepEqual(
      [...verdicts].map(([name, v]) => [name, v.included]),
      [
        ['Sales', false],
        ['presales', false],
        ['sales', true],
        ['sales_eu', false],
      ],
    );
  });

  it('a name and its anchored spelling give the same scope; an anchored regex matches as a regex', () => {
    forAll((r) => {
      const catalog = genCatalog(r);
      const include = genPlainFilter(r, 0.6);
      const anchored: AssetFilter = Object.fromEntries(Object.entries(include).map(([db, s]) => [`^${db}$`, s.map((x) => `^${x}$`)]));
      assert.deepEqual(relationVerdictsPlain(computeScope(catalog, config(anchored, {}))), relationVerdictsPlain(computeScope(catalog, config(include, {}))));
    });
    const catalog: DatabaseCatalog = { database: 'analytics', otherDatabases: [], schemas: ['sales', 'sales_eu', 'presales'], relations: [], unreadableRows: 0 };
    const verdicts = schemaVerdicts(computeScope(catalog, config({ analytics: ['^sales.*$'] }, {})));
    assert.deepEqual([...verdicts].map(([n, v]) => [n, v.included]), [['presales', false], ['sales', true], ['sales_eu', true]]);
  });

  it('more exclude entries never include more; an empty include map includes every non-system schema', () => {
    forAll((r) => {
      const catalog = genCatalog(r);
      const include = genPlainFilter(r, 0.5);
      const exclude = genPlainFilter(r, 0.3);
      const before = relationVerdicts(computeScope(catalog, config(include, exclude)));
      const more = widen(exclude, genPlainFilter(r, 0.3));
      const after = relationVerdicts(computeScope(catalog, config(include, more)));
      for (const [key, verdict] of after) if (verdict.included) assert.equal(before.get(key)?.included, true, `${key} became included by excluding more`);
      const everything = schemaVerdicts(computeScope(catalog, config({}, {})));
      for (const [name, verdict] of everything) assert.equal(verdict.included, !(name.startsWith('pg_') || name === 'information_schema'), name);
    });
  });

  it('totals agree with the verdicts, and the regex count only counts names the regex excluded', () => {
    forAll((r) => {
      const catalog = genCatalog(r);
      const regex = r.pick(REGEXES);
      const scope = computeScope(catalog, config(genPlainFilter(r, 0.5), genPlainFilter(r, 0.3), regex.source));
      const verdicts = [...relationVerdicts(scope).values()];
      assert.equal(scope.totals.tablesAndViews, catalog.relations.length);
      assert.equal(scope.totals.excluded, verdicts.filter((v) => !v.included).length);
      assert.equal(scope.totals.excludedByRegex, verdicts.filter((v) => !v.included && v.reason === 'regex').length);
      assert.equal(scope.totals.includedTables + scope.totals.includedViews, verdicts.filter((v) => v.included).length);
      assert.equal(scope.totals.databases, 1 + catalog.otherDatabases.length);
      assert.equal(scope.databases.filter((d) => d.verdict.included).length <= 1, true, 'only the credential database can be crawled');
    });
  });

  it('says why: other database, system schema, not included, excluded entry, regex', () => {
    const catalog: DatabaseCatalog = {
      database: 'analytics',
      otherDatabases: ['inventory'],
      schemas: ['information_schema', 'pg_catalog', 'public', 'sales', 'staging'],
      relations: [
        { schema: 'sales', name: 'orders', kind: 'table' },
        { schema: 'sales', name: 'ORDERS_TEST', kind: 'table' },
        { schema: 'staging', name: 'raw', kind: 'table' },
        { schema: 'public', name: 'events', kind: 'view' },
      ],
      unreadableRows: 0,
    };
    const scope = computeScope(catalog, config({ analytics: ['sales', 'staging'] }, { analytics: ['staging'] }, '.*_TEST'));
    const why = (v: Verdict | undefined): string => (v === undefined ? 'missing' : v.included ? 'included' : `${v.reason}: ${v.why}`);
    assert.equal(why(scope.databases.find((d) => d.name === 'inventory')?.verdict), "other-database: another database on the server: a Postgres crawl reads only the credential's database, analytics");
    const schemas = schemaVerdicts(scope);
    assert.equal(why(schemas.get('pg_catalog')), 'system-schema: a system schema: never crawled');
    assert.equal(why(schemas.get('public')), 'not-included: not in the include map');
    assert.equal(why(schemas.get('staging')), 'excluded: excluded by exclude.analytics[0] "staging"');
    const relations = relationVerdicts(scope);
    assert.equal(why(relations.get('sales.ORDERS_TEST')), 'regex: matched by the exclude regex ".*_TEST"');
    assert.equal(why(relations.get('sales.orders')), 'included');
    assert.equal(totalsSentence(scope.totals), '2 databases, 3 schemas, 4 tables and views; 3 excluded, 1 of them by the regex');
  });

  it('a whole-database exclude entry excludes every schema; include entries naming other databases are noted', () => {
    const catalog: DatabaseCatalog = { database: 'analytics', otherDatabases: [], schemas: ['public'], relations: [{ schema: 'public', name: 't', kind: 'table' }], unreadableRows: 0 };
    const scope = computeScope(catalog, config({ analytics: [], inventory: ['stock'] }, { analytics: [] }));
    assert.equal(relationVerdicts(scope).get('public.t')?.included, false);
    assert.ok(scope.notes.some((n) => n.includes('include.inventory names database "inventory"')), scope.notes.join('\n'));
  });

  it('refuses an exclude regex it cannot match as Java does, naming the construct', () => {
    const catalog: DatabaseCatalog = { database: 'a', otherDatabases: [], schemas: [], relations: [], unreadableRows: 0 };
    assert.throws(() => computeScope(catalog, config({}, {}, 'a++')), (e: unknown) => e instanceof ScopeFilterError && /possessive quantifier "\+\+"/.test(e.message));
    assert.throws(() => computeScope(catalog, config({}, {}, '(')), (e: unknown) => e instanceof ScopeFilterError && /excludeRegex is not a valid/.test(e.message));
  });
});

function relationVerdictsPlain(scope: CrawlScope): [string, boolean][] {
  return [...relationVerdicts(scope)].map(([k, v]) => [k, v.included]);
}

/** Both maps' entries: a schema list grows, a whole-database entry ([]) stays whole. */
function widen(a: AssetFilter, b: AssetFilter): AssetFilter {
  const out: AssetFilter = { ...a };
  for (const [db, schemas] of Object.entries(b)) {
    const current = out[db];
    out[db] = current === undefined ? schemas : current.length === 0 || schemas.length === 0 ? [] : [...new Set([...current, ...schemas])];
  }
  return out;
}
