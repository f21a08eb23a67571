/**
 * "Atlan: Select Profile" and the status bar item that shows the active profile: which
 * `profiles.<name>` overrides of configuration files apply in this workspace (plan, apply,
 * submit, rerun, compare, preview, the lenses). Chosen per workspace; `atlan.profile` is the default.
 */
import * as vscode from 'vscode';
import { CONFIG_FILE_SUFFIX } from '../../core/config/names';
import { guarded } from '../commandSupport';
import { CommandIds } from '../ids';
import type { Services } from '../services';
import { tenantTools } from '../tenantTools';
import { profileStatus } from './profileStatus';

/** What a pick leads to: a profile's name, `null` for none, `useSetting` to drop the workspace's choice, undefined for nothing. */
type Choice = vscode.QuickPickItem & { choose: () => Promise<string | undefined | null | { useSetting: true }> };

/** Returns the status bar item (for the integration tests). */
export function registerSelectProfile(context: vscode.ExtensionContext, services: Services): vscode.StatusBarItem {
  const item = vscode.window.createStatusBarItem('atlan.activeProfile', vscode.StatusBarAlignment.Left, 10);
  item.name = 'Atlan Profile';
  item.command = CommandIds.selectProfile;
  const show = (): void => {
    const { text, tooltip } = profileStatus(services.activeProfile.source(), services.activeProfile.setting());
    item.text = text;
    item.tooltip = tooltip;
  };
  show();
  item.show();

  const select = (): Promise<string | undefined> =>
    guarded(services, 'select a profile', async () => {
      const { name: active, from } = services.activeProfile.source();
      const setting = services.activeProfile.setting();
      const names = await profilesInWorkspace();
      if (active !== undefined && !names.includes(active)) names.unshift(active);
      const items: Choice[] = [
        // Once chosen for the workspace, the way back to the setting (which may change later).
        ...(from === 'workspace'
          ? [
              {
                label: 'Use the Setting',
                description: `atlan.profile: ${setting ?? 'empty, no profile'}`,
                detail: 'Drop the choice made for this workspace: the setting atlan.profile applies, now and when it changes',
                choose: () => Promise.resolve({ useSetting: true as const }),
              },
            ]
          : []),
        { label: 'No profile', description: active === undefined ? 'active' : '', detail: 'The files as written, without profiles.<name> overrides', choose: () => Promise.resolve(null) },
        ...names.map((name): Choice => ({ label: name, description: name === active ? 'active' : '', choose: () => Promise.resolve(name) })),
        {
          label: 'Another profile…',
          detail: 'A name no file overrides yet: workflows are recorded under it as profiles.<name>.workflow',
          choose: async () =>
            (await services.prompts.inputBox({
              title: 'Select a profile: its name',
              validateInput: (v) => (/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/.test(v.trim()) ? undefined : 'Use 1-64 letters, digits, ".", "_" or "-", starting with a letter or digit.'),
            }))?.trim(),
        },
      ];
      const pick = await services.prompts.quickPick(items, { title: 'Atlan: Select Profile', placeHolder: 'Which profiles.<name> overrides of configuration files apply in this workspace' });
      if (!pick) return active;
      const chosen = await pick.choose();
      if (chosen === null) await services.activeProfile.select(undefined);
      else if (typeof chosen === 'object') await services.activeProfile.useSetting();
      else if (chosen !== undefined) await services.activeProfile.select(chosen);
      return services.activeProfile.current();
    });

  context.subscriptions.push(
    item,
    services.activeProfile.onDidChange(show),
    // The tooltip says what the setting holds even while a workspace choice overrides it.
    vscode.workspace.onDidChangeConfiguration((e) => e.affectsConfiguration('atlan.profile') && show()),
    vscode.commands.registerCommand(CommandIds.selectProfile, select),
  );
  return item;
}

/** The profile names the workspace's configuration files override, sorted. */
async function profilesInWorkspace(): Promise<string[]> {
  const names = new Set<string>();
  for (const uri of await vscode.workspace.findFiles(`**/*${CONFIG_FILE_SUFFIX}`, '{**/node_modules/**,**/.*/**}', 500)) {
    try {
      const config = tenantTools().parseConfig(new TextDecoder().decode(await vscode.workspace.fs.readFile(uri))).config;
      for (const name of Object.keys(config?.profiles ?? {})) names.add(name);
    } catch {
      // An unreadable file names no profile; the others still do.
    }
  }
  return [...names].sort();
}
