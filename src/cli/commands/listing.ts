/**
 * What the tenant listings (`workflows`, `runs`) share: the tenant options plus `--limit N`, their
 * help lines, and reading them from the command line.
 */
import type { CallOptions } from '../../core/atlan';
import type { OptionSpecs, OptionValues } from '../command';
import type { CliIo } from '../io';
import { TENANT_OPTIONS, parseSurfaceChoice, tenantHelp, type SurfaceChoice } from '../tenant';
import { parseCount } from './output';

/** How many items a listing shows: `fallback` unless --limit says otherwise, at most `max`. */
export interface ListingLimit {
  /** What is counted, plural: "workflows", "runs". */
  items: string;
  fallback: number;
  max: number;
}

export const LISTING_OPTIONS: OptionSpecs = { ...TENANT_OPTIONS, limit: { type: 'string' } };

/** The help from "Options:" on: --limit, the tenant options, the --json line, the environment. */
export function listingHelp(limit: ListingLimit, jsonLine: string, more: readonly string[] = []): string[] {
  return ['Options:', `  --limit N   how many ${limit.items} (1-${limit.max}, default ${limit.fallback})`, ...more, ...tenantHelp(jsonLine)];
}

/** The surface, the limit and the cancellation signal a listing runs with (bad values are usage errors). */
export function listingArguments(values: OptionValues, io: CliIo, limit: ListingLimit): { choice: SurfaceChoice; limit: number; signal: CallOptions } {
  return {
    choice: parseSurfaceChoice(values.surface),
    limit: parseCount(values.limit, 'limit', limit.fallback, limit.max),
    signal: io.signal ? { signal: io.signal } : {},
  };
}
