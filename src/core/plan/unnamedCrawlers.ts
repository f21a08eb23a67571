/**
 * Crawlers whose listing does not name their connection (old UI-made ones: their `connection`
 * parameter is plain text), attributed for the plan the way the duplicate guard finds them
 * (LegacyWorkflows.findByConnectionName): ONE asset search for the Postgres Connection assets
 * called any of the names connectionsToLookUp gives (paged if it must), and each such crawler
 * given the name whose qualified name its identity clue accepts (crawlerIdentity.ts).
 */
import { activeOfType, ASSET_FIELDS, assetSearchRequest, type AssetSearchRequest, term, terms } from '../atlan/assetQueries';
import type { AssetSearch } from '../atlan/assetSearch';
import type { CallOptions, CrawlerWorkflow } from '../atlan/backend';
import { connectionClue } from '../atlan/crawlerIdentity';
import { isUnnamedCrawler, type ConflictKind } from './plan';

/** Connection assets asked for per page: a tenant holds one per name, a few when someone made duplicates. */
const CONNECTIONS_PAGE = 100;
/** A runaway answer must not page for ever. */
const MAX_PAGES = 100;

/** The asset search for the active Postgres Connection assets called any of `names`, from `from`. */
export function connectionsByNamesRequest(names: readonly string[], from = 0): AssetSearchRequest {
  const query = activeOfType('Connection', terms(ASSET_FIELDS.name, names), term('connectorName', 'postgres'));
  return assetSearchRequest(query, { from, size: CONNECTIONS_PAGE, attributes: ['connectorName'] });
}

/** Qualified names of the Connection assets by name; an entity without both strings is left out and noted. */
export async function connectionsNamed(
  search: Pick<AssetSearch, 'search'>,
  names: readonly string[],
  note: (text: string) => void,
  options?: CallOptions,
): Promise<Map<string, string[]>> {
  const byName = new Map<string, string[]>();
  const wanted = new Set(names);
  for (let page = 0, from = 0; page < MAX_PAGES; page++) {
    const answer = await search.search(connectionsByNamesRequest(names, from), options);
    const unread = answer.skipped.map((s) => `Connection ${s.index + 1}${s.guid ? ` (${s.guid})` : ''}: ${s.reason}`);
    for (const entity of answer.entities) {
      const name = entity.attributes?.name;
      const qualifiedName = entity.attributes?.qualifiedName;
      if (typeof name !== 'string' || typeof qualifiedName !== 'string') {
        unread.push(`Connection ${entity.guid}: attributes.name or attributes.qualifiedName: not a string`);
        continue;
      }
      // A tenant that ignores part of the query must not attribute a crawler to a name no file has.
      if (!wanted.has(name)) continue;
      const known = byName.get(name);
      if (known) known.push(qualifiedName);
      else byName.set(name, [qualifiedName]);
    }
    if (unread.length > 0) note(`Left out of the Connection assets the plan looked up: ${unread.join('; ')}.`);
    from += answer.returned;
    const total = answer.approximateCount ?? Number.POSITIVE_INFINITY;
    if (answer.returned < CONNECTIONS_PAGE || from >= total) break;
  }
  return byName;
}

export interface Attribution {
  /** The crawlers, those told by a Connection asset now named after it. */
  crawlers: CrawlerWorkflow[];
  /** Names a crawler may be of along with another name: their files are refused, never guessed. */
  unresolved: Map<string, { conflict: ConflictKind; reason: string }>;
}

/** Each unnamed crawler given the one name whose Connection asset its clue accepts. */
export function attributeUnnamedCrawlers(crawlers: readonly CrawlerWorkflow[], connections: ReadonlyMap<string, readonly string[]>): Attribution {
  const unresolved = new Map<string, { conflict: ConflictKind; reason: string }>();
  const attributed = crawlers.map((workflow): CrawlerWorkflow => {
    if (!isUnnamedCrawler(workflow)) return workflow;
    const isItsConnection = connectionClue({ metadata: { name: workflow.name } }, workflow.connectionQualifiedName);
    if (!isItsConnection) return workflow;
    const matches: { name: string; qualifiedName: string }[] = [];
    for (const [name, qualifiedNames] of connections) {
      const qualifiedName = qualifiedNames.find(isItsConnection);
      if (qualifiedName !== undefined) matches.push({ name, qualifiedName });
    }
    if (matches.length === 1) return { ...workflow, connectionName: matches[0].name, connectionQualifiedName: matches[0].qualifiedName };
    if (matches.length > 1) {
      // Its name's second and the next hold connections of two names: which one it crawls is unknown.
      const shown = matches.map((m) => `"${m.name}" (${m.qualifiedName})`).join(' or ');
      for (const { name } of matches) {
        unresolved.set(name, {
          conflict: 'ambiguousConnection',
          reason: `workflow ${workflow.name} does not name its connection and may crawl ${shown}: record the workflow this file manages in "workflow"`,
        });
      }
    }
    return workflow;
  });
  return { crawlers: attributed, unresolved };
}

/** The files' connection names refused because the asset search failed: the tenant's failure, plan again. */
export function unresolvedByFailure(names: readonly string[], crawlers: readonly CrawlerWorkflow[], why: string): Map<string, { conflict: ConflictKind; reason: string }> {
  const unnamed = crawlers.filter(isUnnamedCrawler).map((w) => w.name);
  const shown = unnamed.length > 3 ? `${unnamed.slice(0, 3).join(', ')} and ${unnamed.length - 3} more` : unnamed.join(', ');
  return new Map(
    names.map((name) => [
      name,
      {
        conflict: 'tenantFailure' as const,
        reason: `could not tell whether ${unnamed.length === 1 ? 'workflow' : 'workflows'} ${shown} (not naming ${unnamed.length === 1 ? 'its connection' : 'their connections'}) already crawl${unnamed.length === 1 ? 's' : ''} connection "${name}": looking up its Connection assets failed: ${why}; plan again`,
      },
    ]),
  );
}
