import * as vscode from 'vscode';
import type { SessionState } from '../session/session';
import { CommandIds, ViewIds } from '../ids';
import type { Services } from '../services';
import { setWhenContext } from '../whenContext';
import { WorkflowTreeDataProvider, type WorkflowFilter } from './workflowTreeDataProvider';

const PHASES = ['Running', 'Pending', 'Succeeded', 'Failed', 'Error', 'Stopped', 'Never run'];

/**
 * The Postgres Workflows view: follows the session, refreshes on demand (two requests), pages,
 * filters, and watches in-flight runs only while it is visible.
 */
export function registerWorkflowsView(context: vscode.ExtensionContext, services: Services): WorkflowTreeDataProvider {
  const { session, store, log } = services;
  const provider = new WorkflowTreeDataProvider(store);
  const view = vscode.window.createTreeView(ViewIds.workflows, { treeDataProvider: provider, showCollapseAll: true });
  const { watcher } = services;
  context.subscriptions.push(provider, view, watcher.observeView(view));

  let refreshing: Promise<void> | undefined;
  const describe = (state: SessionState): void => {
    view.description =
      state.kind === 'signedOut' ? undefined : `${state.profile.name}${state.kind === 'signedIn' ? ` · ${state.surface === 'apps' ? 'App API' : 'Workflows API'}` : ''}`;
  };

  const updateViewState = async (error?: string): Promise<void> => {
    const hasItems = store.workflows().length > 0;
    const visible = provider.visibleWorkflows().length > 0;
    view.message = error ? `Could not load workflows: ${error}` : undefined;
    await setWhenContext(
      'atlan.viewState',
      error && !hasItems ? 'error' : !store.loaded ? 'loading' : !hasItems ? 'empty' : !visible ? 'filteredEmpty' : 'ready',
    );
  };

  const doRefresh = async (): Promise<void> => {
    try {
      if (session.state.kind === 'unreachable') await session.restore();
      if (session.state.kind !== 'signedIn') return;
      await vscode.window.withProgress({ location: { viewId: ViewIds.workflows } }, () => store.refresh());
      await updateViewState();
      watcher.kick();
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      log.error(`Refresh failed: ${message}`);
      await session.noteError(err);
      if (session.state.kind === 'signedIn') await updateViewState(message);
    }
  };

  /** Reloads the first page; concurrent calls share one refresh. */
  const refresh = (): Promise<void> => {
    // `.finally` clears the slot asynchronously, after it was assigned, even when doRefresh returns at once.
    refreshing ??= doRefresh().finally(() => (refreshing = undefined));
    return refreshing;
  };

  const onSession = async (state: SessionState): Promise<void> => {
    describe(state);
    view.message = state.kind === 'unreachable' ? `Could not reach ${state.profile.baseUrl}: ${state.message}` : undefined;
    store.setBackend(state.kind === 'signedIn' ? state.backend : undefined);
    await updateViewState();
    if (state.kind === 'signedIn') await refresh();
  };
  context.subscriptions.push(session.onDidChange((s) => void onSession(s)));
  void onSession(session.state);

  const setFilter = async (filter: WorkflowFilter): Promise<void> => {
    provider.setFilter(filter);
    const active = Boolean(filter.text || filter.phase);
    view.title = active ? `Postgres Workflows (filtered: ${[filter.text && `“${filter.text}”`, filter.phase].filter(Boolean).join(', ')})` : 'Postgres Workflows';
    await setWhenContext('atlan.filtered', active);
    await updateViewState();
  };

  context.subscriptions.push(
    vscode.commands.registerCommand(CommandIds.refresh, refresh),
    vscode.commands.registerCommand(CommandIds.loadMore, async () => {
      try {
        await vscode.window.withProgress({ location: { viewId: ViewIds.workflows } }, () => store.loadMore());
        await updateViewState();
      } catch (err) {
        await session.noteError(err);
        void services.prompts.message('error', `Could not load more workflows: ${err instanceof Error ? err.message : String(err)}`, {}, 'Retry').then((a) => {
          if (a === 'Retry') void vscode.commands.executeCommand(CommandIds.loadMore);
        });
      }
    }),
    vscode.commands.registerCommand(CommandIds.filter, async () => {
      const current = provider.filter;
      const pick = await services.prompts.quickPick(
        [
          { label: '$(search) Name contains…', id: 'text', description: current.text },
          ...PHASES.map((p) => ({ label: p, id: p, description: current.phase === p ? 'current' : undefined })),
          { label: '$(clear-all) Show all', id: 'all' },
        ],
        { title: 'Filter Postgres workflows', placeHolder: 'Filter by connection or workflow name, or by the last run’s phase' },
      );
      if (!pick) return;
      if (pick.id === 'all') return setFilter({});
      if (pick.id !== 'text') return setFilter({ ...current, phase: pick.id });
      const text = await services.prompts.inputBox({ title: 'Filter by name', prompt: 'Part of the connection or workflow name', value: current.text ?? '' });
      if (text !== undefined) await setFilter({ ...current, text: text.trim() || undefined });
    }),
    vscode.commands.registerCommand(CommandIds.clearFilter, () => setFilter({})),
  );
  return provider;
}
