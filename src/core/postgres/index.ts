/**
 * The extension's direct checks against a Postgres reachable from the user's machine: test the
 * connection, fill the include / exclude pickers, run Atlan's preflight checks. No `vscode` here;
 * separate on purpose from sandbox/crawler, which plays the tenant's side.
 */
export { describePgError, PostgresCheckError } from './errors';
export type { PgErrorContext, PostgresFailureKind } from './errors';
export { postgresTargetSchema } from './target';
export type { PostgresTarget } from './target';
export { listDatabasesAndSchemas } from './databases';
export type { DatabaseSchemas } from './databases';
export { runPreflightChecks } from './preflight';
export type { PreflightCheck, PreflightFilters } from './preflight';
export { testConnection } from './testConnection';
export type { ConnectionTestResult } from './testConnection';
export { readScopeCatalog } from './scopeCatalog';
