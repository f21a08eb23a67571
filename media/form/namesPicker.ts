/**
 * `<names-picker>`: picks names from a list or takes typed ones; several as chips (`multiple`),
 * or one, held in its input. Its selection is the `chosen` names it is given and the names it
 * reports, never positions in the list: vscode-multi-select and vscode-single-select (2.5) keep
 * positions across a new options list, so a re-sorted or refreshed list ticked and saved names
 * nobody clicked, and their "creatable" names replaced the options and were lost.
 *
 * Controlled: it renders `chosen` and reports each change as a `names-changed` event whose
 * detail is the new list; the form's draft is the only copy. Light DOM, styled by form.css.
 */
import { html, LitElement, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { namesMatching, offeredNames, toggleName } from '../../src/features/form/pickerChoices';

export const NAMES_CHANGED = 'names-changed';

/** The names a `names-changed` event carries. */
export function namesOf(event: Event): string[] {
  const detail = (event as CustomEvent<unknown>).detail;
  return Array.isArray(detail) ? detail.map(String) : [];
}

const CHEVRON = html`<svg width="16" height="16" viewBox="0 0 16 16" aria-hidden="true"><path fill="currentColor" d="M8 10.7 3.6 6.3l.7-.7L8 9.3l3.7-3.7.7.7z"/></svg>`;

/** The "Add …" row offered for a typed name the list does not have. */
const ADD_ROW = Symbol('add');
type Row = string | typeof ADD_ROW;

export class NamesPicker extends LitElement {
  static override properties = {
    chosen: { attribute: false },
    available: { attribute: false },
    multiple: { type: Boolean },
    label: {},
    placeholder: {},
    invalid: { type: Boolean },
    open: { state: true },
    typed: { state: true },
    editing: { state: true },
    active: { state: true },
  };

  chosen: readonly string[] = [];
  available: readonly string[] = [];
  multiple = false;
  /** The accessible name of the input (the visible label is the form's). */
  label = '';
  placeholder = '';
  invalid = false;
  private open = false;
  /** What the user typed: a filter and a new name (multiple), or the value being edited (single). */
  private typed = '';
  /** Single: the user is typing, so the list is filtered by the input; otherwise it shows every name. */
  private editing = false;
  /** The row the arrow keys are on, by name. */
  private active: Row | undefined;
  /** Option ids by name, for aria-activedescendant; rebuilt with each render. */
  private optionIds = new Map<string, string>();

  protected override createRenderRoot(): HTMLElement {
    return this;
  }

  override focus(options?: FocusOptions): void {
    this.input()?.focus(options);
  }

  private input(): HTMLInputElement | null {
    return this.querySelector<HTMLInputElement>('input.picker-input');
  }

  private get listId(): string {
    return `${this.id}-list`;
  }

  private rowId(row: Row): string {
    return row === ADD_ROW ? `${this.id}-add` : (this.optionIds.get(row) ?? `${this.id}-option`);
  }

  /** Single: the input already shows a name the list does not know; offering it again would be noise. */
  private offered(): string[] {
    return offeredNames(this.available, this.multiple ? this.chosen : []);
  }

  /** The rows the list shows now: the names matching what was typed, then "Add …" for a new name. */
  private rows(): Row[] {
    const offered = this.offered();
    const filter = this.multiple || this.editing ? this.typed : '';
    const rows: Row[] = namesMatching(offered, filter);
    const name = this.typed.trim();
    if (this.multiple && name !== '' && !offered.includes(name)) rows.push(ADD_ROW);
    return rows;
  }

  private report(names: string[]): void {
    this.dispatchEvent(new CustomEvent<string[]>(NAMES_CHANGED, { detail: names }));
  }

  private pick(name: string): void {
    const clean = name.trim();
    if (clean === '') return;
    if (this.multiple) {
      this.report(toggleName(this.chosen, clean));
      this.typed = '';
      this.active = clean;
      return;
    }
    this.report([clean]);
    this.typed = '';
    this.editing = false;
    this.open = false;
  }

  /** Enter on a typed name: adds it; a name already chosen stays chosen (only a click unpicks). */
  private add(name: string): void {
    const clean = name.trim();
    if (!this.chosen.includes(clean)) this.report([...this.chosen, clean]);
    this.typed = '';
    this.active = clean;
  }

  private choose(row: Row): void {
    this.pick(row === ADD_ROW ? this.typed : row);
  }

  private unpick(name: string): void {
    this.report(this.chosen.filter((n) => n !== name));
  }

  private close(): void {
    this.open = false;
    this.active = undefined;
    this.editing = false;
    if (this.multiple) this.typed = '';
  }

  /** Single: the whole name is selected, so typing replaces it as in any combobox. */
  private onFocus(event: FocusEvent): void {
    if (!this.multiple) (event.target as HTMLInputElement).select();
  }

  private onInput(event: Event): void {
    const text = (event.target as HTMLInputElement).value;
    this.typed = text;
    this.open = true;
    this.active = undefined;
    if (!this.multiple) {
      // What the input shows is the value: no name typed here is lost by leaving the field.
      this.editing = true;
      this.report(text.trim() === '' ? [] : [text]);
    }
  }

  private moveActive(step: 1 | -1): void {
    const rows = this.rows();
    if (rows.length === 0) return;
    const at = this.active === undefined ? -1 : rows.indexOf(this.active);
    const next = at === -1 ? (step === 1 ? 0 : rows.length - 1) : (at + step + rows.length) % rows.length;
    this.active = rows[next];
  }

  private onKeyDown(event: KeyboardEvent): void {
    switch (event.key) {
      case 'ArrowDown':
      case 'ArrowUp':
        event.preventDefault();
        if (!this.open) {
          this.open = true;
          return;
        }
        this.moveActive(event.key === 'ArrowDown' ? 1 : -1);
        return;
      case 'Enter': {
        event.preventDefault();
        const rows = this.rows();
        if (this.open && this.active !== undefined && rows.includes(this.active)) this.choose(this.active);
        else if (this.multiple && this.typed.trim() !== '') this.add(this.typed);
        else if (!this.multiple && this.open) this.close();
        else this.open = true;
        return;
      }
      case 'Escape':
        if (this.open) {
          event.preventDefault();
          event.stopPropagation();
          this.close();
        }
        return;
      case 'Tab':
        this.close();
        return;
    }
  }

  private onFocusOut(event: FocusEvent): void {
    const next = event.relatedTarget as Node | null;
    if (next && this.contains(next)) return;
    this.close();
  }

  private toggleList(): void {
    this.focus();
    if (this.open) this.close();
    else {
      this.editing = false;
      this.open = true;
    }
  }

  protected override updated(changed: PropertyValues): void {
    if (changed.has('active') && this.active !== undefined) {
      this.querySelector(`#${CSS.escape(this.rowId(this.active))}`)?.scrollIntoView({ block: 'nearest' });
    }
  }

  private renderRow(row: Row): TemplateResult {
    const isAdd = row === ADD_ROW;
    const selected = !isAdd && this.chosen.includes(row);
    const text = isAdd ? `Add “${this.typed.trim()}”` : row;
    const classes = ['picker-option', isAdd ? 'add' : '', selected ? 'selected' : '', row === this.active ? 'active' : ''].filter(Boolean).join(' ');
    return html`<li
      id=${this.rowId(row)}
      class=${classes}
      role="option"
      aria-selected=${selected ? 'true' : 'false'}
      data-name=${isAdd ? nothing : row}
      @mousedown=${(e: Event) => e.preventDefault()}
      @click=${() => this.choose(row)}
    ><span class="picker-check" aria-hidden="true">${selected ? '✓' : ''}</span>${text}</li>`;
  }

  protected override render(): TemplateResult {
    this.optionIds = new Map(this.offered().map((name, i) => [name, `${this.id}-option-${i}`]));
    const rows = this.open ? this.rows() : [];
    const value = this.multiple || this.editing ? this.typed : (this.chosen[0] ?? '');
    const placeholder = this.placeholder || (this.multiple ? 'Pick or type a name, then Enter' : 'Pick or type a name');
    return html`<div class="picker ${this.multiple ? 'multiple' : 'single'} ${this.invalid ? 'invalid' : ''}" @focusout=${(e: FocusEvent) => this.onFocusOut(e)}>
      <div class="picker-box" @click=${(e: Event) => e.target === e.currentTarget && this.focus()}>
        ${this.multiple
          ? html`<ul class="picker-chips" aria-label=${`${this.label}: chosen`}>
              ${this.chosen.map(
                (name) => html`<li class="picker-chip" data-name=${name}>
                  <span class="picker-chip-name">${name}</span
                  ><button type="button" class="picker-chip-remove" aria-label=${`Remove ${name}`} title=${`Remove ${name}`} @click=${() => this.unpick(name)}>×</button>
                </li>`,
              )}
            </ul>`
          : nothing}
        <input
          class="picker-input"
          type="text"
          role="combobox"
          autocomplete="off"
          spellcheck="false"
          aria-label=${this.label}
          aria-autocomplete="list"
          aria-controls=${this.listId}
          aria-expanded=${this.open ? 'true' : 'false'}
          aria-activedescendant=${this.open && this.active !== undefined ? this.rowId(this.active) : nothing}
          aria-invalid=${this.invalid ? 'true' : 'false'}
          placeholder=${placeholder}
          .value=${value}
          @focus=${(e: FocusEvent) => this.onFocus(e)}
          @input=${(e: Event) => this.onInput(e)}
          @keydown=${(e: KeyboardEvent) => this.onKeyDown(e)}
          @click=${() => (this.open = true)}
        />
        <button type="button" class="picker-toggle" tabindex="-1" aria-label=${`Show the ${this.label} list`} @mousedown=${(e: Event) => e.preventDefault()} @click=${() => this.toggleList()}>
          ${CHEVRON}
        </button>
      </div>
      <ul id=${this.listId} class="picker-list" role="listbox" aria-label=${this.label} aria-multiselectable=${this.multiple ? 'true' : 'false'} ?hidden=${!this.open}>
        ${rows.map((row) => this.renderRow(row))}
        ${this.open && rows.length === 0 ? html`<li class="picker-empty" role="presentation">${this.offered().length === 0 ? 'No names known yet: type one' : 'No name matches'}</li>` : nothing}
      </ul>
    </div>`;
  }
}

customElements.define('names-picker', NamesPicker);

declare global {
  interface HTMLElementTagNameMap {
    'names-picker': NamesPicker;
  }
}
