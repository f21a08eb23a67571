/** Checks of caller input that would otherwise reach the tenant and fail there less clearly. */
import type { Schedule } from './backend';
import { InvalidArgumentError } from './errors';

/** A five-field cron expression and an IANA time zone Node knows. */
export function validateSchedule(origin: string, schedule: Schedule): void {
  const fields = schedule.cron.trim().split(/\s+/);
  if (fields.length !== 5 || fields.some((f) => !/^[\d*/,\-A-Za-z?LW#]+$/.test(f))) {
    throw new InvalidArgumentError(origin, `"${schedule.cron}" is not a five-field cron expression such as "45 4 * * *".`);
  }
  if (!isTimeZone(schedule.timezone)) {
    throw new InvalidArgumentError(origin, `"${schedule.timezone}" is not an IANA time zone such as "Europe/Paris" or "UTC".`);
  }
}

export function isTimeZone(value: string): boolean {
  if (value.trim() === '') return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

/** A name or id the caller must give: empty text is refused before any request. */
export function requireName(origin: string, value: string, what: string): void {
  if (typeof value !== 'string' || value.trim() === '') throw new InvalidArgumentError(origin, `The ${what} is empty.`);
}
