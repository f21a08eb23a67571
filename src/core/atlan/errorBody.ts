/**
 * Turns a non-2xx answer into the matching typed error, reading Atlan's error bodies:
 * `errorCode|code|status`, `errorMessage|message`, `causes[]`, and the App API's 409
 * `{message, slug}` / `{message, slugs}` and its codes 1000 and 1003.
 */
import * as z from 'zod';
import {
  CONFLICT_NEXT_STEP,
  AuthenticationError,
  ConflictError,
  InvalidRequestError,
  NotFoundError,
  PermissionError,
  RateLimitError,
  RedirectError,
  ServerError,
  type AtlanCause,
  type AtlanError,
  type RequestContext,
} from './errors';
import { redactText } from './redact';

const scalar = z.union([z.string(), z.number()]).transform(String);

const errorBodySchema = z.looseObject({
  errorCode: scalar.optional().catch(undefined),
  code: scalar.optional().catch(undefined),
  status: scalar.optional().catch(undefined),
  errorMessage: z.string().optional().catch(undefined),
  message: z.string().optional().catch(undefined),
  error: z.string().optional().catch(undefined),
  // A string from Atlas-style services; pyatlan reads it as a list (`error_info.get("errorCause", [])`).
  errorCause: z.union([z.string(), z.array(z.string())]).optional().catch(undefined),
  causes: z
    .array(
      z.looseObject({
        errorType: z.string().optional().catch(undefined),
        errorMessage: z.string().optional().catch(undefined),
        location: z.string().optional().catch(undefined),
      }),
    )
    .optional()
    .catch(undefined),
  slug: z.string().optional().catch(undefined),
  slugs: z.array(z.string()).optional().catch(undefined),
});

export interface ParsedErrorBody {
  code?: string;
  message?: string;
  causes: AtlanCause[];
  slug?: string;
  slugs?: string[];
}

/** Reads whatever Atlan put in an error body; never throws (an HTML error page yields `{causes: []}`). */
export function parseErrorBody(text: string): ParsedErrorBody {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { causes: [] };
  }
  const parsed = errorBodySchema.safeParse(json);
  if (!parsed.success) return { causes: [] };
  const body = parsed.data;
  const errorCauses = (typeof body.errorCause === 'string' ? [body.errorCause] : (body.errorCause ?? [])).filter((c) => c.trim() !== '');
  const message = body.errorMessage ?? body.message ?? body.error ?? (errorCauses.length > 0 ? errorCauses.join('; ') : undefined);
  // errorCause often says what errorMessage does not (the underlying reason): both SDKs show it, so it joins the causes.
  const extraCauses = errorCauses.filter((c) => message === undefined || !message.includes(c)).map((errorMessage) => ({ errorMessage }));
  return {
    code: body.errorCode ?? body.code ?? body.status,
    message,
    causes: [...(body.causes ?? []), ...extraCauses],
    slug: body.slug,
    slugs: body.slugs,
  };
}

/** App API codes with a meaning worth spelling out. */
const APP_CODE_MEANINGS: Record<string, string> = {
  '1000': "the inputs do not match the app's input contract",
  '1003': 'unknown entrypoint, or the app exposes no input contract',
};

/** `Retry-After` as milliseconds: delta-seconds or an HTTP date. Undefined when absent or unreadable. */
export function parseRetryAfter(value: string | string[] | undefined, now: number): number | undefined {
  const raw = Array.isArray(value) ? value[0] : value;
  if (raw === undefined || raw.trim() === '') return undefined;
  const trimmed = raw.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

export interface ErrorResponse extends RequestContext {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  bodyText: string;
  /** Values to scrub from anything kept (the API token). */
  knownSecrets: readonly string[];
  now: number;
}

export function errorFromResponse(response: ErrorResponse): AtlanError {
  const { status } = response;
  const rawBody = response.bodyText ? redactText(response.bodyText, response.knownSecrets) : undefined;
  const body = parseErrorBody(response.bodyText);
  // Without a trailing full stop: the message is quoted inside sentences of our own.
  const message = body.message === undefined ? undefined : redactText(body.message, response.knownSecrets, 500).replace(/\.\s*$/, '');
  const base = {
    origin: response.origin,
    method: response.method,
    path: response.path,
    status,
    errorCode: body.code,
    rawBody,
  };
  const meaning = body.code === undefined ? undefined : APP_CODE_MEANINGS[body.code];
  const detail = [meaning, message].filter(Boolean).join(': ') || undefined;

  if (status >= 300 && status < 400) {
    const location = response.headers.location;
    return new RedirectError({ ...base, location: Array.isArray(location) ? location[0] : location });
  }
  switch (status) {
    case 401:
      return new AuthenticationError(base);
    case 403:
      return new PermissionError({ ...base, detail });
    case 404:
      return new NotFoundError({ ...base, detail });
    case 409: {
      const existing = body.slug ? ` (existing slug ${body.slug})` : body.slugs?.length ? ` (existing slugs ${body.slugs.join(', ')})` : '';
      return new ConflictError({
        ...base,
        slug: body.slug,
        slugs: body.slugs,
        message: `${response.origin} reported a conflict on ${response.method ?? ''} ${response.path ?? ''}: ${message ?? 'it already exists'}${existing}. ${CONFLICT_NEXT_STEP}`,
      });
    }
    case 429:
      return new RateLimitError({ ...base, retryAfterMs: parseRetryAfter(response.headers['retry-after'], response.now) });
    default:
      break;
  }
  if (status >= 500) {
    // A 503 may say when the tenant will be back, as a 429 does.
    const retryAfterMs = status === 503 ? parseRetryAfter(response.headers['retry-after'], response.now) : undefined;
    return new ServerError({ ...base, detail, ...(retryAfterMs !== undefined ? { retryAfterMs } : {}) });
  }
  // Causes are the tenant's text as much as the message is: the same redaction applies.
  const causes = body.causes.map((cause) => ({
    ...(cause.errorType !== undefined ? { errorType: redactText(cause.errorType, response.knownSecrets, 200) } : {}),
    ...(cause.errorMessage !== undefined ? { errorMessage: redactText(cause.errorMessage, response.knownSecrets, 500) } : {}),
    ...(cause.location !== undefined ? { location: redactText(cause.location, response.knownSecrets, 200) } : {}),
  }));
  return new InvalidRequestError({ ...base, errorMessage: detail, causes });
}
