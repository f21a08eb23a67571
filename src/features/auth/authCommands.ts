import * as vscode from 'vscode';
import { isLoopbackHost } from '../../core/atlan/loopback';
import { errorText } from '../errorText';
import { CommandIds } from '../ids';
import type { Services } from '../services';
import { profileNameFor } from './profileNames';
import { checkBaseUrl, normaliseBaseUrl, type SurfaceChoice } from './profiles';

/** Sign in, sign out and switch profile; the sandbox started by `npm start` signs in by itself. */
export function registerAuth(context: vscode.ExtensionContext, services: Services): void {
  context.subscriptions.push(
    vscode.commands.registerCommand(CommandIds.signIn, (prefill?: Partial<SignInInput>) => signIn(services, prefill)),
    vscode.commands.registerCommand(CommandIds.signOut, () => services.session.signOut()),
    vscode.commands.registerCommand(CommandIds.switchProfile, () => switchProfile(services)),
  );
  void signInToLocalSandbox(services);
}

interface SignInInput {
  name: string;
  baseUrl: string;
  token: string;
  surface: SurfaceChoice;
}

/**
 * Asks for the tenant URL and an API token, checks them with whoami, and only then saves them.
 * On failure the user can try again with what they typed still filled in.
 */
async function signIn(services: Services, prefill: Partial<SignInInput> = {}): Promise<boolean> {
  const active = services.profiles.active();
  const baseUrl = await services.prompts.inputBox({
    title: 'Sign in to Atlan (1/2): tenant URL',
    prompt: 'The address of your Atlan tenant',
    placeHolder: 'https://yourcompany.atlan.com',
    value: prefill.baseUrl ?? active?.baseUrl ?? '',
    ignoreFocusOut: true,
    validateInput: (v) => checkBaseUrl(v),
  });
  if (baseUrl === undefined) return false;
  const token = await services.prompts.inputBox({
    title: 'Sign in to Atlan (2/2): API token',
    prompt: `An API token of ${new URL(baseUrl.trim()).host} (Atlan: Admin > API tokens). It is kept in VS Code's secret storage only.`,
    password: true,
    value: prefill.token ?? '',
    ignoreFocusOut: true,
    validateInput: (v) => (v.trim().length === 0 ? 'Paste the API token.' : /\s/.test(v.trim()) ? 'An API token has no spaces.' : undefined),
  });
  if (token === undefined) return false;
  const input: SignInInput = {
    name: prefill.name ?? profileNameFor(baseUrl, services.profiles.list().profiles),
    baseUrl: normaliseBaseUrl(baseUrl),
    token: token.trim(),
    surface: prefill.surface ?? active?.surface ?? 'auto',
  };
  try {
    const who = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Signing in to ${input.baseUrl}…`, cancellable: true },
      (_progress, cancel) => services.session.signIn(input, abortSignal(cancel)),
    );
    void services.prompts.message('info', `Signed in to ${new URL(input.baseUrl).host} as ${who.username}.`, {});
    return true;
  } catch (err) {
    const message = errorText(err);
    services.log.warn(`Sign-in to ${input.baseUrl} failed: ${message}`);
    const again = await services.prompts.message('error', `Could not sign in: ${message}`, {}, 'Try Again', 'Show Output');
    // The name follows the URL typed next, unless the caller chose it.
    if (again === 'Try Again') return signIn(services, { ...input, name: prefill.name });
    if (again === 'Show Output') services.log.show();
    return false;
  }
}

async function switchProfile(services: Services): Promise<void> {
  const { profiles, invalid } = services.profiles.list();
  const active = services.profiles.active();
  type Item = vscode.QuickPickItem & { profile?: string };
  const items: Item[] = profiles.map((p) => ({
    label: p.name === active?.name ? `$(check) ${p.name}` : p.name,
    description: p.baseUrl,
    detail: p.surface === 'auto' ? undefined : `API: ${p.surface === 'apps' ? 'App API' : 'package workflows'}`,
    profile: p.name,
  }));
  items.push({ label: '$(add) Add a tenant…', alwaysShow: true });
  const pick = await services.prompts.quickPick(items, {
    title: 'Switch Atlan profile',
    placeHolder: invalid.length > 0 ? `Skipped invalid entries in settings: ${invalid.join(', ')}` : 'Choose the tenant to work with',
  });
  if (!pick) return;
  if (!pick.profile) {
    await signIn(services, { baseUrl: '' });
    return;
  }
  await services.session.switchTo(pick.profile);
  const state = services.session.state;
  if (state.kind === 'signedOut') {
    const profile = profiles.find((p) => p.name === pick.profile);
    await signIn(services, { name: profile?.name, baseUrl: profile?.baseUrl, surface: profile?.surface });
  }
}

/**
 * `npm start` passes the local sandbox's URL and its demo token in the environment. They are
 * used only for a loopback URL and only when no token is stored yet, so a newcomer lands signed in.
 */
async function signInToLocalSandbox(services: Services): Promise<void> {
  const url = process.env.ATLAN_SANDBOX_URL;
  const token = process.env.ATLAN_SANDBOX_SIGN_IN_TOKEN;
  if (!url || !token) return;
  let host: string;
  try {
    host = new URL(url).hostname;
  } catch {
    return;
  }
  if (!isLoopbackHost(host)) return;
  await storeDemoSecrets(services);
  const existing = services.profiles.list().profiles.find((p) => normaliseBaseUrl(p.baseUrl) === normaliseBaseUrl(url));
  if (existing && (await services.profiles.token(existing))) return;
  try {
    await services.session.signIn({ name: existing?.name ?? 'sandbox', baseUrl: url, token, surface: existing?.surface ?? 'auto' });
  } catch (err) {
    services.log.warn(`Could not sign in to the local sandbox at ${url}: ${err instanceof Error ? err.message : String(err)}`);
  }
}

/** The demo database's password, for the example configuration files `npm start` writes. */
async function storeDemoSecrets(services: Services): Promise<void> {
  let secrets: unknown;
  try {
    secrets = JSON.parse(process.env.ATLAN_SANDBOX_DEMO_SECRETS ?? '{}');
  } catch {
    return;
  }
  if (!secrets || typeof secrets !== 'object') return;
  for (const [name, value] of Object.entries(secrets as Record<string, unknown>)) {
    if (typeof value === 'string' && !(await services.secrets.has(name))) await services.secrets.store(name, value);
  }
}

export function abortSignal(token: vscode.CancellationToken): AbortSignal {
  const controller = new AbortController();
  if (token.isCancellationRequested) controller.abort();
  token.onCancellationRequested(() => controller.abort());
  return controller.signal;
}
