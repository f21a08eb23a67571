/** The knobs of a running sandbox that tests and the admin API can turn. */
import * as z from 'zod';

export const Surfaces = z.enum(['legacy', 'apps', 'both']);
export type Surfaces = z.infer<typeof Surfaces>;

export const SettingsPatch = z
  .object({
    clockSpeed: z.number().positive().max(1_000_000).optional(),
    surfaces: Surfaces.optional(),
    indexLagMs: z.number().int().min(0).max(600_000).optional(),
    appAssets: z.boolean().optional(),
    appListSlugless: z.number().int().min(0).max(100).optional(),
  })
  .strict();
export type SettingsPatch = z.infer<typeof SettingsPatch>;

export interface SandboxSettings {
  surfaces: Surfaces;
  indexLagMs: number;
  /**
   * Whether the asset search shows App workflows and runs (`AtlanAppWorkflow`, `AppWorkflowRun`).
   * Off plays an older tenant whose catalog has no such assets. Default on.
   */
  appAssets?: boolean;
  /**
   * How many items with `slug: null` the App list (`GET v1/app`) shows first: workflows a real
   * tenant lists without a slug (pyatlan types `slug` as optional and skips such items). Default 0.
   */
  appListSlugless?: number;
}
