/** Finds the zod schema that governs a JSON path of a configuration (for "did you mean" hints). */
import * as z from 'zod';
import type { IssuePath } from './issues';

/** The property names an object at `path` may have, given the actual value there (discriminated unions). */
export function knownKeysAt(schema: z.ZodType, path: IssuePath, root: unknown): string[] {
  let current: z.ZodType | undefined = schema;
  let value: unknown = root;
  for (const segment of path) {
    current = objectLike(current, value);
    if (!current) return [];
    value = isRecord(value) ? value[segment] : undefined;
    if (current instanceof z.ZodObject) current = (current.shape as Record<string, z.ZodType>)[String(segment)];
    else if (current instanceof z.ZodRecord) current = current.valueType as z.ZodType;
    else if (current instanceof z.ZodArray) current = current.element as z.ZodType;
    else return [];
  }
  const target = objectLike(current, value);
  return target instanceof z.ZodObject ? Object.keys(target.shape) : [];
}

/** Unwraps optional/default and picks the matching option of a discriminated union. */
function objectLike(schema: z.ZodType | undefined, value: unknown): z.ZodType | undefined {
  let current = schema;
  for (let guard = 0; current && guard < 10; guard++) {
    if (current instanceof z.ZodOptional || current instanceof z.ZodDefault) {
      current = current.def.innerType as z.ZodType;
      continue;
    }
    if (current instanceof z.ZodDiscriminatedUnion) {
      const key = current.def.discriminator;
      const wanted = isRecord(value) ? value[key] : undefined;
      const options = current.def.options as z.ZodType[];
      current = options.find((option) => {
        const literal = option instanceof z.ZodObject ? (option.shape as Record<string, z.ZodType>)[key] : undefined;
        return literal instanceof z.ZodLiteral && literal.values.has(wanted as never);
      });
      continue;
    }
    return current;
  }
  return undefined;
}

function isRecord(value: unknown): value is Record<string | number, unknown> {
  return typeof value === 'object' && value !== null;
}
