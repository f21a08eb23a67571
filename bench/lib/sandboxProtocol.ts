/** What the bench process and its sandbox child say to each other: options in, one ready line out. */
import * as z from 'zod';

export const ChildOptions = z
  .object({
    /** Run durations are divided by it (see sandbox README). */
    clockSpeed: z.number().positive().max(1_000_000).default(1),
    indexLagMs: z.number().int().min(0).max(600_000).default(0),
  })
  .strict();
export type ChildOptions = z.input<typeof ChildOptions>;

export const ReadyLine = z.object({
  url: z.url(),
  apiToken: z.string().min(8),
  port: z.number().int().positive(),
  pid: z.number().int().positive(),
});
export type ReadyLine = z.infer<typeof ReadyLine>;
