/**
 * Transport options from the process environment, for the CLI: HTTPS_PROXY / HTTP_PROXY,
 * NO_PROXY and NODE_EXTRA_CA_CERTS (lower-case variants too). The extension passes VS Code's
 * `http.proxy`, `http.noProxy` and `http.proxyStrictSSL` instead.
 */
import * as fs from 'node:fs';
import type { TransportOptions } from './dispatcher';
import { ConfigurationError } from './errors';

type Env = Record<string, string | undefined>;

function pick(env: Env, ...names: string[]): string | undefined {
  for (const name of names) {
    const value = env[name]?.trim();
    if (value) return value;
  }
  return undefined;
}

/** The proxy for `baseUrl`'s scheme, the NO_PROXY list and extra CA certificates, as TransportOptions. */
export function transportOptionsFromEnv(baseUrl: string, env: Env = process.env, readFile: (path: string) => string = (p) => fs.readFileSync(p, 'utf8')): TransportOptions {
  const https = /^https:/i.test(baseUrl.trim());
  const proxyUrl = https ? pick(env, 'HTTPS_PROXY', 'https_proxy') : pick(env, 'HTTP_PROXY', 'http_proxy');
  const noProxy = pick(env, 'NO_PROXY', 'no_proxy');
  const caFile = pick(env, 'NODE_EXTRA_CA_CERTS');
  let extraCaCertificates: string[] | undefined;
  if (caFile) {
    try {
      extraCaCertificates = [readFile(caFile)];
    } catch {
      throw new ConfigurationError(baseUrl, `NODE_EXTRA_CA_CERTS points to ${caFile}, which cannot be read.`);
    }
  }
  return {
    ...(proxyUrl ? { proxy: { url: proxyUrl, ...(noProxy ? { noProxy } : {}) } } : {}),
    ...(extraCaCertificates ? { extraCaCertificates } : {}),
  };
}
