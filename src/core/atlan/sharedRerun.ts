import type { RerunResult } from './backend';

/**
 * One rerun per workflow at a time, on either surface: a second rerun asked for while the first
 * is on its way gets the first one's run, marked as reused, instead of starting another.
 */
export function shareRerun(inFlight: Map<string, Promise<RerunResult>>, workflowName: string, start: () => Promise<RerunResult>): Promise<RerunResult> {
  const ongoing = inFlight.get(workflowName);
  if (ongoing) return ongoing.then((result) => ({ run: result.run, reused: true }));
  const promise = start().finally(() => inFlight.delete(workflowName));
  inFlight.set(workflowName, promise);
  return promise;
}
