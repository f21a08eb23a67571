/** Looking up the workflow a NAME|FILE argument names, with the messages the tenant commands share. */
import type { CallOptions, CrawlerBackend, CrawlerWorkflow } from '../../core/atlan';
import { ExitCode } from '../exitCodes';
import { CliFailure } from '../failures';
import type { WorkflowTarget } from '../workflowTarget';

/** The workflow, or exit 2 saying it is not on this tenant. */
export async function requireWorkflow(backend: CrawlerBackend, target: WorkflowTarget, origin: string, options: CallOptions): Promise<CrawlerWorkflow> {
  const workflow = await backend.getWorkflow(target.name, options);
  if (!workflow) {
    const from = target.file ? ` (recorded in ${target.file})` : '';
    throw new CliFailure(
      ExitCode.invalid,
      'notFound',
      `${origin} has no Postgres crawler workflow ${target.name}${from}: it may have been deleted, or it lives on another tenant or API surface`,
    );
  }
  return workflow;
}

/**
 * Why runs may be missing: on an App API tenant that does not catalogue its runs, this CLI sees
 * only the runs it started on this machine. Undefined when the backend sees every run.
 */
export function ownRunsNote(backend: CrawlerBackend, workflowName: string): string | undefined {
  if (backend.runScope !== 'own') return undefined;
  return (
    `this tenant does not catalogue App runs, so runs of ${workflowName} started elsewhere ` +
    '(the Atlan UI, a schedule) are not visible; this CLI only knows the runs it started on this machine (ATLAN_CLI_STATE_DIR keeps them)'
  );
}
