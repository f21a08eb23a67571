/** Why a configuration could not be turned into a workflow (or a workflow back into a configuration). */

export type BuildErrorCode =
  | 'missing-admin'
  | 'missing-secret'
  | 'missing-aws-region'
  | 'invalid-context'
  | 'app-api-unsupported'
  | 'invalid-workflow';

export class CrawlerBuildError extends Error {
  override readonly name: string = 'CrawlerBuildError';
  constructor(
    readonly code: BuildErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/** The configuration uses something the App API has no form for (offline S3 extraction). */
export class AppApiUnsupportedError extends CrawlerBuildError {
  override readonly name = 'AppApiUnsupportedError';
  constructor(message: string) {
    super('app-api-unsupported', message);
  }
}

/** A workflow from the tenant that import cannot read (not a Postgres crawler, or malformed). */
export class WorkflowImportError extends CrawlerBuildError {
  override readonly name = 'WorkflowImportError';
  constructor(message: string) {
    super('invalid-workflow', message);
  }
}
