/**
 * The zod model of a tenant profile in user settings (`atlan.profiles`). It lives in the client
 * bundle (dist/tenantTools.js, with the one copy of zod the lazy bundles share): the profile store
 * reads it on the first profile it parses, which is after activation (the session restores itself
 * once activate() has returned), so activation loads no zod at all.
 */
import * as z from 'zod';

export const SURFACE_CHOICES = ['auto', 'apps', 'workflows'] as const;

export const ProfileSchema = z.object({
  name: z.string().min(1),
  baseUrl: z.string().url(),
  surface: z.enum(SURFACE_CHOICES).default('auto'),
});
export type Profile = z.infer<typeof ProfileSchema>;
