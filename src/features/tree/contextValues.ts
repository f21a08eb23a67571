import { isFinished, type CrawlerRun } from '../../core/atlan/backend';

/**
 * `contextValue`s of tree items, built in one place and matched in package.json with anchored
 * regexes (e.g. `viewItem =~ /^run:inflight$/`).
 */
export type TreeItemContext = 'workflow' | 'run:inflight' | 'run:finished' | 'run:failed' | 'message' | 'loadMore' | 'unread' | 'catalog' | 'catalogAsset';

export function runContext(run: CrawlerRun): TreeItemContext {
  if (!isFinished(run)) return 'run:inflight';
  return run.phase === 'Failed' || run.phase === 'Error' ? 'run:failed' : 'run:finished';
}
