/**
 * Starts the sandbox tenant in a child process (see sandboxMain.ts) and talks to it: its URL and
 * API token for the client under test, and the admin API for seeding and request counts.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import * as path from 'node:path';
import { createInterface } from 'node:readline';
import { adminClient, type SandboxAdmin } from '../../sandbox/admin/adminClient';
import { LatestRunsAnswer, ReadyLine, type ChildOptions } from './sandboxProtocol';

export interface SandboxProcess {
  url: string;
  apiToken: string;
  pid: number;
  admin: SandboxAdmin;
  /** Each legacy workflow's newest run as the tenant's state holds it (the seed's own), not through its search. */
  latestRuns(): Promise<Map<string, string | undefined>>;
  /** Each App workflow's (slug's) newest run as the tenant's state holds it, whoever started it. */
  latestAppRuns(): Promise<Map<string, string | undefined>>;
  /** SIGTERM, then SIGKILL if it has not exited after `graceMs`. Safe to call twice. */
  stop(graceMs?: number): Promise<void>;
}

const MAIN = path.join(__dirname, 'sandboxMain.js');

export async function startSandboxProcess(options: ChildOptions = {}, readyTimeoutMs = 20_000): Promise<SandboxProcess> {
  const child = spawn(process.execPath, [MAIN, JSON.stringify(options)], { stdio: ['pipe', 'pipe', 'pipe'] });
  const stderr: string[] = [];
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (chunk: string) => {
    stderr.push(chunk);
    if (stderr.length > 50) stderr.shift();
  });
  let ready: ReadyLine;
  try {
    ready = await readyLine(child, readyTimeoutMs, () => stderr.join('').trim());
  } catch (err) {
    child.kill('SIGKILL');
    throw err;
  }
  let stopping: Promise<void> | undefined;
  const answers = createInterface({ input: child.stdout as NodeJS.ReadableStream });
  const ask = (): Promise<LatestRunsAnswer> =>
    new Promise((resolve, reject) => {
      answers.once('line', (line) => {
        const parsed = LatestRunsAnswer.safeParse(JSON.parse(line));
        if (!parsed.success) return reject(new Error(`The bench sandbox answered something else than its latest runs: ${line.slice(0, 200)}`));
        resolve(parsed.data);
      });
      child.stdin?.write(`${JSON.stringify({ ask: 'latestRuns' })}\n`);
    });
  return {
    url: ready.url,
    apiToken: ready.apiToken,
    pid: ready.pid,
    admin: adminClient(ready.url),
    latestRuns: async () => asMap((await ask()).latestRuns),
    latestAppRuns: async () => asMap((await ask()).latestAppRuns),
    stop(graceMs = 5_000) {
      answers.close();
      stopping ??= stopChild(child, graceMs);
      return stopping;
    },
  };
}

function readyLine(child: ChildProcess, timeoutMs: number, diagnostics: () => string): Promise<ReadyLine> {
  return new Promise((resolve, reject) => {
    const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
    const fail = (message: string): void => {
      cleanup();
      const detail = diagnostics();
      reject(new Error(`The bench sandbox did not start: ${message}${detail ? `\n${detail}` : ''}`));
    };
    const timer = setTimeout(() => fail(`no ready line within ${timeoutMs} ms`), timeoutMs);
    const onExit = (code: number | null, signal: NodeJS.Signals | null): void => fail(`it exited (${signal ?? `code ${code}`})`);
    const onError = (err: Error): void => fail(err.message);
    const cleanup = (): void => {
      clearTimeout(timer);
      child.off('exit', onExit);
      child.off('error', onError);
      lines.close();
    };
    child.once('exit', onExit);
    child.once('error', onError);
    lines.once('line', (line) => {
      let json: unknown;
      try {
        json = JSON.parse(line);
      } catch {
        fail(`its first line is not JSON: ${line.slice(0, 200)}`);
        return;
      }
      const parsed = ReadyLine.safeParse(json);
      if (!parsed.success) {
        fail(`its ready line lacks url/apiToken/port/pid: ${line.slice(0, 200)}`);
        return;
      }
      cleanup();
      resolve(parsed.data);
    });
  });
}

function stopChild(child: ChildProcess, graceMs: number): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const killer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    child.once('exit', () => {
      clearTimeout(killer);
      resolve();
    });
    child.kill('SIGTERM');
    child.stdin?.end();
  });
}

function asMap(record: Record<string, string | null>): Map<string, string | undefined> {
  return new Map(Object.entries(record).map(([name, id]) => [name, id ?? undefined]));
}
