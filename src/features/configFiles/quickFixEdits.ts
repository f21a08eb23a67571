/**
 * The quick fixes of configuration-file problems, as plain text replacements (no `vscode`):
 * each is cheap and obviously right, or it is not offered.
 */
import { findNodeAtLocation, parseTree } from 'jsonc-parser';
import type { ConfigIssue, IssuePath } from '../../core/config/issues';
import { SECRET_FIELDS } from '../../core/config/literalSecrets';
import { valueAt } from '../../core/config/translateIssues';
import { minimalReplacement, readJsonObject, rewriteConfigText, type TextReplacement } from './jsonTextEdits';

export type QuickFix =
  | { title: string; kind: 'edit'; replacement: TextReplacement; preferred: boolean }
  /** Needs a prompt and SecretStorage: the extension runs it as a command. */
  | { title: string; kind: 'moveSecret'; path: IssuePath };

/** Argo / robfig descriptors and the five-field expressions they stand for. */
const DESCRIPTORS: Record<string, string> = {
  '@yearly': '0 0 1 1 *',
  '@annually': '0 0 1 1 *',
  '@monthly': '0 0 1 * *',
  '@weekly': '0 0 * * 0',
  '@daily': '0 0 * * *',
  '@midnight': '0 0 * * *',
  '@hourly': '0 * * * *',
};

type Json = Record<string, unknown>;

function replaceNode(text: string, path: IssuePath, replacementText: string, target: 'value' | 'key' = 'value'): TextReplacement | undefined {
  const root = parseTree(text, [], { allowTrailingComma: true });
  const node = root && findNodeAtLocation(root, path);
  if (!node) return undefined;
  const at = target === 'key' ? node.parent?.children?.[0] : node;
  if (!at) return undefined;
  return { offset: at.offset, length: at.length, text: replacementText };
}

/** A fix that changes the JSON value; the text keeps everything else. */
function rewrite(text: string, change: (value: Json) => boolean): TextReplacement | undefined {
  const read = readJsonObject(text);
  if ('error' in read) return undefined;
  const value = structuredClone(read.value);
  if (!change(value)) return undefined;
  return minimalReplacement(text, rewriteConfigText(text, value));
}

function suggestion(message: string): string | undefined {
  return /did you mean "([^"]+)"\?/.exec(message)?.[1];
}

export function quickFixesFor(text: string, issue: ConfigIssue): QuickFix[] {
  const fixes: QuickFix[] = [];
  const add = (title: string, replacement: TextReplacement | undefined, preferred = true): void => {
    if (replacement) fixes.push({ title, kind: 'edit', replacement, preferred });
  };
  const read = readJsonObject(text);
  const root = 'value' in read ? read.value : undefined;
  const value = valueAt(root, issue.path);
  switch (issue.code) {
    case 'literal-secret':
      // Only where a reference belongs: a secret pasted under a wire spelling (`aws_secret_access_key`)
      // is an unknown key, and the fix for it is to remove or rename that key.
      if ((SECRET_FIELDS as readonly unknown[]).includes(issue.path.at(-1))) {
        fixes.push({ title: 'Move to secret storage', kind: 'moveSecret', path: issue.path });
      }
      break;
    case 'port-type':
      if (typeof value === 'string' && /^\s*\d+\s*$/.test(value)) add(`Convert ${JSON.stringify(value)} to the number ${value.trim()}`, replaceNode(text, issue.path, value.trim()));
      break;
    case 'missing-admin':
      add(
        'Add "$admin" as connection admin role',
        rewrite(text, (v) => {
          const admins = typeof v.admins === 'object' && v.admins !== null && !Array.isArray(v.admins) ? (v.admins as Json) : {};
          v.admins = { ...admins, roles: ['$admin'] };
          return true;
        }),
      );
      break;
    case 'unknown-key': {
      const wanted = suggestion(issue.message);
      const parent = valueAt(root, issue.path.slice(0, -1));
      const taken = typeof parent === 'object' && parent !== null && wanted !== undefined && wanted in parent;
      if (wanted && !taken) add(`Rename to "${wanted}"`, replaceNode(text, issue.path, JSON.stringify(wanted), 'key'));
      break;
    }
    case 'unknown-timezone': {
      const wanted = suggestion(issue.message);
      if (wanted) add(`Change to "${wanted}"`, replaceNode(text, issue.path, JSON.stringify(wanted)));
      break;
    }
    case 'invalid-cron': {
      const expr = typeof value === 'string' ? DESCRIPTORS[value.trim().toLowerCase()] : undefined;
      if (expr) add(`Replace with "${expr}"`, replaceNode(text, issue.path, JSON.stringify(expr)));
      break;
    }
    case 'invalid-host': {
      if (typeof value !== 'string') break;
      const withPort = /^([^:/\s]+):(\d{1,5})$/.exec(value);
      if (withPort) {
        add(
          `Move the port ${withPort[2]} to extraction.port`,
          rewrite(text, (v) => {
            const extraction = v.extraction as Json;
            extraction.host = withPort[1];
            extraction.port = Number(withPort[2]);
            return true;
          }),
        );
        break;
      }
      const bare = /^[a-z][a-z0-9+.-]*:\/\/([^/:?#\s]+)/i.exec(value)?.[1];
      if (bare) add(`Change to "${bare}"`, replaceNode(text, issue.path, JSON.stringify(bare)));
      break;
    }
    case 'duplicate-entry': {
      const index = issue.path[issue.path.length - 1];
      if (typeof index !== 'number') break;
      add(
        `Remove the repeated ${JSON.stringify(value)}`,
        rewrite(text, (v) => {
          const list = valueAt(v, issue.path.slice(0, -1));
          if (!Array.isArray(list)) return false;
          list.splice(index, 1);
          return true;
        }),
      );
      break;
    }
    default:
      break;
  }
  return fixes;
}
