/** Public API of the Atlan client: import from here, not from the modules. */
export * from './backend';
export { AppBackend, POSTGRES_APP_ID, type AppBackendOptions, type SentBody } from './appBackend';
export { APP_RUN_FIELDS, APP_RUN_TYPE, AppRunCatalog, runFromAsset } from './appRunCatalog';
export * as assetQueries from './assetQueries';
export {
  CATALOG_TYPES,
  CatalogAssets,
  changeWindowOfRun,
  connectionOfQualifiedName,
  RELATION_TYPES,
  type CatalogChanges,
  type CatalogCounts,
  type CatalogItem,
  type CatalogPage,
  type CatalogParent,
  type CatalogType,
  type ChangeList,
  type ChangeWindow,
} from './catalogAssets';
export { AssetSearch, MAX_RESULT_WINDOW, readEntities, termsBuckets, topHitSources, type AssetPage, type SearchAllOptions, type SkippedEntity, type TermsBucket } from './assetSearch';
export { AtlanClient, type AtlanClientOptions, type CredentialTestResult, type DirectoryQuery, type WhoAmI } from './atlanClient';
export { systemClock, type Clock } from './clock';
export { bypassesProxy, parseNoProxy, relaxedTlsWarning, usesProxy, type ProxyOptions, type TransportOptions } from './dispatcher';
export { CaCertificateError, trustedCaCertificates, type CaCertificateSources } from './caCertificates';
export { transportOptionsFromEnv } from './environment';
export * from './errors';
export { AtlanHttp, isLoopbackHost, parseTenantUrl, type AtlanHttpOptions, type RequestLogEntry, type RequestLogger } from './http';
export { LegacyBackend, type LegacyBackendOptions, type WorkflowEndpoints } from './legacyBackend';
export type { AssetEntity, CurrentUser, GroupRecord, RoleRecord, UserRecord } from './models';
export { monitorRuns, type MonitorOptions, type RunChange } from './monitor';
export { createPollBudget, monitorDefaults, PollBudget } from './pollBudget';
export { redactText, redactValue, REDACTED } from './redact';
export { DEFAULT_RETRY_POLICY, type RetryPolicy } from './retry';
export { isPendingRunId, pendingRunId } from './submissionLedger';
