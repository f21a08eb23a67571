/**
 * What is left to do after importing a workflow into a configuration file, as the short list the
 * import message ends with: secrets to store, fields the tenant did not return or that could not
 * be read. Notes that share a cause say it once ("the tenant keeps the credential to itself: fill
 * in extraction.host, extraction.port and extraction.database; …"), not once per field.
 */
import type { ImportedCrawler, ImportNote } from './import';

const FILL_IN = 'fill in ';

export function importFollowUps(imported: Pick<ImportedCrawler, 'secretRefs' | 'notes'>): string[] {
  const items = imported.secretRefs.map((r) => `store the secret "${r.name}" (${r.label})`);
  const byCause = new Map<string, ImportNote[]>();
  for (const note of imported.notes) {
    if (note.kind !== 'not-returned' && note.kind !== 'unreadable') continue;
    if (note.cause === undefined) items.push(note.message);
    else byCause.set(note.cause, [...(byCause.get(note.cause) ?? []), note]);
  }
  for (const [cause, notes] of byCause) items.push(`${cause}: ${mergeFillIns(notes.map((n) => n.message))}`);
  return items;
}

/** ["fill in a", "fill in b", "check x"] -> "fill in a and b; check x". */
function mergeFillIns(messages: readonly string[]): string {
  const parts: string[] = [];
  let fields: string[] = [];
  const flush = (): void => {
    if (fields.length > 0) parts.push(`${FILL_IN}${fields.length === 1 ? fields[0] : `${fields.slice(0, -1).join(', ')} and ${fields[fields.length - 1]}`}`);
    fields = [];
  };
  for (const message of messages) {
    if (message.startsWith(FILL_IN)) {
      fields.push(message.slice(FILL_IN.length));
      continue;
    }
    flush();
    parts.push(message);
  }
  flush();
  return parts.join('; ');
}
