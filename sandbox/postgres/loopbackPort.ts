import { createServer } from 'node:net';

/** The only interface the demo server listens on: it must never be reachable from elsewhere. */
export const LOOPBACK_HOST = '127.0.0.1';

/** Thrown when the caller asked for a port that something else already holds. */
export class PortInUseError extends Error {
  constructor(readonly port: number) {
    super(`port ${port} on ${LOOPBACK_HOST} is already in use; pick another port or omit it to use a free one`);
    this.name = 'PortInUseError';
  }
}

/**
 * Binds `port` on loopback and releases it at once: resolves with the bound port
 * (the kernel's choice when `port` is 0). The short gap before postgres binds the
 * same port is a race we accept: a clash then fails the start with a clear message.
 */
function probe(port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', (err: NodeJS.ErrnoException) => {
      if (err.code === 'EADDRINUSE') reject(new PortInUseError(port));
      else if (err.code === 'EACCES') reject(new Error(`not allowed to listen on port ${port} on ${LOOPBACK_HOST} (ports below 1024 need privileges)`));
      else reject(err);
    });
    server.listen({ port, host: LOOPBACK_HOST, exclusive: true }, () => {
      const address = server.address();
      const bound = typeof address === 'object' && address !== null ? address.port : port;
      server.close(() => resolve(bound));
    });
  });
}

/** A port that is free on loopback right now. */
export function findFreePort(): Promise<number> {
  return probe(0);
}

/** Resolves when `port` is free on loopback; rejects with PortInUseError otherwise. */
export async function assertPortFree(port: number): Promise<void> {
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw new RangeError(`port must be an integer between 1 and 65535, got ${String(port)}`);
  }
  await probe(port);
}
