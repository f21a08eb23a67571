/**
 * Following one run to its end on the terminal: a line per phase change, the failed steps at the
 * end, Ctrl-C to stop watching (the run goes on). Shared by `monitor`, `submit --wait` and
 * `rerun --wait`.
 */
import { monitorRuns, type CrawlerBackend, type CrawlerRun } from '../core/atlan';
import type { CliIo } from './io';
import { failedStepLines, phaseText, runLabel } from './runFormat';

/** `stopped`: someone stopped the run (not a failure of the crawl, but no crawl either). */
export type WatchOutcome = 'succeeded' | 'failed' | 'stopped' | 'interrupted';

export interface WatchResult {
  outcome: WatchOutcome;
  /** The last state seen. */
  run: CrawlerRun;
}

const DEFAULT_MAX_ERRORS = 6;

/**
 * Polls until the run finishes or io.signal aborts. Lines go to `print` (stderr under --json, so
 * stdout keeps one JSON document). A failure the monitor cannot retry (401, 403), or too many
 * failed polls in a row, is thrown for main to map to its exit code.
 */
export async function watchRun(backend: CrawlerBackend, start: CrawlerRun, io: CliIo, print: (line: string) => void): Promise<WatchResult> {
  const tuning = io.tuning ?? {};
  const maxErrors = tuning.monitorMaxErrors ?? DEFAULT_MAX_ERRORS;
  let last = start;
  let errorsInARow = 0;
  const changes = monitorRuns(backend, [{ id: start.id, workflowName: start.workflowName }], {
    ...(io.signal ? { signal: io.signal } : {}),
    ...(tuning.clock ? { clock: tuning.clock } : {}),
    ...(tuning.monitorMinIntervalMs !== undefined ? { minIntervalMs: tuning.monitorMinIntervalMs } : {}),
    ...(tuning.monitorMaxIntervalMs !== undefined ? { maxIntervalMs: tuning.monitorMaxIntervalMs } : {}),
  });
  for await (const change of changes) {
    if (change.type === 'error') {
      if (change.fatal) throw change.error;
      errorsInARow++;
      if (errorsInARow >= maxErrors) {
        change.error.message += ` Gave up watching after ${errorsInARow} failed polls; the run goes on: watch it again with "atlan-postgres monitor ${start.workflowName}".`;
        throw change.error;
      }
      print(`note: ${change.error.message} Trying again in ${Math.ceil((change.retryInMs ?? 0) / 1000)} s.`);
      continue;
    }
    errorsInARow = 0;
    const run = change.run;
    last = run;
    print(`${clockTime(io.now())}  ${runLabel(run)}  ${phaseText(run, io.now())}`);
  }
  if (io.signal?.aborted) {
    print(`Stopped watching ${runLabel(last)}; the run goes on. Watch it again with "atlan-postgres monitor ${last.workflowName}".`);
    return { outcome: 'interrupted', run: last };
  }
  if (last.phase === 'Succeeded') return { outcome: 'succeeded', run: last };
  if (last.phase === 'Stopped') return { outcome: 'stopped', run: last };
  for (const line of failedStepLines(last)) print(line);
  return { outcome: 'failed', run: last };
}

/** `14:03:05` UTC. */
function clockTime(ms: number): string {
  return new Date(ms).toISOString().slice(11, 19);
}
