/**
 * What the session keeps of the App API schedules a client attached (workspace memento, slug ->
 * schedules), read back when it signs in again. In the client bundle, like profileSchema.ts.
 */
import * as z from 'zod';

export const SavedSchedulesSchema = z.record(z.string(), z.array(z.object({ cron: z.string(), timezone: z.string(), triggerId: z.string().optional() })));

/** Bodies this client sent to App workflows, kept per tenant (no inline credential): slug -> when and what. */
export const SavedSentBodiesSchema = z.record(
  z.string(),
  z.object({
    at: z.string(),
    body: z.object({ app_id: z.string(), name: z.string(), inputs: z.record(z.string(), z.unknown()), entrypoint: z.string().optional() }),
  }),
);
