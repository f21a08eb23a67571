/**
 * Literal secrets in a file, found on the syntax tree rather than through zod: zod only reaches
 * a password once the rest of `extraction` validates (a misspelt auth type, a stray key or a
 * number would hide it), and a secret written in a repository must be reported whatever else
 * is wrong. The message names the path, never the value.
 */
import type { Node } from 'jsonc-parser';
import { formatPath, type ConfigIssue, type IssuePath } from './issues';

/** Fields of the model that must hold a `{"secret": ...}` reference. */
export const SECRET_FIELDS = ['password', 'secretKey', 'externalId'] as const;

/**
 * The model's fields plus the spellings of the same secrets on the wire and in AWS tooling,
 * which people paste into the wrong place: a secret under any of them is still a secret.
 */
const SECRET_KEYS: ReadonlySet<string> = new Set<string>([
  ...SECRET_FIELDS,
  'secret_key',
  'secretAccessKey',
  'aws_secret_access_key',
  'external_id',
  'aws_external_id',
]);

/** A secret name to suggest in messages: the connection name when it is a valid one. */
export function suggestSecretName(connectionName: unknown): string {
  return typeof connectionName === 'string' && /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/.test(connectionName) ? connectionName : 'my-secret';
}

export function literalSecretMessage(path: IssuePath, connectionName: unknown): string {
  return (
    `${formatPath(path)} must be a secret reference such as {"secret": "${suggestSecretName(connectionName)}"}, not the secret itself; ` +
    'keep the value in VS Code SecretStorage or the environment variable ATLAN_SECRET_<NAME>'
  );
}

/**
 * One `literal-secret` issue per secret-named property under the root's `extraction` (at any
 * depth) whose value is a string or a number, at the exact range of that value.
 */
export function literalSecretIssues(root: Node, connectionName: unknown): ConfigIssue[] {
  if (root.type !== 'object') return [];
  const issues: ConfigIssue[] = [];
  const visit = (node: Node, path: IssuePath): void => {
    if (node.type === 'object') {
      for (const property of node.children ?? []) {
        const [keyNode, valueNode] = property.children ?? [];
        if (!keyNode || !valueNode) continue;
        const key = String(keyNode.value);
        const at = [...path, key];
        if (SECRET_KEYS.has(key) && (valueNode.type === 'string' || valueNode.type === 'number')) {
          issues.push({
            code: 'literal-secret',
            message: literalSecretMessage(at, connectionName),
            path: at,
            offset: valueNode.offset,
            length: valueNode.length,
            severity: 'error',
          });
        } else {
          visit(valueNode, at);
        }
      }
    } else if (node.type === 'array') {
      (node.children ?? []).forEach((child, i) => visit(child, [...path, i]));
    }
  };
  for (const property of root.children ?? []) {
    const [keyNode, valueNode] = property.children ?? [];
    if (keyNode?.value === 'extraction' && valueNode) visit(valueNode, ['extraction']);
  }
  return issues;
}
