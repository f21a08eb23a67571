/** Small lit templates the form sections are made of: labelled fields, issues, pickers. */
import { html, nothing, type TemplateResult } from 'lit';
import type { FormIssue } from '../../src/features/form/protocol';
import { namesOf } from './namesPicker';

/** The value of a vscode-elements control that fired an event. */
export function valueOf(event: Event): string {
  const value = (event.target as unknown as { value: unknown }).value;
  return typeof value === 'string' ? value : '';
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
  /** The names chosen: what the draft holds, and all the picker shows as chosen. */
  values: readonly string[];
  /** Names to offer (the tenant's directory, the database's catalog); any other can be typed. */
  available: readonly string[];
  issues: readonly FormIssue[];
  onChange: (values: string[]) => void;
  /** Several names as chips (the default), or one name in the input. */
  multiple?: boolean;
  help?: string;
  className?: string;
}

/** A labelled names picker (see namesPicker.ts): offers known names, takes typed ones. */
export function namesPicker(spec: NamesPickerSpec): TemplateResult {
  return html`<div class="field ${spec.className ?? ''}">
    <vscode-label for=${spec.id}>${spec.label}</vscode-label>
    <names-picker
      id=${spec.id}
      label=${spec.label}
      ?multiple=${spec.multiple ?? true}
      .chosen=${spec.values}
      .available=${spec.available}
      ?invalid=${spec.issues.some((i) => i.severity === 'error')}
      @names-changed=${(e: Event) => spec.onChange(namesOf(e))}
    ></names-picker>
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
