/** What the sandbox stores per App workflow and per App run. */
import type { RunState } from '../runs/runEngine';

export interface AppScheduleRecord {
  triggerId: string;
  cron: string;
  timezone: string;
  version: number;
  createdAt: string;
}

export interface AppRecord {
  slug: string;
  name: string;
  appId: string;
  entrypoint: string;
  /** Inputs as published: the inline credential replaced by `credential_guid`. */
  inputs: Record<string, unknown>;
  version: number;
  owner: string;
  ownerId: string;
  createdAt: string;
  updatedAt: string;
  schedules: AppScheduleRecord[];
}

export interface AppRunRecord {
  runId: string;
  slug: string;
  version: number;
  createdBy: string;
  state: RunState;
  /** Epoch ms of the start and of the end (the run state's times are whole seconds; the catalog keeps milliseconds). */
  startedAtMs?: number;
  finishedAtMs?: number;
}
