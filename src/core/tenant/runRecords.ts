import { isFinished, type CrawlerRun } from '../atlan/backend';

/**
 * The current state of every run the extension knows, by id: the one record the tree, the
 * progress notifications, the lenses, the status bar and Run details all read. Several requests
 * report on the same run (a refresh, a workflow's run list, the watcher's polls) and may be
 * answered out of order, so a run never goes back: a finished run stays finished, and a run in
 * flight never returns to Pending or to fewer steps done.
 */
export class RunRecords {
  private readonly byId = new Map<string, CrawlerRun>();
  /** A placeholder id (a run submitted before the tenant names it) -> the run's real id. */
  private readonly aliases = new Map<string, string>();

  get(id: string): CrawlerRun | undefined {
    return this.byId.get(this.resolve(id));
  }

  /** The id a run is recorded under: its real id once a placeholder has been resolved. */
  resolve(id: string): string {
    return this.aliases.get(id) ?? id;
  }

  /**
   * Records what a request said about a run and returns the state kept. `replacesId` is the id
   * the run was known by before, when that was a placeholder.
   */
  merge(run: CrawlerRun, replacesId: string = run.id): CrawlerRun {
    // A late answer about a placeholder already resolved says nothing the real run does not.
    const resolved = this.aliases.get(run.id);
    if (resolved !== undefined) return this.byId.get(resolved) ?? run;
    if (replacesId !== run.id) {
      this.byId.delete(replacesId);
      this.aliases.set(replacesId, run.id);
    }
    const current = this.byId.get(run.id);
    const kept = current && isBehind(run, current) ? current : run;
    this.byId.set(run.id, kept);
    return kept;
  }

  /** Records that a placeholder id stands for a run now known by its real id (already recorded). */
  resolvePlaceholder(placeholder: string, realId: string): void {
    if (placeholder === realId || !this.byId.has(realId)) return;
    this.byId.delete(placeholder);
    this.aliases.set(placeholder, realId);
  }

  /** Forgets every run but those `keep` names (by real id), so records do not outlive what shows them. */
  retain(keep: ReadonlySet<string>): void {
    for (const id of this.byId.keys()) if (!keep.has(id)) this.byId.delete(id);
    for (const [placeholder, id] of this.aliases) if (!keep.has(id)) this.aliases.delete(placeholder);
  }

  clear(): void {
    this.byId.clear();
    this.aliases.clear();
  }
}

/** Whether `incoming` tells of an earlier moment of the run than `current` does. */
export function isBehind(incoming: CrawlerRun, current: CrawlerRun): boolean {
  if (isFinished(current)) return !isFinished(incoming);
  if (isFinished(incoming)) return false;
  const started = (run: CrawlerRun): number => (run.phase === 'Pending' ? 0 : 1);
  if (started(incoming) !== started(current)) return started(incoming) < started(current);
  return stepsDone(incoming) < stepsDone(current);
}

/** The "done" of Argo's "done/total" progress; -1 when the run reports none. */
function stepsDone(run: CrawlerRun): number {
  const match = /^(\d+)\/\d+$/.exec(run.progress?.trim() ?? '');
  return match ? Number(match[1]) : -1;
}
