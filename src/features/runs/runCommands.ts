import * as vscode from 'vscode';
import { isFinished, type CrawlerRun } from '../../core/atlan/backend';
import { isPendingRunId } from '../../core/atlan/submissionLedger';
import { formatStartTime } from '../../core/format/runTiming';
import { CommandIds } from '../ids';
import type { Services } from '../services';
import { workflowUrl } from './atlanLinks';
import { runOf, workflowNameOf } from './commandArgs';
import { RunDetailsDocuments } from './runDetailsDocuments';
import { watchRunWithProgress } from './runProgress';
import { checkProfile, readValidConfig } from '../submit/configTarget';
import { summariseDrift } from '../submit/driftDocuments';
import { compareWithTenant } from '../submit/tenantComparison';
import { guarded, pickWorkflow, requireTrust } from '../commandSupport';
import { errorText, noteAcceptedWrite } from '../errorText';
import { findConfigFilesForWorkflow } from '../configFileIndex';

/** Rerun, stop, open in Atlan, copy name, delete, run details and failures: the actions on existing workflows and runs. */
export function registerRunCommands(context: vscode.ExtensionContext, services: Services): void {
  const details = new RunDetailsDocuments(services);
  context.subscriptions.push(
    details,
    vscode.commands.registerCommand(CommandIds.rerun, (arg?: unknown) => guarded(services, 'rerun a workflow', () => rerun(services, arg))),
    vscode.commands.registerCommand(CommandIds.stopRun, (arg?: unknown) => guarded(services, 'stop a run', () => stop(services, arg))),
    vscode.commands.registerCommand(CommandIds.openInAtlan, (arg?: unknown) => guarded(services, 'open the workflow', () => openInAtlan(services, arg))),
    vscode.commands.registerCommand(CommandIds.copyWorkflowName, async (arg?: unknown) => {
      const name = workflowNameOf(arg);
      if (name) await vscode.env.clipboard.writeText(name);
    }),
    vscode.commands.registerCommand(CommandIds.deleteWorkflow, (arg?: unknown) => guarded(services, 'delete the workflow', () => deleteWorkflow(services, arg))),
    vscode.commands.registerCommand(CommandIds.showRunDetails, (arg?: unknown) => guarded(services, 'show the run details', () => showRunDetails(services, details, arg))),
    vscode.commands.registerCommand(CommandIds.showRunFailure, (arg?: unknown) => guarded(services, 'show why the run failed', () => showRunFailure(services, details, arg))),
  );
}

/**
 * The run given (a tree node, a run, `{ workflowName, runId }`), or for a workflow alone its latest
 * run; from the palette, a run picked among a workflow's recent runs.
 */
async function showRunDetails(services: Services, details: RunDetailsDocuments, arg: unknown): Promise<vscode.Uri | undefined> {
  const given = runOf(arg);
  if (given) return details.show(given);
  const runId = arg && typeof arg === 'object' && typeof (arg as { runId?: unknown }).runId === 'string' ? (arg as { runId: string }).runId : undefined;
  const known = runId ? services.store.run(runId) : undefined;
  if (known) return details.show(known);
  const named = workflowNameOf(arg);
  const name = named ?? (await pickWorkflow(services, arg, 'Show the details of a run'));
  if (!name) return undefined;
  const runs = await services.store.loadRuns(name);
  const label = services.store.get(name)?.workflow.connectionName ?? name;
  if (runs.length === 0) throw new Error(`${label} has no runs yet`);
  const chosen = named
    ? (runs.find((r) => r.id === runId) ?? runs[0])
    : (
        await services.prompts.quickPick(
          runs.map((run) => ({ label: formatStartTime(run.startedAt) ?? 'Not started', description: `${run.phase} · ${run.id}`, run })),
          { title: `Show the details of a run of ${label}` },
        )
      )?.run;
  return chosen ? details.show(chosen) : undefined;
}

