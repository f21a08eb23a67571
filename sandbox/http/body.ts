/** Reading request bodies: size limit, content type and JSON parsing, each with its own error. */
import type { IncomingMessage } from 'node:http';
import { SandboxHttpError } from './errors';

export const MAX_BODY_BYTES = 1024 * 1024;

/** Reads the raw body, refusing more than `limit` bytes with a 413 before buffering it all. */
export function readRawBody(req: IncomingMessage, limit = MAX_BODY_BYTES): Promise<Buffer> {
  const declared = Number(req.headers['content-length'] ?? NaN);
  if (Number.isFinite(declared) && declared > limit) {
    return Promise.reject(tooLarge(limit));
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let failed = false;
    req.on('data', (chunk: Buffer) => {
      if (failed) return;
      size += chunk.length;
      if (size > limit) {
        failed = true;
        reject(tooLarge(limit));
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      if (!failed) resolve(Buffer.concat(chunks));
    });
    req.on('error', (err) => {
      if (!failed) {
        failed = true;
        reject(err);
      }
    });
  });
}

function tooLarge(limit: number): SandboxHttpError {
  return new SandboxHttpError(413, `Request body exceeds the ${limit} byte limit.`, {}, { headers: { connection: 'close' } });
}

/**
 * Parses a JSON body. An empty body is `undefined` (the SDKs send bodiless POSTs with a JSON
 * content type); a non-empty one must be declared as JSON and parse.
 */
export function parseJsonBody(raw: Buffer, contentType: string | undefined): unknown {
  if (raw.length === 0) return undefined;
  const mediaType = (contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  if (mediaType !== 'application/json' && !mediaType.endsWith('+json')) {
    throw new SandboxHttpError(
      415,
      `Unsupported content type '${mediaType || '(none)'}': send the body as application/json.`,
    );
  }
  try {
    return JSON.parse(raw.toString('utf8')) as unknown;
  } catch (err) {
    const detail = err instanceof Error ? err.message : String(err);
    throw new SandboxHttpError(400, `Malformed JSON body: ${detail}`);
  }
}
