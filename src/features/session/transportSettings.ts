import * as fs from 'node:fs';
import * as vscode from 'vscode';
import type { TransportOptions } from '../../core/atlan';
import { trustedCaCertificates } from '../../core/atlan/caCertificates';

/**
 * Proxy and certificate options for the Atlan client from VS Code's own `http.*` settings (what
 * users of corporate networks already configured), falling back to HTTPS_PROXY / NO_PROXY. Extra
 * CA certificates (PEM text or absolute file paths) are added to Node's roots and the
 * NODE_EXTRA_CA_CERTS file, which passing them to TLS would otherwise drop.
 */
export function transportSettings(env: NodeJS.ProcessEnv = process.env): TransportOptions {
  const http = vscode.workspace.getConfiguration('http');
  const proxyUrl = http.get<string>('proxy')?.trim() || env.HTTPS_PROXY || env.https_proxy || undefined;
  const noProxy = http.get<string[]>('noProxy') ?? [];
  const envNoProxy = (env.NO_PROXY ?? env.no_proxy ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  const caCertificates = trustedCaCertificates({
    configured: vscode.workspace.getConfiguration('atlan').get<string[]>('http.extraCaCertificates') ?? [],
    configuredLabel: 'the setting atlan.http.extraCaCertificates',
    nodeExtraCaCertsFile: env.NODE_EXTRA_CA_CERTS,
    readFile: (file) => fs.readFileSync(file, 'utf8'),
  });
  // proxyStrictSSL is about the proxy: direct connections to the tenant stay checked whatever it says.
  const rejectUnauthorized = http.get<boolean>('proxyStrictSSL', true);
  return {
    proxy: proxyUrl ? { url: proxyUrl, noProxy: [...noProxy, ...envNoProxy], rejectUnauthorized } : undefined,
    ...(caCertificates ? { caCertificates } : {}),
  };
}
