import * as vscode from 'vscode';
import type { CrawlerRun } from '../../core/atlan';
import type { CrawlerConfig } from '../../core/config/model';
import type { PreparedSubmission } from '../../core/tenant/submission';
import { tenantTools } from '../tenantTools';
import { guarded, requireTrust } from '../commandSupport';
import { noteAcceptedWrite } from '../errorText';
import { CommandIds } from '../ids';
import { watchRunWithProgress } from '../runs/runProgress';
import type { Services } from '../services';
import { checkProfile, chooseConfigFile, readValidConfig, recordWorkflowName } from './configTarget';
import { DriftDocuments, summariseDrift } from './driftDocuments';
import { compareWithTenant } from './tenantComparison';
import { SECRET_NAME_PATTERN, SECRET_NAME_RULE } from '../../core/config/names';

/**
 * Submit a configuration file (create and run a new workflow), with the duplicate guard; update
 * an existing workflow from its file; compare a file with what the tenant runs; store secrets.
 */
export function registerSubmitCommands(context: vscode.ExtensionContext, services: Services): void {
  const drift = new DriftDocuments();
  context.subscriptions.push(
    drift.register(),
    vscode.commands.registerCommand(CommandIds.submitConfig, (arg?: unknown) => guarded(services, 'submit the configuration', () => submit(services, drift, arg))),
    vscode.commands.registerCommand(CommandIds.updateWorkflow, (arg?: unknown) => guarded(services, 'update the workflow', () => updateFromFile(services, drift, arg))),
    vscode.commands.registerCommand(CommandIds.compareWithTenant, (arg?: unknown) => guarded(services, 'compare with the tenant', () => compare(services, drift, arg))),
    vscode.commands.registerCommand(CommandIds.setSecret, (name?: unknown) => guarded(services, 'store the secret', () => setSecret(services, typeof name === 'string' ? name : undefined))),
  );
}

type Choice = 'Rerun Existing' | 'Update Existing' | 'Create Anyway';

async function submit(services: Services, drift: DriftDocuments, arg: unknown): Promise<CrawlerRun | undefined> {
  requireTrust('submit configurations');
  const { client, backend, profile } = services.session.requireSignedIn();
  const uri = await chooseConfigFile(services, arg, 'Submit a crawler configuration');
  if (!uri) return undefined;
  const { config, document } = await readValidConfig(uri);
  checkProfile(config, profile.name, uri);

  const prepared = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `Submitting ${config.connectionName}`, cancellable: true },
    async (progress, cancel) => {
      const controller = new AbortController();
      cancel.onCancellationRequested(() => controller.abort());
      progress.report({ message: 'resolving secrets and admins, checking for duplicates…' });
      return tenantTools().prepareSubmission({
        config,
        client,
        backend,
        lookupSecret: services.secrets.lookup,
        whereToSetSecret: (name) => `run "Atlan: Store Secret" and enter it under the name "${name}"`,
        signal: controller.signal,
      });
    },
  );

  const warning = tenantTools().duplicateWarning(prepared);
  if (warning) {
    const existing = prepared.duplicates[0];
    const choices: Choice[] = existing ? ['Rerun Existing', 'Update Existing', 'Create Anyway'] : ['Create Anyway'];
    const choice = (await services.prompts.message(
      'warning',
      `${config.connectionName} may already be on this tenant.`,
      { modal: true, detail: `${capitalise(warning)}.\n\nRerunning the existing workflow is the safe way to crawl again.` },
      ...choices,
    )) as Choice | undefined;
    if (choice === 'Rerun Existing' && existing) return vscode.commands.executeCommand<CrawlerRun | undefined>(CommandIds.rerun, { workflowName: existing.name, configUri: uri });
    if (choice === 'Update Existing' && existing) {
      await updateExisting(services, drift, config, existing.name, vscode.workspace.asRelativePath(uri));
      return undefined;
    }
    if (choice !== 'Create Anyway') return undefined;
  }
  return create(services, prepared, document);
}

