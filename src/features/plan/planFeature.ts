/**
 * "Atlan: Plan Workspace", "Atlan: Apply Plan" and the Plan view that shows both, loaded with the
 * config tools (dist/configTools.js) the first time one is used (registerPlan.ts registers them).
 * Planning may run in an untrusted workspace (it only reads the tenant); applying never does.
 */
import * as vscode from 'vscode';
import type { ApplyResult } from '../../core/plan/applyPlan';
import { ViewIds } from '../ids';
import type { Services } from '../services';
import type { DriftDocuments } from '../submit/driftDocuments';
import { setWhenContext } from '../whenContext';
import { PlanView, type PlannedEntry, type ShownPlan } from './planView';
import { applyWorkspacePlan, confirmationDetail, folderLabel, planDrift, planWorkspace, type RecordName, type WorkspacePlan } from './workspacePlan';

/** What Apply Plan resolves with (for tests): each file's outcome, or undefined when nothing was applied. */
export interface AppliedPlan {
  results: { file: string; action: string; outcome: ApplyResult['outcome']; workflow?: string; error?: string }[];
  /** The final message. */
  message: string;
}

export interface PlanFeature {
  view: PlanView;
  /** Each throws what went wrong; registerPlan.ts reports it. */
  plan(arg?: unknown): Promise<ShownPlan>;
  apply(): Promise<AppliedPlan | undefined>;
  showDiff(entry?: PlannedEntry): Promise<boolean>;
}

