/**
 * Failures as exit codes and one-line messages. Commands throw; main turns what they throw into
 * the documented exit code with the client's own typed message, so scripts can key on the code.
 */
import { AtlanError, type AtlanErrorKind } from '../core/atlan';
import { MissingSecretsError } from '../core/config/secrets';
import { CrawlerBuildError } from '../core/workflow/errors';
import { DuplicateWorkflowError } from '../core/tenant/submission';
import { ExitCode, type ExitCodeValue } from './exitCodes';

/** A failure a command reports itself, with the exit code it means. */
export class CliFailure extends Error {
  override readonly name = 'CliFailure';
  constructor(
    readonly exitCode: ExitCodeValue,
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

/** The exit code and message for an error, or undefined for an unexpected one (a bug). */
export function describeFailure(error: unknown): { exitCode: ExitCodeValue; message: string; details?: Record<string, unknown> } | undefined {
  if (error instanceof CliFailure) return { exitCode: error.exitCode, message: error.message, details: error.details };
  if (error instanceof AtlanError) {
    return {
      exitCode: EXIT_BY_KIND[error.kind] ?? ExitCode.network,
      message: error.message,
      details: { kind: error.kind, ...(error.status !== undefined ? { status: error.status } : {}) },
    };
  }
  if (error instanceof DuplicateWorkflowError) {
    return { exitCode: ExitCode.invalid, message: `refusing to create a duplicate: ${error.message}` };
  }
  if (error instanceof MissingSecretsError || error instanceof CrawlerBuildError) return { exitCode: ExitCode.invalid, message: error.message };
  return undefined;
}
