/** Everything a CLI command touches outside itself, injectable so tests run commands in-process. */
import { chmod, mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { Clock, RetryPolicy } from '../core/atlan';

export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
  readFile(path: string): Promise<string>;
  /** Writes a whole file, creating missing parent directories; `mode` sets its permissions (e.g. 0o600). */
  writeFile(path: string, text: string, options?: { mode?: number }): Promise<void>;
  /** The entries of a folder (plan and apply look for configuration files); default node:fs. */
  readDir?: (path: string) => Promise<DirEntry[]>;
  /** Whether a path is a file or a folder; undefined when it does not exist. Default node:fs. */
  pathKind?: (path: string) => Promise<'file' | 'dir' | 'other' | undefined>;
  /** Whether stdin and stdout are a terminal (apply asks for confirmation only there). */
  interactive?: boolean;
  /** Asks a question on the terminal and returns the line typed. */
  ask?: (question: string) => Promise<string>;
  env: Readonly<Record<string, string | undefined>>;
  /** Milliseconds since 1970 (a fixed clock in tests). */
  now(): number;
  /** Aborted on the first Ctrl-C: waits and reads stop, writes already sent finish. */
  signal?: AbortSignal;
  /** Faster timings for tests; production leaves it unset and gets the client's defaults. */
  tuning?: ClientTuning;
}

export interface DirEntry {
  name: string;
  kind: 'file' | 'dir' | 'other';
}

export async function nodeReadDir(path: string): Promise<DirEntry[]> {
  const entries = await readdir(path, { withFileTypes: true });
  return entries.map((e) => ({ name: e.name, kind: e.isFile() ? 'file' : e.isDirectory() ? 'dir' : 'other' }));
}

export async function nodePathKind(path: string): Promise<'file' | 'dir' | 'other' | undefined> {
  try {
    const s = await stat(path);
    return s.isFile() ? 'file' : s.isDirectory() ? 'dir' : 'other';
  } catch {
    return undefined;
  }
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
    writeFile: async (path, text, options) => {
      await mkdir(dirname(path), { recursive: true });
      await writeFile(path, text, { encoding: 'utf8', ...(options?.mode !== undefined ? { mode: options.mode } : {}) });
      // The mode applies when a file is created; an existing one is narrowed too.
      if (options?.mode !== undefined) await chmod(path, options.mode);
    },
    readDir: nodeReadDir,
    pathKind: nodePathKind,
    interactive: Boolean(process.stdin.isTTY && process.stdout.isTTY),
    ask: (question) => askOnTerminal(question),
    env: process.env,
    now: () => Date.now(),
    ...(options.signal ? { signal: options.signal } : {}),
  };
}

async function askOnTerminal(question: string): Promise<string> {
  const { createInterface } = await import('node:readline/promises');
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    return await rl.question(question);
  } finally {
    rl.close();
  }
}
