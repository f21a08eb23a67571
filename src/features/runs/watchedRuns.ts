import type * as vscode from 'vscode';

/** A run a progress notification was watching: enough to watch it again after a window restart. */
export interface WatchedRun {
  origin: string;
  id: string;
  workflowName: string;
  title: string;
}

const KEY = 'atlan.watchedRuns';

/**
 * The runs progress notifications are watching, kept in workspace state so that a window reload
 * or restart in the middle of a run picks the watch up again instead of losing the outcome.
 */
export class WatchedRuns {
  constructor(private readonly memento: vscode.Memento) {}

  list(origin: string): WatchedRun[] {
    return this.all().filter((r) => r.origin === origin);
  }

  async add(run: WatchedRun): Promise<void> {
    await this.memento.update(KEY, [...this.all().filter((r) => !(r.origin === run.origin && r.id === run.id)), run]);
  }

  /** Forgets a run by the id it was watched under or its real id (placeholder ids resolve later). */
  async remove(origin: string, ...ids: string[]): Promise<void> {
    await this.memento.update(KEY, this.all().filter((r) => !(r.origin === origin && ids.includes(r.id))));
  }

  private all(): WatchedRun[] {
    const value = this.memento.get<unknown>(KEY);
    return Array.isArray(value) ? value.filter(isWatchedRun) : [];
  }
}

function isWatchedRun(value: unknown): value is WatchedRun {
  const v = value as Partial<WatchedRun> | null;
  return typeof v?.origin === 'string' && typeof v.id === 'string' && typeof v.workflowName === 'string' && typeof v.title === 'string';
}
