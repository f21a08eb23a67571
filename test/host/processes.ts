import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { execFileSync } from 'node:child_process';
import * as net from 'node:net';

/**
 * Child processes started by the test harness, stopped on every way out (normal end, error,
 * Ctrl-C, SIGTERM from CI), including grandchildren such as the VS Code file watcher.
 */
const tracked = new Set<ChildProcess>();
let handlersInstalled = false;

let warnedNoPgrep = false;

function descendants(pid: number): number[] {
  try {
    const out = execFileSync('pgrep', ['-P', String(pid)], { encoding: 'utf8' });
    const children = out.split('\n').filter(Boolean).map(Number);
    return children.flatMap((c) => [...descendants(c), c]);
  } catch (err) {
    // pgrep exits 1 when there are no children; a missing pgrep would leave grandchildren running.
    if ((err as NodeJS.ErrnoException).code === 'ENOENT' && !warnedNoPgrep) {
      warnedNoPgrep = true;
      console.error('pgrep is missing, so processes started by the VS Code host may outlive this run: apt-get install -y procps');
    }
    return [];
  }
}

/** SIGTERM a process and everything it started, deepest first; SIGKILL what is left after a grace period. */
export function killTree(pid: number, graceMs = 3000): Promise<void> {
  const pids = [...descendants(pid), pid];
  for (const p of pids) {
    try {
      process.kill(p, 'SIGTERM');
    } catch {
      /* already gone */
    }
  }
  return new Promise((resolve) => {
    const deadline = Date.now() + graceMs;
    const check = (): void => {
      const alive = pids.filter((p) => {
        try {
          process.kill(p, 0);
          return true;
        } catch {
          return false;
        }
      });
      if (alive.length === 0) return resolve();
      if (Date.now() > deadline) {
        for (const p of alive) {
          try {
            process.kill(p, 'SIGKILL');
          } catch {
            /* gone */
          }
        }
        return resolve();
      }
      setTimeout(check, 100);
    };
    check();
  });
}

function killAllSync(): void {
  for (const child of tracked) {
    if (child.pid === undefined) continue;
    for (const p of [...descendants(child.pid), child.pid]) {
      try {
        process.kill(p, 'SIGKILL');
      } catch {
        /* gone */
      }
    }
  }
  tracked.clear();
}

/** Stops every tracked child (and its descendants) now; for a caller that owns the signals. */
export async function stopAllTracked(): Promise<void> {
  await Promise.all([...tracked].map((child) => stopTracked(child)));
}

/**
 * Makes sure tracked children die with this process. By default Ctrl-C / SIGTERM / SIGHUP kill
 * them and exit 130 at once; `signals: false` leaves the signals to a caller with its own clean
 * stop (npm start flushes the sandbox state first), which then calls stopAllTracked(). The first
 * call decides; later calls (every spawnTracked) change nothing.
 */
export function installHandlers(options: { signals?: boolean } = {}): void {
  if (handlersInstalled) return;
  handlersInstalled = true;
  process.on('exit', killAllSync);
  if (options.signals === false) return;
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.on(signal, () => {
      killAllSync();
      process.exit(130);
    });
  }
}

/** Spawns a tracked child; its output goes to `onOutput` line by line. */
export function spawnTracked(
  command: string,
  args: string[],
  options: SpawnOptions & { onOutput?: (line: string) => void },
): ChildProcess {
  installHandlers();
  const child = spawn(command, args, { ...options, stdio: ['ignore', 'pipe', 'pipe'] });
  tracked.add(child);
  child.on('exit', () => tracked.delete(child));
  const forward = (chunk: Buffer): void => {
    for (const line of chunk.toString('utf8').split('\n')) if (line.trim()) options.onOutput?.(line);
  };
  child.stdout?.on('data', forward);
  child.stderr?.on('data', forward);
  return child;
}

/** Stops a tracked child and its descendants. */
export async function stopTracked(child: ChildProcess): Promise<void> {
  if (child.pid !== undefined && child.exitCode === null) await killTree(child.pid);
  tracked.delete(child);
}

/** A free TCP port on 127.0.0.1, or the requested one if it is free; a clear error when it is busy. */
export function freePort(requested = 0): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', (err: NodeJS.ErrnoException) => {
      reject(
        err.code === 'EADDRINUSE'
          ? new Error(`Port ${requested} on 127.0.0.1 is busy: stop what uses it (\`ss -ltnp 'sport = :${requested}'\`) or choose another port.`)
          : err,
      );
    });
    server.listen(requested, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : requested;
      server.close(() => resolve(port));
    });
  });
}

/** Resolves when `check` returns true, or rejects with `message` after `timeoutMs`. */
export async function waitFor(check: () => boolean | Promise<boolean>, timeoutMs: number, message: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(message);
}
