/** The four sections of the form, as in Atlan's UI: Credential, Connection, Metadata, Schedule. */
import { html, nothing, type TemplateResult } from 'lit';
import { checkJavaRegex } from '../../src/core/config/javaRegex';
import { defaultSecretName, type FilterRow, type FormDraft, type SecretFieldName } from '../../src/features/form/formDraft';
import { formatRunTime, nextRuns } from '../../src/features/form/nextRuns';
import { cronInWords, describeSchedule } from '../../src/core/format/scheduleWords';
import type { FormIssue } from '../../src/features/form/protocol';
import type { FormModel } from './model';
import { checkbox, issueList, namesPicker, radioGroup, textField, valueOf } from './widgets';

/** Issues of a field (and every path under it). Marks the key as shown, so the rest go to the summary. */
export type IssuesOf = (key: string) => FormIssue[];

export interface SectionContext {
  model: FormModel;
  draft: FormDraft;
  issues: IssuesOf;
  edit: (key: string, mutate: (d: FormDraft) => void) => void;
}

const SECRET_LABELS: Record<SecretFieldName, string> = { password: 'Password', secretKey: 'AWS secret key', externalId: 'AWS external ID' };

function secretField(c: SectionContext, field: SecretFieldName, optional: boolean): TemplateResult {
  const value = c.draft.extraction[field];
  const fallback = defaultSecretName(c.draft.connectionName, field);
  const name = value.kind === 'ref' && value.name !== '' ? value.name : fallback;
  const stored = c.model.view.secrets[name] === true;
  const id = `secret-${field}`;
  const issues = c.issues(`extraction.auth.${field}`);
  const store = (event: Event): void => {
    const input = event.target as HTMLInputElement;
    const secret = input.value;
    if (secret === '') return;
    // The value goes straight to the extension (SecretStorage); only the name stays in the draft.
    c.edit(`extraction.auth.${field}`, (d) => (d.extraction[field] = { kind: 'ref', name }));
    c.model.send({ type: 'storeSecret', field, name, value: secret });
    input.value = '';
  };
  if (value.kind === 'literal') {
    return html`<div class="field">
      <vscode-label>${SECRET_LABELS[field]}</vscode-label>
      <div class="notice warning" role="alert">
        The file holds this value in plain text.
        <vscode-button secondary @click=${() => c.model.send({ type: 'moveLiteralSecret', field, name })}>Move to secret storage as “${name}”</vscode-button>
      </div>
      ${issueList(issues)}
    </div>`;
  }
  return html`<div class="field secret">
    <vscode-label for=${id} ?required=${!optional}>${SECRET_LABELS[field]}${optional ? ' (optional)' : ''}</vscode-label>
    <div class="row">
      <vscode-textfield
        id=${id}
        type="password"
        placeholder=${stored ? 'Stored: type to replace it' : 'Type it: it goes to VS Code secret storage, never into the file'}
        ?invalid=${issues.some((i) => i.severity === 'error')}
        @change=${store}
      ></vscode-textfield>
      <vscode-badge variant=${stored ? 'counter' : 'default'} aria-label=${stored ? 'stored' : 'not set'}>${stored ? 'stored' : 'not set'}</vscode-badge>
    </div>
    <vscode-form-helper>
      The file refers to it as {"secret": "${name}"}.
      <label class="inline">Secret name
        <vscode-textfield
          class="secret-name"
          aria-label="${SECRET_LABELS[field]} secret name"
          .value=${value.kind === 'ref' ? value.name : ''}
          placeholder=${fallback}
          @input=${(e: Event) => c.edit(`extraction.auth.${field}`, (d) => (d.extraction[field] = { kind: 'ref', name: valueOf(e) }))}
        ></vscode-textfield>
      </label>
    </vscode-form-helper>
    ${value.kind === 'invalid' ? html`<div class="issue warning">The file has something other than a secret reference here; typing a value replaces it.</div>` : nothing}
    ${issueList(issues)}
  </div>`;
}

function statusMark(status: string): string {
  return status === 'ok' ? '✓' : status === 'failed' ? '✗' : status === 'unreachable' ? '⚠' : '–';
}

