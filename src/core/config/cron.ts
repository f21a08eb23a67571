/**
 * Five-field cron syntax as Argo's CronWorkflow (robfig/cron's standard parser) accepts it,
 * which is what Atlan schedules run on. Deliberately stricter than JS cron libraries: no
 * seconds field, no L/W/#, no 7 for Sunday, no @descriptors, so a schedule that passes here
 * is not rejected later by the tenant. croner then answers what syntax cannot: whether the
 * schedule ever fires (`0 0 30 2 *` never does).
 */
import { Cron } from 'croner';

interface FieldSpec {
  name: string;
  min: number;
  max: number;
  names?: readonly string[];
}

const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'] as const;
const DAYS = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'] as const;

const FIELDS: readonly FieldSpec[] = [
  { name: 'minute', min: 0, max: 59 },
  { name: 'hour', min: 0, max: 23 },
  { name: 'day-of-month', min: 1, max: 31 },
  { name: 'month', min: 1, max: 12, names: MONTHS },
  { name: 'day-of-week', min: 0, max: 6, names: DAYS },
];

/** Returns undefined when `expr` is a valid 5-field cron expression, else why not (a predicate phrase). */
export function checkCron(expr: string): string | undefined {
  const trimmed = expr.trim();
  if (trimmed === '') return 'must not be empty; use a five-field cron expression such as "45 4 * * *"';
  if (trimmed.startsWith('@')) {
    return `uses the descriptor "${trimmed.split(/\s+/)[0]}"; Atlan schedules need a five-field cron expression such as "0 0 * * *"`;
  }
  const parts = trimmed.split(/\s+/);
  if (parts.length !== FIELDS.length) {
    return `has ${parts.length} field${parts.length === 1 ? '' : 's'}; expected 5 (minute hour day-of-month month day-of-week)`;
  }
  for (let i = 0; i < FIELDS.length; i++) {
    const problem = checkField(parts[i], FIELDS[i]);
    if (problem) return `has an invalid ${FIELDS[i].name} field "${parts[i]}": ${problem}`;
  }
  return neverRuns(parts);
}

/** Leap years included, from a fixed instant so that the answer never depends on today. */
const SEARCH_FROM = new Date(Date.UTC(2000, 0, 1));

/**
 * Why a syntactically valid schedule never fires, if it does not. With day-of-week a wildcard,
 * robfig/cron needs the day of the month to exist in a named month; croner (in the same
 * day-matching mode) searches the calendar for that.
 */
function neverRuns(parts: readonly string[]): string | undefined {
  // robfig/cron reads "?" as "*"; croner would read it as "now".
  const pattern = parts.map((field) => field.replace(/\?/g, '*')).join(' ');
  try {
    const next = new Cron(pattern, { timezone: 'UTC', paused: true, mode: '5-part', sloppyRanges: true, domAndDow: false }).nextRun(SEARCH_FROM);
    if (next !== null) return undefined;
  } catch (e) {
    return `cannot be evaluated: ${e instanceof Error ? e.message : String(e)}`;
  }
  return `never fires (this schedule never runs): day-of-month "${parts[2]}" does not occur in month "${parts[3]}"`;
}

function checkField(field: string, spec: FieldSpec): string | undefined {
  for (const item of field.split(',')) {
    const problem = checkItem(item, spec);
    if (problem) return problem;
  }
  return undefined;
}

function checkItem(item: string, spec: FieldSpec): string | undefined {
  if (item === '') return 'empty list entry';
  const slash = item.split('/');
  if (slash.length > 2) return 'more than one "/"';
  const [range, step] = slash as [string, string | undefined];
  if (step !== undefined) {
    if (!/^\d+$/.test(step)) return `step "${step}" is not a number`;
    if (Number(step) === 0) return 'step must be at least 1';
    // robfig/cron would fire once; croner (the form's next runs) refuses, and the step says nothing.
    const size = spec.max - spec.min + 1;
    if (Number(step) > size) return `step ${step} is larger than the ${spec.name} range ${spec.min}-${spec.max}`;
  }
  if (range === '*' || range === '?') return undefined;
  const bounds = range.split('-');
  if (bounds.length > 2) return `"${range}" is not a value or a range`;
  const values: number[] = [];
  for (const bound of bounds) {
    const value = parseValue(bound, spec);
    if (typeof value === 'string') return value;
    values.push(value);
  }
  if (values.length === 2 && values[0] > values[1]) return `range start ${bounds[0]} is after its end ${bounds[1]}`;
  return undefined;
}

function parseValue(token: string, spec: FieldSpec): number | string {
  if (/^\d+$/.test(token)) {
    const value = Number(token);
    if (value < spec.min || value > spec.max) {
      const sunday = spec.names === DAYS && value === 7 ? ' (use 0 for Sunday)' : '';
      return `${token} is outside ${spec.min}-${spec.max}${sunday}`;
    }
    return value;
  }
  const index = spec.names?.indexOf(token.toUpperCase()) ?? -1;
  if (index >= 0) return index + (spec.names === MONTHS ? 1 : 0);
  return spec.names
    ? `"${token}" is not a number or one of ${spec.names.join(', ')}`
    : `"${token}" is not a number`;
}
