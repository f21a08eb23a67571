/**
 * A small property-testing kit for the scope preview: a seeded random source (so a failure names
 * the seed that reproduces it) and generators of catalogs and filter maps drawn from a shared
 * pool of names, so filters hit real objects often, near misses (prefixes, other case) sometimes.
 */
import type { AssetFilter } from '../../../src/core/config/model';
import type { CatalogRelation, DatabaseCatalog, RelationKind } from '../../../src/core/scope';

/** mulberry32: tiny, fast, good enough to spread test cases. */
export class Random {
  private state: number;
  constructor(readonly seed: number) {
    this.state = seed >>> 0;
  }
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(max: number): number {
    return Math.floor(this.next() * max);
  }
  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)];
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  subset<T>(items: readonly T[], p: number): T[] {
    return items.filter(() => this.chance(p));
  }
}

export const DATABASE_NAMES = ['analytics', 'inventory', 'sales', 'postgres'] as const;
/** Near misses on purpose: "sales" vs "sales_eu" vs "presales" tests the anchoring. */
export const SCHEMA_NAMES = ['public', 'sales', 'sales_eu', 'presales', 'staging', 'marketing', 'Sales', 'raw'] as const;
const RELATION_STEMS = ['orders', 'customers', 'events', 'ORDERS', 'tmp_load', 'leads', 'items'];
const RELATION_SUFFIXES = ['', '_TEST', '_test', '_2024', '_tmp'];
const KINDS: readonly RelationKind[] = ['table', 'table', 'table', 'partition', 'partitioned table', 'foreign table', 'view', 'materialized view'];
const SYSTEM_SCHEMAS = ['pg_catalog', 'information_schema', 'pg_toast'];

export function genCatalog(r: Random): DatabaseCatalog {
  const database = r.pick(DATABASE_NAMES);
  const otherDatabases = r.subset(DATABASE_NAMES.filter((d) => d !== database), 0.5);
  const userSchemas = r.subset(SCHEMA_NAMES, 0.6);
  const schemas = [...userSchemas, ...r.subset(SYSTEM_SCHEMAS, 0.7)];
  const relations: CatalogRelation[] = [];
  for (const schema of userSchemas) {
    const seen = new Set<string>();
    const n = r.int(6);
    for (let i = 0; i < n; i++) {
      const name = `${r.pick(RELATION_STEMS)}${r.pick(RELATION_SUFFIXES)}`;
      if (seen.has(name)) continue;
      seen.add(name);
      relations.push({ schema, name, kind: r.pick(KINDS) });
    }
  }
  return { database, otherDatabases, schemas, relations, unreadableRows: 0 };
}

/** A map of plain names (no regex metacharacters), as most files are written. */
export function genPlainFilter(r: Random, p: number): AssetFilter {
  const out: AssetFilter = {};
  for (const db of r.subset(DATABASE_NAMES, p)) out[db] = r.chance(0.25) ? [] : r.subset(SCHEMA_NAMES, 0.35);
  return out;
}

/** Exclude regexes with a reference predicate saying which names Java's find() matches. */
export const REGEXES: readonly { source: string; matches: (name: string) => boolean }[] = [
  { source: '', matches: () => false },
  { source: '.*_TEST', matches: (n) => n.includes('_TEST') },
  { source: '_test$', matches: (n) => n.endsWith('_test') },
  { source: '^tmp', matches: (n) => n.startsWith('tmp') },
  { source: '(?i).*_test', matches: (n) => n.toLowerCase().includes('_test') },
  { source: '\\Q_2024\\E', matches: (n) => n.includes('_2024') },
  { source: 'ORDERS|leads', matches: (n) => n.includes('ORDERS') || n.includes('leads') },
  { source: '\\p{Upper}{6}', matches: (n) => /[A-Z]{6}/.test(n) },
];
