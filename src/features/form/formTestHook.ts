/**
 * Test support for the crawler form, in test mode only: a recorder of what a panel posts to its
 * webview and receives from it, and the hook integration tests drive a form through (the form
 * commands return it instead of nothing). The panel itself only tells an observer, if it has one.
 */
import * as vscode from 'vscode';
import type { FormState, ToWebview } from './protocol';

/** What integration tests drive: the messages as the webview would send them, and what was posted back. */
export interface CrawlerFormTestHook {
  readonly webviewPanel: vscode.WebviewPanel;
  readonly state: FormState;
  /** Messages posted to the webview, in order. */
  readonly posted: readonly ToWebview[];
  /** Messages received from the (real) webview, types only. */
  readonly receivedTypes: readonly string[];
  receive(message: unknown): Promise<void>;
  waitFor<T extends ToWebview['type']>(
    type: T,
    predicate?: (m: Extract<ToWebview, { type: T }>) => boolean,
    since?: number,
    timeoutMs?: number,
  ): Promise<Extract<ToWebview, { type: T }>>;
}

/** What a panel tells its observer: each message it posted (after checking it) and each one it accepted. */
export interface FormMessageObserver {
  posted(message: ToWebview): void;
  received(type: string): void;
}

/** The panel side a hook reads and drives. */
export interface TestablePanel {
  readonly webviewPanel: vscode.WebviewPanel;
  readonly state: FormState;
  receive(message: unknown): Promise<void>;
}

class FormMessageRecorder implements FormMessageObserver, vscode.Disposable {
  readonly postedMessages: ToWebview[] = [];
  readonly receivedTypes: string[] = [];
  private readonly postedEvent = new vscode.EventEmitter<ToWebview>();

  posted(message: ToWebview): void {
    this.postedMessages.push(message);
    this.postedEvent.fire(message);
  }

  received(type: string): void {
    this.receivedTypes.push(type);
  }

  waitFor<T extends ToWebview['type']>(
    type: T,
    predicate: (m: Extract<ToWebview, { type: T }>) => boolean = () => true,
    since = 0,
    timeoutMs = 10_000,
  ): Promise<Extract<ToWebview, { type: T }>> {
    const matches = (m: ToWebview): m is Extract<ToWebview, { type: T }> => m.type === type && predicate(m as Extract<ToWebview, { type: T }>);
    const earlier = this.postedMessages.slice(since).find(matches);
    if (earlier) return Promise.resolve(earlier);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        sub.dispose();
        reject(new Error(`the form posted no "${type}" message within ${timeoutMs} ms`));
      }, timeoutMs);
      const sub = this.postedEvent.event((m) => {
        if (!matches(m)) return;
        clearTimeout(timer);
        sub.dispose();
        resolve(m);
      });
    });
  }

  dispose(): void {
    this.postedEvent.dispose();
  }
}

/** Test hooks of the panels created in test mode, by panel. */
const hooks = new WeakMap<TestablePanel, CrawlerFormTestHook>();

/**
 * Creates a panel with a recorder as its observer and keeps its hook (see testHookOf). Called
 * before the panel exists, so the first message it posts is recorded too.
 */
export function withTestHook<P extends TestablePanel & { onDidClose: vscode.Event<void> }>(create: (observer: FormMessageObserver) => P): P {
  const recorder = new FormMessageRecorder();
  const panel = create(recorder);
  panel.onDidClose(() => recorder.dispose());
  hooks.set(panel, {
    get webviewPanel() {
      return panel.webviewPanel;
    },
    get state() {
      return panel.state;
    },
    posted: recorder.postedMessages,
    receivedTypes: recorder.receivedTypes,
    receive: (message) => panel.receive(message),
    waitFor: (type, predicate, since, timeoutMs) => recorder.waitFor(type, predicate, since, timeoutMs),
  });
  return panel;
}

/** The hook of a panel created through withTestHook (test mode), else undefined. */
export function testHookOf(panel: TestablePanel): CrawlerFormTestHook | undefined {
  return hooks.get(panel);
}
