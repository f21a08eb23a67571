/**
 * Turns zod's validation issues into ConfigIssues: a stable code, a message that names the
 * JSON path the way people read it, and what part of the text to underline. Secret values are
 * never echoed; other values only where they help (a quoted port, an unknown key).
 */
import type { z } from 'zod';
import { formatPath, type IssueCode, type IssuePath } from './issues';
import type { RangeTarget } from './locate';
import { CrawlerConfigSchema } from './model';
import { knownKeysAt } from './schemaWalk';
import { SECRET_FIELDS as SECRET_FIELD_NAMES } from './literalSecrets';
import { SECRET_NAME_RULE } from './names';

export interface TranslatedIssue {
  code: IssueCode;
  message: string;
  path: IssuePath;
  target: RangeTarget;
}

/** Fields that must hold a `{"secret": ...}` reference (literal strings and numbers there are literalSecrets.ts's). */
const SECRET_FIELDS: ReadonlySet<string> = new Set(SECRET_FIELD_NAMES);

export function translateIssue(issue: z.core.$ZodIssue, root: unknown): TranslatedIssue[] {
  const path = issue.path.filter((p): p is string | number => typeof p !== 'symbol');
  const where = formatPath(path);
  const value = valueAt(root, path);
  const last = path[path.length - 1];
  switch (issue.code) {
    case 'unrecognized_keys':
      return issue.keys.map((key) => {
        const keyPath = [...path, key];
        const hint = suggest(key, knownKeysAt(CrawlerConfigSchema, path, root));
        const holder = path.length === 0 ? 'the configuration' : where;
        return {
          code: 'unknown-key',
          message: `${holder} has an unknown property "${key}"${hint ? `; did you mean "${hint}"?` : ''}`,
          path: keyPath,
          target: 'key',
        };
      });
    case 'invalid_type':
      return [invalidType(issue, path, where, value)];
    case 'invalid_union': {
      if ('discriminator' in issue && typeof issue.discriminator === 'string') {
        const options = ('options' in issue ? (issue.options ?? []) : []).map((o) => JSON.stringify(o)).join(', ');
        if (value === undefined) {
          return [{ code: 'missing-property', message: `${where} is required: one of ${options}`, path, target: 'parentKey' }];
        }
        return [{ code: 'invalid-value', message: `${where} must be one of ${options}`, path, target: 'value' }];
      }
      return [{ code: 'wrong-type', message: `${where} has an invalid value`, path, target: 'value' }];
    }
    case 'invalid_value':
      return [
        {
          code: 'invalid-value',
          message: `${where} must be ${issue.values.map((v) => JSON.stringify(v)).join(' or ')}`,
          path,
          target: 'value',
        },
      ];
    case 'too_small':
    case 'too_big':
      return [sizeIssue(issue, path, where)];
    case 'invalid_format':
      return [formatIssue(path, where, last)];
    case 'invalid_key': {
      // Record keys (database names); zod's path ends with the offending key.
      const parent = formatPath(path.slice(0, -1));
      const empty = issue.issues.some((i) => i.code === 'too_small');
      const blank = issue.issues.some((i) => i.code === 'custom' && i.params?.code === 'empty-value');
      return [
        {
          code: empty || blank ? 'empty-value' : 'invalid-value',
          message: empty
            ? `${parent} has an empty database name`
            : blank
              ? `${parent} has a blank database name (only white space)`
              : `${parent} has an invalid database name "${String(last)}"`,
          path,
          target: 'key',
        },
      ];
    }
    case 'custom': {
      const code = (issue.params?.code as IssueCode | undefined) ?? 'invalid-value';
      return [{ code, message: `${where} ${issue.message}`, path, target: 'value' }];
    }
    default:
      return [{ code: 'invalid-value', message: `${where} is invalid (${issue.message})`, path, target: 'value' }];
  }
}