/** Run details of a failed run, then what to do about it. */
async function showRunFailure(services: Services, details: RunDetailsDocuments, arg: unknown): Promise<void> {
  const run = runOf(arg);
  if (!run) return;
  await details.show(run);
  const configs = await findConfigFilesForWorkflow(run.workflowName);
  const actions = configs.length > 0 ? ['Rerun', 'Open Configuration'] : ['Rerun'];
  const current = services.store.run(run.id) ?? run;
  const action = await services.prompts.message('error', `Run ${current.id} ${current.phase}.`, {}, ...actions);
  if (action === 'Rerun') await vscode.commands.executeCommand(CommandIds.rerun, { workflowName: run.workflowName });
  if (action === 'Open Configuration' && configs[0]) await vscode.window.showTextDocument(configs[0]);
}

async function rerun(services: Services, arg: unknown): Promise<CrawlerRun | undefined> {
  requireTrust('rerun workflows');
  const { backend } = services.session.requireSignedIn();
  const name = await pickWorkflow(services, arg, 'Rerun a Postgres crawler workflow');
  if (!name) return undefined;
  const label = services.store.get(name)?.workflow.connectionName ?? name;
  const configUri = configUriOf(arg) ?? (await recordingConfigFile(services, name));
  if (configUri && !(await confirmRerunDespiteDrift(services, configUri, name))) return undefined;
  const result = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `Rerunning ${label}` },
    async (progress) => {
      progress.report({ message: 'checking for a run in flight…' });
      try {
        return await backend.rerun(name);
      } catch (err) {
        throw noteAcceptedWrite(err, `a run of ${name} may have started: refresh its runs before trying again`);
      }
    },
  );
  services.store.applyRun(result.run);
  if (result.reused) void services.prompts.message('info', `${label} already has a run in flight (${result.run.phase}): watching it instead of starting another.`, {});
  void watchRunWithProgress(services, label, result.run, configUri ? { configUri } : {});
  return result.run;
}

function configUriOf(arg: unknown): vscode.Uri | undefined {
  const uri = arg && typeof arg === 'object' ? (arg as { configUri?: unknown }).configUri : undefined;
  return uri instanceof vscode.Uri ? uri : undefined;
}

/**
 * Rerunning from the tree or the palette: the workspace file that records this workflow, if one
 * does and it can be checked (valid, for the active profile); otherwise no drift check is made.
 */
async function recordingConfigFile(services: Services, workflowName: string): Promise<vscode.Uri | undefined> {
  const profile = services.session.requireSignedIn().profile.name;
  for (const uri of await findConfigFilesForWorkflow(workflowName)) {
    try {
      const { config } = await readValidConfig(uri, services.activeProfile.current());
      if (config.profile === undefined || config.profile === profile) return uri;
    } catch (err) {
      services.log.info(`Not comparing ${workflowName} with ${vscode.workspace.asRelativePath(uri)} before the rerun: ${errorText(err)}`);
    }
  }
  return undefined;
}

/**
 * Rerunning from a configuration file: if the tenant's workflow no longer matches the file, say
 * so before running something the repository does not describe.
 */
