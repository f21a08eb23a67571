/**
 * The crawler form's webview: renders the draft with lit and @vscode-elements/elements, and
 * talks to the extension through the shared protocol. Secrets typed here are posted once
 * (storeSecret) and never kept: not in the draft, not in setState.
 */
import '@vscode-elements/elements/dist/vscode-badge/index.js';
import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-checkbox/index.js';
import '@vscode-elements/elements/dist/vscode-collapsible/index.js';
import '@vscode-elements/elements/dist/vscode-form-helper/index.js';
import '@vscode-elements/elements/dist/vscode-label/index.js';
import '@vscode-elements/elements/dist/vscode-progress-ring/index.js';
import '@vscode-elements/elements/dist/vscode-radio/index.js';
import '@vscode-elements/elements/dist/vscode-radio-group/index.js';
import '@vscode-elements/elements/dist/vscode-textfield/index.js';
import { html, nothing, render, type TemplateResult } from 'lit';
import type { FormDraft } from '../../src/features/form/formDraft';
import { messageUnderField } from '../../src/features/form/fieldMessages';
import { fieldKeyOf, type FormIssue } from '../../src/features/form/protocol';
import { FormModel } from './model';
import './namesPicker';
import { connectionSection, credentialSection, metadataSection, scheduleSection, type SectionContext } from './sections';
import { issueList } from './widgets';

const root = document.getElementById('app') as HTMLElement;
let cleared = false;
/** Fields the user has edited: their issues show at once; the others' after a save or for a loaded file. */
const touched = new Set<string>();
let showAll = false;

const model = new FormModel(() => draw());

function issuesByField(issues: readonly FormIssue[]): { of: (key: string) => FormIssue[]; rest: () => FormIssue[] } {
  const shown = new Set<string>();
  const visible = (key: string) => showAll || touched.has(key) || [...touched].some((t) => t.startsWith(`${key}.`) || key.startsWith(`${t}.`));
  return {
    of: (key) => {
      shown.add(key);
      if (!visible(key)) return [];
      return issues.filter((i) => fieldKeyOf(i.path) === key).map((i) => ({ ...i, message: messageUnderField(i.path, i.message) }));
    },
    rest: () => issues.filter((i) => !shown.has(fieldKeyOf(i.path)) && (showAll || i.severity === 'warning' || i.code === 'unknown-key')),
  };
}

function header(): TemplateResult {
  const v = model.view;
  const session = v.session;
  const title = v.fileName ? v.fileName : 'New crawler configuration';
  return html`<header>
    <h1>Postgres crawler <span class="file">${title}</span>${model.dirty ? html` <span class="dirty" title="Unsaved changes">● unsaved</span>` : nothing}</h1>
    <p class="session">
      ${session?.description ?? ''}${session?.surface ? ` (${session.surface === 'apps' ? 'App API' : 'workflows API'})` : ''}
      ${session && !session.signedIn ? html`<vscode-button secondary @click=${() => model.send({ type: 'signIn' })}>Sign in</vscode-button>` : nothing}
      ${v.fileName ? html`<vscode-button secondary @click=${() => model.send({ type: 'openFile' })}>Open the file</vscode-button>` : nothing}
    </p>
    ${session && !session.trusted ? html`<div class="notice warning" role="status">This workspace is not trusted: testing connections and submitting are off.</div>` : nothing}
    ${v.notes.map((n) => html`<div class="notice warning" role="status">${n}</div>`)}
    ${v.error
      ? html`<div class="notice error" role="alert">${v.error} <vscode-button secondary @click=${() => ((v.error = undefined), draw())}>Dismiss</vscode-button></div>`
      : nothing}
    ${v.flash ? html`<div class="notice ok" role="status">${v.flash}</div>` : nothing}
  </header>`;
}

function footer(errors: number): TemplateResult {
  const v = model.view;
  const saving = v.busy.has('save');
  const trusted = v.session?.trusted ?? false;
  const save = () => {
    showAll = true;
    model.send({ type: 'save' });
    draw();
  };
  return html`<footer>
    <vscode-button id="save" ?disabled=${saving} @click=${save}>${saving ? 'Saving…' : 'Save'}</vscode-button>
    <vscode-button
      id="save-submit"
      secondary
      ?disabled=${saving || !trusted}
      title=${trusted ? 'Save, then submit the crawler to Atlan' : 'Needs a trusted workspace'}
      @click=${() => ((showAll = true), model.send({ type: 'saveAndSubmit' }))}
      >Save and Submit</vscode-button
    >
    <vscode-button id="preview" secondary @click=${() => model.send({ type: 'previewPayload' })}>Preview payload</vscode-button>
    <vscode-button
      id="preview-scope"
      secondary
      ?disabled=${!trusted}
      title=${trusted ? 'Connect to the database and show which schemas, tables and views a crawl covers' : 'Needs a trusted workspace'}
      @click=${() => model.send({ type: 'previewScope' })}
      >Preview scope</vscode-button
    >
    ${v.state?.fileUri ? html`<vscode-button secondary @click=${() => model.send({ type: 'reloadFromFile' })}>Revert to file</vscode-button>` : nothing}
    <span class="summary" role="status">${errors === 0 ? 'No problems' : `${errors} problem${errors === 1 ? '' : 's'} to fix`}</span>
  </footer>`;
}

function draw(): void {
  const state = model.view.state;
  if (!state) return;
  if (!cleared) {
    // The static "Loading…" text; lit renders next to whatever is there.
    root.replaceChildren();
    cleared = true;
  }
  // A loaded file shows its problems at once; a new form waits for the user.
  if (state.fileUri) showAll = true;
  const issues = issuesByField(model.view.issues);
  const ctx: SectionContext = {
    model,
    draft: state.draft,
    issues: issues.of,
    edit: (key: string, mutate: (d: FormDraft) => void) => {
      touched.add(key);
      model.edit(mutate);
    },
  };
  const sections = [credentialSection(ctx), connectionSection(ctx), metadataSection(ctx), scheduleSection(ctx)];
  const rest = issues.rest();
  const errors = model.view.issues.filter((i) => i.severity === 'error').length;
  render(
    html`${header()}
      ${rest.length ? html`<section class="other-issues" aria-label="Other problems in the file">${issueList(rest)}</section>` : nothing}
      <form @submit=${(e: Event) => e.preventDefault()}>${sections}</form>
      ${footer(errors)}`,
    root,
  );
}

model.start();
