/**
 * Checks an exclude regex the way Atlan's crawler will read it: with java.util.regex.Pattern.
 * JavaScript compiles it here, after Java-only constructs (inline flags, atomic groups,
 * possessive quantifiers, \Q..\E, \A \Z \z, \p{..}) are mapped to JS equivalents; Java's
 * stricter rules (unknown letter escapes, stray `{`, `]` first in a class is a literal) are
 * applied on top, so JS-only readings such as `[]` or `[^]` are reported the way Java sees them.
 */

export interface RegexCheck {
  /** Why Java would reject the pattern (a predicate phrase), if it would. */
  error?: string;
}

/** Letters that start a valid escape in java.util.regex (Java 11+). */
const JAVA_LETTER_ESCAPES = new Set('tnrfaecdDhHsSvVwWbBAGZzQERXpPkNux'.split(''));

export function checkJavaRegex(source: string): RegexCheck {
  const translated = translateJavaOnly(source);
  if (typeof translated !== 'string') return translated;
  try {
    new RegExp(translated);
  } catch (e) {
    const raw = e instanceof Error ? e.message : String(e);
    // "Invalid regular expression: /x(/: Unterminated group" -> "Unterminated group"
    const reason = raw.replace(/^Invalid regular expression: \/.*\/[a-z]*: /s, '');
    return { error: `is not a valid regular expression: ${reason}` };
  }
  return {};
}

/** Rewrites Java-only syntax into JavaScript, or reports what Java itself rejects. */
function translateJavaOnly(source: string): string | RegexCheck {
  let out = '';
  let inClass = false;
  for (let i = 0; i < source.length; i++) {
    const ch = source[i];
    if (ch === '\\') {
      const next = source[i + 1];
      if (next === undefined) return { error: 'ends with a lone backslash' };
      if (next === 'Q') {
        // \Q...\E quotes everything up to \E (or the end).
        const end = source.indexOf('\\E', i + 2);
        const literal = source.slice(i + 2, end === -1 ? undefined : end);
        out += literal.replace(/[\\^$.*+?()[\]{}|/-]/g, '\\$&');
        i = end === -1 ? source.length : end + 1;
        continue;
      }
      if (/[A-Za-z]/.test(next) && !JAVA_LETTER_ESCAPES.has(next)) {
        return { error: `uses "\\${next}", which is not an escape sequence in Java regular expressions` };
      }
      if ('pPxN'.includes(next) && source[i + 2] === '{') {
        // \p{Alpha}, \x{1F600}, \N{name}: one character (class) in Java; any single char will do here.
        const close = source.indexOf('}', i + 3);
        if (close === -1) return { error: `has an unclosed "\\${next}{"` };
        out += inClass ? 'a' : '.';
        i = close;
        continue;
      }
      if (!inClass && (next === 'A' || next === 'G')) out += '^';
      else if (!inClass && (next === 'Z' || next === 'z')) out += '$';
      else out += ch + next;
      i++;
      continue;
    }
    if (inClass) {
      if (ch === ']') inClass = false;
      out += ch;
      continue;
    }
    if (ch === '[') {
      inClass = true;
      out += ch;
      // A "]" first in a class (after an optional "^") is a literal in Java.
      const start = source[i + 1] === '^' ? i + 2 : i + 1;
      if (source[start] === ']') {
        out += source.slice(i + 1, start) + '\\]';
        i = start;
      }
      continue;
    }
    if (ch === '(' && source[i + 1] === '?') {
      const flags = /^\(\?([idmsuxU]*)(?:-([idmsuxU]*))?([):])/.exec(source.slice(i));
      if (flags && (flags[1] || flags[2] !== undefined)) {
        // Inline flags: "(?i)" vanishes, "(?i:...)" becomes a plain group.
        out += flags[3] === ':' ? '(?:' : '';
        i += flags[0].length - 1;
        continue;
      }
      if (source[i + 2] === '>') {
        out += '(?:';
        i += 2;
        continue;
      }
    }
    if (ch === '{') {
      const quantifier = /^\{\d+(,\d*)?\}/.exec(source.slice(i));
      if (!quantifier) return { error: 'has a "{" that does not start a repetition such as {2} or {1,3} (escape it as \\{)' };
      out += quantifier[0];
      i += quantifier[0].length - 1;
      if (source[i + 1] === '+') i++;
      continue;
    }
    out += ch;
    // Possessive quantifiers (a*+, a++, a?+) are greedy in JS; same matches for a name filter.
    if ((ch === '*' || ch === '+' || ch === '?') && source[i + 1] === '+') i++;
  }
  return out;
}
