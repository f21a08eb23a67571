/**
 * Shared by the Postgres test files: one real demo Postgres per file (started in `before`,
 * stopped in `after`), and loopback helpers for failure cases.
 */
import { createServer } from 'node:net';
import type { Server, Socket } from 'node:net';
import { startDemoPostgres } from '../../../sandbox/postgres';
import type { DemoPostgres } from '../../../sandbox/postgres';

/** Registers before/after hooks in the calling `describe`; the getter is valid inside tests. */
export function useDemoPostgres(): () => DemoPostgres {
  let demo: DemoPostgres | undefined;
  before(async function () {
    this.timeout(60_000);
    demo = await startDemoPostgres();
  });
  after(async function () {
    this.timeout(30_000);
    await demo?.stop();
  });
  return () => {
    if (demo === undefined) throw new Error('the demo Postgres did not start');
    return demo;
  };
}

/** A loopback server that accepts connections and never says a word: a hung Postgres. */
export function useSilentServer(): () => number {
  let server: Server | undefined;
  const sockets = new Set<Socket>();
  before(async () => {
    server = createServer((socket) => {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
    });
    await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
  });
  after(async () => {
    for (const socket of sockets) socket.destroy();
    await new Promise<void>((resolve) => (server === undefined ? resolve() : server.close(() => resolve())));
  });
  return () => {
    const address = server?.address();
    if (address === null || address === undefined || typeof address === 'string') throw new Error('silent server not listening');
    return address.port;
  };
}
