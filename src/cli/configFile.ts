/** Reading and validating a configuration file for a command, with issues printed the same way everywhere. */
import { parseConfig, lineColumn } from '../core/config/parse';
import type { ConfigIssue } from '../core/config/issues';
import type { CrawlerConfig } from '../core/config/model';
import { ExitCode } from './exitCodes';
import { CliFailure } from './failures';
import type { CliIo } from './io';

export interface LoadedConfig {
  path: string;
  text: string;
  config?: CrawlerConfig;
  issues: ConfigIssue[];
}

/** Reads and parses; a missing or unreadable file is reported as a single issue-like error. */
export async function loadConfigFile(path: string, io: CliIo): Promise<LoadedConfig | { path: string; readError: string }> {
  let text: string;
  try {
    text = await io.readFile(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const reason = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : code === 'EACCES' ? 'permission denied' : 'cannot be read';
    return { path, readError: `${path}: ${reason}` };
  }
  const result = parseConfig(text);
  return { path, text, issues: result.issues, ...(result.config ? { config: result.config } : {}) };
}

/** `file:line:col: error code: message`, the format editors and CI annotators understand. */
export function formatIssue(loaded: LoadedConfig, issue: ConfigIssue): string {
  const { line, column } = lineColumn(loaded.text, issue.offset);
  return `${loaded.path}:${line}:${column}: ${issue.severity} ${issue.code}: ${issue.message}`;
}

export function issueJson(loaded: LoadedConfig, issue: ConfigIssue): Record<string, unknown> {
  const { line, column } = lineColumn(loaded.text, issue.offset);
  return { ...issue, line, column };
}

export type ValidConfig = LoadedConfig & { config: CrawlerConfig };

/**
 * Loads a file that must be valid before anything is sent: warnings go to stderr, errors too,
 * and an invalid or unreadable file is a CliFailure (exit 2) carrying its issues for --json.
 */
export async function requireValidConfig(path: string, io: CliIo, purpose: string): Promise<ValidConfig> {
  const loaded = await loadConfigFile(path, io);
  if ('readError' in loaded) throw new CliFailure(ExitCode.invalid, loaded.readError);
  for (const issue of loaded.issues) io.stderr(`${formatIssue(loaded, issue)}\n`);
  if (!loaded.config) {
    throw new CliFailure(ExitCode.invalid, `${path}: invalid configuration; nothing to ${purpose}`, {
      file: path,
      issues: loaded.issues.map((i) => issueJson(loaded, i)),
    });
  }
  return loaded as ValidConfig;
}