async function create(services: Services, prepared: PreparedSubmission, document: vscode.TextDocument): Promise<CrawlerRun | undefined> {
  const { backend } = services.session.requireSignedIn();
  const label = prepared.config.connectionName;
  const created = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Submitting ${label}` }, async (progress) => {
    progress.report({ message: 'creating the workflow…' });
    try {
      return await tenantTools().submitPrepared(backend, prepared, { createAnyway: true });
    } catch (err) {
      throw noteAcceptedWrite(err, 'the workflow may have been created: refresh the workflow list before submitting again');
    }
  });
  // Record the name at once: a second Submit of this file must find it even if watching fails.
  await recordWorkflowName(document, created.workflow.name);
  services.store.addWorkflow(created.workflow, created.run);
  services.log.info(`Created workflow ${created.workflow.name} for ${label}`);
  if (!created.run) {
    void services.prompts.message('info', `Created workflow ${created.workflow.name} for ${label}.`, {});
    return undefined;
  }
  void watchRunWithProgress(services, label, created.run, [`created ${created.workflow.name}`]);
  return created.run;
}

async function updateFromFile(services: Services, drift: DriftDocuments, arg: unknown): Promise<boolean> {
  requireTrust('update workflows');
  const uri = await chooseConfigFile(services, arg, 'Update a workflow from its configuration file');
  if (!uri) return false;
  const { config } = await readValidConfig(uri);
  checkProfile(config, services.session.requireSignedIn().profile.name, uri);
  if (!config.workflow) throw new Error(`${vscode.workspace.asRelativePath(uri)} records no workflow yet: submit it first`);
  return updateExisting(services, drift, config, config.workflow, vscode.workspace.asRelativePath(uri));
}

/** Shows what would change, asks, then updates the workflow in place (same connection, same stored credential). */
export async function updateExisting(services: Services, drift: DriftDocuments, config: CrawlerConfig, workflowName: string, fileLabel: string): Promise<boolean> {
  const { client, backend } = services.session.requireSignedIn();
  const comparison = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Comparing with ${workflowName}…` }, () =>
    compareWithTenant(client, backend, config, workflowName),
  );
  if (comparison.report.inSync) {
    void services.prompts.message('info', `${workflowName} already runs what ${fileLabel} says: nothing to update.`, {});
    return false;
  }
  await drift.show(comparison.report, workflowName, fileLabel);
  const answer = await services.prompts.message(
    'warning',
    `Update ${workflowName} with ${fileLabel}?`,
    {
      modal: true,
      detail: `${comparison.report.differences.length} difference(s): ${summariseDrift(comparison.report)}.\n\nThe workflow keeps its connection (no assets are duplicated) and its stored credential.`,
    },
    'Update',
  );
  if (answer !== 'Update') return false;
  const updated = await backend.update(workflowName, comparison.update);
  services.store.applyWorkflow(updated);
  const next = await services.prompts.message('info', `Updated ${workflowName}. The next run uses the new configuration.`, {}, 'Rerun Now');
  if (next === 'Rerun Now') await vscode.commands.executeCommand(CommandIds.rerun, { workflowName });
  return true;
}

async function compare(services: Services, drift: DriftDocuments, arg: unknown): Promise<boolean | undefined> {
  const { client, backend, profile } = services.session.requireSignedIn();
  const uri = await chooseConfigFile(services, arg, 'Compare a configuration file with the tenant');
  if (!uri) return undefined;
  const { config } = await readValidConfig(uri);
  checkProfile(config, profile.name, uri);
  if (!config.workflow) throw new Error(`${vscode.workspace.asRelativePath(uri)} records no workflow yet: there is nothing to compare with`);
  const { report } = await compareWithTenant(client, backend, config, config.workflow);
  await drift.show(report, config.workflow, vscode.workspace.asRelativePath(uri));
  void services.prompts.message(
    'info',
    report.inSync ? `${config.workflow} runs what the file says.` : `${config.workflow} differs from the file: ${summariseDrift(report)}.`,
    {},
  );
  return report.inSync;
}

async function setSecret(services: Services, presetName?: string): Promise<string | undefined> {
  const name =
    presetName ??
    (await services.prompts.inputBox({
      title: 'Store a secret (1/2): name',
      prompt: 'The name configuration files use: {"secret": "<name>"}',
      validateInput: (v) => (SECRET_NAME_PATTERN.test(v) ? undefined : `Use ${SECRET_NAME_RULE}.`),
    }));
  if (!name) return undefined;
  const value = await services.prompts.inputBox({
    title: `Store a secret (2/2): value of "${name}"`,
    prompt: 'Kept in VS Code secret storage only, never in files or settings.',
    password: true,
    validateInput: (v) => (v.length === 0 ? 'Enter the value.' : undefined),
  });
  if (value === undefined) return undefined;
  await services.secrets.store(name, value);
  void services.prompts.message('info', `Stored the secret "${name}".`, {});
  return name;
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
