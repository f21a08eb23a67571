import * as vscode from 'vscode';
import type { CrawlerRun, CreatedCrawler } from '../../core/atlan';
import type { CrawlerConfig } from '../../core/config/model';
import type { PreparedSubmission } from '../../core/tenant/submission';
import { tenantTools } from '../tenantTools';
import { guarded, requireTrust } from '../commandSupport';
import { errorText, noteAcceptedWrite } from '../errorText';
import { CommandIds } from '../ids';
import { followRunInProgress, rememberWatch, reportOutcome, type RunOutcome } from '../runs/runProgress';
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

/** The stages of a submit, in the order the notification shows them. */
export const SubmitStages = {
  validating: 'Validating…',
  resolvingAdmins: 'Resolving admins…',
  checkingDuplicates: 'Checking for duplicates…',
  submitting: 'Submitting…',
} as const;

/** What the submit notification settled before watching (or instead of creating). */
type Submitted =
  | { kind: 'created'; run: CrawlerRun | undefined }
  | { kind: 'duplicate'; choice: Choice | undefined; existing: string | undefined; config: CrawlerConfig; document: vscode.TextDocument }
  | { kind: 'cancelled' };

/**
 * One notification from "Validating…" to the run's end: validate, resolve admins, check for
 * duplicates (the modal may interrupt), submit, then the live phase. The command resolves with
 * the first run as soon as it exists; the notification goes on until the run finishes.
 */
