/**
 * A run's details as Markdown: what the run as a whole says, the asset counts it reports, and its
 * steps (phase, start, duration, message) with the failed ones first, since that is what someone
 * opening a failed run looks for. Pure and without `vscode`: the Run details document renders it.
 */
import { isFinished, type CrawlerRun, type RunStep, type Surface } from '../atlan/backend';
import { formatRunDuration } from './runTiming';

export interface RunDetailsOptions {
  connectionName?: string;
  surface: Surface;
  now?: number;
  /** What the run changed in the catalog since the previous run, in words (Succeeded runs). */
  catalogChanges?: string;
  /** For stable output in tests; the user's own by default. */
  locale?: string;
  timeZone?: string;
}

const FAILED: ReadonlySet<string> = new Set(['Failed', 'Error']);

/** Failed steps first, then the rest, each group in the order the steps started. */
export function orderStepsFailedFirst(steps: readonly RunStep[]): RunStep[] {
  return [...steps.filter((s) => FAILED.has(s.phase)), ...steps.filter((s) => !FAILED.has(s.phase))];
}

const ASSET_KINDS = ['database', 'schema', 'table', 'view', 'column'] as const;
export type AssetKind = (typeof ASSET_KINDS)[number];

/**
 * The asset counts a run's message reports ("Crawled analytics: 1 database, 3 schemas, 12 tables,
 * 2 views, 80 columns", as the crawler summarises a crawl), in that order; empty when it has none.
 */
export function assetCountsIn(message: string | undefined): { kind: AssetKind; count: number }[] {
  const found = new Map<AssetKind, number>();
  for (const match of (message ?? '').matchAll(/\b(\d[\d,]*)\s+(database|schema|table|view|column)s?\b/gi)) {
    const kind = match[2].toLowerCase() as AssetKind;
    if (!found.has(kind)) found.set(kind, Number(match[1].replace(/,/g, '')));
  }
  return ASSET_KINDS.filter((k) => found.has(k)).map((kind) => ({ kind, count: found.get(kind) ?? 0 }));
}

export function runDetailsMarkdown(run: CrawlerRun, options: RunDetailsOptions): string {
  const now = options.now ?? Date.now();
  const time = (value: string | undefined): string => formatTime(value, options.locale, options.timeZone);
  const lines: string[] = [`# ${text(options.connectionName ?? run.workflowName)}: run ${text(run.phase)}`, ''];

  // A stopped run's steps end Failed in Argo: they were cut short, and nothing failed.
  const stopped = run.phase === 'Stopped';
  const steps = run.steps && stopped ? run.steps.map((s) => (FAILED.has(s.phase) ? { ...s, phase: 'Stopped' } : s)) : run.steps;
  const failed = stopped ? undefined : steps ? orderStepsFailedFirst(steps).find((s) => FAILED.has(s.phase)) : run.failedSteps[0];
  if (failed) lines.push(`**Failed in ${text(failed.name)}**${failed.message ? `: ${text(failed.message)}` : ''}`, '');

  lines.push('| | |', '|---|---|');
  lines.push(`| Workflow | ${code(run.workflowName)} |`, `| Run | ${code(run.id)} |`, `| Phase | ${text(run.phase)} |`);
  if (run.progress) lines.push(`| Steps done | ${text(run.progress)} |`);
  if (run.startedAt) lines.push(`| Started | ${time(run.startedAt)}${run.startedBy ? ` by ${text(run.startedBy)}` : ''} |`);
  if (run.finishedAt) lines.push(`| Finished | ${time(run.finishedAt)} |`);
  const duration = durationOf(run, now);
  if (duration) lines.push(`| ${isFinished(run) ? 'Took' : 'Running for'} | ${duration} |`);
  lines.push(`| Message | ${run.message ? text(run.message) : '_none_'} |`);

  const counts = assetCountsIn(run.message);
  if (counts.length > 0) {
    lines.push('', '## Assets', '');
    lines.push(`| ${counts.map((c) => `${c.kind[0].toUpperCase()}${c.kind.slice(1)}s`).join(' | ')} |`);
    lines.push(`|${counts.map(() => '---:').join('|')}|`);
    lines.push(`| ${counts.map((c) => c.count.toLocaleString('en-US')).join(' | ')} |`);
  }

  if (options.catalogChanges) lines.push('', '## Catalog', '', text(options.catalogChanges));

  lines.push('', '## Steps', '');
  if (!steps) {
    lines.push(
      options.surface === 'apps'
        ? "Steps are not available: the App API reports a run as a whole, without its steps."
        : 'Steps are not available for this run.',
    );
  } else if (steps.length === 0) {
    lines.push(isFinished(run) ? 'The run reported no steps.' : 'No step has started yet.');
  } else {
    lines.push('| Step | Phase | Started | Duration | Message |', '|---|---|---|---|---|');
    for (const step of orderStepsFailedFirst(steps)) {
      const phase = FAILED.has(step.phase) ? `**${text(step.phase)}**` : text(step.phase);
      // A step of a finished run (or a finished step) without an end time has no duration: it must not grow with the clock.
      const stepDuration = formatRunDuration(step, isFinished(step) || isFinished(run), now) ?? '';
      lines.push(`| ${text(step.name)} | ${phase} | ${step.startedAt ? time(step.startedAt) : ''} | ${stepDuration} | ${step.message ? text(step.message) : ''} |`);
    }
  }
  return `${lines.join('\n')}\n`;
}

/** A finished run without an end time has no duration: measuring it up to now would grow forever. */
function durationOf(run: CrawlerRun, now: number): string | undefined {
  return formatRunDuration(run, isFinished(run), now);
}

function formatTime(value: string | undefined, locale?: string, timeZone?: string): string {
  if (!value) return '';
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) return text(value);
  return new Intl.DateTimeFormat(locale, { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false, timeZone }).format(ms);
}

/** Tenant text in a Markdown table cell: one line, no markup, no HTML. */
function text(value: string): string {
  return value.replace(/\s+/g, ' ').trim().replace(/[\\`*_{}[\]<>|#]/g, (c) => `\\${c}`);
}

function code(value: string): string {
  return `\`${value.replace(/[`|\s]/g, '')}\``;
}
