/** What the bench process and its sandbox child say to each other: options in, one ready line out. */
import * as z from 'zod';

export const ChildOptions = z
  .object({
    /** Run durations are divided by it (see sandbox README). */
    clockSpeed: z.number().positive().max(1_000_000).default(1),
    indexLagMs: z.number().int().min(0).max(600_000).default(0),
    /** How the runs index treats `collapse` / `_source`: play a tenant that rejects or ignores them. */
    runsSearch: z
      .object({
        collapse: z.enum(['supported', 'rejected', 'ignored']).default('supported'),
        sourceFilter: z.enum(['supported', 'rejected', 'ignored']).default('supported'),
      })
      .strict()
      .default({ collapse: 'supported', sourceFilter: 'supported' }),
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

/**
 * After the ready line the bench may ask, one JSON line on the child's stdin, for what the
 * tenant's own state holds, read without the search code under test: `latestRuns` is each legacy
 * workflow's newest run as the seed stored it (null when it never ran); `latestAppRuns` the same
 * for each App workflow (by slug), from the App run records, whoever started the run.
 */
export const Question = z.object({ ask: z.literal('latestRuns') }).strict();
export const LatestRunsAnswer = z
  .object({ latestRuns: z.record(z.string(), z.string().nullable()), latestAppRuns: z.record(z.string(), z.string().nullable()) })
  .strict();
export type LatestRunsAnswer = z.infer<typeof LatestRunsAnswer>;
