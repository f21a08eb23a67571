/**
 * parseConfig: file text -> a validated configuration plus every problem found, each with
 * a stable code and the exact character range to underline.
 */
import { createScanner, parseTree, printParseErrorCode, SyntaxKind, type Node, type ParseError } from 'jsonc-parser';
import { formatPath, type ConfigIssue, type IssuePath } from './issues';
import { lintConfig } from './lint';
import { locate } from './locate';
import { CrawlerConfigSchema, type CrawlerConfig } from './model';
import { includeExcludeOverlaps } from './filterOverlap';
import { literalSecretIssues } from './literalSecrets';
import { translateIssue, valueAt } from './translateIssues';

export interface ParseResult {
  /** Present when there is no error (warnings allowed); defaults applied. */
  config?: CrawlerConfig;
  /** Errors and warnings, in text order. */
  issues: ConfigIssue[];
}

const SYNTAX_MESSAGES: Record<string, string> = {
  InvalidSymbol: 'unexpected character',
  InvalidNumberFormat: 'invalid number',
  PropertyNameExpected: 'expected a property name in double quotes',
  ValueExpected: 'expected a value',
  ColonExpected: 'expected ":" after the property name',
  CommaExpected: 'expected a comma',
  CloseBraceExpected: 'expected "}"',
  CloseBracketExpected: 'expected "]"',
  EndOfFileExpected: 'expected the end of the file after the closing "}"',
  InvalidCommentToken: 'invalid comment',
  UnexpectedEndOfComment: 'comment is not closed ("*/" missing)',
  UnexpectedEndOfString: 'string is not closed (closing quote missing)',
  UnexpectedEndOfNumber: 'number ends unexpectedly',
  InvalidUnicode: 'invalid unicode escape',
  InvalidEscapeCharacter: 'invalid escape character in a string',
  InvalidCharacter: 'invalid character in a string (control characters must be escaped)',
};

/** Far deeper than any configuration; guards the recursive parsers against stack exhaustion. */
const MAX_DEPTH = 64;

export function parseConfig(text: string): ParseResult {
  const tooDeep = nestingBeyond(text, MAX_DEPTH);
  if (tooDeep !== undefined) {
    return {
      issues: [
        {
          code: 'syntax-error',
          message: `the file nests objects or lists more than ${MAX_DEPTH} levels deep`,
          path: [],
          offset: tooDeep,
          length: 1,
          severity: 'error',
        },
      ],
    };
  }
  const errors: ParseError[] = [];
  const root = parseTree(text, errors, { allowTrailingComma: true, disallowComments: false, allowEmptyContent: true });
  if (errors.length > 0 || !root) {
    // jsonc-parser often reports several errors at one spot ("expected a value", "expected }"); the first says it.
    const first = errors.filter((e, i) => errors.findIndex((o) => o.offset === e.offset) === i);
    const issues = first.map((e) => syntaxIssue(e));
    if (!root && issues.length === 0) {
      issues.push({
        code: 'syntax-error',
        message: 'the file is empty; it must hold one JSON object describing a crawler',
        path: [],
        offset: 0,
        length: 0,
        severity: 'error',
      });
    }
    return { issues };
  }

  const issues: ConfigIssue[] = structuralIssues(root);
  const value = valueOf(root);
  // Checks that must not wait for the whole model to validate.
  const secrets = literalSecretIssues(root, valueAt(value, ['connectionName']));
  issues.push(...secrets);
  for (const overlap of includeExcludeOverlaps(valueAt(value, ['include']), valueAt(value, ['exclude']))) {
    issues.push({ code: 'include-exclude-overlap', message: overlap.message, path: overlap.path, ...locate(root, overlap.path, 'value'), severity: 'error' });
  }
  const result = CrawlerConfigSchema.safeParse(value);
  if (!result.success) {
    // A literal secret is reported once, by literalSecretIssues; zod sees the same value as the wrong type.
    const secretPaths = new Set(secrets.map((s) => pathKey(s.path)));
    for (const zodIssue of result.error.issues) {
      for (const t of translateIssue(zodIssue, value)) {
        if (t.target === 'value' && secretPaths.has(pathKey(t.path))) continue;
        issues.push({ code: t.code, message: t.message, path: t.path, ...locate(root, t.path, t.target), severity: 'error' });
      }
    }
    return { issues: sortIssues(issues) };
  }
  for (const w of lintConfig(result.data)) {
    issues.push({ ...w, ...locate(root, w.path, 'value'), severity: 'warning' });
  }
  const sorted = sortIssues(issues);
  return sorted.some((i) => i.severity === 'error') ? { issues: sorted } : { config: result.data, issues: sorted };
}

