/**
 * Lucene regexp syntax (what Elasticsearch's `regexp` query takes) translated to a JS RegExp.
 * Lucene patterns always match the whole term, so the result is anchored at both ends.
 * Supported: literals, `.`, `? * + {n} {n,} {n,m}`, `|`, groups, character classes, `"quoted"`
 * literals, `\d \D \s \S \w \W`, and the optional operators `@` (any string) and `#` (empty).
 * `~` (complement), `&` (intersection) and `<n-m>` (interval) have no JS equivalent and are
 * refused with a QueryError rather than matched wrongly.
 */
import { QueryError } from './queryError';

const JS_SPECIAL = /[\\^$.*+?()[\]{}|/]/;
const LUCENE_CLASS_ESCAPES: Record<string, string> = { d: '\\d', D: '\\D', s: '\\s', S: '\\S', w: '\\w', W: '\\W' };

type Flag = 'INTERSECTION' | 'COMPLEMENT' | 'EMPTY' | 'ANYSTRING' | 'INTERVAL';
const ALL_FLAGS: readonly Flag[] = ['INTERSECTION', 'COMPLEMENT', 'EMPTY', 'ANYSTRING', 'INTERVAL'];

function parseFlags(flags: string | undefined): Set<Flag> {
  if (flags === undefined || flags === '' || flags === 'ALL') return new Set(ALL_FLAGS);
  const out = new Set<Flag>();
  for (const part of flags.split('|')) {
    const name = part.trim().toUpperCase();
    if (name === 'NONE') continue;
    if (name === 'ALL') return new Set(ALL_FLAGS);
    if (!(ALL_FLAGS as readonly string[]).includes(name)) {
      throw new QueryError(`regexp flag '${part}' is not a Lucene regexp flag`);
    }
    out.add(name as Flag);
  }
  return out;
}

function escapeJs(ch: string): string {
  return JS_SPECIAL.test(ch) ? `\\${ch}` : ch;
}

function escapeInClass(ch: string): string {
  return /[\\\]^-]/.test(ch) ? `\\${ch}` : ch;
}

/** Compiles a Lucene regexp into an anchored JS RegExp. */
export function luceneRegexp(pattern: string, options: { flags?: string; caseInsensitive?: boolean } = {}): RegExp {
  const flags = parseFlags(options.flags);
  let out = '';
  let depth = 0;
  let i = 0;
  // Whether the output so far ends with something a quantifier can apply to.
  let canRepeat = false;
  while (i < pattern.length) {
    const ch = pattern[i];
    const canRepeatNext = ch !== '(' && ch !== '|';
    if (ch === '\\') {
      const next = pattern[i + 1];
      if (next === undefined) throw new QueryError(`regexp '${pattern}' ends with a lone backslash`);
      out += LUCENE_CLASS_ESCAPES[next] ?? escapeJs(next);
      i += 2;
    } else if (ch === '"') {
      const end = pattern.indexOf('"', i + 1);
      if (end < 0) throw new QueryError(`regexp '${pattern}' has an unterminated quoted string`);
      out += [...pattern.slice(i + 1, end)].map(escapeJs).join('');
      i = end + 1;
    } else if (ch === '[') {
      const { source, next } = readClass(pattern, i);
      out += source;
      i = next;
    } else if (ch === '{') {
      const end = pattern.indexOf('}', i);
      const body = end < 0 ? '' : pattern.slice(i + 1, end);
      if (!/^\d+(,\d*)?$/.test(body)) throw new QueryError(`regexp '${pattern}' has an invalid repeat '{${body}}'`);
      if (!canRepeat) throw new QueryError(`regexp '${pattern}' repeats nothing at '{${body}}'`);
      out += `{${body}}`;
      i = end + 1;
    } else if (ch === '(') {
      depth++;
      out += '(?:';
      i++;
    } else if (ch === ')') {
      if (depth === 0) throw new QueryError(`regexp '${pattern}' has an unmatched ')'`);
      depth--;
      out += ')';
      i++;
    } else if (ch === '.') {
      out += '[\\s\\S]';
      i++;
    } else if (ch === '*' || ch === '+' || ch === '?') {
      if (!canRepeat) throw new QueryError(`regexp '${pattern}' has '${ch}' with nothing to repeat`);
      out += ch;
      i++;
    } else if (ch === '|') {
      out += '|';
      i++;
    } else if (ch === '@' && flags.has('ANYSTRING')) {
      out += '[\\s\\S]*';
      i++;
    } else if (ch === '#' && flags.has('EMPTY')) {
      out += '(?!)';
      i++;
    } else if (ch === '~' && flags.has('COMPLEMENT')) {
      throw new QueryError(`regexp '${pattern}': the complement operator '~' is not supported by the sandbox`);
    } else if (ch === '&' && flags.has('INTERSECTION')) {
      throw new QueryError(`regexp '${pattern}': the intersection operator '&' is not supported by the sandbox`);
    } else if (ch === '<' && flags.has('INTERVAL')) {
      throw new QueryError(`regexp '${pattern}': numeric intervals '<n-m>' are not supported by the sandbox`);
    } else {
      out += escapeJs(ch);
      i++;
    }
    canRepeat = canRepeatNext;
  }
  if (depth !== 0) throw new QueryError(`regexp '${pattern}' has an unclosed '('`);
  try {
    return new RegExp(`^(?:${out})$`, options.caseInsensitive ? 'i' : '');
  } catch (err) {
    throw new QueryError(`regexp '${pattern}' is invalid: ${err instanceof Error ? err.message : String(err)}`);
  }
}

function readClass(pattern: string, start: number): { source: string; next: number } {
  let i = start + 1;
  let source = '[';
  if (pattern[i] === '^') {
    source += '^';
    i++;
  }
  let first = true;
  while (i < pattern.length) {
    const ch = pattern[i];
    if (ch === ']' && !first) return { source: `${source}]`, next: i + 1 };
    if (ch === '\\') {
      const next = pattern[i + 1];
      if (next === undefined) break;
      source += LUCENE_CLASS_ESCAPES[next] ?? escapeInClass(next);
      i += 2;
    } else if (ch === '-' && !first && pattern[i + 1] !== ']') {
      source += '-';
      i++;
    } else {
      source += escapeInClass(ch);
      i++;
    }
    first = false;
  }
  throw new QueryError(`regexp '${pattern}' has an unterminated character class`);
}
