/**
 * The webview's side of the form: the state it renders, the draft it edits, and the messages
 * it exchanges with the extension (validated both ways with the shared protocol).
 */
import * as z from 'zod';
import type { FormDraft } from '../../src/features/form/formDraft';
import {
  FormStateSchema,
  parseToWebview,
  type FormIssue,
  type FormState,
  type FromWebview,
  type SessionInfo,
  type ToWebview,
} from '../../src/features/form/protocol';
import { vscode } from './vscodeApi';

// The CSP forbids eval: tell zod not to try compiling validators with `new Function`.
z.config({ jitless: true });

type Msg<T extends ToWebview['type']> = Extract<ToWebview, { type: T }>;

export interface ViewModel {
  state?: FormState;
  fileName?: string;
  session?: SessionInfo;
  /** Secret name -> stored. Values never come here. */
  secrets: Record<string, boolean>;
  notes: string[];
  issues: FormIssue[];
  directory?: Omit<Msg<'directory'>, 'type'>;
  catalog?: Msg<'catalog'>['databases'];
  tests?: Msg<'testResult'>['results'];
  preflight?: Omit<Msg<'preflightResult'>, 'type'>;
  busy: Set<string>;
  error?: string;
  flash?: string;
}

const POST_DELAY_MS = 120;

export class FormModel {
  readonly view: ViewModel = { secrets: {}, notes: [], issues: [], busy: new Set() };
  private postTimer: number | undefined;

  constructor(private readonly render: () => void) {}

  start(): void {
    window.addEventListener('message', (event: MessageEvent<unknown>) => this.onMessage(event.data));
    const saved = FormStateSchema.safeParse(vscode.getState());
    // Edits not yet posted when the panel was hidden are flushed with the handshake.
    vscode.postMessage({ type: 'ready', ...(saved.success ? { state: saved.data } : {}) } satisfies FromWebview);
    window.addEventListener('blur', () => this.flush());
  }

  send(message: FromWebview): void {
    if (message.type !== 'draftChanged') this.flush();
    vscode.postMessage(message);
  }

  /** Applies an edit to the draft: kept in webview state at once, posted shortly after. */
  edit(mutate: (draft: FormDraft) => void): void {
    const state = this.view.state;
    if (!state) return;
    const draft = structuredClone(state.draft);
    mutate(draft);
    this.view.state = { ...state, draft, rev: state.rev + 1 };
    this.view.flash = undefined;
    vscode.setState(this.view.state);
    window.clearTimeout(this.postTimer);
    this.postTimer = window.setTimeout(() => this.flush(), POST_DELAY_MS);
    this.render();
  }

  flush(): void {
    if (this.postTimer === undefined || !this.view.state) return;
    window.clearTimeout(this.postTimer);
    this.postTimer = undefined;
    vscode.postMessage({ type: 'draftChanged', rev: this.view.state.rev, draft: this.view.state.draft } satisfies FromWebview);
  }

  get dirty(): boolean {
    const s = this.view.state;
    return !!s && JSON.stringify(s.draft) !== JSON.stringify(s.initialDraft);
  }

  private adopt(state: FormState): void {
    this.view.state = state;
    vscode.setState(state);
  }

  private onMessage(data: unknown): void {
    const parsed = parseToWebview(data);
    if (!parsed.ok) {
      this.view.error = `Ignored a malformed message from the extension (${parsed.error}).`;
      this.render();
      return;
    }
    const m = parsed.message;
    const v = this.view;
    switch (m.type) {
      case 'init':
        this.adopt(m.state);
        v.fileName = m.fileName;
        v.session = m.session;
        v.secrets = m.secrets;
        v.notes = m.notes;
        break;
      case 'draftReplaced':
        this.adopt(m.state);
        break;
      case 'saved':
        this.adopt(m.state);
        v.fileName = m.fileName;
        v.notes = [];
        v.flash = `Saved ${m.fileName}.`;
        break;
      case 'validation':
        if (!v.state || m.rev >= v.state.rev) v.issues = m.issues;
        break;
      case 'secretStatus':
        v.secrets = m.secrets;
        break;
      case 'session':
        v.session = m.session;
        break;
      case 'directory':
        v.directory = { roles: m.roles, groups: m.groups, users: m.users, ...(m.note ? { note: m.note } : {}) };
        break;
      case 'catalog':
        v.catalog = m.databases;
        break;
      case 'testResult':
        v.tests = m.results;
        break;
      case 'preflightResult':
        v.preflight = { checks: m.checks, ...(m.error ? { error: m.error } : {}) };
        break;
      case 'busy':
        if (m.busy) v.busy.add(m.action);
        else v.busy.delete(m.action);
        break;
      case 'error':
        v.error = m.message;
        break;
    }
    this.render();
  }
}
