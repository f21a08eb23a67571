/**
 * The fault matrix shared by the faults.*.test.ts suites: every failure the sandbox tenant can
 * inject, what the user must be told about it, and the requests each user action sends. Kept in
 * a `.test.ts` file of its own (with one suite checking the table) so the suites can share it.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { FaultRule, FaultRuleIn } from '../../../sandbox/faults';
import { FaultRuleIn as FaultRuleSchema } from '../../../sandbox/faults';
import type { Services } from '../../../src/features/services';
import { VIEW_STATUS_FOR_TEST_COMMAND, type WorkflowsViewStatus } from '../../../src/features/tree/workflowsView';
import { demoConfigText, sandbox, type ScriptedPrompts, waitFor, writeWorkspaceConfig } from '../helpers';

/** The client's timeout during the fault suites: the setting's minimum, so a timeout costs 5 s. */
export const TIMEOUT_SECONDS = 5;
/** Longer than the timeout. */
const TIMEOUT_DELAY_MS = TIMEOUT_SECONDS * 1000 + 1000;
/** "10x slower than usual": half the timeout, where a usual answer takes tens of milliseconds. */
export const SLOW_DELAY_MS = 2500;

export type FaultName = '401' | '403' | '404' | '409' | '429' | '500' | '503' | 'reset' | 'timeout' | 'malformed' | 'slow';

export interface FaultCase {
  name: FaultName;
  /** The rule's effect; each operation adds the method and path of its request. */
  effect: Omit<FaultRuleIn, 'method' | 'path'>;
  /** What the user must read: the failure and a next step. Undefined: the action must just work. */
  nextStep?: RegExp;
  /** The client retries reads on it, so a single occurrence is invisible on refresh and monitor. */
  retriedOnReads: boolean;
  /** Writes failing this way may have happened: the client looks the workflow up before reporting. */
  ambiguousWrite: boolean;
  /** Ends run monitoring at once (anything else is retried by the monitor until it clears). */
  fatalForMonitor: boolean;
}

const ORIGIN = 'http://127\\.0\\.0\\.1:\\d+';

export const FAULTS: readonly FaultCase[] = [
  {
    name: '401',
    effect: { status: 401 },
    nextStep: new RegExp(`The API token was rejected by ${ORIGIN}: sign in again`),
    retriedOnReads: false,
    ambiguousWrite: false,
    fatalForMonitor: true,
  },
  {
    name: '403',
    effect: { status: 403 },
    nextStep: /lacks the permission .*Ask a tenant admin to grant it, or sign in with another token\./,
    retriedOnReads: false,
    ambiguousWrite: false,
    fatalForMonitor: true,
  },
  {
    name: '404',
    effect: { status: 404 },
    nextStep: /has nothing at .*it may have been deleted.*Refresh the workflow list and try again; if it persists, check the tenant URL/,
    retriedOnReads: false,
    ambiguousWrite: false,
    fatalForMonitor: false,
  },
  {
    name: '409',
    effect: { status: 409 },
    nextStep: /reported a conflict on .*It changed on the tenant meanwhile, or already exists: refresh the workflow list and try again\./,
    retriedOnReads: false,
    ambiguousWrite: false,
    fatalForMonitor: true,
  },
  {
    name: '429',
    effect: { status: 429, retryAfter: 1 },
    nextStep: /is rate limiting requests .*: try again in 1 s\./,
    retriedOnReads: true,
    ambiguousWrite: false,
    fatalForMonitor: false,
  },
  {
    name: '500',
    effect: { status: 500 },
    nextStep: /failed with HTTP 500 on .*the tenant may be restarting or overloaded; try again shortly\./,
    retriedOnReads: true,
    ambiguousWrite: true,
    fatalForMonitor: false,
  },
  {
    name: '503',
    effect: { status: 503 },
    nextStep: /failed with HTTP 503 on .*the tenant may be restarting or overloaded; try again shortly\./,
    retriedOnReads: true,
    ambiguousWrite: true,
    fatalForMonitor: false,
  },
  {
    name: 'reset',
    effect: { reset: true },
    nextStep: new RegExp(`Could not reach ${ORIGIN} .*the connection was reset before an answer arrived\\. Check the tenant URL and your network or proxy settings, then try again\\.`),
    retriedOnReads: true,
    ambiguousWrite: true,
    fatalForMonitor: false,
  },
  {
    name: 'timeout',
    effect: { delayMs: TIMEOUT_DELAY_MS },
    nextStep: new RegExp(
      `${ORIGIN} did not answer .* within ${TIMEOUT_SECONDS} s: check the network or proxy, or try again\\..*The time limit is the setting atlan\\.http\\.timeoutSeconds\\.`,
    ),
    retriedOnReads: true,
    ambiguousWrite: true,
    fatalForMonitor: false,
  },
  {
    name: 'malformed',
    effect: { malformedJson: true },
    nextStep: /Unexpected answer from .*the body is not JSON\. .*the log has the details; try again, and report it with the log if it persists\./,
    retriedOnReads: false,
    ambiguousWrite: false,
    fatalForMonitor: true,
  },
  { name: 'slow', effect: { delayMs: SLOW_DELAY_MS }, retriedOnReads: false, ambiguousWrite: false, fatalForMonitor: false },
];

