/**
 * A plan for people and for machines: aligned lines for a terminal, a Markdown table for a
 * pull-request comment, and the --json document. Values are those drift normalised; secret
 * references show only as "(secret)", so no format can carry a secret.
 */
import type { Surface } from '../core/atlan';
import { countActions, planSummary, type FieldChange, type FilePlan, type Plan, type PlanAction } from '../core/plan/plan';
import { surfaceLabel } from './tenant';

export interface PlanHeader {
  origin: string;
  surface: Surface;
  /** The profile whose overrides applied, if any. */
  profile?: string;
}

/** The --json document: `{"tenant", "surface", "files": [...], "unmanaged": [...]}`. */
export function planJson(plan: Plan, header: PlanHeader): Record<string, unknown> {
  return {
    tenant: header.origin,
    surface: header.surface,
    profile: header.profile ?? null,
    files: plan.files.map((f) => ({
      file: f.file,
      action: f.action,
      workflow: f.workflow ?? null,
      ...(f.connectionName !== undefined ? { connectionName: f.connectionName } : {}),
      fields: f.fields,
      reason: f.reason ?? null,
      ...(f.conflict ? { conflict: f.conflict } : {}),
      ...(f.notCompared?.length ? { notCompared: f.notCompared } : {}),
    })),
    unmanaged: plan.unmanaged.map((w) => ({ workflow: w.name, connectionName: w.connectionName ?? null })),
    summary: countActions(plan),
  };
}

export { planSummary };

function fieldNames(fields: readonly FieldChange[]): string {
  return fields.map((f) => f.path).join(', ');
}

/** What the line after the file says, per action. */
function detail(f: FilePlan): string {
  switch (f.action) {
    case 'create':
      return `new crawler of connection "${f.connectionName ?? ''}"`;
    case 'update':
      return `${f.workflow ?? ''}: ${fieldNames(f.fields)}`;
    case 'unchanged':
      return f.workflow ?? '';
    case 'adopt':
      return `${f.workflow ?? ''} (records it in the file${f.fields.length > 0 ? `; updates ${fieldNames(f.fields)}` : ''})`;
    case 'conflict':
      return f.reason ?? '';
  }
}

export function planText(plan: Plan, header: PlanHeader): string {
  const lines = [`Plan against ${header.origin} (${surfaceLabel(header.surface)})${header.profile !== undefined ? `, profile "${header.profile}"` : ''}:`];
  const actionWidth = Math.max(...(['unchanged', 'conflict'] as PlanAction[]).map((a) => a.length));
  const fileWidth = Math.max(0, ...plan.files.map((f) => f.file.length));
  for (const f of plan.files) lines.push(`  ${f.action.padEnd(actionWidth)}  ${f.file.padEnd(fileWidth)}  ${detail(f)}`.trimEnd());
  for (const f of plan.files.filter((p) => p.action === 'update' || p.action === 'adopt')) {
    for (const change of f.fields) lines.push(`    ${f.file}: ${change.path}: ${show(change.tenant)} -> ${show(change.file)}`);
  }
  if (plan.unmanaged.length > 0) {
    lines.push(`Unmanaged (no file claims them; never touched): ${plan.unmanaged.length}`);
    for (const w of plan.unmanaged) lines.push(`  ${w.name}${w.connectionName !== undefined ? `  connection "${w.connectionName}"` : ''}`);
  }
  lines.push(`${planSummary(plan)}.`);
  return `${lines.join('\n')}\n`;
}

/** A Markdown table fit for a pull-request comment. */
export function planMarkdown(plan: Plan, header: PlanHeader): string {
  const lines = [
    `### Atlan Postgres plan: ${code(header.origin)} (${surfaceLabel(header.surface)})${header.profile !== undefined ? `, profile ${code(header.profile)}` : ''}`,
    '',
    `${planSummary(plan)}.`,
    '',
    '| File | Action | Workflow | Details |',
    '|---|---|---|---|',
  ];
  for (const f of plan.files) {
    const details =
      f.action === 'update' || f.action === 'adopt'
        ? f.fields.map((c) => `${code(c.path)}: ${code(show(c.tenant))} → ${code(show(c.file))}`).join('<br>') || (f.action === 'adopt' ? 'records the workflow' : '')
        : f.action === 'create'
          ? `new connection ${code(f.connectionName ?? '')}`
          : f.action === 'conflict'
            ? cell(f.reason ?? '')
            : '';
    lines.push(`| ${code(f.file)} | ${f.action === 'conflict' ? '**conflict**' : f.action} | ${f.workflow ? code(f.workflow) : ''} | ${details} |`);
  }
  if (plan.unmanaged.length > 0) {
    lines.push('', `<details><summary>${plan.unmanaged.length} unmanaged crawler(s): no file claims them, never touched</summary>`, '');
    for (const w of plan.unmanaged) lines.push(`- ${code(w.name)}${w.connectionName !== undefined ? ` (connection ${code(w.connectionName)})` : ''}`);
    lines.push('', '</details>');
  }
  return `${lines.join('\n')}\n`;
}

function show(value: unknown): string {
  return value === undefined ? '(none)' : JSON.stringify(value);
}

/** Inline code that survives any content: a fence longer than any backtick run inside, pipes escaped for tables. */
function code(text: string): string {
  const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longest + 1);
  const padded = text.startsWith('`') || text.endsWith('`') ? ` ${text} ` : text;
  return `${fence}${cell(padded)}${fence}`;
}

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}
