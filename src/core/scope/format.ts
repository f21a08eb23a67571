/** The scope in words: the totals sentence and a plain-text tree, shared by the CLI and the editor. */
import type { CrawlScope, ScopeTotals, Verdict } from './scope';

function count(n: number, one: string, many = `${one}s`): string {
  return `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;
}

/** "3 databases, 12 schemas, 240 tables and views; 31 excluded, 5 of them by the regex". */
export function totalsSentence(totals: ScopeTotals): string {
  const seen = `${count(totals.databases, 'database')}, ${count(totals.schemas, 'schema')}, ${count(totals.tablesAndViews, 'table and view', 'tables and views')}`;
  const regex = totals.excludedByRegex > 0 ? `, ${totals.excludedByRegex} of them by the regex` : '';
  return `${seen}; ${totals.excluded} excluded${regex}`;
}

/** "Crawls 4 schemas: 9 tables and 3 views". */
export function crawlSentence(scope: CrawlScope): string {
  const t = scope.totals;
  return `Crawls ${count(t.includedSchemas, 'schema')} of ${scope.database}: ${count(t.includedTables, 'table')} and ${count(t.includedViews, 'view')}`;
}

export function verdictWords(verdict: Verdict): string {
  return verdict.included ? 'included' : `excluded: ${verdict.why}`;
}

/**
 * The scope as indented text: `+` included, `-` excluded with its reason. A relation excluded
 * because its schema is shows no reason of its own (the schema line says it).
 */
export function scopeText(scope: CrawlScope): string {
  const lines = [totalsSentence(scope.totals), crawlSentence(scope), ''];
  for (const database of scope.databases) {
    lines.push(`${mark(database.verdict)} database ${database.name}${reason(database.verdict)}`);
    for (const schema of database.schemas) {
      const inherited = !database.verdict.included;
      lines.push(`  ${mark(schema.verdict)} schema ${schema.name}${inherited ? '' : reason(schema.verdict)}`);
      for (const relation of schema.relations) {
        const own = schema.verdict.included ? reason(relation.verdict) : '';
        lines.push(`    ${mark(relation.verdict)} ${relation.kind} ${relation.name}${own}`);
      }
    }
  }
  if (scope.notes.length > 0) lines.push('', ...scope.notes.map((note) => `note: ${note}`));
  return `${lines.join('\n')}\n`;
}

function mark(verdict: Verdict): string {
  return verdict.included ? '+' : '-';
}

function reason(verdict: Verdict): string {
  return verdict.included ? '' : ` (${verdict.why})`;
}