export const FAILURES = FAULTS.filter((f) => f.nextStep !== undefined);

/** The request each user action sends on the package-workflow surface (an API token's endpoints). */
export const LEGACY_REQUESTS = {
  signIn: { method: 'GET', path: '^/api/service/whoami$' },
  refresh: { method: 'POST', path: '^/api/service/workflows/indexsearch$' },
  monitor: { method: 'POST', path: '^/api/service/runs/indexsearch$' },
  submit: { method: 'POST', path: '^/api/service/workflows$' },
  rerun: { method: 'POST', path: '^/api/service/workflows/submit$' },
  stop: { method: 'POST', path: '^/api/service/runs/[^/]+/stop$' },
} as const;

/** The same on the App API. Runs are watched through the catalog (the asset search), and by id where it does not help. */
export const APP_REQUESTS = {
  refresh: { method: 'GET', path: '^/api/service/v1/app$' },
  monitor: { path: '^/api/(meta/search/indexsearch|service/v1/app/runs/[^/]+)$' },
  submit: { method: 'POST', path: '^/api/service/v1/app$' },
  rerun: { method: 'POST', path: '^/api/service/v1/app/[^/]+/submit$' },
  stop: { method: 'POST', path: '^/api/service/v1/app/runs/[^/]+/cancel$' },
} as const;

export type RequestTarget = { method?: string; path: string };

/** Adds the fault to the request; `times` makes it single-shot. */
export function injectFault(fault: FaultCase, target: RequestTarget, times?: number): Promise<FaultRule> {
  return sandbox().admin.addFault({ ...target, ...fault.effect, ...(times ? { times } : {}) });
}

/**
 * How many requests reached the fault rule. The rule counts them before its effect, so this also
 * counts requests the sandbox never finished (a timed-out POST is never logged as a request).
 */
export async function faultHits(rule: FaultRule): Promise<number> {
  const found = (await sandbox().admin.faults()).find((f) => f.id === rule.id);
  assert.ok(found, `the fault rule ${rule.id} is gone (was it single-shot?)`);
  return found.hits;
}

/** Requests of the sandbox's log that a given rule answered. */
export async function answeredBy(rule: FaultRule): Promise<number> {
  return (await sandbox().admin.requests()).filter((r) => r.fault === rule.id).length;
}

/**
 * A write reached the tenant exactly once: the rule saw one request, and the request log shows it
 * (except after a timeout: the sandbox logs a request when it answers, and that one never is).
 */
export async function assertSentOnce(rule: FaultRule, fault: FaultCase): Promise<void> {
  assert.equal(await faultHits(rule), 1, 'a write is never sent twice');
  if (fault.name !== 'timeout') assert.equal(await answeredBy(rule), 1, 'one request in the sandbox log');
}

/** The Postgres Workflows view's message and welcome state, as the user sees them. */
export async function viewStatus(): Promise<WorkflowsViewStatus> {
  const status = await vscode.commands.executeCommand<WorkflowsViewStatus | undefined>(VIEW_STATUS_FOR_TEST_COMMAND);
  assert.ok(status, `${VIEW_STATUS_FOR_TEST_COMMAND} returned nothing: is the host in test mode?`);
  return status;
}

/** The client reads the timeout when it is created, so set it before signing in. */
export async function useShortTimeout(): Promise<void> {
  await vscode.workspace.getConfiguration('atlan').update('http.timeoutSeconds', TIMEOUT_SECONDS, vscode.ConfigurationTarget.Global);
}

