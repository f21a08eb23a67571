/** Everything a CLI command touches outside itself, injectable so tests run commands in-process. */
import { readFile } from 'node:fs/promises';

export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
  readFile(path: string): Promise<string>;
  env: Readonly<Record<string, string | undefined>>;
  /** Milliseconds since 1970 (a fixed clock in tests). */
  now(): number;
}

export function processIo(): CliIo {
  return {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    readFile: (path) => readFile(path, 'utf8'),
    env: process.env,
    now: () => Date.now(),
  };
}