/** The view's data and the three commands' work; `attach` hands the data to the view registered at activation. */
export function createPlanFeature(
  context: vscode.ExtensionContext,
  services: Services,
  tree: vscode.TreeView<unknown>,
  attach: (provider: vscode.TreeDataProvider<unknown>) => void,
  /** From the extension's bundle, where their code is already: the diff documents (registered at activation) and writing names into files. */
  deps: { drift: DriftDocuments; recordName: RecordName },
): PlanFeature {
  const { drift, recordName } = deps;
  const view = new PlanView();
  context.subscriptions.push(view);
  attach(view);
  let last: WorkspacePlan | undefined;
  /** Counts plans started: only the newest one's result is shown (a profile change may start one while another runs). */
  let started = 0;
  /**
   * Set from Apply Plan's confirmation to its end: it reports each file's outcome on the entries
   * shown, so a profile change then must not replace them (apply ends by saying to plan again).
   */
  let applying = false;
  /** Plans with a cancellable notification and shows the result in the view. */
  const plan = async (folder: vscode.Uri | undefined): Promise<WorkspacePlan> => {
    const mine = ++started;
    const planned = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Planning ${folder ? folderLabel(folder) : 'the workspace'} against the tenant…`, cancellable: true },
      async (_progress, token) => {
        const abort = new AbortController();
        // Disposed once planning ends, so no plan leaves a listener behind on its token.
        const listener = token.onCancellationRequested(() => abort.abort());
        try {
          return await planWorkspace(services, folder, abort.signal);
        } finally {
          listener.dispose();
        }
      },
    );
    if (mine !== started) return planned;
    last = planned;
    view.show(planned.shown);
    const { tenant, profile, folder: shownFolder, summary } = planned.shown;
    tree.message = `${shownFolder ?? 'Workspace'} against ${tenant}${profile !== undefined ? `, profile "${profile}"` : ''}: ${summary}.`;
    await setWhenContext('atlan.planShown', true);
    services.log.info(`Plan against ${planned.shown.tenant}: ${planned.shown.summary}`);
    return planned;
  };

  // A plan shown is one profile's: when the profile changes, the same files are planned again.
  context.subscriptions.push(
    services.activeProfile.onDidChange((profile) => {
      // Nothing shown (never planned, or the last re-plan failed), or shown for this very profile.
      if (!last || !view.current || view.current.profile === profile || applying) return;
      const mine = started + 1;
      plan(last.folder).catch(async (error: unknown) => {
        if (mine !== started) return;
        // Never leave the old profile's plan up as if it were the new one's.
        view.clear();
        const why = error instanceof Error ? error.message : String(error);
        tree.message = `The profile is now ${profile === undefined ? 'none' : `"${profile}"`}, and planning again failed: ${why}. Plan again.`;
        services.log.warn(`Plan for the profile ${profile ?? '(none)'}: ${why}`);
        await setWhenContext('atlan.planShown', false);
      });
    }),
  );

  const planCommand = async (arg?: unknown): Promise<ShownPlan> => {
    const planned = await plan(arg instanceof vscode.Uri ? arg : undefined);
    await vscode.commands.executeCommand(`${ViewIds.plan}.focus`);
    return planned.shown;
  };

  /** Trust is checked by the caller (registerPlan.ts). */
  const applyCommand = async (): Promise<AppliedPlan | undefined> => {
    // Planned again first: the confirmation must list what will really be done, with files as they are now.
    const planned = await plan(last?.folder);
    const toApply = planned.shown.entries.filter((e) => e.plan.action === 'create' || e.plan.action === 'update' || e.plan.action === 'adopt');
    if (toApply.length === 0) {
      const message = `Nothing to apply to ${planned.origin}: ${planned.shown.summary}.`;
      void services.prompts.message('info', message, {});
      return { results: [], message };
    }
    const detail = confirmationDetail(planned.shown.entries.map((e) => e.plan));
    applying = true;
    try {
      const answer = await services.prompts.message('warning', `Apply the plan to ${planned.origin}?`, { modal: true, detail }, 'Apply');
      if (answer !== 'Apply') return undefined;
      return await apply(planned, toApply.length);
    } finally {
      applying = false;
      const now = services.activeProfile.current();
      if (now !== planned.shown.profile) {
        const named = (p: string | undefined): string => (p === undefined ? 'no profile' : `profile "${p}"`);
        tree.message = `${tree.message ?? ''} The active profile changed to ${named(now)} meanwhile: this is the plan for ${named(planned.shown.profile)}. Plan again to see ${named(now)}'s.`.trim();
      }
    }
  };

  const apply = async (planned: WorkspacePlan, total: number): Promise<AppliedPlan> => {
    const results = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Applying the plan to ${planned.origin}`, cancellable: true },
      (progress, token) =>
        applyWorkspacePlan(services, planned, {
          onStart: (filePlan, index) => progress.report({ message: `${filePlan.action} ${filePlan.file} (${index} of ${total})…` }),
          onDone: (entry, result) => {
            progress.report({ increment: 100 / total });
            view.setOutcome(entry, outcomeOf(result));
            services.log.info(`Apply: ${entry.plan.file}: ${result.outcome}${result.error ? `: ${result.error.message}` : ''}`);
          },
          cancelled: () => token.isCancellationRequested,
        }, recordName),
    );
    for (const [i, result] of results.entries()) {
      const entry = planned.shown.entries[i];
      if (result.outcome === 'skipped' || result.outcome === 'conflict') view.setOutcome(entry, outcomeOf(result));
    }
    void services.store.refresh().catch(() => undefined);
    const message = finalMessage(planned.origin, results, total);
    const failed = results.some((r) => r.outcome === 'failed' || r.recordError !== undefined);
    void services.prompts.message(failed ? 'warning' : 'info', message, {});
    return {
      results: results.map((r) => ({
        file: r.plan.file,
        action: r.plan.action,
        outcome: r.outcome,
        ...(r.workflow !== undefined ? { workflow: r.workflow } : {}),
        ...(r.error ? { error: r.error.message } : {}),
      })),
      message,
    };
  };

  const showDiff = async (entry?: PlannedEntry): Promise<boolean> => {
    if (!entry || !last?.shown.entries.includes(entry)) throw new Error('that file is not in the plan shown: plan the workspace again');
    const report = planDrift(last, entry);
    await drift.show(report, entry.plan.workflow ?? '', entry.plan.file);
    return report.inSync;
  };

  return { view, plan: planCommand, apply: applyCommand, showDiff };
}

function outcomeOf(result: ApplyResult): { outcome: ApplyResult['outcome']; workflow?: string; message?: string } {
  const message = result.error?.message ?? (result.recordError !== undefined ? `could not record ${result.workflow ?? ''} in the file (${result.recordError}): add it by hand before applying again` : undefined);
  return { outcome: result.outcome, ...(result.workflow !== undefined ? { workflow: result.workflow } : {}), ...(message !== undefined ? { message } : {}) };
}

/** `Applied 3 of 4 to https://…: created a.json, updated b.json, adopted c.json. Left: d.json (why).` */
function finalMessage(origin: string, results: readonly ApplyResult[], total: number): string {
  const applied = results.filter((r) => r.outcome === 'applied');
  const verb = { create: 'created', update: 'updated', adopt: 'adopted' } as Record<string, string>;
  const done = applied.map((r) => `${verb[r.plan.action] ?? r.plan.action} ${r.plan.file}`);
  const left = results.filter((r) => r.outcome === 'failed' || r.outcome === 'skipped' || r.error !== undefined);
  const leftText = left.map((r) => `${r.plan.file} (${r.error?.message ?? (r.outcome === 'skipped' ? 'cancelled' : r.outcome)})`);
  const warnings = applied.filter((r) => r.recordError !== undefined).map((r) => `could not record ${r.workflow ?? ''} in ${r.plan.file} (${r.recordError ?? ''})`);
  return (
    `Applied ${applied.length} of ${total} to ${origin}${done.length > 0 ? `: ${done.join(', ')}` : ''}.` +
    (left.length > 0 ? ` Left to do: ${leftText.join('; ')}. Apply again to do only what is left.` : '') +
    (warnings.length > 0 ? ` Warning: ${warnings.join('; ')}.` : '')
  );
}