async function submit(services: Services, drift: DriftDocuments, arg: unknown): Promise<CrawlerRun | undefined> {
  requireTrust('submit configurations');
  services.session.requireSignedIn();
  const uri = await chooseConfigFile(services, arg, 'Submit a crawler configuration');
  if (!uri) return undefined;
  const fileLabel = vscode.workspace.asRelativePath(uri);
  let announce: (submitted: Submitted) => void = () => undefined;
  const submitted = new Promise<Submitted>((resolve) => (announce = resolve));
  let watch: { title: string; forget(outcome: RunOutcome): Promise<void> } | undefined;
  const notification = Promise.resolve(
    vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Submitting ${fileLabel}`, cancellable: true },
      async (progress, cancel): Promise<RunOutcome | undefined> => {
        const stage = (message: string): void => progress.report({ message });
        stage(SubmitStages.validating);
        const { client, backend, profile } = services.session.requireSignedIn();
        const { config, document } = await readValidConfig(uri, services.activeProfile.current());
        checkProfile(config, profile.name, uri);
        const controller = new AbortController();
        const abort = cancel.onCancellationRequested(() => controller.abort());
        let prepared: PreparedSubmission;
        try {
          prepared = await tenantTools().prepareSubmission({
            config,
            client,
            backend,
            onStage: (step) => stage(SubmitStages[step]),
            lookupSecret: services.secrets.lookup,
            whereToSetSecret: (name) => `run "Atlan: Store Secret" and enter it under the name "${name}"`,
            signal: controller.signal,
          });
        } finally {
          abort.dispose();
        }
        if (cancel.isCancellationRequested) {
          announce({ kind: 'cancelled' });
          return undefined;
        }
        const choice = await askAboutDuplicates(services, prepared);
        if (choice !== 'Create Anyway') {
          announce({ kind: 'duplicate', choice, existing: prepared.duplicates[0]?.name, config, document });
          return undefined;
        }
        stage(SubmitStages.submitting);
        const run = await create(services, prepared, document);
        if (!run) {
          announce({ kind: 'created', run });
          return undefined;
        }
        // Follow before anything is awaited: from the moment the run exists (and the command hands it
        // back), the notification shows the store's state of it, never a stale "Submitting…".
        const following = followRunInProgress(services, run, progress, cancel);
        announce({ kind: 'created', run });
        const title = config.connectionName;
        watch = { title, ...(await rememberWatch(services, title, run)) };
        return following;
      },
    ),
  );
  // A failure before the run exists rejects `notification`, and so reaches guarded().
  const first = await Promise.race([submitted, notification.then(() => undefined)]);
  if (first?.kind === 'created') {
    void notification
      .then(async (outcome) => {
        if (!outcome || !watch) return;
        await watch.forget(outcome);
        await reportOutcome(services, watch.title, outcome, { configUri: uri });
      })
      .catch((err: unknown) => services.log.error(`Could not report how the run of ${fileLabel} ended: ${errorText(err)}`));
    return first.run;
  }
  await notification;
  if (first?.kind !== 'duplicate' || !first.existing) return undefined;
  // After the submit notification closed: these show their own.
  if (first.choice === 'Rerun Existing') return vscode.commands.executeCommand<CrawlerRun | undefined>(CommandIds.rerun, { workflowName: first.existing, configUri: uri });
  if (first.choice === 'Update Existing') await updateExisting(services, drift, first.config, first.existing, fileLabel, first.document);
  return undefined;
}

/** The duplicate modal, when the preparation found something a create would duplicate; otherwise Create Anyway. */
async function askAboutDuplicates(services: Services, prepared: PreparedSubmission): Promise<Choice | undefined> {
  const warning = tenantTools().duplicateWarning(prepared);
  if (!warning) return 'Create Anyway';
  const choices: Choice[] = prepared.duplicates[0] ? ['Rerun Existing', 'Update Existing', 'Create Anyway'] : ['Create Anyway'];
  return (await services.prompts.message(
    'warning',
    `${prepared.config.connectionName} may already be on this tenant.`,
    { modal: true, detail: `${capitalise(warning)}.\n\nRerunning the existing workflow is the safe way to crawl again.` },
    ...choices,
  )) as Choice | undefined;
}

/** Creates the workflow (and its first run); records the name in the file at once. */
async function create(services: Services, prepared: PreparedSubmission, document: vscode.TextDocument): Promise<CrawlerRun | undefined> {
  const { backend } = services.session.requireSignedIn();
  const label = prepared.config.connectionName;
  let created: CreatedCrawler;
  try {
    created = await tenantTools().submitPrepared(backend, prepared, { createAnyway: true });
  } catch (err) {
    throw noteAcceptedWrite(err, 'the workflow may have been created: refresh the workflow list before submitting again');
  }
  // Record the name at once: a second Submit of this file must find it even if watching fails.
  await recordWorkflowName(document, created.workflow.name, services.activeProfile.current());
  services.store.addWorkflow(created.workflow, created.run);
  services.log.info(`Created workflow ${created.workflow.name} for ${label}`);
  if (!created.run) void services.prompts.message('info', `Created workflow ${created.workflow.name} for ${label}.`, {});
  return created.run;
}

async function updateFromFile(services: Services, drift: DriftDocuments, arg: unknown): Promise<boolean> {
  requireTrust('update workflows');
  const uri = await chooseConfigFile(services, arg, 'Update a workflow from its configuration file');
  if (!uri) return false;
  const { config } = await readValidConfig(uri, services.activeProfile.current());
  checkProfile(config, services.session.requireSignedIn().profile.name, uri);
  if (!config.workflow) throw new Error(`${vscode.workspace.asRelativePath(uri)} records no workflow yet: submit it first`);
  return updateExisting(services, drift, config, config.workflow, vscode.workspace.asRelativePath(uri));
}

/**
 * Shows what would change, asks, then updates the workflow in place (same connection, same stored
 * credential). With `document`, the file the user chose to update from (a copy that records no
 * workflow, or another one) is made to record this one, as a submit would have.
 */
export async function updateExisting(
  services: Services,
  drift: DriftDocuments,
  config: CrawlerConfig,
  workflowName: string,
  fileLabel: string,
  document?: vscode.TextDocument,
): Promise<boolean> {
  const { client, backend } = services.session.requireSignedIn();
  const comparison = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Comparing with ${workflowName}…` }, () =>
    compareWithTenant(client, backend, config, workflowName),
  );
  const record = async (): Promise<string> => {
    if (!document || config.workflow === workflowName) return '';
    await recordWorkflowName(document, workflowName, services.activeProfile.current());
    return ` ${fileLabel} now records it, so Submit offers to rerun it instead of creating another.`;
  };
  if (comparison.report.inSync) {
    const recorded = await record();
    const known = comparison.report.caveat ? ` as far as is known (${comparison.report.caveat})` : '';
    void services.prompts.message('info', `${workflowName} already runs what ${fileLabel} says${known}: nothing to update.${recorded}`, {});
    return false;
  }
  await drift.show(comparison.report, workflowName, fileLabel);
  const answer = await services.prompts.message(
    'warning',
    `Update ${workflowName} with ${fileLabel}?`,
    {
      modal: true,
      detail:
        `${comparison.report.differences.length} difference(s): ${summariseDrift(comparison.report)}.\n\nThe workflow keeps its connection (no assets are duplicated) and its stored credential.` +
        (comparison.report.caveat ? `\n\n${comparison.report.caveat}` : ''),
    },
    'Update',
  );
  if (answer !== 'Update') return false;
  const updated = await backend.update(workflowName, comparison.update);
  services.store.applyWorkflow(updated);
  const recorded = await record();
  const next = await services.prompts.message('info', `Updated ${workflowName}. The next run uses the new configuration.${recorded}`, {}, 'Rerun Now');
  if (next === 'Rerun Now') await vscode.commands.executeCommand(CommandIds.rerun, { workflowName });
  return true;
}

async function compare(services: Services, drift: DriftDocuments, arg: unknown): Promise<boolean | undefined> {
  const { client, backend, profile } = services.session.requireSignedIn();
  const uri = await chooseConfigFile(services, arg, 'Compare a configuration file with the tenant');
  if (!uri) return undefined;
  const { config } = await readValidConfig(uri, services.activeProfile.current());
  checkProfile(config, profile.name, uri);
  if (!config.workflow) throw new Error(`${vscode.workspace.asRelativePath(uri)} records no workflow yet: there is nothing to compare with`);
  const { report } = await compareWithTenant(client, backend, config, config.workflow);
  await drift.show(report, config.workflow, vscode.workspace.asRelativePath(uri));
  void services.prompts.message(
    'info',
    (report.inSync ? `${config.workflow} runs what the file says${report.caveat ? ' as far as is known' : ''}.` : `${config.workflow} differs from the file: ${summariseDrift(report)}.`) +
      (report.caveat ? ` ${report.caveat}` : ''),
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
