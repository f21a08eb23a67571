/**
 * Failures as exit codes and one-line messages. Commands throw; main turns what they throw into
 * the documented exit code with the client's own typed message, so scripts can key on the code.
 */
import { AtlanError, type AtlanErrorKind } from '../core/atlan';
import { MissingSecretsError } from '../core/config/secrets';
import { CrawlerBuildError } from '../core/workflow/errors';
import { DuplicateWorkflowError } from '../core/tenant/submission';
import { ExitCode, type ExitCodeValue } from './exitCodes';

/**
 * What went wrong, for scripts: the `kind` of the --json error document. The client's own kinds
 * (authentication, network, notFound, ...) pass through; these are the CLI's.
 */
export type FailureKind =
  | AtlanErrorKind
  | 'usage'
  | 'fileUnreadable'
  | 'invalidConfig'
  | 'noWorkflow'
  | 'noRun'
  /** catalog: the workflow names no connection to look its assets up by. */
  | 'noConnection'
  | 'duplicate'
  | 'missingSecrets'
  | 'build'
  /** scope: the database could not be reached, or refused the login. */
  | 'database'
  | 'internal';

/** A failure a command reports itself, with the exit code it means. */
export class CliFailure extends Error {
  override readonly name = 'CliFailure';
  constructor(
    readonly exitCode: ExitCodeValue,
    readonly kind: FailureKind,
    message: string,
    /** Extra fields for the --json error document (e.g. the configuration issues). */
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

const EXIT_BY_KIND: Record<AtlanErrorKind, ExitCodeValue> = {
  authentication: ExitCode.auth,
  permission: ExitCode.auth,
  // The workflow, run or role named does not exist: a wrong argument or configuration.
  notFound: ExitCode.invalid,
  conflict: ExitCode.invalid,
  invalidRequest: ExitCode.invalid,
  configuration: ExitCode.invalid,
  invalidArgument: ExitCode.invalid,
  rateLimited: ExitCode.network,
  server: ExitCode.network,
  network: ExitCode.network,
  timeout: ExitCode.network,
  invalidResponse: ExitCode.network,
  redirect: ExitCode.network,
  cancelled: ExitCode.interrupted,
};

export interface FailureReport {
  exitCode: ExitCodeValue;
  kind: FailureKind;
  message: string;
  details?: Record<string, unknown>;
}

/** The exit code, kind and message for an error, or undefined for an unexpected one (a bug). */
export function describeFailure(error: unknown): FailureReport | undefined {
  if (error instanceof CliFailure) return { exitCode: error.exitCode, kind: error.kind, message: error.message, details: error.details };
  if (error instanceof AtlanError) {
    return {
      exitCode: EXIT_BY_KIND[error.kind] ?? ExitCode.network,
      kind: error.kind,
      message: cliMessage(error),
      ...(error.status !== undefined ? { details: { status: error.status } } : {}),
    };
  }
  if (error instanceof DuplicateWorkflowError) {
    return { exitCode: ExitCode.invalid, kind: 'duplicate', message: `refusing to create a duplicate: ${error.message}` };
  }
  if (error instanceof MissingSecretsError) return { exitCode: ExitCode.invalid, kind: 'missingSecrets', message: error.message };
  if (error instanceof CrawlerBuildError) return { exitCode: ExitCode.invalid, kind: 'build', message: error.message };
  return undefined;
}

/**
 * The client's message in the CLI's words: the client speaks to an editor user ("sign in
 * again"), while the CLI's token comes from ATLAN_API_KEY.
 */
function cliMessage(error: AtlanError): string {
  if (error.kind === 'authentication') {
    return `The API token was rejected by ${error.origin}: check ATLAN_API_KEY (it may have expired or been revoked, or belong to another tenant than ATLAN_BASE_URL).`;
  }
  if (error.kind === 'permission') return error.message.replace(/, or sign in with another token\.$/, ', or set ATLAN_API_KEY to a token whose user has it.');
  return error.message;
}

/** The one JSON document a failed command prints on stdout under --json. */
export function failureJson(failure: FailureReport): string {
  const { exitCode, kind, message, details = {} } = failure;
  // The three fixed fields first, and never overwritten by the details.
  const extra = Object.fromEntries(Object.entries(details).filter(([key]) => !['exitCode', 'kind', 'message'].includes(key)));
  return `${JSON.stringify({ error: { exitCode, kind, message, ...extra } }, null, 2)}\n`;
}
