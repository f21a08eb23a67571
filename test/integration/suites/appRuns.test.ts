/**
 * The App API surface reads runs from Atlan's catalog (AppWorkflowRun assets): runs started
 * outside VS Code (someone in Atlan's UI, another client's token) show in the tree with phase,
 * start, duration and who, in the CLI, and in the last-run lens; many runs cost one request per
 * poll; a tenant whose catalog has no App runs works as before and the view says so.
 */
import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import * as vscode from 'vscode';
import { main } from '../../../src/cli/main';
import type { CliIo } from '../../../src/cli/io';
import type { AppBackend, CrawlerRun } from '../../../src/core/atlan';
import type { TestApi } from '../../../src/extension';
import type { RunUpdate } from '../../../src/features/runs/runWatcher';
import type { Services } from '../../../src/features/services';
import { OWN_RUNS_ONLY_NOTE, VIEW_STATUS_FOR_TEST_COMMAND, type WorkflowsViewStatus } from '../../../src/features/tree/workflowsView';
import type { TreeNode } from '../../../src/features/tree/treeNodes';
import { demoConfigText, restorePrompts, sandbox, scriptPrompts, signInToFreshTenant, testApi, waitFor, writeWorkspaceConfig } from '../helpers';

const SEARCH = 'POST /api/meta/search/indexsearch';
const DAY_MS = 86_400_000;

/** `atlan-postgres <argv>` in this process, against the sandbox, with a state directory of its own. */
async function atlanPostgres(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const s = sandbox();
  const stateDir = mkdtempSync(join(tmpdir(), 'it-app-runs-cli-'));
  let out = '';
  let err = '';
  const io: CliIo = {
    stdout: (text) => void (out += text),
    stderr: (text) => void (err += text),
    readFile: (path) => readFile(path, 'utf8'),
    writeFile: async (path, text) => {
      await mkdir(dirname(path), { recursive: true });
      await writeFile(path, text);
    },
    env: { ATLAN_BASE_URL: s.url, ATLAN_API_KEY: s.apiToken, ATLAN_CLI_STATE_DIR: stateDir },
    now: () => Date.now(),
  };
  try {
    const code = await main(argv, io);
    assert.ok(!out.includes(s.apiToken) && !err.includes(s.apiToken), 'the CLI never prints the token');
    return { code, out, err };
  } finally {
    rmSync(stateDir, { recursive: true, force: true });
  }
}

/** Requests since the last call, as "METHOD path". */
async function requestsSince(): Promise<string[]> {
  const { admin } = sandbox();
  const log = await admin.requests();
  await admin.clearRequests();
  return log.map((r) => `${r.method} ${r.path}`);
}

async function viewStatus(): Promise<WorkflowsViewStatus> {
  const status = await vscode.commands.executeCommand<WorkflowsViewStatus | undefined>(VIEW_STATUS_FOR_TEST_COMMAND);
  assert.ok(status, 'the view status command answered');
  return status;
}

/** A run started by another client, with another token, through the App API itself. */
async function submitWithUserToken(slug: string): Promise<string> {
  const s = sandbox();
  const res = await fetch(`${s.url}/api/service/v1/app/${slug}/submit`, { method: 'POST', headers: { authorization: `Bearer ${s.userToken}` } });
  assert.equal(res.status, 200);
  return ((await res.json()) as { run_id: string }).run_id;
}

