/**
 * An App workflow's schedules (`POST` / `DELETE v1/app/{slug}/schedule`). The tenant's list and
 * get do not always show the schedules attached, so the ones this client attached are kept (and
 * handed to `onChange`, to outlive the session): without them a later update could not remove the
 * trigger it replaces.
 */
import type { CallOptions, CrawlerWorkflow, Schedule } from './backend';
import { InvalidArgumentError, NotFoundError } from './errors';
import { servicePath } from './http';
import { appScheduleDeleteSchema, appScheduleResponseSchema, type AppSummary } from './models';
import { notFoundDetails, type AppWorkflows } from './appWorkflows';
import { validateSchedule } from './validation';

export class AppSchedules {
  /** slug -> schedules added through this client (the tenant's get does not list them). */
  private readonly added = new Map<string, Schedule[]>();

  constructor(
    private readonly workflows: AppWorkflows,
    /** Told after every change of the schedules this client attached. */
    private readonly onChange: (known: Record<string, Schedule[]>) => void,
  ) {}

  /** Schedules this client attached in an earlier session. */
  remember(known: Readonly<Record<string, readonly Schedule[]>>): void {
    for (const [slug, schedules] of Object.entries(known)) if (schedules.length > 0) this.added.set(slug, [...schedules]);
  }

  /** The tenant's list and get may not show attached schedules: add the ones this client attached. */
  withKnownSchedule(workflow: CrawlerWorkflow): CrawlerWorkflow {
    const known = this.added.get(workflow.name)?.[0];
    return workflow.schedule || !known ? workflow : { ...workflow, schedule: known };
  }

  /** The tenant's schedules for the workflow plus those added through this client (the get does not always list them). */
  async get(slug: string, options?: CallOptions): Promise<Schedule[]> {
    return this.of(slug, await this.workflows.requireSummary(slug, options));
  }

  /** The same, from a summary already read. */
  of(slug: string, summary: AppSummary): Schedule[] {
    const schedules: Schedule[] = [];
    for (const item of summary.readSchedules) {
      if (item.cron) schedules.push({ cron: item.cron, timezone: item.timezone ?? 'UTC', ...(item.trigger_id ? { triggerId: item.trigger_id } : {}) });
    }
    for (const added of this.added.get(slug) ?? []) {
      if (!schedules.some((s) => s.triggerId === added.triggerId)) schedules.push(added);
    }
    return schedules;
  }

  async add(slug: string, schedule: Schedule, options?: CallOptions): Promise<Schedule> {
    const { http } = this.workflows;
    this.workflows.requireName(slug, 'workflow slug');
    validateSchedule(http.origin, schedule);
    const answer = await http
      .request({
        method: 'POST',
        path: servicePath('v1', 'app', slug, 'schedule'),
        // The tenant rejects a null time zone; the schedule always carries one.
        body: { cron: schedule.cron, timezone: schedule.timezone },
        schema: appScheduleResponseSchema,
        retry: false,
        signal: options?.signal,
      })
      .catch((error: unknown) => this.workflows.rethrowNotFound(error, () => this.workflows.unknownWorkflow(slug, error)));
    const added: Schedule = { cron: answer.cron ?? schedule.cron, timezone: answer.timezone ?? schedule.timezone, triggerId: answer.trigger_id };
    this.record(slug, added);
    return added;
  }

  async remove(slug: string, schedule: Schedule, options?: CallOptions): Promise<void> {
    const { http } = this.workflows;
    this.workflows.requireName(slug, 'workflow slug');
    if (!schedule.triggerId) {
      throw new InvalidArgumentError(http.origin, `The schedule "${schedule.cron}" has no trigger id, so the App API cannot remove it; refresh the schedules first.`);
    }
    const triggerId = schedule.triggerId;
    await http
      .request({
        method: 'DELETE',
        path: servicePath('v1', 'app', slug, 'schedule', triggerId),
        schema: appScheduleDeleteSchema,
        retry: false,
        signal: options?.signal,
      })
      .catch((error: unknown) =>
        this.workflows.rethrowNotFound(
          error,
          () =>
            new NotFoundError({
              ...notFoundDetails(error, http.origin),
              message:
                `Atlan has no schedule ${triggerId} ("${schedule.cron}") on workflow ${slug} on ${http.origin}, or no longer that workflow: ` +
                'it may have been removed already. Refresh the workflow list.',
            }),
        ),
      );
    const kept = (this.added.get(slug) ?? []).filter((s) => s.triggerId !== schedule.triggerId);
    this.added.set(slug, kept);
    this.changed();
  }

  /** A schedule the tenant attached (a create's, or an add's), kept in place of any with its trigger id. */
  record(slug: string, schedule: Schedule): void {
    const list = (this.added.get(slug) ?? []).filter((s) => s.triggerId !== schedule.triggerId);
    list.push(schedule);
    this.added.set(slug, list);
    this.changed();
  }

  /** The workflow is gone (archived): its schedules go with it. */
  forgetWorkflow(slug: string): void {
    if (this.added.delete(slug)) this.changed();
  }

  private changed(): void {
    this.onChange(Object.fromEntries(this.added));
  }
}
