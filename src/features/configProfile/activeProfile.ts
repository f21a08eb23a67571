/**
 * The active profile of this workspace: which `profiles.<name>` overrides of configuration files
 * apply (and under which name workflows are recorded), as `--profile` / ATLAN_PROFILE do for the
 * CLI. Chosen per workspace with "Atlan: Select Profile" (kept in workspace state); until then
 * the setting `atlan.profile`; empty means none (the files as written). Not the tenant profile
 * (`atlan.profiles`), which says where requests go.
 */
import * as vscode from 'vscode';

const STATE_KEY = 'atlan.activeConfigProfile';

/** What workspace state holds: a choice, where `null` is "none" chosen over the setting. */
interface StoredChoice {
  name: string | null;
}

export class ActiveProfile implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<string | undefined>();
  /** Fires with the new active profile (undefined: none). */
  readonly onDidChange = this.changed.event;
  private readonly settingWatch: vscode.Disposable;

  constructor(private readonly state: vscode.Memento) {
    this.settingWatch = vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('atlan.profile') && this.stored() === undefined) this.changed.fire(this.current());
    });
  }

  /** The active profile's name, or undefined for none. */
  current(): string | undefined {
    const stored = this.stored();
    if (stored !== undefined) return stored.name ?? undefined;
    const fromSetting = vscode.workspace.getConfiguration('atlan').get<unknown>('profile');
    return typeof fromSetting === 'string' && fromSetting.trim() !== '' ? fromSetting.trim() : undefined;
  }

  /** Chooses for this workspace (undefined: none, even when the setting names one). */
  async select(name: string | undefined): Promise<void> {
    const choice: StoredChoice = { name: name ?? null };
    await this.state.update(STATE_KEY, choice);
    this.changed.fire(this.current());
  }

  private stored(): StoredChoice | undefined {
    const raw = this.state.get<unknown>(STATE_KEY);
    if (typeof raw !== 'object' || raw === null) return undefined;
    const name = (raw as { name?: unknown }).name;
    // Anything else in workspace state (an older or edited value) counts as no choice.
    if (name === null) return { name: null };
    return typeof name === 'string' && name.trim() !== '' ? { name } : undefined;
  }

  dispose(): void {
    this.settingWatch.dispose();
    this.changed.dispose();
  }
}
