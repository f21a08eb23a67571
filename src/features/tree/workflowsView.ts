import * as vscode from 'vscode';
import type { SessionState } from '../session/session';
import { CommandIds, ViewIds } from '../ids';
import type { Services } from '../services';
import { errorText } from '../errorText';
import { setWhenContext, type ContextKeys } from '../whenContext';
import { assetUrl } from '../runs/atlanLinks';
import { pickFilter } from './filterQuickPick';
import type { TreeNode } from './treeNodes';
import { WorkflowTreeDataProvider, type WorkflowFilter } from './workflowTreeDataProvider';

/** Test mode only: what the view shows above its items, and which welcome state it is in. */
export const VIEW_STATUS_FOR_TEST_COMMAND = 'atlan.postgresWorkflows.statusForTest';

export interface WorkflowsViewStatus {
  state: ContextKeys['atlan.viewState'];
  message: string | undefined;
}

/** Test mode only: the view's top-level rows as they read, with the command a click runs. */
export const VIEW_ROOTS_FOR_TEST_COMMAND = 'atlan.postgresWorkflows.rootsForTest';

export interface WorkflowsViewRow {
  label: string;
  command?: string;
}

/** Said while the signed-in tenant cannot list the runs started elsewhere (an App API tenant without run assets). */
export const OWN_RUNS_ONLY_NOTE = 'Runs started outside VS Code are not visible on this tenant: it does not catalogue App runs, so only runs started here are listed.';

/**
 * The Postgres Workflows view: follows the session, refreshes on demand (two requests), pages,
 * filters, and watches in-flight runs only while it is visible.
 */
export function registerWorkflowsView(context: vscode.ExtensionContext, services: Services): WorkflowTreeDataProvider {
  const { session, store, log } = services;
  const provider = new WorkflowTreeDataProvider(store, (err) => session.noteError(err), {
    assets: () => (session.state.kind === 'signedIn' ? session.state.client.catalog() : undefined),
    log: (message) => log.warn(message),
  });
  const view = vscode.window.createTreeView(ViewIds.workflows, { treeDataProvider: provider, showCollapseAll: true });
  const { watcher } = services;
  context.subscriptions.push(provider, view, watcher.observeView(view));

  let refreshing: Promise<void> | undefined;
  let queuedRefresh: Promise<void> | undefined;
  /**
   * What the view says above its items: a failed refresh, else an unreachable tenant, else runs that
   * are not updating, else that this tenant shows only the runs started here.
   */
  let refreshError: string | undefined;
  let unreachable: string | undefined;
  let viewState: ContextKeys['atlan.viewState'] = 'loading';
  const currentMessage = (): string | undefined =>
    refreshError ? `Could not load workflows: ${refreshError}` : (unreachable ?? watcher.problem?.message ?? runScopeNote());
  const showMessage = (): void => {
    // VS Code keeps a message given to a tree view it has not rendered yet even after it is
    // cleared, and later shows it instead of the welcome content: only tell a visible view.
    if (view.visible) view.message = currentMessage() ?? '';
  };
  context.subscriptions.push(watcher.onDidChangeProblem(showMessage), view.onDidChangeVisibility(showMessage));
  // The backend learns whose runs it can see while it reads them (a refresh, a workflow expanded).
  const storeChanges = store.onDidChange(showMessage);
  context.subscriptions.push({ dispose: () => storeChanges.dispose() });
  const runScopeNote = (): string | undefined =>
    session.state.kind === 'signedIn' && session.state.backend.runScope === 'own' ? OWN_RUNS_ONLY_NOTE : undefined;
  const describe = (state: SessionState): void => {
    view.description =
      state.kind === 'signedOut' ? undefined : `${state.profile.name}${state.kind === 'signedIn' ? ` · ${state.surface === 'apps' ? 'App API' : 'Workflows API'}` : ''}`;
  };

  const updateViewState = async (error?: string): Promise<void> => {
    const hasItems = store.workflows().length > 0;
    const visible = provider.visibleWorkflows().length > 0;
    refreshError = error;
    showMessage();
    viewState = error && !hasItems ? 'error' : !store.loaded ? 'loading' : !hasItems ? 'empty' : !visible ? 'filteredEmpty' : 'ready';
    await setWhenContext('atlan.viewState', viewState);
  };

  const doRefresh = async (): Promise<void> => {
    try {
      if (session.state.kind === 'unreachable') await session.restore();
      if (session.state.kind !== 'signedIn') return;
      await vscode.window.withProgress({ location: { viewId: ViewIds.workflows } }, () => store.refresh());
      await updateViewState();
      watcher.kick();
    } catch (err) {
      const message = errorText(err);
      log.error(`Refresh failed: ${message}`);
      await session.noteError(err);
      if (session.state.kind === 'signedIn') await updateViewState(message);
    }
  };

  /** Reloads the first page (two requests); a call made while one is in flight gets one fresh follow-up. */
  const refresh = (): Promise<void> => {
    // `.finally` clears the slot asynchronously, after it was assigned, even when doRefresh returns at once.
    if (!refreshing) {
      refreshing = doRefresh().finally(() => (refreshing = undefined));
      return refreshing;
    }
    // The one in flight may have been answered before what the caller just did (a delete, a
    // rerun): run once more after it, one follow-up shared by everyone who asks meanwhile.
    queuedRefresh ??= refreshing.then(() => {
      queuedRefresh = undefined;
      return refresh();
    });
    return queuedRefresh;
  };

  const onSession = async (state: SessionState): Promise<void> => {
    describe(state);
    unreachable = state.kind === 'unreachable' ? `Could not reach ${state.profile.baseUrl}: ${state.message}` : undefined;
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
      // The view follows each keystroke; dismissing the pick puts the filter it had back.
      const chosen = await pickFilter(services.prompts, current, (typed) => void setFilter(typed));
      await setFilter(chosen ?? current);
    }),
    vscode.commands.registerCommand(CommandIds.clearFilter, () => setFilter({})),
    vscode.commands.registerCommand(CommandIds.loadMoreCatalog, async (node?: TreeNode) => {
      if (node?.kind !== 'catalogMore') return;
      try {
        await vscode.window.withProgress({ location: { viewId: ViewIds.workflows } }, () => provider.loadMoreCatalog(node));
      } catch (err) {
        await session.noteError(err);
        void services.prompts.message('error', `Could not load more of the catalog: ${errorText(err)}`, {});
      }
    }),
    vscode.commands.registerCommand(CommandIds.openAssetInAtlan, async (node?: TreeNode) => {
      if (node?.kind !== 'catalogAsset' || session.state.kind !== 'signedIn') return;
      await vscode.env.openExternal(vscode.Uri.parse(assetUrl(session.state.profile.baseUrl, node.item.guid)));
    }),
  );
  // Integration tests read what the view shows (a TreeView's message is not readable from outside).
  if (context.extensionMode === vscode.ExtensionMode.Test) {
    context.subscriptions.push(
      vscode.commands.registerCommand(VIEW_STATUS_FOR_TEST_COMMAND, (): WorkflowsViewStatus => ({ state: viewState, message: currentMessage() })),
      vscode.commands.registerCommand(VIEW_ROOTS_FOR_TEST_COMMAND, async (): Promise<WorkflowsViewRow[]> =>
        (await provider.getChildren()).map((node) => {
          const item = provider.getTreeItem(node);
          const label = typeof item.label === 'string' ? item.label : (item.label?.label ?? '');
          return { label, ...(item.command ? { command: item.command.command } : {}) };
        }),
      ),
    );
  }
  return provider;
}
