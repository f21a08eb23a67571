/**
 * Five-field cron syntax as Argo's CronWorkflow (robfig/cron's standard parser) accepts it,
 * which is what Atlan schedules run on. Deliberately stricter than JS cron libraries: no
 * seconds field, no L/W/#, no 7 for Sunday, no @descriptors, so a schedule that passes here
 * is not rejected later by the tenant.
 */

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
  return undefined;
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
