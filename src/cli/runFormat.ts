/** How runs read on a terminal: one line per run, a table of recent runs. Times are UTC, so output does not depend on the machine. */
import { isFinished, isPendingRunId, type CrawlerRun } from '../core/atlan';
import { formatRunDuration } from '../core/format/runTiming';

/** `2025-11-25 14:03:05Z`; the raw text when it does not parse; `-` when absent. */
export function formatTimestamp(value: string | undefined): string {
  if (!value) return '-';
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) return value;
  return new Date(ms).toISOString().replace('T', ' ').replace(/\.\d+Z$/, 'Z');
}

/** The run's id, or what stands for it while the tenant has not named it yet. */
export function runLabel(run: CrawlerRun): string {
  return isPendingRunId(run.id) ? `first run of ${run.workflowName} (not indexed yet)` : run.id;
}

/**
 * How long the run took or has been running; undefined when unknown, including a finished run
 * without an end time (App API runs have none), which must not be measured up to now.
 */
export function runDuration(run: CrawlerRun, now: number): string | undefined {
  return formatRunDuration(run, isFinished(run), now);
}

/** `Running 1/3`, `Succeeded after 38s`, `Failed after 12s: <message>`, `Stopped after 9s by jane`. */
export function phaseText(run: CrawlerRun, now: number): string {
  const parts = [run.phase];
  if (run.progress && !isFinished(run)) parts.push(run.progress);
  const duration = runDuration(run, now);
  if (isFinished(run) && duration) parts.push(`after ${duration}`);
  if (run.phase === 'Stopped' && run.stoppedBy) parts.push(`by ${run.stoppedBy}`);
  let text = parts.join(' ');
  // A stopped run's message only restates that it was stopped ("Stopped with strategy 'Stop'").
  if (run.message && run.phase !== 'Succeeded' && run.phase !== 'Stopped') text += `: ${run.message}`;
  return text;
}

/** Extra lines for a run that failed: each failed step and its message. */
export function failedStepLines(run: CrawlerRun): string[] {
  return run.failedSteps.map((step) => `  step ${step.name} ${step.phase}${step.message ? `: ${step.message}` : ''}`);
}

/** A fixed-width table: RUN, PHASE, STARTED, DURATION, BY. */
export function runsTable(runs: readonly CrawlerRun[], now: number): string {
  const rows = [
    ['RUN', 'PHASE', 'STARTED', 'DURATION', 'BY'],
    ...runs.map((run) => [
      runLabel(run),
      run.progress && !isFinished(run) ? `${run.phase} ${run.progress}` : run.phase,
      formatTimestamp(run.startedAt),
      runDuration(run, now) ?? '-',
      run.startedBy ?? '-',
    ]),
  ];
  const widths = rows[0].map((_, column) => Math.max(...rows.map((row) => row[column].length)));
  return rows.map((row) => row.map((cell, column) => (column === row.length - 1 ? cell : cell.padEnd(widths[column]))).join('  ').trimEnd()).join('\n');
}
