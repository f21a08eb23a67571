import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { adminClient, type SandboxAdmin } from '../../sandbox/admin/adminClient';
import type { TestApi } from '../../src/extension';
import type { FormStep, FormStepsResult } from '../host/formSteps';
import type { Services } from '../../src/features/services';
import type { MessageKind, Prompts } from '../../src/features/ui/prompts';
import { windowPrompts } from '../../src/features/ui/prompts';

export const EXTENSION_ID = 'atlan-community.atlan-postgres-workflows';

/** What activate() returns in test mode: the services and the views' data. */
export async function testApi(): Promise<TestApi> {
  const extension = vscode.extensions.getExtension<TestApi | undefined>(EXTENSION_ID);
  assert.ok(extension, `${EXTENSION_ID} is not loaded`);
  const api = await extension.activate();
  assert.ok(api, 'activate() returned no test API: is the host in test mode?');
  return api;
}

/** The extension's services. */
export async function extensionServices(): Promise<Services> {
  return (await testApi()).services;
}

/** The sandbox tenant the runner started (see test/host/sandboxEnvironment.ts). */
export function sandbox(): { url: string; apiToken: string; userToken: string; admin: SandboxAdmin; postgres: DemoPg } {
  const url = process.env.ATLAN_SANDBOX_URL;
  assert.ok(url, 'ATLAN_SANDBOX_URL is not set: run the suites through test/host/runIntegration');
  return {
    url,
    apiToken: process.env.ATLAN_SANDBOX_API_TOKEN ?? '',
    userToken: process.env.ATLAN_SANDBOX_USER_TOKEN ?? '',
    admin: adminClient(url),
    postgres: JSON.parse(process.env.ATLAN_DEMO_PG ?? '{}') as DemoPg,
  };
}

export interface DemoPg {
  host: string;
  port: number;
  user: string;
  password: string;
  databases: string[];
}

type Answer = string | undefined | ((items: readonly vscode.QuickPickItem[]) => vscode.QuickPickItem | undefined);

/**
 * Prompts that answer from a script and record every message, installed in place of the real
 * ones for a test. Unscripted questions fail the test instead of hanging it.
 */
export class ScriptedPrompts implements Prompts {
  readonly messages: { kind: MessageKind; text: string; modal: boolean; actions: string[] }[] = [];
  readonly asked: string[] = [];
  private readonly inputs: Answer[] = [];
  private readonly picks: Answer[] = [];
  private readonly actions: (string | undefined)[] = [];
  private readonly saves: (vscode.Uri | undefined)[] = [];

  answerSave(...uris: (vscode.Uri | undefined)[]): this {
    this.saves.push(...uris);
    return this;
  }

  saveDialog(options: vscode.SaveDialogOptions): Thenable<vscode.Uri | undefined> {
    this.asked.push(options.title ?? 'save');
    if (this.saves.length === 0) return Promise.reject(new Error(`Unscripted save dialog: ${options.title}`));
    return Promise.resolve(this.saves.shift());
  }

  answerInput(...values: (string | undefined)[]): this {
    this.inputs.push(...values);
    return this;
  }

  /** A label to pick (matched with or without its `$(icon)` prefix), or a chooser. */
  answerPick(...values: Answer[]): this {
    this.picks.push(...values);
    return this;
  }

  /** The action to click on the next messages that offer actions (undefined = dismiss). */
  answerMessage(...values: (string | undefined)[]): this {
    this.actions.push(...values);
    return this;
  }

  inputBox(options: vscode.InputBoxOptions): Thenable<string | undefined> {
    this.asked.push(options.title ?? options.prompt ?? 'input');
    if (this.inputs.length === 0) return Promise.reject(new Error(`Unscripted input box: ${options.title ?? options.prompt}`));
    const value = this.inputs.shift();
    if (typeof value === 'function') throw new Error('input answers are strings');
    const problem = value !== undefined ? options.validateInput?.(value) : undefined;
    if (typeof problem === 'string') return Promise.reject(new Error(`Scripted input "${value}" fails validation: ${problem}`));
    return Promise.resolve(value);
  }