async function confirmRerunDespiteDrift(services: Services, configUri: vscode.Uri, workflowName: string): Promise<boolean> {
  const { client, backend, profile } = services.session.requireSignedIn();
  const { config } = await readValidConfig(configUri, services.activeProfile.current());
  checkProfile(config, profile.name, configUri);
  if (config.workflow !== workflowName) return true;
  const { report } = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Comparing ${workflowName} with the file…` }, () =>
    compareWithTenant(client, backend, config, workflowName),
  );
  const file = vscode.workspace.asRelativePath(configUri);
  // Compared with what else was known (the tenant's read lacked the inputs): say so, without stopping the rerun.
  if (report.inSync && report.caveat) void services.prompts.message('info', `${workflowName} matches ${file} as far as is known: ${report.caveat}`, {});
  if (report.inSync) return true;
  const choice = await services.prompts.message(
    'warning',
    `${workflowName} on the tenant differs from ${file}.`,
    { modal: true, detail: `${summariseDrift(report)}.${report.caveat ? ` ${report.caveat}` : ''}

A rerun runs what the tenant has, not what the file says.` },
    'Rerun Anyway',
    'Update First',
    'Show Differences',
  );
  if (choice === 'Update First') await vscode.commands.executeCommand(CommandIds.updateWorkflow, configUri);
  if (choice === 'Show Differences') await vscode.commands.executeCommand(CommandIds.compareWithTenant, configUri);
  return choice === 'Rerun Anyway';
}

/** Allowed in an untrusted workspace: it sends nothing from the workspace, only which run to stop. */
async function stop(services: Services, arg: unknown): Promise<CrawlerRun | undefined> {
  const { backend } = services.session.requireSignedIn();
  let run = runOf(arg);
  if (!run) {
    const inFlight = services.store.inFlightRuns();
    if (inFlight.length === 0) throw new Error('no run is in flight');
    const pick = await services.prompts.quickPick(
      inFlight.map((r) => ({ label: workflowLabel(services, r), description: `${startText(r)} · ${r.phase}`, run: r })),
      { title: 'Stop a run' },
    );
    run = pick?.run;
  }
  if (!run) return undefined;
  const named = `the run of ${workflowLabel(services, run)} ${startText(run)}`;
  if (isFinished(run)) throw new Error(`${named} has already finished (${run.phase})`);
  // Run ids mean little to people, and a just-created run's id is a placeholder: name the workflow and the start.
  const detail = `The crawl is interrupted; assets it already published stay.${isPendingRunId(run.id) ? '' : `\n\nRun ${run.id}`}`;
  const confirm = await services.prompts.message('warning', `Stop ${named}?`, { modal: true, detail }, 'Stop Run');
  if (confirm !== 'Stop Run') return undefined;
  const stopped = await backend.stop(run);
  services.store.applyRun(stopped, run.id);
  services.watcher.kick();
  void services.prompts.message('info', `Asked Atlan to stop ${named}; it is ${stopped.phase} and will end shortly.`, {});
  return stopped;
}

/** The workflow a run belongs to as the view names it: its connection when known. */
function workflowLabel(services: Services, run: CrawlerRun): string {
  return services.store.get(run.workflowName)?.workflow.connectionName ?? run.workflowName;
}

function startText(run: CrawlerRun): string {
  const started = formatStartTime(run.startedAt);
  return started ? `started ${started}` : 'that has not started yet';
}

async function openInAtlan(services: Services, arg: unknown): Promise<void> {
  const { profile, surface } = services.session.requireSignedIn();
  const name = await pickWorkflow(services, arg, 'Open a workflow in Atlan');
  if (!name) return;
  const runId = runOf(arg)?.id ?? (arg && typeof arg === 'object' && typeof (arg as { runId?: unknown }).runId === 'string' ? (arg as { runId: string }).runId : undefined);
  await vscode.env.openExternal(vscode.Uri.parse(workflowUrl(profile.baseUrl, surface, name, runId)));
}

async function deleteWorkflow(services: Services, arg: unknown): Promise<void> {
  requireTrust('delete workflows');
  const { backend } = services.session.requireSignedIn();
  const name = await pickWorkflow(services, arg, 'Delete a workflow');
  if (!name) return;
  const label = services.store.get(name)?.workflow.connectionName ?? name;
  const confirm = await services.prompts.message(
    'warning',
    `Delete the workflow ${name} (${label})?`,
    { modal: true, detail: 'Atlan archives the workflow: it stops running and its schedule ends. The connection and the assets it crawled stay in Atlan.' },
    'Delete',
  );
  if (confirm !== 'Delete') return;
  await backend.archive(name);
  services.store.removeWorkflow(name);
  void services.prompts.message('info', `Deleted the workflow ${name}.`, {});
}
