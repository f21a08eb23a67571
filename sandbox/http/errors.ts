/**
 * Atlan-style error responses. Every non-200 body the sandbox sends is built here so the shape
 * stays the one the SDKs parse: `errorCode` + `errorMessage` (plus `errorId`, `causes`).
 */
import { randomUUID } from 'node:crypto';

export interface ErrorCause {
  errorType: string;
  errorMessage: string;
  location: string;
}

/** A handler's way to answer with a specific HTTP error; the server turns it into JSON. */
export class SandboxHttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    /** Extra body fields, or a whole replacement body when `replaceBody` is set. */
    readonly extra: Record<string, unknown> = {},
    readonly options: { replaceBody?: boolean; headers?: Record<string, string> } = {},
  ) {
    super(message);
    this.name = 'SandboxHttpError';
  }
}

const REASONS: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  408: 'Request Timeout',
  409: 'Conflict',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  429: 'Too Many Requests',
  431: 'Request Header Fields Too Large',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

export function reasonPhrase(status: number): string {
  return REASONS[status] ?? 'Error';
}

/** The Atlan error envelope for a status and message. */
export function atlanErrorBody(status: number, message: string, causes: ErrorCause[] = []): Record<string, unknown> {
  return {
    errorCode: `ATLAN-SANDBOX-${status}-000`,
    errorMessage: message,
    status,
    errorId: randomUUID(),
    causes,
  };
}

export const badRequest = (message: string, extra?: Record<string, unknown>): SandboxHttpError =>
  new SandboxHttpError(400, message, extra);
export const notFound = (message: string): SandboxHttpError => new SandboxHttpError(404, message);
export const conflict = (message: string): SandboxHttpError => new SandboxHttpError(409, message);