export function credentialSection(c: SectionContext): TemplateResult {
  const x = c.draft.extraction;
  const v = c.model.view;
  const trusted = v.session?.trusted ?? false;
  type TextKey = 'host' | 'port' | 'database' | 'username' | 'accessKey' | 'roleArn' | 'awsRegion' | 'bucket' | 'prefix' | 'region';
  const text = (key: TextKey, label: string, extra: Partial<Parameters<typeof textField>[0]> = {}, issueKey = `extraction.${key}`) =>
    textField({
      id: `extraction-${key}`,
      label,
      value: x[key],
      issues: c.issues(issueKey),
      onInput: (value) => c.edit(issueKey, (d) => (d.extraction[key] = value)),
      ...extra,
    });
  const auth = (key: 'username' | 'accessKey' | 'roleArn' | 'awsRegion', label: string, extra: Partial<Parameters<typeof textField>[0]> = {}) =>
    text(key, label, extra, `extraction.auth.${key}`);

  const direct = html`
    ${text('host', 'Host', { required: true, placeholder: 'db.internal', help: 'Host name or IP address, without scheme or port.' })}
    ${text('port', 'Port', { required: true, placeholder: '5432' })} ${text('database', 'Database', { required: true, placeholder: 'analytics' })}
    ${radioGroup('auth-type', 'Authentication', x.authType, [
      ['basic', 'Basic'],
      ['iam_user', 'IAM user'],
      ['iam_role', 'IAM role'],
    ], (value) => c.edit('extraction.auth.type', (d) => (d.extraction.authType = value)))}
    ${x.authType === 'basic' ? html`${auth('username', 'Username', { required: true })} ${secretField(c, 'password', false)}` : nothing}
    ${x.authType === 'iam_user'
      ? html`${auth('accessKey', 'AWS access key', { required: true })} ${secretField(c, 'secretKey', false)}
        ${auth('username', 'Database username', { required: true })} ${auth('awsRegion', 'AWS region', { placeholder: 'eu-west-1', help: 'Needed by the App API.' })}`
      : nothing}
    ${x.authType === 'iam_role'
      ? html`${auth('roleArn', 'AWS role ARN', { required: true, placeholder: 'arn:aws:iam::123456789012:role/atlan-crawler' })}
        ${auth('username', 'Database username', { required: true })} ${secretField(c, 'externalId', true)}
        ${auth('awsRegion', 'AWS region', { placeholder: 'eu-west-1', help: 'Needed by the App API.' })}`
      : nothing}
    <div class="actions">
      <vscode-button id="test-connection" ?disabled=${!trusted || v.busy.has('testConnection')} @click=${() => c.model.send({ type: 'testConnection' })}
        >${v.busy.has('testConnection') ? 'Testing…' : 'Test connection'}</vscode-button
      >
      ${v.busy.has('testConnection') ? html`<vscode-progress-ring aria-label="Testing the connection"></vscode-progress-ring>` : nothing}
    </div>
    ${v.tests
      ? html`<ul class="results" aria-label="Connection test results">
          ${v.tests.map(
            (t) => html`<li class=${t.status}><span class="mark" aria-hidden="true">${statusMark(t.status)}</span>
              <strong>${t.target === 'tenant' ? 'Through the tenant' : 'From this machine'}:</strong> ${t.message}</li>`,
          )}
        </ul>`
      : nothing}
  `;
  const s3 = html`${text('bucket', 'S3 bucket', { required: true })} ${text('prefix', 'Prefix', { required: true, help: 'Path inside the bucket.' })}
    ${text('region', 'Region', { placeholder: 'eu-west-1' })}
    <div class="notice">Offline extraction works on the package-workflow API only; the App API has no form for it.</div>`;

  return html`<vscode-collapsible title="Credential" open>
    <div class="section">
      ${radioGroup('extraction-method', 'Extraction method', x.method, [
        ['direct', 'Direct'],
        ['s3', 'Offline (S3)'],
      ], (value) => c.edit('extraction.method', (d) => (d.extraction.method = value)))}
      ${x.method === 'direct' ? direct : s3} ${issueList(c.issues('extraction.auth'))} ${issueList(c.issues('extraction'))}
    </div>
  </vscode-collapsible>`;
}

