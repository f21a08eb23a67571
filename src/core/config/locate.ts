/** Maps a JSON path to a character range of the file text, through jsonc-parser's syntax tree. */
import { findNodeAtLocation, type Node } from 'jsonc-parser';
import type { IssuePath } from './issues';

export interface TextRange {
  offset: number;
  length: number;
}

/** What of the located thing to point at. */
export type RangeTarget = 'value' | 'key' | 'parentKey';

/**
 * `value`: the value at path (falls back to the closest existing ancestor's key).
 * `key`: the key of the property at path (unknown keys).
 * `parentKey`: the key of the object that should hold path (missing properties).
 */
export function locate(root: Node, path: IssuePath, target: RangeTarget): TextRange {
  if (target === 'parentKey') return keyOf(root, path.slice(0, -1));
  const node = findNodeAtLocation(root, path);
  if (!node) return keyOf(root, path.slice(0, -1));
  if (target === 'key' && node.parent?.type === 'property' && node.parent.children?.[0]) {
    return rangeOf(node.parent.children[0]);
  }
  return rangeOf(node);
}

/** The key of the property holding the value at path; array items and the root point at themselves. */
function keyOf(root: Node, path: IssuePath): TextRange {
  for (let depth = path.length; depth > 0; depth--) {
    const node = findNodeAtLocation(root, path.slice(0, depth));
    if (!node) continue;
    if (node.parent?.type === 'property' && node.parent.children?.[0]) return rangeOf(node.parent.children[0]);
    return rangeOf(node);
  }
  // The root object itself: point at its opening brace.
  return { offset: root.offset, length: Math.min(1, root.length) };
}

function rangeOf(node: Node): TextRange {
  return { offset: node.offset, length: node.length };
}
