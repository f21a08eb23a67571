/**
 * Crawler schedules for people: "daily at 04:45", "every Monday at 09:00", "every 15 minutes".
 * Only shapes that read unambiguously are put into words; anything else (steps inside ranges,
 * day-of-month and day-of-week both restricted, long lists) is left as the cron itself, which is
 * always exact. Plain TypeScript with no dependency: the tree, the form's webview and the CLI share it.
 */

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'] as const;
const MONTH_TOKENS = MONTHS.map((m) => m.slice(0, 3).toUpperCase());
const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'] as const;
const DAY_TOKENS = DAYS.map((d) => d.slice(0, 3).toUpperCase());
/** The longest each month can be (February in a leap year): a day that fits in none never fires. */
const MONTH_DAYS = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31] as const;
/** More times of day than this read worse than the cron. */
const MAX_TIMES = 4;

/** One cron field: any value, every n-th value from the field's start, or a set of values. */
type Field = { kind: 'any' } | { kind: 'every'; step: number } | { kind: 'values'; values: number[] };

interface FieldSpec {
  min: number;
  max: number;
  tokens?: readonly string[];
  /** Month tokens start at 1. */
  tokenBase?: number;
}

const MINUTE: FieldSpec = { min: 0, max: 59 };
const HOUR: FieldSpec = { min: 0, max: 23 };
const DAY_OF_MONTH: FieldSpec = { min: 1, max: 31 };
const MONTH: FieldSpec = { min: 1, max: 12, tokens: MONTH_TOKENS, tokenBase: 1 };
const DAY_OF_WEEK: FieldSpec = { min: 0, max: 6, tokens: DAY_TOKENS, tokenBase: 0 };

/**
 * The schedule in words, with its time zone where the zone changes when it fires: "daily at
 * 04:45 (Europe/Paris)", "every 15 minutes". The raw cron with its zone when it has no wording.
 */
export function describeSchedule(schedule: { cron: string; timezone?: string }): string {
  const zone = schedule.timezone?.trim() || 'UTC';
  const words = cronInWords(schedule.cron);
  if (!words) return `${schedule.cron.trim()} (${zone})`;
  return words.zoned ? `${words.text} (${zone})` : words.text;
}

/**
 * A five-field cron expression in words, or undefined when it is invalid or has no short, exact
 * wording. `zoned` says whether the wording depends on the time zone (minute intervals do not).
 */
export function cronInWords(cron: string): { text: string; zoned: boolean } | undefined {
  const parts = cron.trim().split(/\s+/);
  if (parts.length !== 5) return undefined;
  const minute = parseField(parts[0], MINUTE);
  const hour = parseField(parts[1], HOUR);
  const dom = parseField(parts[2], DAY_OF_MONTH);
  const month = parseField(parts[3], MONTH);
  const dow = parseField(parts[4], DAY_OF_WEEK);
  if (!minute || !hour || !dom || !month || !dow) return undefined;

  const everyDay = dom.kind === 'any' && month.kind === 'any' && dow.kind === 'any';
  if (hour.kind === 'any' && everyDay) {
    if (minute.kind === 'any') return { text: 'every minute', zoned: false };
    // */45 fires at :00 and :45: "every 45 minutes" only holds for steps that divide the hour.
    if (minute.kind === 'every') return 60 % minute.step === 0 ? { text: minute.step === 1 ? 'every minute' : `every ${minute.step} minutes`, zoned: false } : undefined;
    if (minute.values.length === 1) {
      const m = minute.values[0];
      return { text: m === 0 ? 'every hour' : `every hour at :${pad(m)}`, zoned: true };
    }
    return undefined;
  }
  if (minute.kind !== 'values') return undefined;
  const minutes = minute.values;
  if (hour.kind === 'every' && everyDay && minutes.length === 1 && 24 % hour.step === 0) {
    const m = minutes[0];
    if (hour.step === 1) return { text: m === 0 ? 'every hour' : `every hour at :${pad(m)}`, zoned: true };
    return { text: `every ${hour.step} hours from 00:${pad(m)}`, zoned: true };
  }
  if (hour.kind !== 'values') return undefined;

  const times = timesOfDay(hour.values, minutes);
  if (!times) return undefined;
  const days = daysInWords(dom, month, dow);
  if (!days) return undefined;
  return { text: `${days} ${times}`, zoned: true };
}

