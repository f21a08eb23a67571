/**
 * The next run times of a schedule, shown under the cron field. croner does the calendar and
 * time-zone arithmetic (DST gaps and repeats included); `checkCron` decides validity first, so
 * only expressions Atlan's scheduler accepts get here. No `vscode`: the webview bundles this.
 */
import { Cron } from 'croner';
import { checkCron } from '../../core/config/cron';
import { checkTimezone } from '../../core/config/timezone';

/**
 * `about` says which part is wrong: the form shows a cron or time-zone problem once, under that
 * field (parseConfig reports it there too), and only a calendar failure in the next-runs box.
 */
export type NextRuns = { ok: true; runs: Date[] } | { ok: false; error: string; about: 'cron' | 'timezone' | 'calendar' };

export function nextRuns(cron: string, timezone: string, from: Date, count = 3): NextRuns {
  const cronProblem = checkCron(cron);
  if (cronProblem) return { ok: false, error: `The cron expression ${cronProblem}.`, about: 'cron' };
  const tzProblem = checkTimezone(timezone);
  if (tzProblem) return { ok: false, error: `The time zone ${tzProblem}.`, about: 'timezone' };
  try {
    // robfig/cron reads "?" as "*" (croner would put the current time there) and "5/10" as "5-59/10".
    const pattern = cron.trim().split(/\s+/).map((field) => field.replace(/\?/g, '*')).join(' ');
    const job = new Cron(pattern, { timezone, paused: true, mode: '5-part', sloppyRanges: true, domAndDow: false });
    return { ok: true, runs: job.nextRuns(count, from) };
  } catch (err) {
    return { ok: false, error: `The next runs could not be computed: ${err instanceof Error ? err.message : String(err)}`, about: 'calendar' };
  }
}

/** "Sat, 28 Mar 2026, 04:45 (Europe/Paris)": a run time in the schedule's own zone. */
export function formatRunTime(date: Date, timezone: string): string {
  const text = new Intl.DateTimeFormat('en-GB', {
    timeZone: timezone,
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(date);
  return `${text} (${timezone})`;
}
