import * as assert from 'node:assert/strict';
import { benchClient } from '../../../bench/lib/benchClient';
import { naiveRefresh } from '../../../bench/lib/naive';
import { startSandboxProcess, type SandboxProcess } from '../../../bench/lib/sandboxProcess';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('bench/sandboxProcess', function () {
  this.timeout(20_000);
  let sandbox: SandboxProcess | undefined;

  after(async () => {
    await sandbox?.stop(1_000);
  });

  it('runs the sandbox in a child process that the client and the admin API both reach', async () => {
    sandbox = await startSandboxProcess({ clockSpeed: 1 });
    assert.notEqual(sandbox.pid, process.pid);
    assert.match(sandbox.url, /^http:\/\/127\.0\.0\.1:\d+$/);
    await sandbox.admin.seed({ workflows: 12, runsPerWorkflow: 2, surface: 'legacy' });
    await sandbox.admin.clearRequests();
    const bench = benchClient(sandbox);
    try {
      const page = await bench.backend.listWorkflows({ size: 50 });
      assert.equal(page.items.length, 12);
      assert.equal(bench.tally.count, 1);
      const logged = await sandbox.admin.requests();
      assert.deepEqual(logged.map((r) => `${r.method} ${r.path} ${r.status}`), ['POST /api/service/workflows/indexsearch 200']);
    } finally {
      await bench.close();
    }
  });

  it("answers each workflow's newest run from the tenant's state, which a per-workflow search agrees with", async () => {
    assert.ok(sandbox, 'the first test started a sandbox');
    const seed = await sandbox.latestRuns();
    assert.equal(seed.size, 12);
    const bench = benchClient(sandbox);
    try {
      const searched = await naiveRefresh(bench.backend, 50, 4);
      assert.deepEqual([...seed].sort(), [...searched].sort());
      assert.ok([...seed.values()].every((id) => id !== undefined), 'every seeded workflow ran');
    } finally {
      await bench.close();
    }
  });

  it('stops the child for good, and a second stop is harmless', async () => {
    assert.ok(sandbox, 'the previous test started a sandbox');
    const pid = sandbox.pid;
    assert.equal(alive(pid), true);
    await sandbox.stop(1_000);
    await sandbox.stop(1_000);
    assert.equal(alive(pid), false);
  });

  it('reports a child that refuses its options, with the child\'s own reason', async () => {
    await assert.rejects(startSandboxProcess({ clockSpeed: -1 }), (err: Error) => /did not start/.test(err.message) && /clockSpeed/.test(err.message));
  });
});
