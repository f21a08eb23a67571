/**
 * The exclude regex as Atlan's Java crawler reads it (java.util.regex.Pattern, find() on each table
 * and view name), compiled to a JS RegExp. The common Java-only spellings are rewritten; the rare
 * ones whose matching JS cannot reproduce (possessive quantifiers, atomic groups, inline flags
 * mid-pattern, class intersections) fail the crawl with a reason rather than match differently.
 * Kept apart from the extension's own translation (the sandbox imports nothing from src/), so the
 * scope preview is checked against an independent reading.
 */
import { CrawlError } from './connection';

const POSIX: Readonly<Record<string, string>> = {
  Lower: 'a-z', Upper: 'A-Z', ASCII: '\\x00-\\x7F', Alpha: 'a-zA-Z', Digit: '0-9', Alnum: 'a-zA-Z0-9',
  Punct: '!-\\/:-@\\[-`{-~', Graph: '!-~', Print: ' -~', Blank: ' \\t', Cntrl: '\\x00-\\x1F\\x7F', XDigit: '0-9a-fA-F', Space: ' \\t\\n\\x0B\\f\\r',
};

function unsupported(what: string): CrawlError {
  return new CrawlError(`the exclude regex uses ${what}, which the sandbox crawler does not support`);
}

export function compileExcludeRegex(source: string): RegExp {
  let flags = '';
  let rest = source;
  const leading = /^\(\?([imsuU]+)\)/.exec(source);
  if (leading) {
    flags = [...new Set(leading[1].replace(/[uU]/g, ''))].join('');
    rest = source.slice(leading[0].length);
  }
  let out = '';
  let inClass = false;
  for (let i = 0; i < rest.length; i++) {
    const ch = rest[i];
    const next = rest[i + 1];
    if (ch === '\\') {
      if (next === 'Q') {
        const end = rest.indexOf('\\E', i + 2);
        out += rest.slice(i + 2, end === -1 ? undefined : end).replace(/[\\^$.*+?()[\]{}|/-]/g, '\\$&');
        i = end === -1 ? rest.length : end + 1;
        continue;
      }
      const posix = /^\\([pP])\{(?:Is)?([A-Za-z]+)\}/.exec(rest.slice(i));
      if (posix) {
        const body = POSIX[posix[2]];
        if (body === undefined || (inClass && posix[1] === 'P')) throw unsupported(`"${posix[0]}"`);
        out += inClass ? body : `[${posix[1] === 'P' ? '^' : ''}${body}]`;
        i += posix[0].length - 1;
        continue;
      }
      if (next === 'A' && !inClass) out += '(?<![\\s\\S])';
      else if (next === 'z' && !inClass) out += '(?![\\s\\S])';
      else if (next === 'Z' && !inClass) out += '(?=\\n?(?![\\s\\S]))';
      else if (next === 'e') out += '\\x1B';
      else if (next !== undefined && /[a-zA-Z]/.test(next) && !'tnrfdDsSwWbBuxck'.includes(next)) throw unsupported(`"\\${next}"`);
      else out += ch + (next ?? '');
      i++;
      continue;
    }
    if (inClass) {
      if (ch === '[' || (ch === '&' && next === '&')) throw unsupported('a nested or intersected character class');
      if (ch === ']') inClass = false;
      out += ch;
      continue;
    }
    if (ch === '[') {
      inClass = true;
      const literalClose = rest[i + 1] === ']' ? 1 : rest[i + 1] === '^' && rest[i + 2] === ']' ? 2 : 0;
      out += literalClose === 0 ? '[' : `[${literalClose === 2 ? '^' : ''}\\]`;
      i += literalClose;
      continue;
    }
    if (ch === '(' && next === '?' && /^\(\?(>|[a-zA-Z-]+[:)])/.test(rest.slice(i))) throw unsupported('an atomic group or inline flags mid-pattern');
    if ('*+?}'.includes(ch) && next === '+') throw unsupported('a possessive quantifier');
    out += ch;
  }
  try {
    return new RegExp(out, flags);
  } catch (e) {
    const reason = e instanceof Error ? e.message.replace(/^Invalid regular expression: \/.*\/[a-z]*: /s, '') : String(e);
    throw new CrawlError(`the exclude regex is not a valid regular expression (${reason}): ${source}`);
  }
}
