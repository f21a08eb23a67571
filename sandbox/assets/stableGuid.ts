/** Guids derived from a key, the same on every start (restores and reruns find the same asset). */
import { createHash } from 'node:crypto';

export function stableGuid(key: string): string {
  const h = createHash('sha1').update(key).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}
