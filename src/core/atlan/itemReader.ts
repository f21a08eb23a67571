/**
 * Lists read item by item. Real tenants hold more than the SDKs' picture of them: one item that
 * does not fit its model (an App workflow with `slug: null`, a run hit without a name) is left out
 * with a reason, and the rest of the list is read. Reasons say which item and where it is wrong
 * (field path, expected type), never the item's values: a reason may reach the log and the view.
 */
import type * as z from 'zod';
import { redactPatterns } from './redact';

/** Items that parsed, and one reason per item left out. */
export interface ItemsRead<T> {
  items: T[];
  unread: string[];
}

/** Keys that name an item without revealing anything secret, most telling first. */
const LABEL_KEYS = ['slug', 'name', '_id', 'run_id', 'trigger_id', 'id'] as const;

/** A short name for the item in a reason: its slug, name or id when it has one that is text. */
export function itemLabel(raw: unknown): string | undefined {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return undefined;
  const record = raw as Record<string, unknown>;
  const nameIn = (value: unknown): unknown => (typeof value === 'object' && value !== null ? (value as Record<string, unknown>).name : undefined);
  const source = record._source;
  const candidates: unknown[] = [
    ...LABEL_KEYS.map((key) => record[key]),
    nameIn(record.metadata),
    typeof source === 'object' && source !== null ? nameIn((source as Record<string, unknown>).metadata) : undefined,
  ];
  const label = candidates.find((value): value is string => typeof value === 'string' && value.trim() !== '' && value.length <= 200);
  return label;
}

function formatPath(path: readonly PropertyKey[]): string {
  return path.map((part) => (typeof part === 'number' ? `[${part}]` : `.${String(part)}`)).join('').replace(/^\./, '');
}

/** Why an item did not parse: the first issues, by field path and zod's message (which names types, not values). */
export function unreadReason(what: string, index: number, raw: unknown, error: z.ZodError): string {
  const label = itemLabel(raw);
  const issues = error.issues
    .slice(0, 2)
    .map((issue) => `${formatPath(issue.path) || 'the item'}: ${issue.message.replace(/^Invalid input: /, '')}`)
    .join('; ');
  return redactPatterns(`${what} ${index + 1}${label ? ` (${label})` : ''}: ${issues || 'not readable'}`);
}

/** Parses each item on its own: the ones that fit are kept in order, each other one gives a reason. */
export function readItems<T>(raw: readonly unknown[], schema: z.ZodType<T>, what: string): ItemsRead<T> {
  const items: T[] = [];
  const unread: string[] = [];
  raw.forEach((item, index) => {
    const parsed = schema.safeParse(item);
    if (parsed.success) items.push(parsed.data);
    else unread.push(unreadReason(what, index, item, parsed.error));
  });
  return { items, unread };
}

/** "2 items could not be read: reason; reason" for the log, at most `shown` reasons. */
export function describeUnread(unread: readonly string[], shown = 3): string {
  const count = unread.length;
  const more = count > shown ? `; and ${count - shown} more` : '';
  return `${count} item${count === 1 ? '' : 's'} could not be read: ${unread.slice(0, shown).join('; ')}${more}`;
}

/**
 * Passes the reasons an answer's items were left out to `note` (for the log) and returns them for
 * the caller; undefined when none.
 */
export function noteUnread(
  note: ((text: string) => void) | undefined,
  origin: string,
  what: string,
  unread: readonly string[] | undefined,
): readonly string[] | undefined {
  if (!unread || unread.length === 0) return undefined;
  note?.(`Some ${what} on ${origin} were left out: ${describeUnread(unread)}.`);
  return unread;
}
