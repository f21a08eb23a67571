/**
 * How many latest runs an approach got right, against the ground truth: the newest run of each
 * workflow as the seed stored it in the tenant's state (sandboxProcess.latestRuns), never what
 * a search through the same client says.
 */
export interface LatestRunsVerdict {
  same: number;
  /** The workflows the approach had to list (a page, or all of them), or more if it listed more. */
  total: number;
  wrong: string[];
}

/**
 * `listed` maps each workflow the approach listed to the latest run id it found; it had to list
 * `expected` workflows. A workflow listed with another run, or one the seed never made, is wrong;
 * a workflow it failed to list counts as wrong too.
 */
export function latestRunsRight(seed: ReadonlyMap<string, string | undefined>, listed: ReadonlyMap<string, string | undefined>, expected: number): LatestRunsVerdict {
  const wrong: string[] = [];
  for (const [name, id] of listed) if (!seed.has(name) || seed.get(name) !== id) wrong.push(name);
  const same = listed.size - wrong.length;
  return { same, total: Math.max(expected, listed.size), wrong };
}
