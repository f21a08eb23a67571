/**
 * Range bounds as Elasticsearch reads them on date fields: RFC 3339 strings, epoch milliseconds,
 * and date math (`now-2h`, `now-1d/d`, `2024-01-01||+1M`). pyatlan documents `now-2h` style
 * bounds for run searches, so they must work.
 */
import { QueryError } from './queryError';

type Unit = 'y' | 'M' | 'w' | 'd' | 'h' | 'H' | 'm' | 's';

function addUnits(date: Date, amount: number, unit: Unit): Date {
  const d = new Date(date.getTime());
  switch (unit) {
    case 'y':
      d.setUTCFullYear(d.getUTCFullYear() + amount);
      break;
    case 'M':
      d.setUTCMonth(d.getUTCMonth() + amount);
      break;
    case 'w':
      d.setUTCDate(d.getUTCDate() + 7 * amount);
      break;
    case 'd':
      d.setUTCDate(d.getUTCDate() + amount);
      break;
    case 'h':
    case 'H':
      d.setTime(d.getTime() + amount * 3_600_000);
      break;
    case 'm':
      d.setTime(d.getTime() + amount * 60_000);
      break;
    case 's':
      d.setTime(d.getTime() + amount * 1000);
      break;
  }
  return d;
}

function roundDown(date: Date, unit: Unit): Date {
  const d = new Date(date.getTime());
  switch (unit) {
    case 'y':
      d.setUTCMonth(0, 1);
      d.setUTCHours(0, 0, 0, 0);
      break;
    case 'M':
      d.setUTCDate(1);
      d.setUTCHours(0, 0, 0, 0);
      break;
    case 'w': {
      const day = (d.getUTCDay() + 6) % 7; // ISO weeks start on Monday
      d.setUTCDate(d.getUTCDate() - day);
      d.setUTCHours(0, 0, 0, 0);
      break;
    }
    case 'd':
      d.setUTCHours(0, 0, 0, 0);
      break;
    case 'h':
    case 'H':
      d.setUTCMinutes(0, 0, 0);
      break;
    case 'm':
      d.setUTCSeconds(0, 0);
      break;
    case 's':
      d.setUTCMilliseconds(0);
      break;
  }
  return d;
}

const DATE_LIKE = /^\d{4}-\d{2}-\d{2}([T ][\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/;

/** Epoch ms of an RFC 3339 / ISO date string, or undefined when it is not one. */
export function parseDateString(value: string): number | undefined {
  // Cheap shape check first: this runs for every sort key of every hit.
  if (value.length < 10 || value.charCodeAt(4) !== 45 || value.charCodeAt(7) !== 45) return undefined;
  if (value.length === 20 && value.charCodeAt(19) === 90 && value.charCodeAt(10) === 84) {
    const ms = Date.parse(value);
    return Number.isNaN(ms) ? undefined : ms;
  }
  if (!DATE_LIKE.test(value)) return undefined;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? undefined : ms;
}

/** True when a bound uses date math (`now…` or `…||…`). */
export function isDateMath(value: string): boolean {
  return value.startsWith('now') || value.includes('||');
}

/**
 * Epoch ms for a date-math bound. `roundUp` follows ES: `gt`/`lte` round a `/unit` up to the
 * unit's last millisecond, `gte`/`lt` round down.
 */
export function evaluateDateMath(expr: string, now: number, roundUp: boolean): number {
  let anchor: Date;
  let rest: string;
  if (expr.startsWith('now')) {
    anchor = new Date(now);
    rest = expr.slice(3);
  } else {
    const sep = expr.indexOf('||');
    const base = parseDateString(expr.slice(0, sep));
    if (base === undefined) throw new QueryError(`range bound '${expr}' has an invalid date before '||'`);
    anchor = new Date(base);
    rest = expr.slice(sep + 2);
  }
  const step = /^([+-]\d+|\/)([yMwdhHms])/;
  let date = anchor;
  while (rest.length > 0) {
    const m = step.exec(rest);
    if (!m) throw new QueryError(`range bound '${expr}' is not valid date math (at '${rest}')`);
    const op = m[1];
    const unit = m[2] as Unit;
    if (op === '/') {
      const down = roundDown(date, unit);
      date = roundUp ? new Date(addUnits(down, 1, unit).getTime() - 1) : down;
    } else {
      date = addUnits(date, Number(op), unit);
    }
    rest = rest.slice(m[0].length);
  }
  return date.getTime();
}
