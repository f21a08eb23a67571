/**
 * Exclude regexes as Atlan's crawler reads them: with java.util.regex.Pattern. One translator
 * walks a Java pattern into JavaScript, in one of two modes:
 *
 * - `loose` (the config check, `checkJavaRegex`): only whether Java accepts the pattern matters, so
 *   Java-only constructs (inline flags, atomic groups, possessive quantifiers, \Q..\E, \A \Z \z,
 *   \p{..}) are mapped to something JS compiles; Java's stricter rules (unknown letter escapes,
 *   stray `{`, `]` first in a class is a literal) are applied on top, so JS-only readings such as
 *   `[]` or `[^]` are reported the way Java sees them.
 * - `exact` (the scope preview, `compileJavaPattern`): the result must match the same names as
 *   Java, so every construct is translated exactly or refused with a message naming it (a wrong
 *   preview is worse than none).
 */

export interface RegexCheck {
  /** Why Java would reject the pattern (a predicate phrase), if it would. */
  error?: string;
}

export type CompiledPattern = { ok: true; regex: RegExp } | { ok: false; error: string };

type Mode = 'loose' | 'exact';
/** Translated text, or why not (Java rejects it, or `exact` cannot match it as Java does). */
type Translation = { ok: true; source: string; flags: string } | { ok: false; error: string };
/** What one escape or construct becomes, and how many source characters it took. */
type Piece = { text: string; length: number } | { error: string };

/** Letters that start a valid escape in java.util.regex (Java 11+). */
const JAVA_LETTER_ESCAPES = new Set('tnrfaecdDhHsSvVwWbBAGZzQERXpPkNux'.split(''));
/** Letter escapes JS reads as Java does. */
const SAME_ESCAPES = new Set('tnrfdDsSwWbBuk'.split(''));
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

const untranslatable = (what: string): { error: string } => ({
  error: `uses ${what}, which the scope preview cannot match exactly as Java does; simplify the exclude regex to preview it`,
});

/** Whether Java accepts the pattern (the config check). */
export function checkJavaRegex(source: string): RegexCheck {
  const translated = translateJavaRegex(source, 'loose');
  if (!translated.ok) return { error: translated.error };
  try {
    new RegExp(translated.source);
  } catch (e) {
    const raw = e instanceof Error ? e.message : String(e);
    // "Invalid regular expression: /x(/: Unterminated group" -> "Unterminated group"
    const reason = raw.replace(/^Invalid regular expression: \/.*\/[a-z]*: /s, '');
    return { error: `is not a valid regular expression: ${reason}` };
  }
  return {};
}

/**
 * Compiles a Java regex for `find()`-style matching (anywhere in the name, as the crawler applies
 * the exclude regex). Patterns Java rejects come back with Java's reason.
 */
export function compileJavaPattern(source: string): CompiledPattern {
  const check = checkJavaRegex(source);
  if (check.error !== undefined) return { ok: false, error: check.error };
  const translated = translateJavaRegex(source, 'exact');
  if (!translated.ok) return translated;
  try {
    return { ok: true, regex: new RegExp(translated.source, translated.flags) };
  } catch (e) {
    return { ok: false, error: `is not a valid regular expression: ${e instanceof Error ? e.message : String(e)}` };
  }
}

function translateJavaRegex(source: string, mode: Mode): Translation {
  const exact = mode === 'exact';
  let flags = '';
  let i = 0;
  if (exact) {
    // Pattern-wide inline flags at the very start, e.g. "(?i).*_test".
    const leading = /^\(\?([a-zA-Z]+)\)/.exec(source);
    if (leading) {
      for (const flag of leading[1]) {
        if (flag === 'u' || flag === 'U') continue; // Unicode case folding / classes: no effect on ASCII names
        const same = SAME_FLAGS[flag];
        if (same === undefined) return { ok: false, ...untranslatable(`the inline flag "${flag}"`) };
        if (!flags.includes(same)) flags += same;
      }
      i = leading[0].length;
    }
  }

  let out = '';
  let inClass = false;
  const take = (piece: Piece): string | undefined => {
    if ('error' in piece) return piece.error;
    out += piece.text;
    i += piece.length - 1;
    return undefined;
  };
  for (; i < source.length; i++) {
    const ch = source[i];
    let error: string | undefined;
    if (ch === '\\') {
      error = take(escape(source, i, inClass, mode));
    } else if (inClass) {
      if (exact && ch === '[') error = untranslatable('a nested character class ("[" inside [...])').error;
      else if (exact && ch === '&' && source[i + 1] === '&') error = untranslatable('a character class intersection ("&&")').error;
      else {
        if (ch === ']') inClass = false;
        out += ch;
      }
    } else if (ch === '[') {
      inClass = true;
      out += ch;
      // A "]" first in a class (after an optional "^") is a literal in Java.
      const start = source[i + 1] === '^' ? i + 2 : i + 1;
      if (source[start] === ']') {
        out += source.slice(i + 1, start) + '\\]';
        i = start;
      }
    } else if (ch === '(' && source[i + 1] === '?') {
      error = take(group(source, i, mode));
    } else if (ch === '{') {
      const quantifier = /^\{\d+(,\d*)?\}/.exec(source.slice(i));
      if (!quantifier) error = 'has a "{" that does not start a repetition such as {2} or {1,3} (escape it as \\{)';
      else error = take(possessive(quantifier[0], source[i + quantifier[0].length], mode));
    } else if (ch === '*' || ch === '+' || ch === '?') {
      error = take(possessive(ch, source[i + 1], mode));
    } else {
      out += ch;
    }
    if (error !== undefined) return { ok: false, error };
  }
  return { ok: true, source: out, flags };
}