export function connectionSection(c: SectionContext): TemplateResult {
  const dir = c.model.view.directory;
  const adminIssues = c.issues('admins');
  return html`<vscode-collapsible title="Connection" open>
    <div class="section">
      ${textField({
        id: 'connection-name',
        label: 'Connection name',
        value: c.draft.connectionName,
        required: true,
        issues: c.issues('connectionName'),
        onInput: (value) => c.edit('connectionName', (d) => (d.connectionName = value)),
      })}
      <fieldset>
        <legend>Connection admins (at least one role, group or user)</legend>
        ${dir?.note ? html`<vscode-form-helper>${dir.note}</vscode-form-helper>` : nothing}
        ${namesPicker({ id: 'admin-roles', label: 'Roles', values: c.draft.admins.roles, available: dir?.roles ?? [], issues: [], onChange: (v) => c.edit('admins', (d) => (d.admins.roles = v)), help: 'Role names such as $admin; they become role ids on submit.' })}
        ${namesPicker({ id: 'admin-groups', label: 'Groups', values: c.draft.admins.groups, available: dir?.groups ?? [], issues: [], onChange: (v) => c.edit('admins', (d) => (d.admins.groups = v)) })}
        ${namesPicker({ id: 'admin-users', label: 'Users', values: c.draft.admins.users, available: dir?.users ?? [], issues: [], onChange: (v) => c.edit('admins', (d) => (d.admins.users = v)) })}
        ${issueList(adminIssues)}
      </fieldset>
      ${checkbox('allow-query', 'Allow SQL query', c.draft.allowQuery, (v) => c.edit('allowQuery', (d) => (d.allowQuery = v)))}
      ${checkbox('allow-preview', 'Allow data preview', c.draft.allowQueryPreview, (v) => c.edit('allowQueryPreview', (d) => (d.allowQueryPreview = v)))}
      ${textField({
        id: 'row-limit',
        label: 'Max row limit',
        value: c.draft.rowLimit,
        issues: c.issues('rowLimit'),
        placeholder: '10000',
        onInput: (value) => c.edit('rowLimit', (d) => (d.rowLimit = value)),
      })}
    </div>
  </vscode-collapsible>`;
}

function filterRows(c: SectionContext, side: 'include' | 'exclude'): TemplateResult {
  const rows = c.draft[side];
  const catalog = c.model.view.catalog ?? [];
  const databases = catalog.map((d) => d.database);
  const update = (mutate: (rows: FilterRow[]) => void) => c.edit(side, (d) => mutate(d[side]));
  return html`<fieldset>
    <legend>${side === 'include' ? 'Include: databases and schemas to crawl (none = everything)' : 'Exclude: databases and schemas to skip (wins over include)'}</legend>
    ${rows.map((row, i) => {
      const schemas = catalog.find((d) => d.database === row.database)?.schemas ?? [];
      // Applied to the draft's row as it is now, not as it was when this row was drawn.
      const pick = (change: Partial<FilterRow>) => update((r) => (r[i] = { ...r[i], ...change }));
      return html`<div class="filter-row">
        ${namesPicker({
          id: `${side}-db-${i}`,
          label: 'Database',
          multiple: false,
          values: row.database ? [row.database] : [],
          available: databases,
          issues: [],
          onChange: (names) => pick({ database: names[0] ?? '' }),
        })}
        ${namesPicker({
          id: `${side}-schemas-${i}`,
          label: 'Schemas (none = all)',
          className: 'grow',
          values: row.schemas,
          available: schemas,
          issues: [],
          onChange: (names) => pick({ schemas: names }),
        })}
        <vscode-button secondary aria-label=${`Remove ${row.database || 'this database'} from ${side}`} @click=${() => update((r) => void r.splice(i, 1))}>Remove</vscode-button>
      </div>`;
    })}
    <vscode-button secondary @click=${() => update((r) => void r.push({ database: '', schemas: [] }))}>Add a database</vscode-button>
    ${catalog.length === 0 ? html`<vscode-form-helper>Test the connection to pick from the real databases and schemas; or type names.</vscode-form-helper>` : nothing}
    ${issueList(c.issues(side))}
  </fieldset>`;
}

