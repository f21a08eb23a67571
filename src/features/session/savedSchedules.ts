/**
 * What the session keeps of the App API schedules a client attached (workspace memento, slug ->
 * schedules), read back when it signs in again. In the client bundle, like profileSchema.ts.
 */
import * as z from 'zod';

export const SavedSchedulesSchema = z.record(z.string(), z.array(z.object({ cron: z.string(), timezone: z.string(), triggerId: z.string().optional() })));
