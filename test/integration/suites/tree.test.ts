import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { Services } from '../../../src/features/services';
import { extensionServices, restorePrompts, sandbox, settle, signInToSandbox, waitFor } from '../helpers';

describe('Postgres Workflows view', () => {
  let services: Services;

  before(async () => {
    services = await extensionServices();
    // Counting requests: editors other suites left open (payload previews refresh on sign-in) stay out of it.
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  beforeEach(async () => {
    await sandbox().admin.reset();
  });

  afterEach(async () => {
    restorePrompts(services);
    await sandbox().admin.clearFaults();
    await services.session.signOut();
  });

  for (const surface of ['workflows', 'apps'] as const) {
    it(`lists seeded workflows with their latest runs in two requests (${surface})`, async () => {
      const { admin } = sandbox();
      await admin.setSurfaces(surface === 'apps' ? 'apps' : 'legacy');
      await admin.seed({ workflows: 7, runsPerWorkflow: 3, surface: surface === 'apps' ? 'apps' : 'legacy' });
      await signInToSandbox(services);
      await waitFor(() => services.store.loaded && services.store.workflows().length === 7, 10_000, 'the view to load');
      await settle();
      await admin.clearRequests();
      await vscode.commands.executeCommand('atlan.refresh');
      const requests = (await admin.requests()).filter((r) => !r.path.startsWith('/_sandbox'));
      if (surface === 'workflows') {
        assert.deepEqual(requests.map((r) => `${r.method} ${r.path}`), ['POST /api/service/workflows/indexsearch', 'POST /api/service/runs/indexsearch']);
        for (const entry of services.store.workflows()) assert.ok(entry.latestRun, `${entry.workflow.name} has its latest run`);
      } else {
        // The App API lists workflows; their latest runs come from the catalog in one search.
        assert.deepEqual(requests.map((r) => `${r.method} ${r.path}`), ['GET /api/service/v1/app', 'POST /api/meta/search/indexsearch']);
        for (const entry of services.store.workflows()) assert.ok(entry.latestRun, `${entry.workflow.name} has its latest run`);
      }
      assert.equal(services.session.state.kind === 'signedIn' && services.session.state.surface, surface);
      await admin.setSurfaces('both');
    });
  }

  it('loads the runs of a workflow when it is expanded, newest first', async () => {
    const { admin } = sandbox();
    await admin.setSurfaces('legacy');
    await admin.seed({ workflows: 2, runsPerWorkflow: 4, surface: 'legacy' });
    await signInToSandbox(services);
    await waitFor(() => services.store.workflows().length === 2, 10_000, 'the view to load');
    const name = services.store.workflows()[0].workflow.name;
    const runs = await services.store.loadRuns(name);
    assert.equal(runs.length, 4);
    const starts = runs.map((r) => r.startedAt ?? '');
    assert.deepEqual([...starts].sort().reverse(), starts);
    await admin.setSurfaces('both');
  });

  it('turns into the session-expired state when the tenant rejects the token', async () => {
    const { admin } = sandbox();
    await signInToSandbox(services);
    await waitFor(() => services.store.loaded, 10_000, 'the view to load');
    await admin.addFault({ path: 'indexsearch|v1/app', status: 401 });
    // A refresh already in flight (started by the sign-in) may have been answered before the fault.
    const state = await waitFor(async () => {
      await vscode.commands.executeCommand('atlan.refresh');
      return services.session.state.kind === 'expired' && services.session.state;
    }, 10_000, 'the session to expire');
    assert.equal(state.kind, 'expired');
    assert.match(state.kind === 'expired' ? state.message : '', /The API token was rejected by http:\/\/127\.0\.0\.1:\d+: sign in again/);
  });
});
