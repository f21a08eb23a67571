/* eslint-disable @typescript-eslint/no-explicit-any -- these tests read the sandbox's untyped JSON replies, as a client would before validating them. */
/** Shared helpers for the sandbox tests: a fast sandbox, a tiny HTTP client, polling. */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { request } from 'undici';
import { startSandbox, type SandboxHandle, type SandboxOptions } from '../../../sandbox/server';

export interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  json: any;
}

/** A sandbox whose runs finish in ~40 ms and whose diagnostics go to `logs`. */
export async function fastSandbox(options: SandboxOptions = {}): Promise<SandboxHandle & { logs: string[] }> {
  const logs: string[] = [];
  const handle = await startSandbox({ clockSpeed: 2000, log: (l) => logs.push(l), ...options });
  return Object.assign(handle, { logs });
}

export async function call(
  sandbox: SandboxHandle,
  method: string,
  apiPath: string,
  opts: { token?: string | null; body?: unknown; rawBody?: string | Buffer; contentType?: string } = {},
): Promise<Reply> {
  const token = opts.token === undefined ? sandbox.tokens.apiToken : opts.token;
  const headers: Record<string, string> = {};
  if (token !== null) headers['authorization'] = `Bearer ${token}`;
  let body: string | Buffer | undefined;
  if (opts.rawBody !== undefined) body = opts.rawBody;
  else if (opts.body !== undefined) body = JSON.stringify(opts.body);
  if (body !== undefined) headers['content-type'] = opts.contentType ?? 'application/json';
  const url = apiPath.startsWith('/') ? `${sandbox.url}${apiPath}` : `${sandbox.url}/api/service/${apiPath}`;
  const res = await request(url, { method: method as 'GET', headers, body });
  const text = await res.body.text();
  let json: any;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  return { status: res.statusCode, headers: res.headers, text, json };
}

/** Polls `check` every few ms until it returns a value (not undefined) or the timeout passes. */
export async function waitFor<T>(check: () => Promise<T | undefined> | T | undefined, timeoutMs = 3000, what = 'condition'): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

const FIXTURES = path.resolve(__dirname, '../../../../test/fixtures/sdk-payloads');

/** One of pyatlan's reference payloads, renamed so several can coexist. */
export function fixture(name: 'postgres_direct_basic' | 'postgres_direct_iam_user' | 'postgres_direct_iam_role' | 'postgres_s3_offline', epoch = 1_700_000_000): any {
  const text = readFileSync(path.join(FIXTURES, `${name}.json`), 'utf8');
  return JSON.parse(text.split('123456').join(String(epoch)));
}

export function runsOf(template: string, size = 10): unknown {
  return {
    from: 0,
    size,
    track_total_hits: true,
    query: { bool: { filter: [{ nested: { path: 'spec', query: { term: { 'spec.workflowTemplateRef.name.keyword': { value: template } } } } }] } },
    sort: [{ 'status.startedAt': { order: 'desc' } }],
  };
}

export const SECRETS = ['test-password', 'test-secret-key', 'test-ext-id'];

export function assertNoSecrets(text: string): void {
  for (const s of SECRETS) {
    if (text.includes(s)) throw new Error(`response leaks secret '${s}': ${text.slice(0, 200)}`);
  }
}
