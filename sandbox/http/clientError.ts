/**
 * Answers requests Node's HTTP parser rejects before any handler sees them (oversized URL or
 * headers, a garbage request line). Without this Node writes a bare `431` / `400` with no body;
 * clients expect Atlan's JSON error envelope on every non-200.
 */
import type { Duplex } from 'node:stream';
import { atlanErrorBody, reasonPhrase } from './errors';

/** Node's parser error codes that mean "the request head is too big". */
const TOO_LARGE_CODES = new Set(['HPE_HEADER_OVERFLOW']);

/** The status and message for a parser error. */
export function describeClientError(err: NodeJS.ErrnoException): { status: number; message: string } {
  if (err.code !== undefined && TOO_LARGE_CODES.has(err.code)) {
    return { status: 431, message: 'Request header fields too large: the URL and headers together exceed the server limit (16 KB).' };
  }
  if (err.code === 'ERR_HTTP_REQUEST_TIMEOUT') {
    return { status: 408, message: 'Request timeout: the request was not received in time.' };
  }
  return { status: 400, message: 'Bad request: the request line or headers could not be parsed as HTTP/1.1.' };
}

/** `server.on('clientError', handleClientError)`: writes the JSON error and closes the socket; never throws. */
export function handleClientError(err: NodeJS.ErrnoException, socket: Duplex): void {
  // A reset or an already-closed socket has nobody left to answer; a response already under way
  // on this keep-alive socket (Node's own check) cannot be followed by a second status line.
  if (err.code === 'ECONNRESET' || !socket.writable || responseUnderWay(socket)) {
    socket.destroy();
    return;
  }
  try {
    const { status, message } = describeClientError(err);
    const text = JSON.stringify(atlanErrorBody(status, message));
    socket.end(
      `HTTP/1.1 ${status} ${reasonPhrase(status)}\r\n` +
        'Content-Type: application/json; charset=utf-8\r\n' +
        `Content-Length: ${Buffer.byteLength(text)}\r\n` +
        'Connection: close\r\n\r\n' +
        text,
    );
  } catch {
    socket.destroy();
  }
}

/** Whether Node has started writing a response on this socket (`_httpMessage`, as its default handler checks). */
function responseUnderWay(socket: Duplex): boolean {
  const message = (socket as Duplex & { _httpMessage?: { headersSent?: boolean } | null })._httpMessage;
  return message?.headersSent === true;
}
