import * as vscode from 'vscode';
import type { TransportOptions } from '../../core/atlan';

/**
 * Proxy and certificate options for the Atlan client from VS Code's own `http.*` settings (what
 * users of corporate networks already configured), falling back to HTTPS_PROXY / NO_PROXY.
 */
export function transportSettings(env: NodeJS.ProcessEnv = process.env): TransportOptions {
  const http = vscode.workspace.getConfiguration('http');
  const proxyUrl = http.get<string>('proxy')?.trim() || env.HTTPS_PROXY || env.https_proxy || undefined;
  const noProxy = http.get<string[]>('noProxy') ?? [];
  const envNoProxy = (env.NO_PROXY ?? env.no_proxy ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  const extraCa = vscode.workspace.getConfiguration('atlan').get<string[]>('http.extraCaCertificates') ?? [];
  return {
    proxy: proxyUrl ? { url: proxyUrl, noProxy: [...noProxy, ...envNoProxy] } : undefined,
    rejectUnauthorized: http.get<boolean>('proxyStrictSSL', true),
    extraCaCertificates: extraCa.length > 0 ? extraCa : undefined,
  };
}
