/**
 * The crawl scope preview, pure: which databases, schemas, tables and views a crawler with a given
 * configuration covers, each with why it is in or out. Reading the catalog is core/postgres's job.
 */
export { isSystemSchema, relationKind, relationsFromRows, RELATION_KINDS } from './catalog';
export type { CatalogRelation, DatabaseCatalog, RelationKind } from './catalog';
export { compileJavaPattern } from '../config/javaRegex';
export type { CompiledPattern } from '../config/javaRegex';
export { compileScopeFilters, crawlerToken, ScopeFilterError, stripAnchors } from './filters';
export { computeScope } from './scope';
export type { CrawlScope, ExclusionReason, ScopeConfig, ScopeDatabase, ScopeRelation, ScopeSchema, ScopeTotals, Verdict } from './scope';
export { scopeTarget } from './target';
export type { ScopeTarget, ScopeTargetResult } from './target';
export { crawlSentence, scopeText, totalsSentence, verdictWords } from './format';
