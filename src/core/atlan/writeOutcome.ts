/**
 * Whether a failed write may nevertheless have happened on the tenant. Writes are never retried;
 * after an ambiguous failure the backends look before they report, so nothing is done twice.
 */
import { NetworkError, type AtlanError } from './errors';

/** Codes raised before a request left this machine: the write certainly did not happen. */
const NOT_SENT_CODES: ReadonlySet<string> = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ENETUNREACH',
  'EHOSTUNREACH',
  'UND_ERR_CONNECT_TIMEOUT',
]);

export function mayHaveHappened(error: AtlanError): boolean {
  switch (error.kind) {
    case 'timeout':
    case 'server':
      return true;
    case 'network': {
      const code = error instanceof NetworkError ? error.code : undefined;
      if (code === undefined) return true;
      if (/CERT|SELF_SIGNED|UNABLE_TO_VERIFY|ERR_TLS/.test(code)) return false;
      return !NOT_SENT_CODES.has(code);
    }
    default:
      return false;
  }
}
