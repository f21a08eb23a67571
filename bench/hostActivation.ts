/**
 * Activation time in the real extension host: ours against a minimal extension, each activated
 * by a probe on a fresh host start where it has not activated yet (an empty workspace: no
 * `*.atlan-postgres.json`, the view never opened). Starts alternate ours / baseline so drifting
 * machine load hits both alike.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Browser } from 'playwright-core';
import { runInHost } from '../test/host/bench/hostRun';
import { BASELINE_ID, writeBaselineExtension } from './lib/baselineExtension';
import { ActivationProbeResult, EXTENSION_ID_ENV, parseProbeResult, SETTLE_MS_ENV } from './lib/hostProbe';
import { summarize, type Summary } from './lib/stats';
import { ROOT } from './sizes';

export const OUR_ID = 'atlan-community.atlan-postgres-workflows';
const PROBE = path.join(ROOT, 'out', 'test', 'host', 'bench', 'activationProbe.js');
const SETTLE_MS = 1500;
const START_TIMEOUT_MS = 90_000;

export interface ActivationSeries {
  extension: 'ours' | 'baseline';
  extensionId: string;
  samples: ActivationProbeResult[];
  /** performance.now() around extension.activate(), in the probe. */
  activateMs: Summary;
  /** VS Code's marks: from loading the code to activate() resolved (1 ms resolution). */
  vscodeMs?: Summary;
  /** VS Code's marks: loading (require) of the extension's main module alone. */
  codeLoadMs?: Summary;
  /** Activation events the extension host logged for this extension, over all starts. */
  activationEvents: string[];
  /** Wall time of one start of the host, probe and stop (median). */
  startMs: number;
}

export interface ActivationReport {
  starts: number;
  settleMs: number;
  ours: ActivationSeries;
  baseline: ActivationSeries;
  /** Samples that do not measure what they claim (already active, commands missing). */
  anomalies: string[];
}

export interface ActivationBenchOptions {
  vscodeDir: string;
  browser: Browser;
  scratch: string;
  starts: number;
  log: (line: string) => void;
}

interface Sample {
  result: ActivationProbeResult;
  events: string[];
  ms: number;
}

/** Activation events the host logged for `extensionId` (`ExtensionService#_doActivateExtension <id>, ..., activationEvent: '<event>'`). */
export function loggedActivationEvents(lines: readonly string[], extensionId: string): string[] {
  const out: string[] = [];
  for (const line of lines) {
    const m = /ExtensionService#_doActivateExtension ([^,\s]+), startup: \w+, activationEvent: '([^']*)'/.exec(line);
    if (m && m[1].toLowerCase() === extensionId.toLowerCase()) out.push(m[2]);
  }
  return out;
}

/** The figures of one series; VS Code's marks only where all of them were there. */
export function activationSeries(extension: 'ours' | 'baseline', extensionId: string, samples: readonly Sample[]): ActivationSeries {
  if (samples.length === 0) throw new RangeError(`no activation samples for ${extension}`);
  const results = samples.map((s) => s.result);
  const spans = (from: 'willLoadCode', to: 'didActivate' | 'didLoadCode'): Summary | undefined => {
    const values = results.flatMap((r) => (r.marks[from] !== undefined && r.marks[to] !== undefined ? [r.marks[to] - r.marks[from]] : []));
    return values.length === results.length ? summarize(values) : undefined;
  };
  const vscodeMs = spans('willLoadCode', 'didActivate');
  const codeLoadMs = spans('willLoadCode', 'didLoadCode');
  return {
    extension,
    extensionId,
    samples: results,
    activateMs: summarize(results.map((r) => r.activateMs)),
    ...(vscodeMs ? { vscodeMs } : {}),
    ...(codeLoadMs ? { codeLoadMs } : {}),
    activationEvents: [...new Set(samples.flatMap((s) => s.events))],
    startMs: summarize(samples.map((s) => s.ms)).median,
  };
}

/** Why a sample does not measure a first activation by the probe, if it does not. */
export function activationAnomalies(series: ActivationSeries): string[] {
  const out: string[] = [];
  for (const [i, r] of series.samples.entries()) {
    if (r.activeBefore) out.push(`${series.extension} start ${i + 1}: the extension was already active before the probe activated it`);
    if (r.commandsRegistered < r.commandsContributed) {
      out.push(`${series.extension} start ${i + 1}: only ${r.commandsRegistered} of ${r.commandsContributed} contributed commands registered after activation`);
    }
  }
  const other = series.activationEvents.filter((e) => e !== 'api');
  if (other.length > 0) out.push(`${series.extension}: activated by ${other.join(', ')} as well as the probe's activate() ('api')`);
  return out;
}

export async function runActivationBench(options: ActivationBenchOptions): Promise<ActivationReport> {
  const workspace = path.join(options.scratch, 'activation-workspace');
  fs.mkdirSync(workspace, { recursive: true });
  fs.writeFileSync(path.join(workspace, 'README.md'), 'An empty workspace: nothing here activates the extension.\n');
  const baselineDir = writeBaselineExtension(path.join(options.scratch, 'baseline-extension'), '^1.100.0');
  const targets = { ours: { id: OUR_ID, path: ROOT }, baseline: { id: BASELINE_ID, path: baselineDir } };
  const samples: Record<'ours' | 'baseline', Sample[]> = { ours: [], baseline: [] };

  for (let i = 0; i < options.starts; i++) {
    // Alternate which goes first, so neither always follows a teardown.
    const order: ('ours' | 'baseline')[] = i % 2 === 0 ? ['ours', 'baseline'] : ['baseline', 'ours'];
    for (const which of order) {
      const target = targets[which];
      const run = await runInHost({
        vscodeDir: options.vscodeDir,
        browser: options.browser,
        developmentPath: target.path,
        probeModule: PROBE,
        workspace,
        env: { [EXTENSION_ID_ENV]: target.id, [SETTLE_MS_ENV]: String(SETTLE_MS) },
        timeoutMs: START_TIMEOUT_MS,
      });
      const result = parseProbeResult(ActivationProbeResult, run.resultText, `activation probe (${which})`);
      samples[which].push({ result, events: loggedActivationEvents(run.exthostLog, target.id), ms: run.ms });
      options.log(`host: activation ${which} ${i + 1}/${options.starts}: ${result.activateMs.toFixed(1)} ms (host start ${(run.ms / 1000).toFixed(1)} s)`);
    }
  }
  const ours = activationSeries('ours', OUR_ID, samples.ours);
  const baseline = activationSeries('baseline', BASELINE_ID, samples.baseline);
  return { starts: options.starts, settleMs: SETTLE_MS, ours, baseline, anomalies: [...activationAnomalies(ours), ...activationAnomalies(baseline)] };
}
