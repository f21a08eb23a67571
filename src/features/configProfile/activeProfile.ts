/**
 * The active profile of this workspace: which `profiles.<name>` overrides of configuration files
 * apply (and under which name workflows are recorded), as `--profile` / ATLAN_PROFILE do for the
 * CLI. Chosen per workspace with "Atlan: Select Profile" (kept in workspace state); until then,
 * or once the choice is dropped, the setting `atlan.profile`; empty means none (the files as
 * written). Not the tenant profile (`atlan.profiles`), which says where requests go.
 */
import * as vscode from 'vscode';

const STATE_KEY = 'atlan.activeConfigProfile';

/** What workspace state holds: a choice, where `null` is "none" chosen over the setting. */
interface StoredChoice {
  name: string | null;
}

/** Which profile applies and where that comes from: chosen for the workspace, or the setting. */
export interface ProfileSource {
  name: string | undefined;
  from: 'workspace' | 'setting';
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
    return this.source().name;
  }

  source(): ProfileSource {
    const stored = this.stored();
    if (stored !== undefined) return { name: stored.name ?? undefined, from: 'workspace' };
    return { name: this.setting(), from: 'setting' };
  }

  /** What `atlan.profile` names (undefined: empty), whether or not it applies. */
  setting(): string | undefined {
    const fromSetting = vscode.workspace.getConfiguration('atlan').get<unknown>('profile');
    return typeof fromSetting === 'string' && fromSetting.trim() !== '' ? fromSetting.trim() : undefined;
  }

  /** Chooses for this workspace (undefined: none, even when the setting names one). */
  async select(name: string | undefined): Promise<void> {
    const choice: StoredChoice = { name: name ?? null };
    await this.state.update(STATE_KEY, choice);
    this.changed.fire(this.current());
  }

  /** Drops this workspace's choice: the setting applies again. */
  async useSetting(): Promise<void> {
    await this.state.update(STATE_KEY, undefined);
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