export function metadataSection(c: SectionContext): TemplateResult {
  const v = c.model.view;
  // Checked here at each keystroke (Java regex rules), before the extension's validation answers.
  const regexError = c.draft.excludeRegex ? checkJavaRegex(c.draft.excludeRegex).error : undefined;
  const regexIssues = c.issues('excludeRegex');
  const local: FormIssue[] = regexError && regexIssues.length === 0 ? [{ path: ['excludeRegex'], code: 'invalid-regex', message: `excludeRegex ${regexError}`, severity: 'error' }] : [];
  const trusted = v.session?.trusted ?? false;
  const direct = c.draft.extraction.method === 'direct';
  return html`<vscode-collapsible title="Metadata" open>
    <div class="section">
      ${filterRows(c, 'include')} ${filterRows(c, 'exclude')}
      ${textField({
        id: 'exclude-regex',
        label: 'Exclude regex for tables and views',
        value: c.draft.excludeRegex,
        placeholder: '.*_TEST',
        issues: [...regexIssues, ...local],
        help: 'Java regular expression; matching tables and views are skipped.',
        onInput: (value) => c.edit('excludeRegex', (d) => (d.excludeRegex = value)),
      })}
      ${checkbox('source-filtering', 'Source-level schema filtering', c.draft.sourceLevelFiltering, (x) => c.edit('sourceLevelFiltering', (d) => (d.sourceLevelFiltering = x)), 'Fetch only the included schemas from the source.')}
      ${issueList(c.issues('sourceLevelFiltering'))}
      ${checkbox('jdbc-internal', 'Use JDBC internal methods', c.draft.jdbcInternalMethods, (x) => c.edit('jdbcInternalMethods', (d) => (d.jdbcInternalMethods = x)))}
      <div class="actions">
        <vscode-button id="run-preflight" secondary ?disabled=${!trusted || !direct || v.busy.has('runPreflight')} @click=${() => c.model.send({ type: 'runPreflight' })}
          >${v.busy.has('runPreflight') ? 'Checking…' : 'Run preflight checks'}</vscode-button
        >
      </div>
      ${v.preflight
        ? html`<ul class="results" aria-label="Preflight checks">
            ${v.preflight.checks.map(
              (p) => html`<li class=${p.ok ? 'ok' : 'failed'}><span class="mark" aria-hidden="true">${p.ok ? '✓' : '✗'}</span><strong>${p.name}:</strong> ${p.message}</li>`,
            )}
            ${v.preflight.error ? html`<li class="failed"><span class="mark" aria-hidden="true">✗</span>${v.preflight.error}</li>` : nothing}
          </ul>`
        : nothing}
    </div>
  </vscode-collapsible>`;
}

let zones: string[] | undefined;
function timeZones(): string[] {
  zones ??= ['UTC', ...Intl.supportedValuesOf('timeZone').filter((z) => z !== 'UTC')];
  return zones;
}

export function scheduleSection(c: SectionContext): TemplateResult {
  const s = c.draft.schedule;
  const preview = s.enabled ? nextRuns(s.cron, s.timezone, new Date()) : undefined;
  return html`<vscode-collapsible title="Schedule" open>
    <div class="section">
      ${checkbox('schedule-enabled', 'Run on a schedule', s.enabled, (x) => c.edit('schedule', (d) => (d.schedule.enabled = x)))}
      ${s.enabled
        ? html`${textField({
              id: 'schedule-cron',
              label: 'Cron expression',
              value: s.cron,
              placeholder: '45 4 * * *',
              required: true,
              issues: c.issues('schedule.cron'),
              help: 'minute hour day-of-month month day-of-week',
              onInput: (value) => c.edit('schedule.cron', (d) => (d.schedule.cron = value)),
            })}
            ${namesPicker({
              id: 'schedule-timezone',
              label: 'Time zone',
              multiple: false,
              values: s.timezone ? [s.timezone] : [],
              available: timeZones(),
              issues: c.issues('schedule.timezone'),
              onChange: (names) => c.edit('schedule.timezone', (d) => (d.schedule.timezone = names[0] ?? '')),
            })}
            <div class="next-runs" aria-live="polite">
              ${preview?.ok
                ? html`${cronInWords(s.cron) ? html`<p class="schedule-words">Runs ${describeSchedule(s)}.</p>` : nothing}<span>Next runs:</span><ol>${preview.runs.map((r) => html`<li>${formatRunTime(r, s.timezone)}</li>`)}</ol>`
                : preview?.about === 'calendar'
                  ? html`<span class="issue error">${preview.error}</span>`
                  : nothing}
            </div>
            ${issueList(c.issues('schedule'))}`
        : nothing}
    </div>
  </vscode-collapsible>`;
}