  /** The real quick picks the extension created, newest last: a test types into them (`value`) and accepts as a user does. */
  readonly quickPicks: vscode.QuickPick<vscode.QuickPickItem>[] = [];

  createQuickPick<T extends vscode.QuickPickItem>(): vscode.QuickPick<T> {
    const pick = vscode.window.createQuickPick<T>();
    this.quickPicks.push(pick);
    return pick;
  }

  quickPick<T extends vscode.QuickPickItem>(items: readonly T[], options: vscode.QuickPickOptions): Thenable<T | undefined> {
    this.asked.push(options.title ?? options.placeHolder ?? 'pick');
    if (this.picks.length === 0) return Promise.reject(new Error(`Unscripted quick pick: ${options.title}`));
    const answer = this.picks.shift();
    if (answer === undefined) return Promise.resolve(undefined);
    const chosen =
      typeof answer === 'function' ? answer(items) : items.find((i) => i.label === answer || i.label.replace(/^\$\([^)]+\)\s*/, '') === answer);
    if (!chosen) return Promise.reject(new Error(`No item "${String(answer)}" among ${items.map((i) => i.label).join(', ')}`));
    return Promise.resolve(chosen as T);
  }

  message(kind: MessageKind, text: string, options: { modal?: boolean; detail?: string }, ...actions: string[]): Thenable<string | undefined> {
    this.messages.push({ kind, text: options.detail ? `${text}\n${options.detail}` : text, modal: Boolean(options.modal), actions });
    if (actions.length === 0) return Promise.resolve(undefined);
    const action = this.actions.shift();
    if (action !== undefined && !actions.includes(action)) return Promise.reject(new Error(`"${action}" is not among the actions ${actions.join(', ')} of: ${text}`));
    return Promise.resolve(action);
  }

  last(kind?: MessageKind): string | undefined {
    return [...this.messages].reverse().find((m) => !kind || m.kind === kind)?.text;
  }
}

/** Installs scripted prompts for the duration of a test; returns them. */
export function scriptPrompts(services: Services): ScriptedPrompts {
  const scripted = new ScriptedPrompts();
  services.prompts = scripted;
  return scripted;
}

export function restorePrompts(services: Services): void {
  services.prompts = windowPrompts;
}

/** Signs in to the sandbox directly (the sign-in command has its own suite). */
export async function signInToSandbox(services: Services, who: 'api' | 'user' = 'api', surface: 'auto' | 'apps' | 'workflows' = 'auto'): Promise<void> {
  const s = sandbox();
  await services.session.signIn({ name: 'sandbox', baseUrl: s.url, token: who === 'api' ? s.apiToken : s.userToken, surface });
}

/**
 * What most suites start from: a reset sandbox serving one surface (optionally seeded, at a
 * given clock speed), signed in, and the view loaded with what was seeded (its runs in flight
 * too, when some were seeded in flight).
 */
export async function signInToFreshTenant(
  services: Services,
  options: { surface: 'legacy' | 'apps'; clockSpeed?: number; seed?: { workflows: number; runsPerWorkflow: number; inFlight?: number } },
): Promise<void> {
  const { admin } = sandbox();
  await admin.reset();
  await admin.setSurfaces(options.surface);
  if (options.clockSpeed !== undefined) await admin.setClockSpeed(options.clockSpeed);
  const { seed } = options;
  if (seed) await admin.seed({ ...seed, surface: options.surface });
  await signInToSandbox(services);
  if (seed?.inFlight) {
    await waitFor(() => services.store.inFlightRuns().length === seed.inFlight, 10_000, 'the runs in flight');
  } else {
    await waitFor(() => services.store.loaded && services.store.workflows().length === (seed?.workflows ?? 0), 10_000, 'the view to load');
  }
}

/**
 * Resolves with the first truthy value of `probe`, polled every 50 ms; after `timeoutMs` fails
 * with "Timed out … waiting for <what>". `what` may be a function, called then, to say what was
 * seen instead.
 */
