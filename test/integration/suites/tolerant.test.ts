/**
 * Issue 14 §2 in the real host: one odd item never empties the view. The sandbox's App list puts
 * items with `slug: null` first (as a real tenant may: pyatlan's `slug` is optional); the tree
 * shows every other workflow and a row saying how many could not be read, which opens the output.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { Services } from '../../../src/features/services';
import { VIEW_ROOTS_FOR_TEST_COMMAND, type WorkflowsViewRow } from '../../../src/features/tree/workflowsView';
import { extensionServices, sandbox, signInToFreshTenant, waitFor } from '../helpers';
import { viewStatus } from './faults.matrix.test';

describe('Tolerant reader', function () {
  this.timeout(60_000);
  let services: Services;

  before(async () => {
    services = await extensionServices();
  });

  afterEach(async () => {
    await sandbox().admin.settings({ appListSlugless: 0 });
    await services.session.signOut();
  });

  it('shows the rest of an App list with slug: null items, and says how many could not be read (Show Output)', async () => {
    const { admin } = sandbox();
    // A reset keeps settings: the odd items survive signInToFreshTenant's reset.
    await admin.settings({ appListSlugless: 2 });
    await signInToFreshTenant(services, { surface: 'apps', seed: { workflows: 3, runsPerWorkflow: 1 } });
    let roots: WorkflowsViewRow[] = [];
    await waitFor(
      async () => {
        roots = (await vscode.commands.executeCommand<WorkflowsViewRow[] | undefined>(VIEW_ROOTS_FOR_TEST_COMMAND)) ?? [];
        return roots.some((r) => r.label === '2 items could not be read');
      },
      10_000,
      () => `the view to say that 2 items could not be read (its rows: ${roots.map((r) => r.label).join(', ')})`,
    );
    const status = await viewStatus();
    const workflows = services.store.workflows().map((e) => e.workflow.name);
    assert.equal(workflows.length, 3, `every readable workflow is shown: ${workflows.join(', ')}`);
    assert.equal(status.state, 'ready');
    const unreadRow = roots.find((r) => r.label === '2 items could not be read');
    assert.equal(unreadRow?.command, 'atlan.showOutput', 'the row opens the output, where the reasons are');
    for (const name of workflows) {
      const entry = services.store.get(name);
      assert.ok(roots.some((r) => r.label === (entry?.workflow.connectionName ?? name)), `${name} has its row`);
    }
    assert.equal(services.store.unread.length, 2);
    for (const reason of services.store.unread) assert.match(reason, /^App workflow \d \(no-slug-\d\): slug: expected string, received null$/);
  });
});