/** A quantifier, and a possessive `+` after it: greedy in JS, the same matches for a name filter when loose; refused when exact. */
function possessive(quantifier: string, following: string | undefined, mode: Mode): Piece {
  if (following !== '+') return { text: quantifier, length: quantifier.length };
  if (mode === 'exact') return untranslatable(`the possessive quantifier "${quantifier.slice(-1)}+"`);
  return { text: quantifier, length: quantifier.length + 1 };
}

/** `(?` at `i`: inline flags and atomic groups (Java-only); anything else is left to the main walk. */
function group(source: string, i: number, mode: Mode): Piece {
  const rest = source.slice(i);
  if (mode === 'exact') {
    if (rest.startsWith('(?>')) return untranslatable('an atomic group "(?>...)"');
    const inline = /^\(\?[a-zA-Z-]+[):]/.exec(rest);
    if (inline) return untranslatable(`the inline flags "${inline[0]}" (only a leading "(?i)", "(?s)" or "(?m)" is supported)`);
    return { text: '(', length: 1 };
  }
  const flags = /^\(\?([idmsuxU]*)(?:-([idmsuxU]*))?([):])/.exec(rest);
  // Inline flags: "(?i)" vanishes, "(?i:...)" becomes a plain group.
  if (flags && (flags[1] || flags[2] !== undefined)) return { text: flags[3] === ':' ? '(?:' : '', length: flags[0].length };
  if (rest[2] === '>') return { text: '(?:', length: 3 };
  return { text: '(', length: 1 };
}

/** The escape at `i` (a backslash). */
function escape(source: string, i: number, inClass: boolean, mode: Mode): Piece {
  const next = source[i + 1];
  if (next === undefined) return { error: 'ends with a lone backslash' };
  if (next === 'Q') {
    // \Q...\E quotes everything up to \E (or the end).
    const end = source.indexOf('\\E', i + 2);
    const literal = source.slice(i + 2, end === -1 ? undefined : end);
    return { text: literal.replace(/[\\^$.*+?()[\]{}|/-]/g, '\\$&'), length: (end === -1 ? source.length : end + 2) - i };
  }
  if (/[A-Za-z]/.test(next) && !JAVA_LETTER_ESCAPES.has(next)) {
    return { error: `uses "\\${next}", which is not an escape sequence in Java regular expressions` };
  }
  return mode === 'exact' ? exactEscape(source, i, inClass) : looseEscape(source, i, inClass);
}

function looseEscape(source: string, i: number, inClass: boolean): Piece {
  const next = source[i + 1];
  if ('pPxN'.includes(next) && source[i + 2] === '{') {
    // \p{Alpha}, \x{1F600}, \N{name}: one character (class) in Java; any single char will do here.
    const close = source.indexOf('}', i + 3);
    if (close === -1) return { error: `has an unclosed "\\${next}{"` };
    return { text: inClass ? 'a' : '.', length: close - i + 1 };
  }
  if (!inClass && (next === 'A' || next === 'G')) return { text: '^', length: 2 };
  if (!inClass && (next === 'Z' || next === 'z')) return { text: '$', length: 2 };
  return { text: `\\${next}`, length: 2 };
}

function exactEscape(source: string, i: number, inClass: boolean): Piece {
  const next = source[i + 1];
  if (next === 'p' || next === 'P') {
    const named = /^\\[pP]\{(?:Is)?([A-Za-z]+)\}/.exec(source.slice(i)) ?? /^\\[pP]([A-Z])/.exec(source.slice(i));
    const contents = named ? PROPERTY_CLASSES[named[1]] : undefined;
    if (!named || contents === undefined) return untranslatable(`the property class "${named?.[0] ?? source.slice(i, i + 3)}"`);
    if (inClass && next === 'P') return untranslatable(`a negated property class inside [...]`);
    return { text: inClass ? contents : `[${next === 'P' ? '^' : ''}${contents}]`, length: named[0].length };
  }
  if (/[A-Za-z]/.test(next)) {
    const text = exactLetterEscape(next, source[i + 2], inClass);
    return text === undefined ? untranslatable(`"\\${next}"`) : { text, length: 2 };
  }
  if (/[1-9]/.test(next) && inClass) return untranslatable(`"\\${next}" inside [...]`);
  return { text: `\\${next}`, length: 2 };
}

/** The JS for a Java letter escape that has an exact equivalent; undefined when there is none. */
function exactLetterEscape(letter: string, following: string | undefined, inClass: boolean): string | undefined {
  if (SAME_ESCAPES.has(letter)) return `\\${letter}`;
  if (letter === 'x' && following !== '{') return '\\x';
  if (letter === 'c') return '\\c';
  if (letter === 'e') return '\\x1B';
  if (letter === 'a') return '\\x07';
  if (letter === 'h') return inClass ? ' \\t\\xA0' : '[ \\t\\xA0]';
  if (inClass) return undefined;
  if (letter === 'A') return '(?<![\\s\\S])';
  if (letter === 'z') return '(?![\\s\\S])';
  if (letter === 'Z') return '(?=\\n?(?![\\s\\S]))';
  return undefined;
}
