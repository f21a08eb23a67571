/**
 * Fault injection for tests: rules that make matching requests slow, fail with a status, reset
 * the connection or answer with malformed JSON, optionally only a given number of times.
 */
import { randomUUID } from 'node:crypto';
import * as z from 'zod';

export const FaultRuleIn = z
  .object({
    method: z
      .string()
      .regex(/^[A-Za-z]+$/)
      .transform((m) => m.toUpperCase())
      .optional(),
    /** Regular expression tested against the path (without the query string). */
    path: z.string().min(1).refine(isValidRegex, 'path must be a valid regular expression'),
    status: z.union([z.literal(401), z.literal(403), z.literal(404), z.literal(409), z.literal(429), z.literal(500), z.literal(503)]).optional(),
    retryAfter: z.number().int().min(0).optional(),
    delayMs: z.number().int().min(0).max(60_000).optional(),
    reset: z.literal(true).optional(),
    malformedJson: z.literal(true).optional(),
    times: z.number().int().min(1).optional(),
  })
  .strict()
  .refine((r) => r.status !== undefined || r.delayMs !== undefined || r.reset || r.malformedJson, {
    message: 'a fault needs at least one effect: status, delayMs, reset or malformedJson',
  });
export type FaultRuleIn = z.input<typeof FaultRuleIn>;

function isValidRegex(source: string): boolean {
  try {
    new RegExp(source);
    return true;
  } catch {
    return false;
  }
}

export interface FaultRule extends z.output<typeof FaultRuleIn> {
  id: string;
  /** How many requests it has hit so far. */
  hits: number;
}

export class FaultInjector {
  private rules: { rule: FaultRule; regex: RegExp }[] = [];

  add(input: z.output<typeof FaultRuleIn>): FaultRule {
    const rule: FaultRule = { ...input, id: randomUUID(), hits: 0 };
    this.rules.push({ rule, regex: new RegExp(rule.path) });
    return rule;
  }

  list(): FaultRule[] {
    return this.rules.map((r) => r.rule);
  }

  clear(): void {
    this.rules = [];
  }

  /** The first rule matching the request, counted as used (and dropped once its `times` run out). */
  take(method: string, path: string): FaultRule | undefined {
    const index = this.rules.findIndex(({ rule, regex }) => (!rule.method || rule.method === method) && regex.test(path));
    if (index < 0) return undefined;
    const entry = this.rules[index];
    entry.rule.hits++;
    if (entry.rule.times !== undefined && entry.rule.hits >= entry.rule.times) this.rules.splice(index, 1);
    return entry.rule;
  }
}