export async function restoreTimeout(): Promise<void> {
  await vscode.workspace.getConfiguration('atlan').update('http.timeoutSeconds', undefined, vscode.ConfigurationTarget.Global);
}

/** A run's outcome. Seeded workflows crawl a database that is not there, so their runs fail: what matters is that the outcome is reported. */
export const RUN_ENDED = /: run (Succeeded|Failed)/;

/** Asserts that one error message was shown, that it names the action and the fault's next step. */
export function assertToldUser(prompts: ScriptedPrompts, action: RegExp, fault: FaultCase): string {
  const errors = prompts.messages.filter((m) => m.kind === 'error' && !RUN_ENDED.test(m.text));
  assert.equal(errors.length, 1, `expected one error message, got: ${JSON.stringify(errors.map((m) => m.text))}`);
  const text = errors[0].text;
  assert.match(text, action);
  assert.ok(fault.nextStep);
  assert.match(text, fault.nextStep);
  return text;
}

/** No error or warning, besides a run's own outcome (a failed crawl is reported as an error). */
export function assertNoErrorShown(prompts: ScriptedPrompts): void {
  const errors = prompts.messages.filter((m) => (m.kind === 'error' || (m.kind === 'warning' && !m.modal)) && !RUN_ENDED.test(m.text));
  assert.deepEqual(errors.map((m) => m.text), []);
}

/** Waits for a run's outcome notification (so no progress notification outlives its test). */
export function waitForOutcome(prompts: ScriptedPrompts, timeoutMs = 30_000): Promise<{ text: string }> {
  return waitFor(() => prompts.messages.find((m) => /: run (Succeeded|Failed|Stopped|Error)/.test(m.text)), timeoutMs, 'the run outcome notification');
}

/** The demo crawler configuration (a real Postgres the runner started), with a comment to keep. */
export function demoConfig(connectionName: string): string {
  return demoConfigText(connectionName, DEMO_SECRET);
}

export const DEMO_SECRET = 'it-faults-pg';

/** Files the fault suites wrote into the workspace, deleted by leaveAsFound. */
const writtenFiles: vscode.Uri[] = [];

/** `<name>.atlan-postgres.json` in the workspace, deleted again by leaveAsFound. */
export async function writeFaultConfig(name: string, text: string): Promise<vscode.Uri> {
  const uri = await writeWorkspaceConfig(name, text);
  writtenFiles.push(uri);
  return uri;
}

export async function readWorkspaceFile(uri: vscode.Uri): Promise<string> {
  return new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
}

/** What every fault suite puts back for the suites after it. */
export async function leaveAsFound(services: Services): Promise<void> {
  const { admin } = sandbox();
  await admin.clearFaults();
  await services.session.signOut();
  await admin.setSurfaces('both');
  await admin.setClockSpeed(50);
  for (const uri of writtenFiles.splice(0)) await vscode.workspace.fs.delete(uri).then(undefined, () => undefined);
}

describe('Fault matrix', () => {
  it('covers every fault the sandbox can inject, each with a distinct next step', () => {
    const statuses = FAULTS.flatMap((f) => (f.effect.status ? [f.effect.status] : []));
    for (const status of [401, 403, 404, 409, 429, 500, 503]) assert.ok(statuses.includes(status as never), `no case for HTTP ${status}`);
    for (const effect of ['reset', 'malformedJson', 'delayMs'] as const) assert.ok(FAULTS.some((f) => effect in f.effect), `no case for ${effect}`);
    for (const fault of FAULTS) {
      for (const target of [...Object.values(LEGACY_REQUESTS), ...Object.values(APP_REQUESTS)]) {
        const parsed = FaultRuleSchema.safeParse({ ...target, ...fault.effect });
        assert.ok(parsed.success, `${fault.name} on ${target.path} is not a valid sandbox rule`);
      }
    }
    assert.ok(SLOW_DELAY_MS < TIMEOUT_SECONDS * 1000 && TIMEOUT_DELAY_MS > TIMEOUT_SECONDS * 1000);
    const steps = FAILURES.map((f) => f.nextStep?.source);
    assert.equal(new Set(steps).size, steps.length, 'two faults expect the same message');
  });
});
