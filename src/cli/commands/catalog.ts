/** `atlan-postgres catalog NAME|FILE`: what the workflow's crawls produced in Atlan's catalog. */
import type { CatalogItem } from '../../core/atlan';
import { formatCatalogCounts } from '../../core/format/catalogWords';
import type { CliCommand } from '../command';
import { UsageError } from '../command';
import { ExitCode } from '../exitCodes';
import { CliFailure } from '../failures';
import { ENVIRONMENT_HELP, TENANT_HELP, TENANT_OPTIONS, parseSurfaceChoice, withTenant } from '../tenant';
import { resolveWorkflowTarget } from '../workflowTarget';
import { unreadNote } from './output';
import { requireWorkflow } from './workflowLookup';

/** Schemas listed per database (one request each); a connection with more says how many are left out. */
const SCHEMAS_PER_DATABASE = 1000;
/** Databases listed (one request); a Postgres connection crawls one. */
const DATABASES = 100;

interface DatabaseListing {
  database: CatalogItem;
  schemas: CatalogItem[];
  totalSchemas?: number;
}

function counted(count: number | undefined, one: string, many: string): string | undefined {
  return count === undefined ? undefined : `${count.toLocaleString('en-US')} ${count === 1 ? one : many}`;
}

export const catalogCommand: CliCommand = {
  name: 'catalog',
  summary: "Show what a workflow's crawls produced in Atlan's catalog (counts by type, schemas)",
  help: [
    'Usage: atlan-postgres catalog NAME|FILE [--surface auto|apps|workflows] [--json]',
    '',
    "Reads Atlan's catalog (the asset search) for the connection of the workflow NAME, or of the one",
    'FILE records: the counts of its active assets by type (one request), then each database and its',
    'schemas with their table and view counts (one request each).',
    'A connection the tenant has no assets for (not crawled yet) is said so, exit 0.',
    '',
    'Options:',
    ...TENANT_HELP,
    '  --json      print {"workflow", "connectionQualifiedName", "counts", "databases": [{..., "schemas": [...]}]} instead',
    '',
    ...ENVIRONMENT_HELP,
  ].join('\n'),
  options: { ...TENANT_OPTIONS },
  async run({ positionals, values, json, io }) {
    if (positionals.length !== 1) throw new UsageError('catalog needs exactly one NAME or FILE');
    const choice = parseSurfaceChoice(values.surface);
    const target = await resolveWorkflowTarget(positionals[0], io);
    const signal = io.signal ? { signal: io.signal } : {};

    return withTenant(io, choice, async ({ client, backend, surface, origin }) => {
      const workflow = await requireWorkflow(backend, target, origin, signal);
      const connection = workflow.connectionQualifiedName;
      if (!connection) {
        throw new CliFailure(ExitCode.invalid, 'noConnection', `${origin} does not say which connection ${target.name} crawls into, so its assets cannot be looked up`);
      }
      const catalog = client.catalog();
      const [counts, databases] = await Promise.all([
        catalog.counts(connection, signal),
        catalog.children({ kind: 'connection', qualifiedName: connection }, { size: DATABASES }, signal),
      ]);
      const unread = [...databases.unread];
      const listings: DatabaseListing[] = [];
      for (const database of databases.items) {
        const schemas = await catalog.children({ kind: 'database', qualifiedName: database.qualifiedName }, { size: SCHEMAS_PER_DATABASE }, signal);
        unread.push(...schemas.unread);
        listings.push({ database, schemas: schemas.items, ...(schemas.total !== undefined ? { totalSchemas: schemas.total } : {}) });
      }
      const crawled = counts.total > 0;
      if (json) {
        const document = {
          surface,
          origin,
          workflow: target.name,
          connectionQualifiedName: connection,
          crawled,
          counts: { ...counts.byType },
          total: counts.total,
          databases: listings.map((l) => ({ ...l.database, ...(l.totalSchemas !== undefined ? { totalSchemas: l.totalSchemas } : {}), schemas: l.schemas })),
          ...(unread.length > 0 ? { unread } : {}),
        };
        io.stdout(`${JSON.stringify(document, null, 2)}\n`);
        if (unread.length > 0) io.stderr(`${unreadNote(unread, 'assets')}\n`);
        return ExitCode.ok;
      }
      io.stdout(`${workflow.connectionName ?? target.name} · connection ${connection}\n`);
      if (!crawled) {
        io.stdout(`Atlan's catalog has no assets for this connection yet: the crawler has not run, or its run has not published.\n`);
        return ExitCode.ok;
      }
      io.stdout(`${formatCatalogCounts(counts)}\n`);
      for (const { database, schemas, totalSchemas } of listings) {
        io.stdout(`\n${database.name}${database.schemaCount !== undefined ? ` (${counted(database.schemaCount, 'schema', 'schemas')})` : ''}\n`);
        const width = Math.max(0, ...schemas.map((s) => s.name.length));
        for (const schema of schemas) {
          const parts = [counted(schema.tableCount, 'table', 'tables'), counted(schema.viewsCount, 'view', 'views')].filter(Boolean).join(', ');
          io.stdout(`  ${schema.name.padEnd(width)}  ${parts}\n`.replace(/\s+\n$/, '\n'));
        }
        if (totalSchemas !== undefined && totalSchemas > schemas.length) io.stdout(`  (${schemas.length} of ${totalSchemas} schemas)\n`);
      }
      if (databases.nextFrom !== undefined) io.stdout(`\n(${databases.items.length} of ${databases.total ?? 'more'} databases)\n`);
      if (unread.length > 0) io.stderr(`${unreadNote(unread, 'assets')}\n`);
      return ExitCode.ok;
    });
  },
};
