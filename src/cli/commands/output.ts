/** Output conventions shared by the tenant commands. */
import { cronInWords, describeSchedule } from '../../core/format/scheduleWords';
import { UsageError } from '../command';
import { ExitCode, type ExitCodeValue } from '../exitCodes';
import type { CliIo } from '../io';
import type { WatchResult } from '../runWatch';

/**
 * Where human-readable lines go: stdout normally; stderr under --json, so that stdout carries
 * exactly one JSON document for scripts.
 */
export function lineWriter(io: CliIo, json: boolean): (line: string) => void {
  return json ? (line) => io.stderr(`${line}\n`) : (line) => io.stdout(`${line}\n`);
}

/**
 * 0 when the watched run succeeded, 4 when it failed or was stopped (a pipeline waiting for the
 * crawl must not go on either way; `outcome` tells the two apart), 130 when watching was interrupted.
 */
export function exitCodeOf(result: WatchResult): ExitCodeValue {
  switch (result.outcome) {
    case 'succeeded':
      return ExitCode.ok;
    case 'failed':
    case 'stopped':
      return ExitCode.runFailed;
    case 'interrupted':
      return ExitCode.interrupted;
  }
}

/** Parses a positive whole-number option within bounds. */
export function parseCount(value: unknown, option: string, fallback: number, max: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'string' || !/^\d{1,6}$/.test(value) || Number(value) < 1 || Number(value) > max) {
    throw new UsageError(`--${option} must be a whole number from 1 to ${max}, not ${JSON.stringify(value)}`);
  }
  return Number(value);
}

/** `Schedule: daily at 04:45 (Europe/Paris), cron "45 4 * * *"`; the cron and its zone alone when it has no wording. */
export function scheduleLine(schedule: { cron: string; timezone?: string }): string {
  const cron = `cron "${schedule.cron.trim()}"`;
  return cronInWords(schedule.cron) ? `Schedule: ${describeSchedule(schedule)}, ${cron}` : `Schedule: ${cron} (${schedule.timezone?.trim() || 'UTC'})`;
}

/** `note: 2 runs of X could not be read and are left out (the rest is shown): reason; reason`, for stderr. */
export function unreadNote(unread: readonly string[], what: string): string {
  const shown = 5;
  const more = unread.length > shown ? `; and ${unread.length - shown} more` : '';
  const noun = unread.length === 1 ? what.replace(/^(\w+?)s\b/, '$1') : what;
  return `note: ${unread.length} ${noun} could not be read and ${unread.length === 1 ? 'is' : 'are'} left out (the rest is shown): ${unread.slice(0, shown).join('; ')}${more}`;
}
