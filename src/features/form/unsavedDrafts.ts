import type * as vscode from 'vscode';
import * as z from 'zod';
import { FormStateSchema, type FormState } from './protocol';

/**
 * Copies of crawler forms with unsaved changes, in workspace state. VS Code cannot stop a
 * webview panel from closing, so a closed form's changes are kept here and offered back.
 * Drafts hold secret names only, never values.
 */
const KEY = 'atlan.crawlerForm.unsaved';
const MAX_KEPT = 20;

const RecordSchema = z.object({ key: z.string(), label: z.string(), savedAt: z.string(), state: FormStateSchema });
export type UnsavedDraft = z.infer<typeof RecordSchema>;

export function draftKey(state: FormState): string {
  return state.fileUri ?? `new:${state.id ?? 'unnamed'}`;
}

export class UnsavedDrafts {
  constructor(private readonly memento: vscode.Memento) {}

  list(): UnsavedDraft[] {
    const raw = this.memento.get<unknown>(KEY, []);
    const parsed = z.array(z.unknown()).catch([]).parse(raw);
    // A record an older version wrote in another shape is dropped, not trusted.
    return parsed.flatMap((r) => {
      const record = RecordSchema.safeParse(r);
      return record.success ? [record.data] : [];
    });
  }

  get(key: string): UnsavedDraft | undefined {
    return this.list().find((r) => r.key === key);
  }

  async put(state: FormState, label: string): Promise<void> {
    const key = draftKey(state);
    const others = this.list().filter((r) => r.key !== key);
    const record: UnsavedDraft = { key, label, savedAt: new Date().toISOString(), state };
    await this.memento.update(KEY, [record, ...others].slice(0, MAX_KEPT));
  }

  async delete(key: string): Promise<void> {
    const all = this.list();
    if (all.some((r) => r.key === key)) await this.memento.update(KEY, all.filter((r) => r.key !== key));
  }
}
