import * as vscode from 'vscode';
import { WorkflowStore } from './core/tenant/workflowStore';
import { registerAuth } from './features/auth/authCommands';
import { ProfileStore } from './features/auth/profiles';
import { ActiveProfile } from './features/configProfile/activeProfile';
import { registerSelectProfile } from './features/configProfile/selectProfile';
import { registerImport } from './features/importing/importCommand';
import { registerRunCommands } from './features/runs/runCommands';
import { resumeWatchedRuns } from './features/runs/runProgress';
import { RunWatcher } from './features/runs/runWatcher';
import { WatchedRuns } from './features/runs/watchedRuns';
import { CommandIds } from './features/ids';
import { SecretVault } from './features/secrets/secretVault';
import type { Services } from './features/services';
import { Session } from './features/session/session';
import { registerSettingsChanges, treeOptions } from './features/session/settingsChanges';
import { registerSubmitCommands } from './features/submit/submitCommands';
import { windowPrompts } from './features/ui/prompts';
import { registerWorkflowsView } from './features/tree/workflowsView';
import type { WorkflowTreeDataProvider } from './features/tree/workflowTreeDataProvider';
import { registerCrawlerForm } from './features/form/registerCrawlerForm';
import { registerConfigFileTools } from './features/configFiles/registerConfigFileTools';
import type { CrawlScopeView } from './features/scope/crawlScopeView';
import { registerCrawlScope } from './features/scope/registerCrawlScope';
import { registerPlan, type PlanHandle } from './features/plan/registerPlan';

/** What activate() returns in test mode only: the services, for integration tests to look inside. */
export interface TestApi {
  services: Services;
  /** The Postgres Workflows view's data, for tests of what the tree shows. */
  workflowsTree: WorkflowTreeDataProvider;
  /** The Crawl Scope view's data, for tests of what the scope preview shows. */
  crawlScope: CrawlScopeView;
  /** The Plan view's data (once a plan command ran), for tests of what a plan and its apply show. */
  plan: PlanHandle;
  /** The active profile's status bar item, for tests of what it says. */
  profileStatus: vscode.StatusBarItem;
}

/** Wires the shared services and registers each feature; nothing else happens here. */
export function activate(context: vscode.ExtensionContext): TestApi | undefined {
  const log = vscode.window.createOutputChannel('Atlan', { log: true });
  const profiles = new ProfileStore(context.secrets);
  const session = new Session(profiles, context.globalState, log);
  const store = new WorkflowStore(undefined, treeOptions());
  const shared = {
    log,
    profiles,
    session,
    store,
    secrets: new SecretVault(context.secrets),
    prompts: windowPrompts,
    watchedRuns: new WatchedRuns(context.workspaceState),
    activeProfile: new ActiveProfile(context.workspaceState),
  };
  const services: Services = Object.assign(shared, { watcher: new RunWatcher(shared) });
  context.subscriptions.push(log, profiles, profiles.watchSettings(), session, services.watcher, services.activeProfile);

  context.subscriptions.push(
    vscode.commands.registerCommand(CommandIds.showOutput, () => log.show()),
    vscode.commands.registerCommand(CommandIds.openSandboxDocs, () =>
      vscode.commands.executeCommand('markdown.showPreview', vscode.Uri.joinPath(context.extensionUri, 'README.md')),
    ),
  );
  registerAuth(context, services);
  const workflowsTree = registerWorkflowsView(context, services);
  registerRunCommands(context, services);
  resumeWatchedRuns(context, services);
  registerImport(context, services);
  registerSubmitCommands(context, services);
  registerCrawlerForm(context, services);
  registerConfigFileTools(context, services);
  const crawlScope = registerCrawlScope(context, services);
  const plan = registerPlan(context, services);
  const profileStatus = registerSelectProfile(context, services);
  registerSettingsChanges(context, services);

  // Restoring the session reads the profiles (their schema comes with the client bundle) and may
  // touch the network: it starts once activation has returned, never holding it up.
  setImmediate(() => void session.restore().catch((err: unknown) => log.error(`Could not restore the session: ${String(err)}`)));
  return context.extensionMode === vscode.ExtensionMode.Test ? { services, workflowsTree, crawlScope, plan, profileStatus } : undefined;
}

export function deactivate(): void {
  // Disposables registered on the context are released by VS Code.
}