function invalidType(
  issue: z.core.$ZodIssueInvalidType,
  path: IssuePath,
  where: string,
  value: unknown,
): TranslatedIssue {
  const last = path[path.length - 1];
  if (value === undefined) {
    if (path.length === 1 && last === 'admins') {
      return { code: 'missing-admin', message: 'admins is required: name at least one role, group or user', path, target: 'parentKey' };
    }
    const parent = path.length > 1 ? formatPath(path.slice(0, -1)) : 'the configuration';
    return { code: 'missing-property', message: `${parent} is missing the required property "${String(last)}"`, path, target: 'parentKey' };
  }
  if (typeof value === 'number' && !Number.isFinite(value)) {
    const isPort = path.length === 2 && path[0] === 'extraction' && last === 'port';
    return { code: isPort ? 'port-range' : 'out-of-range', message: `${where} is too large to be a number`, path, target: 'value' };
  }
  if (issue.expected === 'int') {
    return { code: 'out-of-range', message: `${where} must be a whole number`, path, target: 'value' };
  }
  if (path.length === 2 && path[0] === 'extraction' && last === 'port' && typeof value === 'string') {
    const digits = /^\s*\d+\s*$/.test(value);
    return {
      code: digits ? 'port-type' : 'wrong-type',
      message: digits
        ? `${where} must be a number, not the string ${JSON.stringify(value)}; write ${value.trim()} without quotes`
        : `${where} must be a number between 1 and 65535, not a string`,
      path,
      target: 'value',
    };
  }
  const expected = describeExpected(issue.expected);
  const secretish = typeof last === 'string' && SECRET_FIELDS.has(last);
  return {
    code: 'wrong-type',
    message: `${where} must be ${expected}, not ${describeValue(value)}${secretish ? ' (a secret reference {"secret": "<name>"})' : ''}`,
    path,
    target: 'value',
  };
}

function sizeIssue(issue: z.core.$ZodIssueTooSmall | z.core.$ZodIssueTooBig, path: IssuePath, where: string): TranslatedIssue {
  if (issue.origin === 'string') {
    return { code: 'empty-value', message: `${where} must not be empty`, path, target: 'value' };
  }
  if (path.length === 2 && path[0] === 'extraction' && path[1] === 'port') {
    return { code: 'port-range', message: `${where} must be between 1 and 65535`, path, target: 'value' };
  }
  const bound = Number(issue.code === 'too_small' ? issue.minimum : issue.maximum);
  const relation = issue.code === 'too_small' ? 'at least' : 'at most';
  return { code: 'out-of-range', message: `${where} must be ${relation} ${bound}`, path, target: 'value' };
}

function formatIssue(path: IssuePath, where: string, last: string | number | undefined): TranslatedIssue {
  if (last === 'secret') {
    return {
      code: 'invalid-secret-name',
      message: `${where} must be ${SECRET_NAME_RULE} (a secret name, not a secret value)`,
      path,
      target: 'value',
    };
  }
  if (last === 'roleArn') {
    return {
      code: 'invalid-arn',
      message: `${where} must be an IAM ARN such as "arn:aws:iam::123456789012:role/atlan-crawler"`,
      path,
      target: 'value',
    };
  }
  return { code: 'invalid-value', message: `${where} has an invalid format`, path, target: 'value' };
}

function describeExpected(expected: string): string {
  switch (expected) {
    case 'object':
      return 'an object';
    case 'record':
      return 'an object mapping database names to lists of schemas';
    case 'array':
      return 'a list';
    case 'boolean':
      return 'true or false';
    default:
      return `a ${expected}`;
  }
}

/** The JSON type of a value, never the value itself (it may be a secret). */
export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  switch (typeof value) {
    case 'string':
      return 'a string';
    case 'number':
      return 'a number';
    case 'boolean':
      return value ? 'true' : 'false';
    case 'object':
      return 'an object';
    default:
      return typeof value;
  }
}

export function valueAt(root: unknown, path: IssuePath): unknown {
  let current: unknown = root;
  for (const segment of path) {
    if (typeof current !== 'object' || current === null) return undefined;
    current = (current as Record<string | number, unknown>)[segment];
  }
  return current;
}

/** The known key closest to a misspelt one, when it is close enough to be a likely typo. */
function suggest(key: string, known: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of known) {
    const d = distance(key.toLowerCase(), candidate.toLowerCase());
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return best !== undefined && bestDistance <= Math.max(2, Math.floor(key.length / 3)) ? best : undefined;
}

/** Levenshtein distance. */
function distance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      row[j] = Math.min(previous[j] + 1, row[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = row;
  }
  return previous[b.length];
}
