/**
 * The exclude regex compiled for matching, as java.util.regex.Pattern would match it. The config
 * check (config/javaRegex.ts) only needs to know whether Java accepts a pattern and maps Java-only
 * constructs loosely; a preview must match the same names, so here every construct is either
 * translated exactly or refused with a message naming it (a wrong preview is worse than none).
 */
import { checkJavaRegex } from '../config/javaRegex';

export type CompiledPattern = { ok: true; regex: RegExp } | { ok: false; error: string };

/** Java flags JS has with the same meaning, as a pattern-wide `(?flags)` prefix. */
const SAME_FLAGS: Readonly<Record<string, string>> = { i: 'i', s: 's', m: 'm' };

/** POSIX and java.lang classes of `\p{..}` (US-ASCII, Java's default), as class contents. */
const PROPERTY_CLASSES: Readonly<Record<string, string>> = {
  Lower: 'a-z',
  Upper: 'A-Z',
  ASCII: '\\x00-\\x7F',
  Alpha: 'a-zA-Z',
  Digit: '0-9',
  Alnum: 'a-zA-Z0-9',
  Punct: '!-\\/:-@\\[-`{-~',
  Graph: '!-~',
  Print: ' -~',
  Blank: ' \\t',
  Cntrl: '\\x00-\\x1F\\x7F',
  XDigit: '0-9a-fA-F',
  Space: ' \\t\\n\\x0B\\f\\r',
};

/** Letter escapes JS reads as Java does. */
const SAME_ESCAPES = new Set('tnrfdDsSwWbBuk'.split(''));

const untranslatable = (what: string): CompiledPattern => ({
  ok: false,
  error: `uses ${what}, which the scope preview cannot match exactly as Java does; simplify the exclude regex to preview it`,
});

/**
 * Compiles a Java regex for `find()`-style matching (anywhere in the name, as the crawler applies
 * the exclude regex). Patterns Java rejects come back with Java's reason.
 */
export function compileJavaPattern(source: string): CompiledPattern {
  const check = checkJavaRegex(source);
  if (check.error !== undefined) return { ok: false, error: check.error };

  let flags = '';
  let i = 0;
  // Pattern-wide inline flags at the very start, e.g. "(?i).*_test".
  const leading = /^\(\?([a-zA-Z]+)\)/.exec(source);
  if (leading) {
    for (const flag of leading[1]) {
      if (flag === 'u' || flag === 'U') continue; // Unicode case folding / classes: no effect on ASCII names
      const same = SAME_FLAGS[flag];
      if (same === undefined) return untranslatable(`the inline flag "${flag}"`);
      if (!flags.includes(same)) flags += same;
    }
    i = leading[0].length;
  }

  let out = '';
  let inClass = false;
  for (; i < source.length; i++) {
    const ch = source[i];
    if (ch === '\\') {
      const next = source[i + 1];
      if (next === 'Q') {
        const end = source.indexOf('\\E', i + 2);
        const literal = source.slice(i + 2, end === -1 ? undefined : end);
        out += literal.replace(/[\\^$.*+?()[\]{}|/-]/g, '\\$&');
        i = end === -1 ? source.length : end + 1;
        continue;
      }
      if (next === 'p' || next === 'P') {
        const named = /^\\[pP]\{(?:Is)?([A-Za-z]+)\}/.exec(source.slice(i)) ?? /^\\[pP]([A-Z])/.exec(source.slice(i));
        const contents = named ? PROPERTY_CLASSES[named[1]] : undefined;
        if (!named || contents === undefined) return untranslatable(`the property class "${named?.[0] ?? source.slice(i, i + 3)}"`);
        if (inClass && next === 'P') return untranslatable(`a negated property class inside [...]`);
        out += inClass ? contents : `[${next === 'P' ? '^' : ''}${contents}]`;
        i += named[0].length - 1;
        continue;
      }
      if (next !== undefined && /[A-Za-z]/.test(next)) {
        if (SAME_ESCAPES.has(next)) out += `\\${next}`;
        else if (next === 'x' && source[i + 2] !== '{') out += '\\x';
        else if (next === 'c') out += '\\c';
        else if (next === 'e') out += '\\x1B';
        else if (next === 'a') out += '\\x07';
        else if (next === 'h') out += inClass ? ' \\t\\xA0' : '[ \\t\\xA0]';
        else if (!inClass && (next === 'A')) out += '(?<![\\s\\S])';
        else if (!inClass && next === 'z') out += '(?![\\s\\S])';
        else if (!inClass && next === 'Z') out += '(?=\\n?(?![\\s\\S]))';
        else return untranslatable(`"\\${next}"`);
        i++;
        continue;
      }
      if (next !== undefined && /[1-9]/.test(next) && inClass) return untranslatable(`"\\${next}" inside [...]`);
      out += ch + (next ?? '');
      i++;
      continue;
    }
    if (inClass) {
      if (ch === '[') return untranslatable('a nested character class ("[" inside [...])');
      if (ch === '&' && source[i + 1] === '&') return untranslatable('a character class intersection ("&&")');
      if (ch === ']') inClass = false;
      out += ch;
      continue;
    }
    if (ch === '[') {
      inClass = true;
      out += ch;
      const start = source[i + 1] === '^' ? i + 2 : i + 1;
      if (source[start] === ']') {
        out += source.slice(i + 1, start) + '\\]';
        i = start;
      }
      continue;
    }
    if (ch === '(' && source[i + 1] === '?') {
      const rest = source.slice(i);
      if (rest.startsWith('(?>')) return untranslatable('an atomic group "(?>...)"');
      const inline = /^\(\?[a-zA-Z-]+[):]/.exec(rest);
      if (inline) return untranslatable(`the inline flags "${inline[0]}" (only a leading "(?i)", "(?s)" or "(?m)" is supported)`);
    }
    if ((ch === '*' || ch === '+' || ch === '?' || ch === '}') && source[i + 1] === '+') {
      return untranslatable(`the possessive quantifier "${ch}+"`);
    }
    out += ch;
  }
  try {
    return { ok: true, regex: new RegExp(out, flags) };
  } catch (e) {
    return { ok: false, error: `is not a valid regular expression: ${e instanceof Error ? e.message : String(e)}` };
  }
}