/** "at 04:45", "at 06:00 and 18:00", "every hour from 09:00 to 17:00". */
function timesOfDay(hours: number[], minutes: number[]): string | undefined {
  if (hours.length * minutes.length <= MAX_TIMES) return `at ${joinWords(hours.flatMap((h) => minutes.map((m) => `${pad(h)}:${pad(m)}`)))}`;
  const contiguous = hours.every((h, i) => i === 0 || h === hours[i - 1] + 1);
  if (minutes.length !== 1 || !contiguous) return undefined;
  const m = pad(minutes[0]);
  return `every hour from ${pad(hours[0])}:${m} to ${pad(hours[hours.length - 1])}:${m}`;
}

/** "daily", "every Monday", "every weekday", "on the 1st of every month", "on 1 January"; undefined when it would mislead. */
function daysInWords(dom: Field, month: Field, dow: Field): string | undefined {
  if (dom.kind === 'every' || month.kind === 'every' || dow.kind === 'every') return undefined;
  // Both restricted: cron fires on either (robfig/cron, like Vixie cron), which words would hide.
  if (dom.kind === 'values' && dow.kind === 'values') return undefined;
  const months = month.kind === 'values' ? month.values : undefined;
  const monthNames = months ? joinWords(months.map((n) => MONTHS[n - 1])) : undefined;

  if (dom.kind === 'values') {
    const possible = dom.values.some((d) => (months ?? [1, 3, 5, 7, 8, 10, 12]).some((n) => d <= MONTH_DAYS[n - 1]));
    if (!possible) return undefined;
    if (months && dom.values.length === 1 && months.length === 1) return `on ${dom.values[0]} ${MONTHS[months[0] - 1]}`;
    const days = joinWords(dom.values.map(ordinal));
    return months ? `on the ${days} of ${monthNames}` : `on the ${days} of every month`;
  }
  const inMonths = monthNames ? ` in ${monthNames}` : '';
  if (dow.kind === 'values') return `every ${weekdaysInWords(dow.values)}${inMonths}`;
  return months ? `every day${inMonths}` : 'daily';
}

function weekdaysInWords(days: number[]): string {
  if (days.join(',') === '1,2,3,4,5') return 'weekday';
  // Cron counts from Sunday; people list the week from Monday.
  const mondayFirst = [...days].sort((a, b) => ((a + 6) % 7) - ((b + 6) % 7));
  return joinWords(mondayFirst.map((d) => DAYS[d]));
}

function parseField(text: string, spec: FieldSpec): Field | undefined {
  if (text === '*' || text === '?') return { kind: 'any' };
  const step = /^[*?]\/(\d+)$/.exec(text);
  if (step) {
    const n = Number(step[1]);
    return n >= 1 && n <= spec.max - spec.min + 1 ? { kind: 'every', step: n } : undefined;
  }
  const values = new Set<number>();
  for (const item of text.split(',')) {
    const bounds = item.split('-');
    if (bounds.length > 2) return undefined;
    const [from, to] = bounds.map((b) => parseValue(b, spec));
    if (from === undefined || (bounds.length === 2 && (to === undefined || to < from))) return undefined;
    for (let v = from; v <= (to ?? from); v++) values.add(v);
  }
  return { kind: 'values', values: [...values].sort((a, b) => a - b) };
}

function parseValue(token: string, spec: FieldSpec): number | undefined {
  let value: number;
  if (/^\d+$/.test(token)) value = Number(token);
  else {
    const index = spec.tokens?.indexOf(token.toUpperCase()) ?? -1;
    if (index < 0) return undefined;
    value = index + (spec.tokenBase ?? 0);
  }
  return value >= spec.min && value <= spec.max ? value : undefined;
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

function ordinal(n: number): string {
  const teen = n % 100 >= 11 && n % 100 <= 13;
  const suffix = teen ? 'th' : ({ 1: 'st', 2: 'nd', 3: 'rd' } as Record<number, string>)[n % 10] ?? 'th';
  return `${n}${suffix}`;
}

function joinWords(items: string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}
