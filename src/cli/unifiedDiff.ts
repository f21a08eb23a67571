/** Unified diff text between two documents (jsdiff), without the "====" banner jsdiff puts first. */
import { createTwoFilesPatch } from 'diff';

export function unifiedDiff(oldLabel: string, newLabel: string, oldText: string, newText: string, context = 3): string {
  return createTwoFilesPatch(oldLabel, newLabel, oldText, newText, undefined, undefined, { context }).replace(/^=+\r?\n/, '');
}
