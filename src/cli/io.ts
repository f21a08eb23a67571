/** Everything a CLI command touches outside itself, injectable so tests run commands in-process. */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { Clock, RetryPolicy } from '../core/atlan';

export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
  readFile(path: string): Promise<string>;
  /** Writes a whole file, creating missing parent directories. */
  writeFile(path: string, text: string): Promise<void>;
  env: Readonly<Record<string, string | undefined>>;
  /** Milliseconds since 1970 (a fixed clock in tests). */
  now(): number;
  /** Aborted on the first Ctrl-C: waits and reads stop, writes already sent finish. */
  signal?: AbortSignal;
  /** Faster timings for tests; production leaves it unset and gets the client's defaults. */
  tuning?: ClientTuning;
}

export interface ClientTuning {
  clock?: Clock;
  retryPolicy?: RetryPolicy;
  /** See AtlanClientOptions.indexLagMs. */
  indexLagMs?: number;
  createLookupAttempts?: number;
  /** See AtlanClientOptions.catalogLagMs. */
  catalogLagMs?: number;
  timeoutMs?: number;
  /** Poll interval bounds of the run monitor. */
  monitorMinIntervalMs?: number;
  monitorMaxIntervalMs?: number;
  /** Consecutive failed polls before the monitor gives up (default 6, about a minute). */
  monitorMaxErrors?: number;
}

export function processIo(options: { signal?: AbortSignal } = {}): CliIo {
  return {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    readFile: (path) => readFile(path, 'utf8'),
    writeFile: async (path, text) => {
      await mkdir(dirname(path), { recursive: true });
      await writeFile(path, text, 'utf8');
    },
    env: process.env,
    now: () => Date.now(),
    ...(options.signal ? { signal: options.signal } : {}),
  };
}