export async function waitFor<T>(probe: () => T | undefined | false | Promise<T | undefined | false>, timeoutMs: number, what: string | (() => string)): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${typeof what === 'function' ? what() : what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/**
 * Asks the runner to check something in the real browser (see test/host/browserChecks.ts) and
 * returns its answer. Only where the runner offers a browser (`hasBrowserChecks`; not test-electron).
 */
export function hasBrowserChecks(): boolean {
  return Boolean(process.env.ATLAN_IT_BROWSER_CHECKS);
}

export async function browserCheck(check: string, timeoutMs = 30_000, args: Record<string, unknown> = {}): Promise<{ ok: boolean; detail: string }> {
  const dir = process.env.ATLAN_IT_BROWSER_CHECKS;
  if (!dir) throw new Error('no browser to check in (ATLAN_IT_BROWSER_CHECKS is not set)');
  const id = `${check}-${Date.now()}`;
  const fs = await import('node:fs');
  const path = await import('node:path');
  // Written aside, then renamed: the runner polls the folder and must never read half a file.
  const request = path.join(dir, `${id}.request.json`);
  fs.writeFileSync(`${request}.partial`, JSON.stringify({ check, args }));
  fs.renameSync(`${request}.partial`, request);
  const resultFile = path.join(dir, `${id}.result.json`);
  const text = await waitFor(() => fs.existsSync(resultFile) && fs.readFileSync(resultFile, 'utf8'), timeoutMs, `the browser check ${check}`);
  return JSON.parse(text) as { ok: boolean; detail: string };
}

/**
 * Clicks and types through the crawler form open in the browser, as a user does (see
 * test/host/formSteps.ts); returns what the pickers it was asked to read showed.
 */
export async function inForm(steps: FormStep[], timeoutMs = 60_000): Promise<FormStepsResult> {
  const result = await browserCheck('form-steps', timeoutMs, { steps });
  if (!result.ok) throw new Error(`in the form: ${result.detail}`);
  return JSON.parse(result.detail) as FormStepsResult;
}

/** Waits until the sandbox has seen no request for `quietMs`: background work (resumed watches, lenses) is done. */
export async function settle(quietMs = 400, timeoutMs = 10_000): Promise<void> {
  const { admin } = sandbox();
  let count = (await admin.requests()).length;
  let since = Date.now();
  const deadline = Date.now() + timeoutMs;
  while (Date.now() - since < quietMs) {
    if (Date.now() > deadline) throw new Error(`the extension kept talking to the tenant for ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
    const now = (await admin.requests()).length;
    if (now !== count) {
      count = now;
      since = Date.now();
    }
  }
}

/** Writes `<name>.atlan-postgres.json` into the test workspace's first folder. */
export async function writeWorkspaceConfig(name: string, text: string): Promise<vscode.Uri> {
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
  if (!folder) throw new Error('the test workspace has no folder open');
  const uri = vscode.Uri.joinPath(folder, `${name}.atlan-postgres.json`);
  await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));
  return uri;
}

export interface DemoConfigOptions {
  /** The database port (default: the demo Postgres's), e.g. a closed one to test an unreachable database. */
  port?: number;
  /** The include map (default: analytics' public and sales schemas). */
  include?: Record<string, string[]>;
}

/**
 * A crawler configuration of the demo Postgres the runner started, as file text (with a comment,
 * so tests can check comments survive). `extra` lines are added as further top-level properties.
 */
export function demoConfigText(connectionName: string, secretName: string, extra: string[] = [], options: DemoConfigOptions = {}): string {
  const pg = sandbox().postgres;
  const tail = extra.map((line) => `,\n  ${line}`).join('');
  const include = options.include ? JSON.stringify(options.include) : '{ "analytics": ["public", "sales"] }';
  return `{
  // A crawler of the demo database the test runner started.
  "connectionName": "${connectionName}",
  "admins": { "roles": ["$admin"] },
  "extraction": {
    "method": "direct",
    "host": "${pg.host}",
    "port": ${options.port ?? pg.port},
    "database": "analytics",
    "auth": { "type": "basic", "username": "${pg.user}", "password": { "secret": "${secretName}" } }
  },
  "include": ${include}${tail}
}
`;
}
