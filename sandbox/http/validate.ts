/** zod at the HTTP boundary: a failed parse becomes a 400 that names the offending field. */
import type { z } from 'zod';
import { SandboxHttpError } from './errors';

/** `a.b[2].c` from a zod issue path. */
export function formatIssuePath(path: readonly PropertyKey[], root = ''): string {
  let out = root;
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out ? `.${String(key)}` : String(key);
  }
  return out || '(body)';
}

/** One readable sentence per issue, joined. */
export function describeZodError(error: z.ZodError, root = ''): string {
  return error.issues.map((issue) => `${formatIssuePath(issue.path, root)}: ${issue.message}`).join('; ');
}

/** Parses `value` or throws a 400 (or `status`) whose message names each invalid field. */
export function parseOr400<T extends z.ZodType>(schema: T, value: unknown, what: string, root = ''): z.output<T> {
  const result = schema.safeParse(value);
  if (!result.success) {
    throw new SandboxHttpError(400, `Invalid ${what}: ${describeZodError(result.error, root)}`);
  }
  return result.data;
}
