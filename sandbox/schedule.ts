/** Checks for the schedules both surfaces accept: five-field cron and an IANA time zone. */

const FIELD = /^(\*|\d+(-\d+)?)(\/\d+)?(,(\*|\d+(-\d+)?)(\/\d+)?)*$/;
const NAMED = /^[A-Za-z]{3}(-[A-Za-z]{3})?(,[A-Za-z]{3}(-[A-Za-z]{3})?)*$/;

/** Undefined when `cron` is a plausible five-field expression, else the reason it is not. */
export function cronProblem(cron: string): string | undefined {
  const fields = cron.trim().split(/\s+/);
  if (fields.length !== 5) return `cron '${cron}' must have 5 fields (minute hour day-of-month month day-of-week), found ${fields.length}`;
  const names = ['minute', 'hour', 'day-of-month', 'month', 'day-of-week'];
  for (let i = 0; i < 5; i++) {
    const f = fields[i];
    const namedOk = (i === 3 || i === 4) && NAMED.test(f);
    if (!FIELD.test(f) && !namedOk) return `cron '${cron}' has an invalid ${names[i]} field '${f}'`;
  }
  return undefined;
}

/** Undefined when `timezone` is a time zone this runtime knows, else the reason. */
export function timezoneProblem(timezone: string): string | undefined {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: timezone });
    return undefined;
  } catch {
    return `'${timezone}' is not an IANA time zone (e.g. Europe/Paris, UTC)`;
  }
}