describe('App runs started outside VS Code', function () {
  this.timeout(120_000);
  let services: Services;
  let api: TestApi;

  before(async () => {
    api = await testApi();
    services = api.services;
  });

  afterEach(async () => {
    restorePrompts(services);
    const { admin } = sandbox();
    await admin.setAppAssets(true);
    await admin.clearFaults();
    await services.session.signOut();
    await admin.setSurfaces('both');
    await admin.setClockSpeed(50);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('shows them in the tree with phase, start, duration and who, and in atlan-postgres runs', async () => {
    // Slow clock: the runs started below stay in flight while the test looks at them.
    await signInToFreshTenant(services, { surface: 'apps', clockSpeed: 0.05, seed: { workflows: 3, runsPerWorkflow: 3 } });
    const [first, second] = services.store.workflows().map((e) => e.workflow.name);
    const fromUi = await sandbox().admin.startAppRun({ slug: first, startedBy: 'edsger.dijkstra' });
    const byOtherClient = await submitWithUserToken(second);
    await requestsSince();
    await vscode.commands.executeCommand('atlan.refresh');
    assert.deepEqual(await requestsSince(), ['GET /api/service/v1/app', SEARCH], 'a refresh is two requests: the workflows, and the latest run of all of them');

    const latest = services.store.get(first)?.latestRun;
    assert.equal(latest?.id, fromUi.run_id);
    assert.equal(latest?.startedBy, 'edsger.dijkstra');
    assert.equal(services.store.get(second)?.latestRun?.id, byOtherClient);
    assert.equal(services.store.get(second)?.latestRun?.startedBy, 'demo.user');

    const tree = api.workflowsTree;
    const root: TreeNode = { kind: 'workflow', name: first };
    const runs = (await tree.getChildren(root)).filter((n): n is Extract<TreeNode, { kind: 'run' }> => n.kind === 'run');
    assert.equal(runs.length, 4, 'three seeded runs and the one started in the UI');
    assert.equal(runs[0]?.run.id, fromUi.run_id, 'newest first');
    const top = tree.getTreeItem(runs[0]);
    assert.notEqual(top.label, 'Not started');
    assert.match(String(top.description), /^(Pending|Running) · \d+s · (.* · )?by edsger\.dijkstra$/);
    const seededFromUi = runs.find((n) => ['ada.lovelace', 'grace.hopper'].includes(n.run.startedBy ?? ''));
    assert.ok(seededFromUi, `a seeded run started in the UI among ${runs.map((n) => n.run.startedBy).join(', ')}`);
    const finishedItem = tree.getTreeItem(seededFromUi);
    // A finished run's duration runs to its completion: minutes, not the days since it started.
    assert.match(String(finishedItem.description), /^(Succeeded|Failed) · \d+m \d{2}s · by (ada\.lovelace|grace\.hopper)$/);
    const tooltip = tree.resolveTreeItem(finishedItem, seededFromUi).tooltip;
    assert.ok(tooltip instanceof vscode.MarkdownString);
    assert.match(tooltip.value, /Started .* by (ada\\\.lovelace|grace\\\.hopper)/);

    const table = await atlanPostgres(['runs', first]);
    assert.equal(table.code, 0, table.err);
    assert.match(table.out, new RegExp(`^${fromUi.run_id} +(Pending|Running)( \\d+/\\d+)? +\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\dZ +\\d+s +edsger\\.dijkstra$`, 'm'));
    assert.match(table.out, /(Succeeded|Failed) .* (ada\.lovelace|grace\.hopper)$/m);
    assert.doesNotMatch(table.err, /note:/);
    const json = await atlanPostgres(['runs', second, '--json']);
    const doc = JSON.parse(json.out) as { runs: CrawlerRun[]; total: number };
    assert.equal(doc.total, 4);
    assert.equal(doc.runs[0]?.id, byOtherClient);
    assert.equal(doc.runs[0]?.startedBy, 'demo.user');
  });

  it('watches many App runs started elsewhere with one request per poll, to their end', async () => {
    // The sandbox's clock scales the sleeps that start after a change: at 0.15 a run stays Pending for 20 s, then speeds up.
    await signInToFreshTenant(services, { surface: 'apps', clockSpeed: 0.15, seed: { workflows: 12, runsPerWorkflow: 1 } });
    const slugs = services.store.workflows().map((e) => e.workflow.name);
    const started = await Promise.all(slugs.map((slug) => sandbox().admin.startAppRun({ slug, startedBy: 'grace.hopper' })));
    await vscode.commands.executeCommand('atlan.refresh');
    assert.equal(services.store.inFlightRuns().length, 12);
    const updates: RunUpdate[] = [];
    const subscription = services.watcher.onDidUpdateRun((u) => updates.push(u));
    await requestsSince();
    const holds = started.map((s) => services.watcher.hold({ id: s.run_id, workflowName: s.slug }));
    try {
      await waitFor(async () => (await sandbox().admin.requests({ path: 'search/indexsearch' })).length >= 3, 30_000, 'three polls');
      const polls = await requestsSince();
      assert.ok(polls.length >= 3);
      assert.deepEqual([...new Set(polls)], [SEARCH], 'every poll is one search, whatever the number of runs: no read per run');
      await sandbox().admin.setClockSpeed(1000);
      await waitFor(() => started.every((s) => updates.some((u) => u.run.id === s.run_id && ['Succeeded', 'Failed'].includes(u.run.phase))), 60_000, 'all twelve runs to end');
      assert.deepEqual([...new Set(await requestsSince())].filter((r) => r !== SEARCH), [], 'still no read per run');
      assert.equal(services.store.inFlightRuns().length, 0, 'the tree followed them to their end');
    } finally {
      for (const hold of holds) hold.dispose();
      subscription.dispose();
    }
  });

  it('follows a run started in the UI in the last-run lens of a workflow the view does not hold', async () => {
    await signInToFreshTenant(services, { surface: 'apps', clockSpeed: 0.15 });
    await sandbox().admin.seed({ workflows: 1, runsPerWorkflow: 1, surface: 'apps' });
    const state = services.session.state;
    assert.ok(state.kind === 'signedIn');
    const slug = (await state.backend.listWorkflows({ size: 5 })).items[0]?.name;
    assert.ok(slug && !services.store.get(slug));
    const fromUi = await sandbox().admin.startAppRun({ slug, startedBy: 'ada.lovelace' });
    const uri = await writeWorkspaceConfig('it-app-runs-lens', demoConfigText('it-app-runs-lens', 'it-app-runs-pg', [`"workflow": "${slug}"`]));
    try {
      await followLens(uri, state, slug, fromUi.run_id);
    } finally {
      await vscode.workspace.fs.delete(uri);
    }
  });

  async function followLens(uri: vscode.Uri, state: Extract<Services['session']['state'], { kind: 'signedIn' }>, slug: string, runId: string): Promise<void> {
    await vscode.window.showTextDocument(uri);
    const lastRun = async (): Promise<string | undefined> => {
      const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri);
      return lenses.map((l) => l.command?.title ?? '').find((t) => t.includes('Last run:'));
    };
    await waitFor(async () => /Last run: (Pending|Running)/.test((await lastRun()) ?? ''), 10_000, 'the lens to show the run started in the UI');
    await sandbox().admin.setClockSpeed(1000);
    const finished = await waitFor(async () => {
      const title = await lastRun();
      return title && /Last run: (Succeeded|Failed)$/.test(title) && title;
    }, 60_000, 'the lens to follow the run to its end');
    assert.ok(finished);
    const outcome = await state.backend.getRuns([{ id: runId, workflowName: slug }]);
    assert.match(finished, new RegExp(`Last run: ${outcome.get(runId)?.phase ?? '?'}$`));
  }

  it('on a tenant whose catalog has no App runs, works as before with the runs started here, and says so once', async () => {
    const { admin } = sandbox();
    await admin.setAppAssets(false);
    await signInToFreshTenant(services, { surface: 'apps', clockSpeed: 50, seed: { workflows: 2, runsPerWorkflow: 1 } });
    const state = services.session.state;
    assert.ok(state.kind === 'signedIn');
    const slug = services.store.workflows()[0].workflow.name;
    // A run started here in an earlier session (the extension keeps their ids), days ago: the catalog should show it.
    const truth = (await state.backend.getRuns([{ id: `${slug}-run-0`, workflowName: slug }])).get(`${slug}-run-0`);
    assert.ok(truth, 'the seeded run, read by id');
    (state.backend as AppBackend).rememberRuns([{ ...truth, startedAt: new Date(Date.now() - 3 * DAY_MS).toISOString() }]);
    const prompts = scriptPrompts(services).answerMessage(undefined);
    await requestsSince();
    await vscode.commands.executeCommand('atlan.refresh');
    assert.deepEqual(await requestsSince(), ['GET /api/service/v1/app', SEARCH, SEARCH], 'the latest runs, then one probe for any App run at all');
    assert.equal(state.backend.runScope, 'own');
    assert.equal(services.store.get(slug)?.latestRun?.id, truth.id, 'the run it knows, as before the catalog');
    assert.deepEqual(await viewStatus(), { state: 'ready', message: OWN_RUNS_ONLY_NOTE });

    const run = await vscode.commands.executeCommand<CrawlerRun>('atlan.rerunWorkflow', { workflowName: slug });
    assert.ok(run);
    await waitFor(() => prompts.messages.find((m) => /: run (Succeeded|Failed)/.test(m.text)), 30_000, 'the outcome of the rerun');
    const requests = await requestsSince();
    assert.ok(requests.includes(`GET /api/service/v1/app/runs/${run.id}`), 'the run is read by id, as before the catalog');
    assert.ok(!requests.includes(SEARCH), 'the catalog is not asked again');
    assert.equal(services.store.get(slug)?.latestRun?.id, run.id);
    await vscode.commands.executeCommand('atlan.refresh');
    assert.deepEqual(await viewStatus(), { state: 'ready', message: OWN_RUNS_ONLY_NOTE });
    assert.deepEqual(prompts.messages.filter((m) => m.kind !== 'info' && !/: run (Succeeded|Failed)/.test(m.text)).map((m) => m.text), [], 'a note in the view, not a pop-up');
  });
});
