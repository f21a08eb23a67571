/** Reading and validating a configuration file for a command, with issues printed the same way everywhere. */
import { parseConfig, lineColumn } from '../core/config/parse';
import { configForProfile, profileProblem } from '../core/config/profiles';
import type { ConfigIssue } from '../core/config/issues';
import type { CrawlerConfig } from '../core/config/model';
import { ExitCode } from './exitCodes';
import { CliFailure } from './failures';
import type { CliIo } from './io';

export interface LoadedConfig {
  path: string;
  /** Without the byte order mark, if the file had one. */
  text: string;
  /** The file starts with a UTF-8 byte order mark (kept when the CLI writes it back). */
  bom: boolean;
  config?: CrawlerConfig;
  issues: ConfigIssue[];
}

const BOM = '\uFEFF';

/**
 * Text without a leading UTF-8 byte order mark (Windows editors write one; JSON parsers choke on
 * it), and whether there was one, so that a write-back can keep the file as it was.
 */
export function splitBom(raw: string): { text: string; bom: boolean } {
  return raw.startsWith(BOM) ? { text: raw.slice(BOM.length), bom: true } : { text: raw, bom: false };
}

export function withBom(text: string, bom: boolean): string {
  return bom ? `${BOM}${text}` : text;
}

/** Reads and parses; a missing or unreadable file is reported as a single issue-like error. */
export async function loadConfigFile(path: string, io: CliIo): Promise<LoadedConfig | { path: string; readError: string }> {
  let read: { text: string; bom: boolean };
  try {
    read = splitBom(await io.readFile(path));
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const reason = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : code === 'EACCES' ? 'permission denied' : 'cannot be read';
    return { path, readError: `${path}: ${reason}` };
  }
  const { text, bom } = read;
  const result = parseConfig(text);
  return { path, text, bom, issues: result.issues, ...(result.config ? { config: result.config } : {}) };
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
 * With a profile, `config` is the file as that profile's tenant sees it (its overrides and the
 * workflow recorded under it); a file meant for another profile is refused.
 */
export async function requireValidConfig(path: string, io: CliIo, purpose: string, profile?: string): Promise<ValidConfig> {
  const loaded = await loadConfigFile(path, io);
  if ('readError' in loaded) throw new CliFailure(ExitCode.invalid, 'fileUnreadable', loaded.readError, { file: path });
  for (const issue of loaded.issues) io.stderr(`${formatIssue(loaded, issue)}\n`);
  if (!loaded.config) {
    throw new CliFailure(ExitCode.invalid, 'invalidConfig', `${path}: invalid configuration; nothing to ${purpose}`, {
      file: path,
      issues: loaded.issues.map((i) => issueJson(loaded, i)),
    });
  }
  if (profile === undefined) return loaded as ValidConfig;
  const config = loaded.config;
  if (config.profile !== undefined && config.profile !== profile) {
    throw new CliFailure(ExitCode.invalid, 'usage', `${path} is meant for the profile "${config.profile}", not "${profile}"; nothing to ${purpose}`, { file: path });
  }
  const problem = profileProblem(config, profile);
  if (problem !== undefined) throw new CliFailure(ExitCode.invalid, 'invalidConfig', `${path}: ${problem}; nothing to ${purpose}`, { file: path });
  return { ...loaded, config: configForProfile(config, profile) };
}
