/**
 * Warnings about a configuration that is valid but probably not what was meant. They never
 * block a submit; errors live in the zod model (and in filterOverlap.ts / literalSecrets.ts).
 */
import type { IssueCode, IssuePath } from './issues';
import { hasRegexMetacharacters, isAnchored } from './filterNames';
import type { CrawlerConfig } from './model';

export interface Warning {
  code: IssueCode;
  message: string;
  path: IssuePath;
}

export function lintConfig(config: CrawlerConfig): Warning[] {
  const warnings: Warning[] = [];
  for (const [key, list] of Object.entries(config.admins)) {
    if (Array.isArray(list)) warnings.push(...duplicates(list, ['admins', key]));
  }
  for (const side of ['include', 'exclude'] as const) {
    for (const [db, schemas] of Object.entries(config[side])) {
      warnings.push(...duplicates(schemas, [side, db]));
      warnings.push(...metacharacters(db, [side, db], 'database'));
      schemas.forEach((schema, i) => warnings.push(...metacharacters(schema, [side, db, i], 'schema')));
    }
  }
  if (config.extraction.method === 'direct' && config.extraction.auth.type === 'iam_role' && !/:role\//.test(config.extraction.auth.roleArn)) {
    warnings.push({
      code: 'role-arn-not-role',
      message: 'extraction.auth.roleArn is not the ARN of a role (":role/" is missing); IAM role authentication assumes a role',
      path: ['extraction', 'auth', 'roleArn'],
    });
  }
  if (config.sourceLevelFiltering && Object.keys(config.include).length === 0) {
    warnings.push({
      code: 'source-filter-without-include',
      message: 'sourceLevelFiltering is on but include is empty, so there is nothing to filter on the source',
      path: ['sourceLevelFiltering'],
    });
  }
  return warnings;
}

function duplicates(list: readonly string[], path: IssuePath): Warning[] {
  const seen = new Set<string>();
  const out: Warning[] = [];
  list.forEach((item, i) => {
    if (seen.has(item)) {
      out.push({ code: 'duplicate-entry', message: `${describe(path)} names "${item}" more than once`, path: [...path, i] });
    }
    seen.add(item);
  });
  return out;
}

function metacharacters(name: string, path: IssuePath, what: string): Warning[] {
  if (isAnchored(name) || !hasRegexMetacharacters(name)) return [];
  return [
    {
      code: 'filter-metacharacters',
      message:
        `${what} name "${name}" contains regex metacharacters; Atlan's crawler matches it as the regex "^${name}$". ` +
        'Write the anchored regex yourself (e.g. "^sales\\\\.v2$") to say exactly what it should match',
      path,
    },
  ];
}

function key(name: string): string {
  return /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(name) ? `.${name}` : `[${JSON.stringify(name)}]`;
}

function describe(path: IssuePath): string {
  return path.map((p, i) => (i === 0 ? String(p) : key(String(p)))).join('');
}
