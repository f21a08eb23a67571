import * as assert from 'node:assert/strict';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { request } from 'undici';
import * as vscode from 'vscode';
import type { Services } from '../../../src/features/services';
import { extensionServices, sandbox, signInToFreshTenant, waitFor } from '../helpers';

const HOP_BY_HOP = new Set(['connection', 'proxy-connection', 'keep-alive', 'transfer-encoding', 'upgrade', 'host']);

/**
 * A forward proxy for plain-http targets (the loopback sandbox) that notes the API paths it
 * carried. It forwards with undici, not node:http: VS Code's proxy support would send a
 * node:http request of this extension host through http.proxy, that is back into this proxy.
 */
async function startProxy(): Promise<{ url: string; apiPaths: string[]; stop(): Promise<void> }> {
  const apiPaths: string[] = [];
  const server = http.createServer((req, res) => {
    const target = new URL(req.url ?? '');
    if (target.pathname.startsWith('/api/service/')) apiPaths.push(target.pathname);
    const headers = Object.fromEntries(Object.entries(req.headers).filter(([name]) => !HOP_BY_HOP.has(name))) as Record<string, string>;
    const hasBody = req.method !== 'GET' && req.method !== 'HEAD';
    request(target, { method: req.method as 'GET', headers, ...(hasBody ? { body: req } : {}) }).then(
      (answer) => {
        const answerHeaders = Object.fromEntries(Object.entries(answer.headers).filter(([name]) => !HOP_BY_HOP.has(name)));
        res.writeHead(answer.statusCode, answerHeaders);
        answer.body.pipe(res);
      },
      () => {
        res.writeHead(502);
        res.end();
      },
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    apiPaths,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Settings changed while the extension runs take effect at once: no "Reload Window". */
describe('Settings take effect without a reload', () => {
  let services: Services;
  const global = vscode.ConfigurationTarget.Global;

  before(async () => {
    services = await extensionServices();
  });

  beforeEach(async () => {
    await signInToFreshTenant(services, { surface: 'legacy', seed: { workflows: 8, runsPerWorkflow: 1 } });
  });

  afterEach(async () => {
    // Signed out first: what the resets change then has no session to act on.
    await services.session.signOut();
    await vscode.workspace.getConfiguration('atlan').update('tree.pageSize', undefined, global);
    await vscode.workspace.getConfiguration('http').update('proxy', undefined, global);
    await sandbox().admin.setSurfaces('both');
  });

  it('atlan.tree.pageSize: the view reloads with the new page size', async () => {
    assert.equal(services.store.workflows().length, 8);
    await vscode.workspace.getConfiguration('atlan').update('tree.pageSize', 5, global);
    await waitFor(() => services.store.loaded && services.store.workflows().length === 5 && services.store.hasMore, 10_000, 'a first page of 5 workflows with more to load');
    await vscode.workspace.getConfiguration('atlan').update('tree.pageSize', undefined, global);
    await waitFor(() => services.store.loaded && services.store.workflows().length === 8 && !services.store.hasMore, 10_000, 'all 8 workflows again');
  });

  it('http.proxy: the next requests go through the new proxy, and straight to the tenant once it is removed', async () => {
    const proxy = await startProxy();
    try {
      await vscode.workspace.getConfiguration('http').update('proxy', proxy.url, global);
      // The session rebuilds its client and the view reloads through it.
      await waitFor(() => proxy.apiPaths.includes('/api/service/workflows/indexsearch'), 15_000, 'the view to reload through the proxy');
      await waitFor(() => services.store.loaded && services.store.workflows().length === 8, 10_000, 'the view to load through the proxy');

      await vscode.workspace.getConfiguration('http').update('proxy', undefined, global);
      const state = services.session.state;
      assert.equal(state.kind, 'signedIn');
      const clientWithProxy = state.kind === 'signedIn' ? state.client : undefined;
      await waitFor(() => services.session.state.kind === 'signedIn' && services.session.state.client !== clientWithProxy, 10_000, 'a client without the proxy');
      const carried = proxy.apiPaths.length;
      await sandbox().admin.clearRequests();
      await vscode.commands.executeCommand('atlan.refresh');
      await waitFor(async () => (await sandbox().admin.requests()).some((r) => r.path === '/api/service/workflows/indexsearch'), 10_000, 'a refresh to reach the tenant');
      assert.equal(proxy.apiPaths.length, carried, `the proxy still carried ${proxy.apiPaths.slice(carried).join(', ')}`);
    } finally {
      await proxy.stop();
    }
  });
});
