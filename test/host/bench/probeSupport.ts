/**
 * Helpers for the bench probes that run inside the extension host: writing the result, waiting
 * at a checkpoint for the runner, memory samples with a forced collection, and VS Code's own
 * performance marks. No `vscode` import: these are plain Node.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as v8 from 'node:v8';
import * as vm from 'node:vm';
import { CHECKPOINT_DIR_ENV, RESULT_FILE_ENV, type ActivationMarks, type MemoryPhase, type MemorySample } from '../../../bench/lib/hostProbe';

export function requiredEnv(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run this probe through bench/host.ts`);
  return value;
}

export function writeResult(result: unknown): void {
  const file = requiredEnv(RESULT_FILE_ENV);
  fs.writeFileSync(`${file}.tmp`, JSON.stringify(result, null, 2));
  fs.renameSync(`${file}.tmp`, file);
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

let checkpointSeq = 0;

/**
 * Tells the runner the probe reached `name` and waits until it answers (it may look at the page
 * or prepare the tenant meanwhile). Throws what the runner reported if its part failed.
 */
export async function checkpoint(name: string, payload: unknown = {}, timeoutMs = 60_000): Promise<void> {
  const dir = requiredEnv(CHECKPOINT_DIR_ENV);
  const base = path.join(dir, `${String(++checkpointSeq).padStart(3, '0')}-${name}`);
  fs.writeFileSync(`${base}.json.tmp`, JSON.stringify(payload));
  fs.renameSync(`${base}.json.tmp`, `${base}.json`);
  const deadline = Date.now() + timeoutMs;
  while (!fs.existsSync(`${base}.ack`)) {
    if (Date.now() > deadline) throw new Error(`The runner did not answer checkpoint "${name}" within ${timeoutMs / 1000} s.`);
    await sleep(25);
  }
  const answer = JSON.parse(fs.readFileSync(`${base}.ack`, 'utf8')) as { ok: boolean; error?: string };
  if (!answer.ok) throw new Error(`The runner failed at checkpoint "${name}": ${answer.error ?? 'no reason given'}`);
}

/**
 * A full collection on demand. The extension host does not run with --expose-gc (global.gc is
 * undefined); V8 still hands out `gc` to a context created after the flag is set at run time.
 */
export function fullCollector(): { collect: () => void; how: string } {
  const existing = (globalThis as { gc?: () => void }).gc;
  if (typeof existing === 'function') return { collect: existing, how: 'global.gc (the host runs with --expose-gc)' };
  try {
    v8.setFlagsFromString('--expose-gc');
    const gc: unknown = vm.runInNewContext('gc');
    if (typeof gc === 'function') {
      return { collect: gc as () => void, how: 'global.gc is not exposed: v8.setFlagsFromString("--expose-gc") then vm.runInNewContext("gc"), two full collections before each sample' };
    }
  } catch {
    /* fall through */
  }
  return { collect: () => undefined, how: 'no way to force a collection here: figures include garbage not yet collected' };
}

export function sampleMemory(): MemorySample {
  const m = process.memoryUsage();
  return { heapUsed: m.heapUsed, heapTotal: m.heapTotal, rss: m.rss, external: m.external, arrayBuffers: m.arrayBuffers, v8UsedHeap: v8.getHeapStatistics().used_heap_size };
}

/** A sample after `settleMs`, then another after two forced full collections. */
export async function measureMemory(settleMs: number, collect: () => void): Promise<MemoryPhase> {
  await sleep(settleMs);
  const settled = sampleMemory();
  collect();
  await sleep(50);
  collect();
  return { settled, collected: sampleMemory() };
}

interface PerfMarks {
  getMarks(): { name: string; startTime: number }[];
}

/**
 * VS Code's own marks around an activation (vs/base/common/performance keeps them on
 * globalThis.MonacoPerformanceMarks in the extension host; Date.now() values).
 */
export function activationMarks(extensionId: string): ActivationMarks {
  const perf = (globalThis as { MonacoPerformanceMarks?: PerfMarks }).MonacoPerformanceMarks;
  const marks = perf?.getMarks() ?? [];
  const at = (what: string): number | undefined => marks.find((m) => m.name.toLowerCase() === `code/exthost/${what}/${extensionId}`.toLowerCase())?.startTime;
  const out: ActivationMarks = {};
  const willLoadCode = at('willLoadExtensionCode');
  const didLoadCode = at('didLoadExtensionCode');
  const willActivate = at('willActivateExtension');
  const didActivate = at('didActivateExtension');
  if (willLoadCode !== undefined) out.willLoadCode = willLoadCode;
  if (didLoadCode !== undefined) out.didLoadCode = didLoadCode;
  if (willActivate !== undefined) out.willActivate = willActivate;
  if (didActivate !== undefined) out.didActivate = didActivate;
  return out;
}
