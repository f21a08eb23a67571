/**
 * Rewrites the text of a configuration file to hold a new JSON value while touching only what
 * changed: comments, layout and untouched properties stay byte for byte. No `vscode` here.
 */
import { applyEdits, modify, parse, parseTree, findNodeAtLocation, type FormattingOptions, type Node, type ParseError } from 'jsonc-parser';
import { formatConfig } from '../../core/config/write';
import type { CrawlerConfigInput } from '../../core/config/model';

type Json = Record<string, unknown>;
type Path = (string | number)[];

export interface TextReplacement {
  offset: number;
  length: number;
  text: string;
}

/** The file's JSON value, or why it cannot be read (syntax errors). */
export function readJsonObject(text: string): { value: Json } | { error: string } {
  const errors: ParseError[] = [];
  const value: unknown = parse(text, errors, { allowTrailingComma: true, disallowComments: false, allowEmptyContent: true });
  if (errors.length > 0) return { error: 'the file has JSON syntax errors; fix them in the editor first' };
  if (value === undefined && text.trim() === '') return { value: {} };
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return { error: 'the file does not hold a JSON object' };
  return { value: value as Json };
}

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** Indentation and line ending of the existing text, so inserted lines look like their neighbours. */
export function formattingOf(text: string): FormattingOptions {
  const indent = /\n([ \t]+)"/.exec(text)?.[1] ?? '  ';
  const tabs = indent.startsWith('\t');
  return { insertSpaces: !tabs, tabSize: tabs ? 1 : indent.length, eol: text.includes('\r\n') ? '\r\n' : '\n' };
}

/** `{ "a": 1, "b": ["x", "y"] }`: the one-line style of the documented example files. */
export function inlineJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(inlineJson).join(', ')}]`;
  if (isObject(value)) {
    const entries = Object.entries(value).map(([k, v]) => `${JSON.stringify(k)}: ${inlineJson(v)}`);
    return entries.length === 0 ? '{}' : `{ ${entries.join(', ')} }`;
  }
  return JSON.stringify(value);
}

/** A value in the style of the one it replaces: one line if that was one line, else indented like it. */
function valueText(value: unknown, node: Node, text: string, options: FormattingOptions): string {
  const old = text.slice(node.offset, node.offset + node.length);
  if (!/[\r\n]/.test(old) || (!Array.isArray(value) && !isObject(value))) return inlineJson(value);
  const lineStart = text.lastIndexOf('\n', node.offset - 1) + 1;
  const indent = /^[ \t]*/.exec(text.slice(lineStart))?.[0] ?? '';
  const unit = options.insertSpaces ? ' '.repeat(options.tabSize ?? 2) : '\t';
  const eol = options.eol ?? '\n';
  return JSON.stringify(value, null, unit).split('\n').join(eol + indent);
}

/**
 * `text` with its JSON value changed into `target`. Properties are added where the documented
 * key order puts them; removed ones go with their comments; changed values are replaced in place.
 */
export function rewriteConfigText(text: string, target: Json): string {
  const read = readJsonObject(text);
  if ('error' in read) throw new Error(read.error);
  const options = formattingOf(text);
  // Key order of every object, as formatConfig would write the target.
  const ordered = JSON.parse(formatConfig(target as CrawlerConfigInput)) as Json;
  let out = text;

  const keyOrder = (path: Path): string[] => {
    let node: unknown = ordered;
    for (const key of path) node = isObject(node) ? node[key] : undefined;
    return isObject(node) ? Object.keys(node) : [];
  };

  const visit = (path: Path, before: unknown, after: unknown): void => {
    if (same(before, after)) return;
    // Multi-line objects are edited property by property (their comments stay); a one-line
    // object is rewritten whole, so it stays on one line.
    if (isObject(before) && isObject(after) && (path.length === 0 || spansLines(path))) {
      for (const key of Object.keys(before)) {
        if (!(key in after)) out = applyEdits(out, modify(out, [...path, key], undefined, {}));
      }
      for (const key of Object.keys(after)) {
        if (key in before) visit([...path, key], before[key], after[key]);
        else insert([...path, key], after[key]);
      }
      return;
    }
    const root = parseTree(out, [], { allowTrailingComma: true });
    const node = root && findNodeAtLocation(root, path);
    if (!node) throw new Error(`cannot find ${path.join('.')} in the file`);
    out = out.slice(0, node.offset) + valueText(after, node, out, options) + out.slice(node.offset + node.length);
  };

  const spansLines = (path: Path): boolean => {
    const root = parseTree(out, [], { allowTrailingComma: true });
    const node = root && findNodeAtLocation(root, path);
    return node !== undefined && /[\r\n]/.test(out.slice(node.offset, node.offset + node.length));
  };

  const insert = (path: Path, value: unknown): void => {
    const order = keyOrder(path.slice(0, -1));
    const key = String(path[path.length - 1]);
    const edits = modify(out, path, value, {
      formattingOptions: options,
      // After the last existing key that comes before it in the documented order.
      getInsertionIndex: (existing) => {
        const rank = order.indexOf(key);
        let index = existing.length;
        if (rank >= 0) {
          index = 0;
          existing.forEach((k, i) => {
            const r = order.indexOf(k);
            if (r >= 0 && r < rank) index = i + 1;
          });
        }
        return index;
      },
    });
    out = applyEdits(out, edits);
  };

  visit([], read.value, target);
  return out;
}

/** One replacement that turns `before` into `after`: the span between their common prefix and suffix. */
export function minimalReplacement(before: string, after: string): TextReplacement | undefined {
  if (before === after) return undefined;
  let start = 0;
  const max = Math.min(before.length, after.length);
  while (start < max && before.charCodeAt(start) === after.charCodeAt(start)) start++;
  let end = 0;
  while (end < max - start && before.charCodeAt(before.length - 1 - end) === after.charCodeAt(after.length - 1 - end)) end++;
  return { offset: start, length: before.length - start - end, text: after.slice(start, after.length - end) };
}
