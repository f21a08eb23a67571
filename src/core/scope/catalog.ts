/**
 * What the scope preview knows of the database: the one the credential connects to (the only one
 * a Postgres crawl reads), the other databases on the server by name, the schemas the role can see
 * there, and their tables and views. Validated where it enters (rows from Postgres), item by item.
 */
import * as z from 'zod';

export const RELATION_KINDS = ['table', 'partition', 'partitioned table', 'foreign table', 'view', 'materialized view'] as const;
export type RelationKind = (typeof RELATION_KINDS)[number];

export interface CatalogRelation {
  schema: string;
  name: string;
  kind: RelationKind;
}

export interface DatabaseCatalog {
  /** current_database() of the credential's connection. */
  database: string;
  /** Every other database on the server that accepts connections, by name. */
  otherDatabases: string[];
  /** Schemas of `database` the role can see (information_schema.schemata), system ones included. */
  schemas: string[];
  /** Tables, partitions, foreign tables, views and materialized views in the non-system schemas. */
  relations: CatalogRelation[];
  /** Rows that could not be read (an odd relkind, a null name), counted rather than hidden. */
  unreadableRows: number;
}

/** pg_class.relkind (and relispartition) -> the kind the preview shows. */
export function relationKind(relkind: string, isPartition: boolean): RelationKind | undefined {
  switch (relkind) {
    case 'r':
      return isPartition ? 'partition' : 'table';
    case 'p':
      return 'partitioned table';
    case 'f':
      return 'foreign table';
    case 'v':
      return 'view';
    case 'm':
      return 'materialized view';
    default:
      return undefined;
  }
}

export function isView(kind: RelationKind): boolean {
  return kind === 'view' || kind === 'materialized view';
}

const relationRowSchema = z.object({
  schema: z.string(),
  name: z.string(),
  relkind: z.string(),
  is_partition: z.boolean().catch(false),
});

/** Reads relation rows one by one: a row that does not fit is counted, the rest still shown. */
export function relationsFromRows(rows: readonly unknown[]): { relations: CatalogRelation[]; unreadable: number } {
  const relations: CatalogRelation[] = [];
  let unreadable = 0;
  for (const row of rows) {
    const parsed = relationRowSchema.safeParse(row);
    const kind = parsed.success ? relationKind(parsed.data.relkind, parsed.data.is_partition) : undefined;
    if (!parsed.success || kind === undefined) {
      unreadable++;
      continue;
    }
    relations.push({ schema: parsed.data.schema, name: parsed.data.name, kind });
  }
  return { relations, unreadable };
}

/** System schemas as the crawler (and the sandbox) leave them out: pg_* and information_schema. */
export function isSystemSchema(name: string): boolean {
  return name.startsWith('pg_') || name === 'information_schema';
}
