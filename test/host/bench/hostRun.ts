import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { CHECKPOINT_DIR_ENV, RESULT_FILE_ENV } from '../../../bench/lib/hostProbe';
import { openWorkbench } from '../browser';
import { startVsCodeServer } from '../vscodeServer';

/**
 * One fresh start of the real VS Code extension host for a bench probe: a new VS Code server
 * (fresh user data, so nothing carries over from an earlier start), the workbench opened in the
 * given browser with one development extension and the probe as `extensionTestsPath`. The probe
 * writes its result to a file; at a checkpoint it waits while the runner looks at the page or
 * prepares the tenant (see `checkpoint` in probeSupport.ts).
 */
export interface HostRunOptions {
  vscodeDir: string;
  browser: Browser;
  /** The extension under development (the repository, or a generated baseline). */
  developmentPath: string;
  /** Compiled probe module (absolute path to its .js). */
  probeModule: string;
  /** Folder the workbench opens. */
  workspace: string;
  env?: Record<string, string>;
  /** User settings, over the offline ones. */
  settings?: Record<string, unknown>;
  timeoutMs: number;
  /** Called once the page is open, before the probe gets far (e.g. to start watching the DOM). */
  onPage?: (page: Page) => Promise<void>;
  /** Called at each checkpoint the probe announces; the probe goes on when this resolves. */
  onCheckpoint?: (name: string, payload: unknown, page: Page) => Promise<void>;
  /** Called after the probe ended, while the page is still open. */
  afterProbe?: (page: Page) => Promise<void>;
  log?: (line: string) => void;
}

export interface HostRunResult {
  /** The probe's result file, as text. */
  resultText: string;
  /** Lines of the extension host's own log (remoteexthost.log). */
  exthostLog: string[];
  /** Wall time of the whole start, probe and stop. */
  ms: number;
}

const CHECKPOINT_POLL_MS = 25;

export async function runInHost(options: HostRunOptions): Promise<HostRunResult> {
  const started = Date.now();
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'atlan-hostbench-'));
  const resultFile = path.join(scratch, 'result.json');
  const checkpoints = path.join(scratch, 'checkpoints');
  fs.mkdirSync(checkpoints);
  const log = options.log ?? (() => undefined);
  try {
    const server = await startVsCodeServer({
      vscodeDir: options.vscodeDir,
      settings: options.settings,
      env: { ...options.env, [RESULT_FILE_ENV]: resultFile, [CHECKPOINT_DIR_ENV]: checkpoints },
      log,
    });
    let exthostLog: string[] = [];
    try {
      const url = server.workbenchUrl(options.workspace, [
        ['extensionDevelopmentPath', server.remoteUri(options.developmentPath)],
        ['extensionTestsPath', server.remoteUri(options.probeModule)],
      ]);
      const { page, exitCode } = await openWorkbench(options.browser, url, log);
      try {
        await options.onPage?.(page);
        const code = await waitForProbe(exitCode, checkpoints, page, options);
        await options.afterProbe?.(page);
        exthostLog = server.logFiles(/^remoteexthost\.log$/).flatMap((f) => fs.readFileSync(f, 'utf8').split('\n'));
        if (!fs.existsSync(resultFile)) {
          const tail = exthostLog.filter((l) => /error|Error/.test(l)).slice(-5).join('\n');
          throw new Error(`The probe ${path.basename(options.probeModule)} wrote no result (exit code ${code}).${tail ? `\n${tail}` : ''}`);
        }
        if (code !== 0) log(`probe ${path.basename(options.probeModule)} ended with exit code ${code}`);
        return { resultText: fs.readFileSync(resultFile, 'utf8'), exthostLog, ms: Date.now() - started };
      } finally {
        await page.context().close().catch(() => undefined);
      }
    } finally {
      await server.stop();
    }
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}

/** Waits for the probe's exit code, answering its checkpoints meanwhile; rejects on timeout. */
export async function waitForProbe(
  exitCode: Promise<number>,
  dir: string,
  page: Page,
  options: Pick<HostRunOptions, 'probeModule' | 'timeoutMs' | 'onCheckpoint'>,
): Promise<number> {
  const ended: { code?: number } = {};
  void exitCode.then((code) => (ended.code = code));
  const answered = new Set<string>();
  const deadline = Date.now() + options.timeoutMs;
  while (ended.code === undefined) {
    if (Date.now() > deadline) throw new Error(`The probe ${path.basename(options.probeModule)} did not finish within ${options.timeoutMs / 1000} s.`);
    for (const file of fs.readdirSync(dir).filter((f) => f.endsWith('.json')).sort()) {
      if (answered.has(file)) continue;
      answered.add(file);
      const name = file.replace(/^\d+-/, '').replace(/\.json$/, '');
      const payload: unknown = JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8'));
      let answer: { ok: true } | { ok: false; error: string } = { ok: true };
      try {
        await options.onCheckpoint?.(name, payload, page);
      } catch (err) {
        answer = { ok: false, error: err instanceof Error ? err.message : String(err) };
      }
      writeAtomically(path.join(dir, file.replace(/\.json$/, '.ack')), JSON.stringify(answer));
    }
    await new Promise((r) => setTimeout(r, CHECKPOINT_POLL_MS));
  }
  return ended.code;
}

/** Write then rename, so the other side never reads half a file. */
export function writeAtomically(file: string, text: string): void {
  fs.writeFileSync(`${file}.tmp`, text);
  fs.renameSync(`${file}.tmp`, file);
}
