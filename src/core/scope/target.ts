/**
 * Where the scope preview connects: the file's own direct extraction and basic-auth credential,
 * as Test connection does. IAM needs AWS and offline S3 extraction has no database to read; both
 * are said in words, as is a missing password secret.
 */
import type { CrawlerConfig } from '../config/model';

export interface ScopeTarget {
  host: string;
  port: number;
  database: string;
  username: string;
  password?: string;
}

export type ScopeTargetResult = { ok: true; target: ScopeTarget; secretName: string } | { ok: false; problem: string };

export function scopeTarget(config: CrawlerConfig): ScopeTargetResult {
  const extraction = config.extraction;
  if (extraction.method !== 'direct') {
    return { ok: false, problem: 'offline S3 extraction reads files, not a database: there is no catalog to preview' };
  }
  if (extraction.auth.type !== 'basic') {
    return { ok: false, problem: `${extraction.auth.type} authentication needs AWS to sign in; the preview can only use basic authentication` };
  }
  return {
    ok: true,
    secretName: extraction.auth.password.secret,
    target: { host: extraction.host, port: extraction.port, database: extraction.database, username: extraction.auth.username },
  };
}
