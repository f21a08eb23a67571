/** Small lit templates the form sections are made of: labelled fields, issues, pickers. */
import { html, nothing, type TemplateResult } from 'lit';
import type { FormIssue } from '../../src/features/form/protocol';

export interface Option {
  label: string;
  value: string;
  description: string;
  selected: boolean;
  disabled: boolean;
}

/** The value of a vscode-elements control that fired an event. */
export function valueOf(event: Event): string {
  const value = (event.target as unknown as { value: unknown }).value;
  return typeof value === 'string' ? value : '';
}

export function valuesOf(event: Event): string[] {
  const value = (event.target as unknown as { value: unknown }).value;
  return Array.isArray(value) ? value.map(String) : [];
}

export function checkedOf(event: Event): boolean {
  return Boolean((event.target as unknown as { checked: unknown }).checked);
}

/** Issues shown under a field; errors are announced. */
export function issueList(issues: readonly FormIssue[]): TemplateResult | typeof nothing {
  if (issues.length === 0) return nothing;
  return html`${issues.map(
    (i) => html`<div class="issue ${i.severity}" role=${i.severity === 'error' ? 'alert' : 'status'}>${i.severity === 'error' ? '✗' : '⚠'} ${i.message}</div>`,
  )}`;
}

/**
 * Options arrays are cached per control: handing a combobox a new (equal) array on every render
 * would reset what the user is typing in its filter.
 */
const optionCache = new Map<string, { key: string; options: Option[] }>();

export function options(id: string, available: readonly string[], selected: readonly string[]): Option[] {
  const all = [...new Set([...selected, ...available])];
  const key = JSON.stringify([all, selected]);
  const hit = optionCache.get(id);
  if (hit && hit.key === key) return hit.options;
  const built = all.map((value) => ({ label: value, value, description: '', selected: selected.includes(value), disabled: false }));
  optionCache.set(id, { key, options: built });
  return built;
}

export interface TextFieldSpec {
  id: string;
  label: string;
  value: string;
  issues: readonly FormIssue[];
  onInput: (value: string) => void;
  placeholder?: string;
  help?: string | TemplateResult;
  required?: boolean;
  type?: 'text' | 'number';
}

export function textField(spec: TextFieldSpec): TemplateResult {
  const invalid = spec.issues.some((i) => i.severity === 'error');
  return html`<div class="field">
    <vscode-label for=${spec.id} ?required=${spec.required ?? false}>${spec.label}</vscode-label>
    <vscode-textfield
      id=${spec.id}
      type=${spec.type ?? 'text'}
      .value=${spec.value}
      placeholder=${spec.placeholder ?? ''}
      ?invalid=${invalid}
      @input=${(e: Event) => spec.onInput(valueOf(e))}
    ></vscode-textfield>
    ${spec.help ? html`<vscode-form-helper>${spec.help}</vscode-form-helper>` : nothing} ${issueList(spec.issues)}
  </div>`;
}

export function checkbox(id: string, label: string, checked: boolean, onChange: (checked: boolean) => void, help?: string): TemplateResult {
  return html`<div class="field">
    <vscode-checkbox id=${id} label=${label} .checked=${checked} @change=${(e: Event) => onChange(checkedOf(e))}></vscode-checkbox>
    ${help ? html`<vscode-form-helper>${help}</vscode-form-helper>` : nothing}
  </div>`;
}

export interface NamesPickerSpec {
  id: string;
  label: string;
  values: readonly string[];
  available: readonly string[];
  issues: readonly FormIssue[];
  onChange: (values: string[]) => void;
  help?: string;
}

/** A multi-select that offers known names and accepts typed ones (Enter adds). */
export function namesPicker(spec: NamesPickerSpec): TemplateResult {
  return html`<div class="field">
    <vscode-label for=${spec.id}>${spec.label}</vscode-label>
    <vscode-multi-select
      id=${spec.id}
      combobox
      creatable
      .options=${options(spec.id, spec.available, spec.values)}
      ?invalid=${spec.issues.some((i) => i.severity === 'error')}
      @change=${(e: Event) => spec.onChange(valuesOf(e))}
    ></vscode-multi-select>
    ${spec.help ? html`<vscode-form-helper>${spec.help}</vscode-form-helper>` : nothing} ${issueList(spec.issues)}
  </div>`;
}

export function radioGroup<T extends string>(id: string, label: string, value: T, choices: readonly [T, string][], onChange: (value: T) => void): TemplateResult {
  return html`<div class="field">
    <vscode-label for=${id}>${label}</vscode-label>
    <vscode-radio-group id=${id} @change=${(e: Event) => onChange(valueOf(e) as T)}>
      ${choices.map(([v, text]) => html`<vscode-radio name=${id} value=${v} label=${text} .checked=${v === value}></vscode-radio>`)}
    </vscode-radio-group>
  </div>`;
}
