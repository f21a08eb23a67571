/**
 * Registers the Plan view and its commands at activation, and nothing heavier: the view's data
 * and the work load with the config tools the first time a command runs (planFeature.ts). Until
 * then the view is empty and shows its welcome content.
 */
import * as vscode from 'vscode';
import { guarded, requireTrust } from '../commandSupport';
import { loadConfigTools } from '../configFiles/configToolsLoader';
import { CommandIds, ViewIds } from '../ids';
import type { Services } from '../services';
import { recordWorkflowName } from '../submit/configTarget';
import { DriftDocuments } from '../submit/driftDocuments';
import type { PlanFeature } from './planFeature';
import type { PlanView } from './planView';

/** Hands the view's questions to the real provider once it is loaded. */
class ForwardingProvider implements vscode.TreeDataProvider<unknown>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeTreeData = this.changed.event;
  private target: vscode.TreeDataProvider<unknown> | undefined;
  private subscription: vscode.Disposable | undefined;

  attach(target: vscode.TreeDataProvider<unknown>): void {
    this.target = target;
    this.subscription = target.onDidChangeTreeData?.(() => this.changed.fire());
    this.changed.fire();
  }

  getChildren(node?: unknown): vscode.ProviderResult<unknown[]> {
    return this.target ? this.target.getChildren(node) : [];
  }

  getTreeItem(node: unknown): vscode.TreeItem | Thenable<vscode.TreeItem> {
    if (!this.target) throw new Error('the Plan view has no data yet');
    return this.target.getTreeItem(node);
  }

  dispose(): void {
    this.subscription?.dispose();
    this.changed.dispose();
  }
}

/** The Plan view's data once loaded, for the integration tests. */
export interface PlanHandle {
  view(): PlanView | undefined;
}

export function registerPlan(context: vscode.ExtensionContext, services: Services): PlanHandle {
  const provider = new ForwardingProvider();
  const tree = vscode.window.createTreeView(ViewIds.plan, { treeDataProvider: provider, showCollapseAll: true });
  const drift = new DriftDocuments('atlan-plan');
  const recordName = async (uri: vscode.Uri, name: string, profile: string | undefined): Promise<void> =>
    recordWorkflowName(await vscode.workspace.openTextDocument(uri), name, profile);
  let feature: PlanFeature | undefined;
  const load = (): PlanFeature => (feature ??= loadConfigTools(context.extensionPath).createPlanFeature(context, services, tree, (p) => provider.attach(p), { drift, recordName }));
  context.subscriptions.push(
    provider,
    tree,
    drift.register(),
    vscode.commands.registerCommand(CommandIds.planWorkspace, (arg?: unknown) => guarded(services, 'plan the workspace', () => load().plan(arg))),
    // From the Explorer's folder menu: that folder's files only; Apply Plan then applies just those.
    vscode.commands.registerCommand(CommandIds.planFolder, (arg?: unknown) =>
      guarded(services, 'plan the folder', () => {
        if (!(arg instanceof vscode.Uri) || arg.scheme !== 'file') throw new Error('Plan This Folder plans a folder on disk: run it on a folder in the Explorer');
        return load().plan(arg);
      }),
    ),
    vscode.commands.registerCommand(CommandIds.applyPlan, () =>
      guarded(services, 'apply the plan', () => {
        // Untrusted workspaces may plan, never apply (package.json hides the command there too).
        requireTrust('apply plans');
        return load().apply();
      }),
    ),
    vscode.commands.registerCommand(CommandIds.showPlanDiff, (entry?: unknown) =>
      guarded(services, 'compare with the tenant', () => load().showDiff(entry as Parameters<PlanFeature['showDiff']>[0])),
    ),
  );
  return { view: () => feature?.view };
}
