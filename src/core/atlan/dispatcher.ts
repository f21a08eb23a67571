/**
 * The undici dispatcher for one tenant: keep-alive connections, an optional HTTP(S) proxy with a
 * NO_PROXY list, and extra CA certificates (corporate TLS inspection). The client talks to a
 * single origin, so whether to use the proxy is decided once, here. Certificates are always
 * checked on direct connections; only a proxy's connections may be told not to (VS Code's
 * `http.proxyStrictSSL`, which names the proxy, not the tenant).
 */
import * as tls from 'node:tls';
import { Agent, ProxyAgent, type Dispatcher } from './undici';
import { ConfigurationError } from './errors';

export interface ProxyOptions {
  /** `http://proxy:3128` or `https://user:pass@proxy:443`. */
  url: string;
  /** NO_PROXY entries: hosts, `.suffix` / `*.suffix` domains, optional `:port`, or `*`. */
  noProxy?: readonly string[] | string;
  /**
   * False turns certificate checks off on connections through this proxy (to the proxy and,
   * through it, to the tenant), as VS Code's `http.proxyStrictSSL: false` asks. Direct
   * connections are checked whatever this says.
   */
  rejectUnauthorized?: boolean;
}

export interface TransportOptions {
  proxy?: ProxyOptions;
  /** Extra CA certificates (PEM), trusted in addition to Node's bundled roots. */
  extraCaCertificates?: readonly string[];
  /** The whole trust store (PEM), replacing Node's default one (see `trustedCaCertificates`); wins over `extraCaCertificates`. */
  caCertificates?: readonly string[];
}

/** Splits `NO_PROXY`-style text into entries. */
export function parseNoProxy(value: readonly string[] | string | undefined): string[] {
  if (value === undefined) return [];
  const parts = typeof value === 'string' ? value.split(/[,\s]+/) : value.flatMap((v) => v.split(/[,\s]+/));
  return parts.map((p) => p.trim().toLowerCase()).filter((p) => p.length > 0);
}

/**
 * True when `url` must bypass the proxy. Entry semantics as curl's: `*` matches everything; `host`
 * matches the host and its subdomains; `.host` and `*.host` match subdomains and the host; an
 * entry with `:port` matches that port only. CIDR ranges are not supported.
 */
export function bypassesProxy(url: URL, noProxy: readonly string[]): boolean {
  const host = url.hostname.toLowerCase().replace(/^\[|\]$/g, '');
  const port = url.port || (url.protocol === 'https:' ? '443' : '80');
  for (const rawEntry of noProxy) {
    if (rawEntry === '*') return true;
    let entry = rawEntry;
    let entryPort: string | undefined;
    const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(entry);
    if (bracketed) {
      entry = bracketed[1] ?? '';
      entryPort = bracketed[2];
    } else if ((entry.match(/:/g) ?? []).length === 1) {
      const [h, p] = entry.split(':');
      entry = h ?? '';
      entryPort = p;
    }
    if (entryPort !== undefined && entryPort !== port) continue;
    entry = entry.replace(/^\*?\./, '');
    if (entry === '') continue;
    if (host === entry || host.endsWith(`.${entry}`)) return true;
  }
  return false;
}

/** Whether requests to `target` go through the proxy (one is set and NO_PROXY does not exempt the target). */
export function usesProxy(target: URL, proxy: ProxyOptions | undefined): boolean {
  return Boolean(proxy?.url.trim()) && !bypassesProxy(target, parseNoProxy(proxy?.noProxy));
}

/**
 * What turning the proxy's certificate checks off means for `target`, for a warning in the log;
 * undefined while they are on. Through the proxy the tenant's certificate goes unchecked (anyone
 * on the way could read the API token); a tenant reached directly is still checked.
 */
export function relaxedTlsWarning(target: URL, options: TransportOptions): string | undefined {
  if (options.proxy?.rejectUnauthorized !== false) return undefined;
  return usesProxy(target, options.proxy)
    ? `certificates are not checked on connections to ${target.origin} through the proxy: anyone between here and the tenant could read the API token`
    : `${target.origin} is reached without the proxy, so its certificate is still checked`;
}

/** Builds the dispatcher for requests to `target`. Throws ConfigurationError for an unusable proxy URL. */
export function createDispatcher(target: URL, options: TransportOptions): Dispatcher {
  const ca = options.caCertificates?.length
    ? [...options.caCertificates]
    : options.extraCaCertificates?.length
      ? [...tls.rootCertificates, ...options.extraCaCertificates]
      : undefined;
  const tlsOptions = ca ? { ca } : {};
  const pool = { keepAliveTimeout: 30_000, keepAliveMaxTimeout: 60_000, connections: 8 };

  if (!usesProxy(target, options.proxy)) return new Agent({ ...pool, connect: tlsOptions });
  const proxyUrl = options.proxy?.url.trim() ?? '';
  let parsed: URL;
  try {
    parsed = new URL(proxyUrl);
  } catch {
    throw new ConfigurationError(target.origin, `The proxy URL is not a valid URL; expected e.g. http://proxy.example.com:3128.`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new ConfigurationError(target.origin, `The proxy URL must start with http:// or https:// (got ${parsed.protocol}).`);
  }
  const proxiedTls = { ...tlsOptions, ...(options.proxy?.rejectUnauthorized === false ? { rejectUnauthorized: false } : {}) };
  return new ProxyAgent({
    ...pool,
    uri: parsed.href,
    // https targets always tunnel (CONNECT); plain-http loopback targets are forwarded in absolute form.
    proxyTunnel: false,
    requestTls: proxiedTls,
    proxyTls: proxiedTls,
  });
}
