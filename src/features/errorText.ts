// errors.ts has no imports: safe to load at activation, unlike the rest of the client.
import { isAtlanError } from '../core/atlan/errors';

/**
 * An error as the user reads it: the client's message (which already names the tenant, the
 * request and a next step) plus what only the extension knows, such as the setting behind a timeout.
 */
export function errorText(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  if (isAtlanError(err) && err.kind === 'timeout') return `${message} The time limit is the setting atlan.http.timeoutSeconds.`;
  return message;
}

/** Whether the error means the token was rejected: the user's next step is to sign in again. */
export function isRejectedToken(err: unknown): boolean {
  return isAtlanError(err) && err.kind === 'authentication';
}

/**
 * A write the tenant answered with success but in a shape the client could not read did happen;
 * say so, or the user would send it again.
 */
export function noteAcceptedWrite(err: unknown, consequence: string): unknown {
  if (isAtlanError(err) && err.kind === 'invalidResponse' && err.status !== undefined && err.status >= 200 && err.status < 300) {
    err.message += ` The tenant accepted the request, so ${consequence}.`;
  }
  return err;
}
