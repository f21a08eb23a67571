import type * as vscode from 'vscode';
import type { Prompts } from '../ui/prompts';
import type { WorkflowFilter } from './workflowTreeDataProvider';

/** The last-run phases the filter offers (a workflow that never ran counts as "Never run"). */
export const FILTER_PHASES = ['Running', 'Pending', 'Succeeded', 'Failed', 'Error', 'Stopped', 'Never run'] as const;

interface FilterItem extends vscode.QuickPickItem {
  /** The filter this item stands for, given what is typed when it is accepted. */
  filter(typed: string): WorkflowFilter;
}

/**
 * One quick pick for the view's filter. What is typed filters by connection or workflow name at
 * once: `preview` hears every keystroke, and Enter keeps it. A phase picked instead filters by
 * the last run's phase. Resolves with the filter chosen, or undefined when dismissed (the caller
 * then puts the previous filter back).
 */
export function pickFilter(prompts: Prompts, current: WorkflowFilter, preview: (filter: WorkflowFilter) => void): Promise<WorkflowFilter | undefined> {
  const typedFilter = (typed: string): WorkflowFilter => ({ ...current, text: typed.trim() || undefined });
  // Always shown and always first: VS Code hides items whose label does not match what is typed,
  // and without this one typing a name would leave nothing to pick.
  const nameItem = (typed: string): FilterItem =>
    typed.trim()
      ? { label: `$(search) Name contains “${typed.trim()}”`, alwaysShow: true, filter: typedFilter }
      : { label: '$(search) Any name', description: 'type part of a connection or workflow name', alwaysShow: true, filter: typedFilter };
  const rest: FilterItem[] = [
    ...FILTER_PHASES.map((phase) => ({ label: phase, description: current.phase === phase ? 'current' : undefined, filter: () => ({ ...current, phase }) })),
    { label: '$(clear-all) Show all', filter: () => ({}) },
  ];

  const pick = prompts.createQuickPick<FilterItem>();
  pick.title = 'Filter Postgres workflows';
  pick.placeholder = 'Type part of a connection or workflow name, or pick the last run’s phase';
  pick.value = current.text ?? '';
  const showItems = (typed: string): void => {
    const first = nameItem(typed);
    pick.items = [first, ...rest];
    // A phase that also matches what is typed may sort first: Enter must still apply the text.
    pick.activeItems = [first];
  };
  showItems(pick.value);

  return new Promise((resolve) => {
    let chosen: WorkflowFilter | undefined;
    const subscriptions = [
      pick.onDidChangeValue((typed) => {
        showItems(typed);
        preview(typedFilter(typed));
      }),
      pick.onDidAccept(() => {
        chosen = (pick.activeItems[0] ?? nameItem(pick.value)).filter(pick.value);
        pick.hide();
      }),
      pick.onDidHide(() => {
        for (const s of subscriptions) s.dispose();
        pick.dispose();
        resolve(chosen);
      }),
    ];
    pick.show();
  });
}
