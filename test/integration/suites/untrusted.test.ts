import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as vscode from 'vscode';
import type { CrawlerFormTestHook } from '../../../src/features/form/formTestHook';
import type { ShownPlan } from '../../../src/features/plan/planView';
import type { Services } from '../../../src/features/services';
import type { RecordedRequest } from '../../host/trafficRecorder';
import { demoConfigText, extensionServices, restorePrompts, sandbox, scriptPrompts, signInToSandbox, waitFor } from '../helpers';

/** A loopback relay to the demo Postgres that counts connection attempts. */
async function countingRelay(target: { host: string; port: number }): Promise<{ port: number; connections: () => number; close(): Promise<void> }> {
  let connections = 0;
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    connections++;
    const upstream = net.connect(target.port, target.host);
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on('error', () => undefined);
    }
    client.pipe(upstream).pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as net.AddressInfo).port,
    connections: () => connections,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

/**
 * Runs only in the runner's --untrusted pass, where the workspace is not trusted. There the
 * runner puts a recorder in front of the tenant (test/host/trafficRecorder.ts) that notes where
 * any canary secret or the demo Postgres password appeared in a request.
 */
describe('Untrusted workspace', () => {
  let services: Services;
  const canaries = JSON.parse(process.env.ATLAN_IT_CANARIES ?? '{}') as { password?: string };

  before(async function () {
    if (process.env.ATLAN_IT_UNTRUSTED !== '1') this.skip();
    services = await extensionServices();
    await sandbox().admin.reset();
    await sandbox().admin.setSurfaces('legacy');
    await sandbox().admin.seed({ workflows: 3, runsPerWorkflow: 2, surface: 'legacy' });
    await services.secrets.store('untrusted-pw', sandbox().postgres.password);
  });

  after(async () => {
    if (!services) return;
    restorePrompts(services);
    await services.session.signOut();
    await services.secrets.delete('untrusted-pw');
    await services.secrets.delete('untrusted-canary');
  });

  it('is really untrusted', () => {
    assert.equal(vscode.workspace.isTrusted, false);
  });

  it('still browses: sign in and list workflows', async () => {
    await signInToSandbox(services);
    await waitFor(() => services.store.workflows().length === 3, 10_000, 'the view to load');
  });

  it('refuses to submit, rerun or delete, explaining why, and sends no secret', async () => {
    const pg = sandbox().postgres;
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
    assert.ok(folder);
    const uri = vscode.Uri.joinPath(folder, 'untrusted.atlan-postgres.json');
    await vscode.workspace.fs.writeFile(
      uri,
      new TextEncoder().encode(
        JSON.stringify({
          connectionName: 'untrusted',
          admins: { roles: ['$admin'] },
          extraction: { method: 'direct', host: pg.host, port: pg.port, database: 'analytics', auth: { type: 'basic', username: pg.user, password: { secret: 'untrusted-pw' } } },
        }),
      ),
    );
    await sandbox().admin.clearRequests();
    const credentialsBefore = (await sandbox().admin.state()).credentials;
    const prompts = scriptPrompts(services).answerMessage(...Array<undefined>(6).fill(undefined));
    const name = services.store.workflows()[0].workflow.name;
    await vscode.commands.executeCommand('atlan.submitConfiguration', uri);
    await vscode.commands.executeCommand('atlan.rerunWorkflow', { workflowName: name });
    await vscode.commands.executeCommand('atlan.deleteWorkflow', { workflowName: name });
    const refusals = prompts.messages.filter((m) => m.kind === 'error');
    assert.equal(refusals.length, 3, JSON.stringify(prompts.messages));
    for (const r of refusals) assert.match(r.text, /this workspace is not trusted/);
    const writes = (await sandbox().admin.requests({ method: 'POST' })).filter((r) => !r.path.includes('indexsearch'));
    assert.deepEqual(writes, [], 'nothing but searches reached the tenant');
    const state = await sandbox().admin.state();
    assert.equal(state.credentials, credentialsBefore, 'no credential reached the tenant');
  });
  it('plans the workspace but never applies the plan', async () => {
    await sandbox().admin.clearRequests();
    const before = await sandbox().admin.state();
    const prompts = scriptPrompts(services).answerMessage(undefined);
    const shown = await vscode.commands.executeCommand<ShownPlan | undefined>('atlan.planWorkspace');
    assert.ok(shown, `no plan: ${JSON.stringify(prompts.messages)}`);
    assert.ok(shown.entries.some((e) => e.plan.file === 'untrusted.atlan-postgres.json' && e.plan.action === 'create'), JSON.stringify(shown.entries.map((e) => [e.plan.file, e.plan.action])));
    const applied = await vscode.commands.executeCommand('atlan.applyPlan');
    assert.equal(applied, undefined);
    assert.ok(!prompts.messages.some((m) => m.modal), 'an untrusted workspace was asked to confirm an apply');
    assert.match(prompts.last('error') ?? '', /Could not apply the plan: this workspace is not trusted/);
    const writes = (await sandbox().admin.requests({ method: 'POST' })).filter((r) => !r.path.includes('indexsearch'));
    assert.deepEqual(writes, [], 'nothing but searches reached the tenant');
    const after = await sandbox().admin.state();
    assert.deepEqual([after.workflows, after.credentials], [before.workflows, before.credentials]);
  });

  it('plans one folder from the Explorer menu too, and the plan of that folder is never applied either', async () => {
    const root = vscode.workspace.workspaceFolders?.[0]?.uri;
    assert.ok(root, 'the test workspace has no folder open');
    const folder = vscode.Uri.joinPath(root, 'untrusted-folder');
    await vscode.workspace.fs.createDirectory(folder);
    try {
      await vscode.workspace.fs.writeFile(vscode.Uri.joinPath(folder, 'inside.atlan-postgres.json'), new TextEncoder().encode(demoConfigText('untrusted-folder', 'untrusted-pw')));
      await sandbox().admin.clearRequests();
      const prompts = scriptPrompts(services).answerMessage(undefined);
      const shown = await vscode.commands.executeCommand<ShownPlan | undefined>('atlan.planFolder', folder, [folder]);
      assert.ok(shown, `no plan: ${JSON.stringify(prompts.messages)}`);
      assert.deepEqual(shown.entries.map((e) => [e.plan.file, e.plan.action]), [['untrusted-folder/inside.atlan-postgres.json', 'create']]);
      assert.equal(await vscode.commands.executeCommand('atlan.applyPlan'), undefined);
      assert.ok(!prompts.messages.some((m) => m.modal), 'an untrusted workspace was asked to confirm an apply');
      assert.match(prompts.last('error') ?? '', /Could not apply the plan: this workspace is not trusted/);
      const writes = (await sandbox().admin.requests({ method: 'POST' })).filter((r) => !r.path.includes('indexsearch'));
      assert.deepEqual(writes, [], 'nothing but searches reached the tenant');
    } finally {
      await vscode.workspace.fs.delete(folder, { recursive: true });
    }
  });

  it("the form's Test connection is refused: neither Postgres nor the tenant sees a connection attempt", async () => {
    assert.ok(canaries.password, 'the runner passed no canaries');
    await services.secrets.store('untrusted-canary', canaries.password);
    const pg = sandbox().postgres;
    const relay = await countingRelay(pg);
    const form = await vscode.commands.executeCommand<CrawlerFormTestHook | undefined>('atlan.newCrawler');
    assert.ok(form, 'atlan.newCrawler returned no form (not in test mode?)');
    try {
      await form.waitFor('init', undefined, 0, 30_000);
      const draft = structuredClone(form.state.draft);
      draft.connectionName = 'untrusted-form';
      draft.admins.roles = ['$admin'];
      Object.assign(draft.extraction, { host: '127.0.0.1', port: String(relay.port), database: 'analytics', username: pg.user });
      draft.extraction.password = { kind: 'ref', name: 'untrusted-canary' };
      draft.include = [{ database: 'analytics', schemas: ['public'] }];
      const rev = form.state.rev + 1;
      let since = form.posted.length;
      await form.receive({ type: 'draftChanged', rev, draft });
      await form.waitFor('validation', (m) => m.rev === rev, since);
      await sandbox().admin.clearRequests();
      since = form.posted.length;
      await form.receive({ type: 'testConnection' });
      const { results } = await form.waitFor('testResult', undefined, since, 30_000);
      assert.deepEqual(
        results.map((r) => [r.target, r.status]),
        [
          ['tenant', 'skipped'],
          ['direct', 'skipped'],
        ],
      );
      for (const r of results) assert.match(r.message, /trust this workspace/);
      assert.equal(relay.connections(), 0, 'the form connected to Postgres');
      const writes = (await sandbox().admin.requests({ method: 'POST' })).filter((r) => !r.path.includes('indexsearch'));
      assert.deepEqual(writes, [], 'the credential test reached the tenant');
    } finally {
      form.webviewPanel.dispose();
      await relay.close();
    }
  });

  it('still stops a run: stopping uses nothing from the workspace', async () => {
    const { admin } = sandbox();
    // Slow runs, so that the seeded one is still in flight when the stop arrives.
    await admin.setClockSpeed(1);
    try {
      await admin.seed({ workflows: 1, runsPerWorkflow: 1, inFlight: 1, surface: 'legacy' });
      await vscode.commands.executeCommand('atlan.refresh');
      const run = await waitFor(() => services.store.inFlightRuns()[0], 10_000, 'the seeded run in flight');
      const prompts = scriptPrompts(services).answerMessage('Stop Run');
      const stopped = await vscode.commands.executeCommand<{ id: string } | undefined>('atlan.stopRun', run);
      assert.ok(stopped, `the stop was refused: ${JSON.stringify(prompts.messages)}`);
      assert.equal(prompts.messages.some((m) => /not trusted/.test(m.text)), false, JSON.stringify(prompts.messages));
      const stops = (await admin.requests({ method: 'POST' })).filter((r) => /\/runs\/[^/]+\/stop$/.test(r.path));
      assert.equal(stops.length, 1, `the tenant got no stop request: ${JSON.stringify(stops)}`);
    } finally {
      await admin.setClockSpeed(50);
    }
  });

  it('no request carried a secret: the API token only as the Authorization bearer to the tenant', function () {
    const file = process.env.ATLAN_IT_TRAFFIC;
    if (!file) this.skip();
    const recorded = fs
      .readFileSync(file, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as RecordedRequest);
    assert.ok(recorded.length > 0, 'the recorder saw no request: is the suite talking to the tenant through it?');
    assert.ok(
      recorded.some((r) => r.sightings.some((s) => s.secret === 'token' && s.where === 'authorization-bearer')),
      'no request carried the API token: did sign-in go elsewhere?',
    );
    const leaks = recorded.filter((r) => r.sightings.some((s) => s.secret !== 'token' || s.where !== 'authorization-bearer'));
    assert.deepEqual(leaks, [], 'requests that carried a secret elsewhere than the Authorization header');
  });
});
