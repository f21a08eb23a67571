/**
 * A schema both included and excluded: exclude wins, so the crawl silently drops a schema the
 * user asked for. An error, checked on include and exclude on their own (each validated by
 * itself), so it shows even while other parts of the file are wrong. Names are compared the way
 * the builder sends them: `public` and `^public$` are the same schema.
 */
import { anchorFilterName } from './filterNames';
import { formatPath, type IssuePath } from './issues';
import { AssetFilterSchema, type AssetFilter } from './model';

export interface FilterOverlap {
  /** The included schema (where the error is shown). */
  path: IssuePath;
  message: string;
}

export function includeExcludeOverlaps(include: unknown, exclude: unknown): FilterOverlap[] {
  const included = AssetFilterSchema.safeParse(include);
  const excluded = AssetFilterSchema.safeParse(exclude);
  if (!included.success || !excluded.success) return [];
  const excludedAt = excludedSchemas(excluded.data);
  const out: FilterOverlap[] = [];
  for (const [db, schemas] of Object.entries(included.data)) {
    schemas.forEach((schema, i) => {
      const where = excludedAt.get(`${anchorFilterName(db)}\n${anchorFilterName(schema)}`);
      if (!where) return;
      const includePath = ['include', db, i];
      out.push({
        path: includePath,
        message:
          `${formatPath(includePath)}: schema "${schema}" of database "${db}" is also excluded by ${formatPath(where)}; ` +
          `exclude wins, so the crawl would skip it. Remove it from ${formatPath(where.slice(0, 2))} to crawl it, ` +
          `or from ${formatPath(includePath.slice(0, 2))} if it should not be crawled`,
      });
    });
  }
  return out;
}

/** "^db$\n^schema$" -> the path of its (first) exclude entry. */
function excludedSchemas(exclude: AssetFilter): Map<string, IssuePath> {
  const at = new Map<string, IssuePath>();
  for (const [db, schemas] of Object.entries(exclude)) {
    schemas.forEach((schema, i) => {
      const key = `${anchorFilterName(db)}\n${anchorFilterName(schema)}`;
      if (!at.has(key)) at.set(key, ['exclude', db, i]);
    });
  }
  return at;
}