/** True when the issues contain at least one error (warnings do not count). */
export function hasErrors(issues: readonly ConfigIssue[]): boolean {
  return issues.some((i) => i.severity === 'error');
}

function syntaxIssue(error: ParseError): ConfigIssue {
  const name = printParseErrorCode(error.error);
  return {
    code: 'syntax-error',
    message: `syntax error: ${SYNTAX_MESSAGES[name] ?? name}`,
    path: [],
    offset: error.offset,
    length: error.length,
    severity: 'error',
  };
}

/**
 * Problems the JSON value alone no longer shows: jsonc-parser keeps both copies of a repeated
 * key (the last wins silently), and a "__proto__" key would become a prototype, not a property.
 */
function structuralIssues(node: Node, path: IssuePath = []): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  if (node.type === 'object') {
    const seen = new Set<string>();
    for (const property of node.children ?? []) {
      const [keyNode, valueNode] = property.children ?? [];
      if (!keyNode) continue;
      const key = String(keyNode.value);
      if (key === '__proto__') {
        issues.push({
          code: 'invalid-value',
          message: `${path.length ? formatPath(path) : 'the configuration'} has a property named "__proto__", which is not allowed`,
          path: [...path, key],
          offset: keyNode.offset,
          length: keyNode.length,
          severity: 'error',
        });
      } else if (seen.has(key)) {
        issues.push({
          code: 'duplicate-key',
          message: `${path.length ? formatPath(path) : 'the configuration'} has "${key}" more than once; keep one`,
          path: [...path, key],
          offset: keyNode.offset,
          length: keyNode.length,
          severity: 'error',
        });
      }
      seen.add(key);
      if (valueNode) issues.push(...structuralIssues(valueNode, [...path, key]));
    }
  } else if (node.type === 'array') {
    (node.children ?? []).forEach((child, i) => issues.push(...structuralIssues(child, [...path, i])));
  }
  return issues;
}

/** The JSON value of a tree, like jsonc-parser's getNodeValue but without "__proto__" keys (reported above). */
function valueOf(node: Node): unknown {
  switch (node.type) {
    case 'object': {
      const out: Record<string, unknown> = {};
      for (const property of node.children ?? []) {
        const [keyNode, valueNode] = property.children ?? [];
        const key = String(keyNode?.value);
        if (keyNode && valueNode && key !== '__proto__') out[key] = valueOf(valueNode);
      }
      return out;
    }
    case 'array':
      return (node.children ?? []).map(valueOf);
    default:
      return node.value as unknown;
  }
}

/** Offset of the first bracket that opens level `max + 1`, found with jsonc-parser's (iterative) scanner. */
function nestingBeyond(text: string, max: number): number | undefined {
  const scanner = createScanner(text, true);
  let depth = 0;
  for (let token = scanner.scan(); token !== SyntaxKind.EOF; token = scanner.scan()) {
    if (token === SyntaxKind.OpenBraceToken || token === SyntaxKind.OpenBracketToken) {
      depth++;
      if (depth > max) return scanner.getTokenOffset();
    } else if (token === SyntaxKind.CloseBraceToken || token === SyntaxKind.CloseBracketToken) {
      depth = Math.max(0, depth - 1);
    }
  }
  return undefined;
}

function pathKey(path: IssuePath): string {
  return JSON.stringify(path);
}

function sortIssues(issues: ConfigIssue[]): ConfigIssue[] {
  return [...issues].sort((a, b) => a.offset - b.offset || a.code.localeCompare(b.code));
}

/** 1-based line and column of an offset (for messages and the CLI). */
export function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  const end = Math.min(offset, text.length);
  for (let i = 0; i < end; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: end - lineStart + 1 };
}
