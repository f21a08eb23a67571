/**
 * "Preview Crawl Scope": reads the catalog of the file's database with the file's credential
 * (Test connection's direct path, only in a trusted workspace) and computes what a crawl covers.
 * Secret values are read from SecretStorage here and go only to the database.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { formatPath } from '../../core/config/issues';
import { parseConfig } from '../../core/config/parse';
import { MissingSecretsError, resolveSecrets } from '../../core/config/secrets';
import { computeScope, crawlSentence, ScopeFilterError, scopeTarget, totalsSentence } from '../../core/scope';
import { loadPostgresChecks } from '../form/postgresChecks';
import type { Services } from '../services';
import type { ShownScope } from './crawlScopeView';

/** A config file, or the text of a form's draft. */
export type ScopeSource = vscode.Uri | { title: string; configText: string };

/** Same budget as the form's direct Test connection. */
const CONNECT_TIMEOUT_MS = 5_000;

/** Why the preview could not be made, in words for the user (no secret ever in it). */
export class ScopePreviewError extends Error {
  override name = 'ScopePreviewError';
}

async function sourceText(source: ScopeSource): Promise<{ title: string; text: string }> {
  if (!(source instanceof vscode.Uri)) return { title: source.title, text: source.configText };
  const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === source.toString());
  const text = open ? open.getText() : new TextDecoder().decode(await vscode.workspace.fs.readFile(source));
  return { title: path.basename(source.path), text };
}

export async function previewScope(source: ScopeSource, services: Services, extensionPath: string, signal?: AbortSignal): Promise<ShownScope> {
  if (!vscode.workspace.isTrusted) throw new ScopePreviewError('Previewing the scope connects to the database with its credential; trust this workspace first.');
  const { title, text } = await sourceText(source);
  const parsed = parseConfig(text);
  const config = parsed.config;
  if (!config) {
    const first = parsed.issues.find((i) => i.severity === 'error');
    throw new ScopePreviewError(`${title} is not a valid configuration${first ? ` (${formatPath(first.path)}: ${first.message})` : ''}; fix it to preview its scope.`);
  }
  const where = scopeTarget(config);
  if (!where.ok) throw new ScopePreviewError(`Cannot preview ${title}: ${where.problem}.`);
  let secrets;
  try {
    secrets = await resolveSecrets(config, services.secrets.lookup, { whereToSet: (name) => `store it with "Atlan: Store Secret" (as "${name}")` });
  } catch (err) {
    if (err instanceof MissingSecretsError) throw new ScopePreviewError(`Cannot preview ${title}: ${err.message}.`);
    throw err;
  }
  const checks = loadPostgresChecks(extensionPath);
  let catalog;
  try {
    catalog = await checks.readScopeCatalog({ ...where.target, password: secrets.get(where.secretName), connectTimeoutMs: CONNECT_TIMEOUT_MS }, signal);
  } catch (err) {
    if (err instanceof checks.PostgresCheckError) {
      throw new ScopePreviewError(`Cannot read the catalog of ${where.target.database} at ${where.target.host}:${where.target.port}: ${err.message}`);
    }
    throw err;
  }
  try {
    const scope = computeScope(catalog, config);
    return { title, scope, summary: totalsSentence(scope.totals), crawl: crawlSentence(scope) };
  } catch (err) {
    if (err instanceof ScopeFilterError) throw new ScopePreviewError(`Cannot preview ${title}: ${err.message}.`);
    throw err;
  }
}
