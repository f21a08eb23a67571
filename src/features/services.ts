import type * as vscode from 'vscode';
import type { WorkflowStore } from '../core/tenant/workflowStore';
import type { ProfileStore } from './auth/profiles';
import type { ActiveProfile } from './configProfile/activeProfile';
import type { RunWatcher } from './runs/runWatcher';
import type { WatchedRuns } from './runs/watchedRuns';
import type { SecretVault } from './secrets/secretVault';
import type { Session } from './session/session';
import type { Prompts } from './ui/prompts';

/** The shared services every feature receives in its `registerX(context, services)`. */
export interface Services {
  log: vscode.LogOutputChannel;
  profiles: ProfileStore;
  session: Session;
  /** Workflows and runs of the active tenant, with change events. */
  store: WorkflowStore;
  secrets: SecretVault;
  /** Polls in-flight runs (one request per poll for all of them); progress notifications hold runs here. */
  watcher: RunWatcher;
  /** Runs a progress notification is watching, resumed after a window restart. */
  watchedRuns: WatchedRuns;
  /** Which `profiles.<name>` overrides of configuration files apply in this workspace. */
  activeProfile: ActiveProfile;
  /** Questions and messages to the user (replaceable in integration tests). */
  prompts: Prompts;
}
