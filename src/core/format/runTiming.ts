/** Human-readable run times for tree items, tooltips and notifications. */

/** `3h 04m`, `12m 05s`, `42s`; undefined when the run has not started or the times do not parse. */
export function formatDuration(startedAt: string | undefined, finishedAt: string | undefined, now: number = Date.now()): string | undefined {
  if (!startedAt) return undefined;
  const start = Date.parse(startedAt);
  const end = finishedAt ? Date.parse(finishedAt) : now;
  if (Number.isNaN(start) || Number.isNaN(end)) return undefined;
  return formatSeconds(Math.max(0, Math.round((end - start) / 1000)));
}

/**
 * A run's duration: to its end once finished, to `now` while in flight. A finished run without an
 * end time has none (it must not grow with the clock); undefined then, and before it started.
 */
export function formatRunDuration(run: { startedAt?: string; finishedAt?: string }, finished: boolean, now: number = Date.now()): string | undefined {
  if (finished && !run.finishedAt) return undefined;
  return formatDuration(run.startedAt, run.finishedAt, now);
}

export function formatSeconds(total: number): string {
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const pad = (n: number): string => String(n).padStart(2, '0');
  if (h > 0) return `${h}h ${pad(m)}m`;
  if (m > 0) return `${m}m ${pad(s)}s`;
  return `${s}s`;
}

/** `Nov 25, 14:03` in the user's locale and time zone; the raw value when it does not parse. */
export function formatStartTime(value: string | undefined, locale?: string, timeZone?: string): string | undefined {
  if (!value) return undefined;
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) return value;
  return new Intl.DateTimeFormat(locale, { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', hour12: false, timeZone }).format(ms);
}
