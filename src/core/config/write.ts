/**
 * Writing configuration files: a config object as file text (new files, imports), and
 * in-place edits of existing text that keep the user's comments and layout.
 */
import { applyEdits, modify, parseTree, type FormattingOptions } from 'jsonc-parser';
import type { CrawlerConfigInput } from './model';

/** Key order of each object, as in the documented example; unknown keys follow in their own order. */
const KEY_ORDER: Record<string, readonly string[]> = {
  root: [
    '$schema', 'connectionName', 'profile', 'workflow', 'admins', 'allowQuery', 'allowQueryPreview', 'rowLimit',
    'extraction', 'include', 'exclude', 'excludeRegex', 'sourceLevelFiltering', 'jdbcInternalMethods', 'schedule', 'profiles',
  ],
  admins: ['roles', 'groups', 'users'],
  extraction: ['method', 'host', 'port', 'database', 'bucket', 'prefix', 'region', 'auth'],
  auth: ['type', 'username', 'password', 'accessKey', 'secretKey', 'roleArn', 'externalId', 'awsRegion'],
  schedule: ['cron', 'timezone'],
};

/** Objects whose keys are data (database names), written in their own order. */
const DATA_MAPS = new Set(['include', 'exclude', 'profiles']);

/** The configuration as file text: 2-space JSON, stable key order, trailing newline. */
export function formatConfig(config: CrawlerConfigInput): string {
  return `${JSON.stringify(ordered(config, 'root'), null, 2)}\n`;
}

function ordered(value: unknown, kind: string): unknown {
  if (Array.isArray(value)) return value.map((v) => ordered(v, ''));
  if (typeof value !== 'object' || value === null) return value;
  const source = value as Record<string, unknown>;
  if (DATA_MAPS.has(kind)) return { ...source };
  const order = KEY_ORDER[kind] ?? [];
  const keys = [...order.filter((k) => k in source), ...Object.keys(source).filter((k) => !order.includes(k))];
  const out: Record<string, unknown> = {};
  for (const key of keys) {
    if (source[key] !== undefined) out[key] = ordered(source[key], key);
  }
  return out;
}

/**
 * Sets (or replaces) the top-level "workflow" property in file text, after the first submit.
 * Only that property changes: comments, formatting and everything else stay as they were.
 */
export function setWorkflowName(text: string, name: string): string {
  const root = parseTree(text, [], { allowTrailingComma: true });
  if (!root || root.type !== 'object') {
    throw new Error('cannot record the workflow name: the file does not hold a JSON object');
  }
  const properties = root.children ?? [];
  const present = properties.map((p) => String(p.children?.[0]?.value));
  if (!present.includes('workflow')) {
    const anchor = properties[present.indexOf('profile')] ?? properties[present.indexOf('connectionName')];
    const inserted = anchor && insertLineAfter(text, anchor.offset + anchor.length, `"workflow": ${JSON.stringify(name)},`);
    if (inserted) return inserted;
  }
  const edits = modify(text, ['workflow'], name, {
    formattingOptions: formattingOf(text),
    // New property goes right after "profile" or "connectionName", as in the documented layout.
    getInsertionIndex: (properties) => {
      for (const anchor of ['profile', 'connectionName']) {
        const at = properties.indexOf(anchor);
        if (at >= 0) return at + 1;
      }
      return present.includes('$schema') ? 1 : 0;
    },
  });
  return applyEdits(text, edits);
}

/**
 * Inserts a line after the property ending at `end` when it is followed by a comma and ends
 * its line (maybe with a // comment): keeps that comment on its own property, which
 * jsonc-parser's modify would move onto the new one. Undefined when the layout is anything else.
 */
function insertLineAfter(text: string, end: number, line: string): string | undefined {
  let i = end;
  while (text[i] === ' ' || text[i] === '\t') i++;
  if (text[i] !== ',') return undefined;
  i++;
  while (text[i] === ' ' || text[i] === '\t') i++;
  if (text.startsWith('//', i)) {
    while (i < text.length && text[i] !== '\n' && text[i] !== '\r') i++;
  }
  if (text[i] !== '\n' && text[i] !== '\r') return undefined;
  const lineStart = text.lastIndexOf('\n', end - 1) + 1;
  const indent = /^[ \t]*/.exec(text.slice(lineStart))?.[0] ?? '';
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  return text.slice(0, i) + eol + indent + line + text.slice(i);
}

/** Indentation and line ending of the existing text, so inserted lines look like their neighbours. */
function formattingOf(text: string): FormattingOptions {
  const indent = /\n([ \t]+)"/.exec(text)?.[1] ?? '  ';
  const tabs = indent.startsWith('\t');
  return { insertSpaces: !tabs, tabSize: tabs ? 1 : indent.length, eol: text.includes('\r\n') ? '\r\n' : '\n' };
}

/**
 * Sets `profiles.<profile>.workflow` in file text (apply or submit with a profile): the workflow
 * of this crawler on that profile's tenant. Only that property changes; the others' stay.
 */
export function setProfileWorkflowName(text: string, profile: string, name: string): string {
  const root = parseTree(text, [], { allowTrailingComma: true });
  if (!root || root.type !== 'object') throw new Error('cannot record the workflow name: the file does not hold a JSON object');
  return applyEdits(text, modify(text, ['profiles', profile, 'workflow'], name, { formattingOptions: formattingOf(text) }));
}
