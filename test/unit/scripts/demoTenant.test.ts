import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { DemoPostgres } from '../../../sandbox/postgres/demoPostgres';
import { startSandbox, type SandboxHandle } from '../../../sandbox/server';
import { DEMO_WORKSPACE_SETTINGS, populateDemoTenant, writeDemoWorkspace } from '../../../scripts/demoTenant';
import { parseConfig } from '../../../src/core/config/parse';
import type { SandboxEnvironment } from '../../host/sandboxEnvironment';

/** The demo workspace npm start opens: written once, then the user's; the tenant follows the files. */
const PG = { host: '127.0.0.1', port: 54329, user: 'postgres', password: 'demo-password', databases: ['analytics', 'inventory'] } as DemoPostgres;

describe('npm start: the demo workspace', () => {
  let dir: string;
  let workspace: string;

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'atlan-demo-workspace-'));
    workspace = path.join(dir, 'workspace');
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('keeps Git from offering the repository around it, and never overwrites what the user changed', () => {
    const files = writeDemoWorkspace(workspace, PG);
    assert.deepEqual(files.map((f) => path.basename(f)), ['analytics.atlan-postgres.json', 'inventory.atlan-postgres.json', 'new-crawler.atlan-postgres.json']);
    const settingsFile = path.join(workspace, '.vscode', 'settings.json');
    assert.deepEqual(JSON.parse(fs.readFileSync(settingsFile, 'utf8')), DEMO_WORKSPACE_SETTINGS);
    assert.equal(DEMO_WORKSPACE_SETTINGS['git.openRepositoryInParentFolders'], 'never');

    const edited = fs.readFileSync(files[1], 'utf8').replace('"rowLimit": 5000', '"rowLimit": 42');
    fs.writeFileSync(files[1], edited);
    fs.writeFileSync(settingsFile, '{ "editor.fontSize": 15 }\n');
    fs.rmSync(files[2]);
    writeDemoWorkspace(workspace, PG);
    assert.equal(fs.readFileSync(files[1], 'utf8'), edited, 'an edited example file was overwritten');
    assert.equal(fs.readFileSync(settingsFile, 'utf8'), '{ "editor.fontSize": 15 }\n', 'the user\'s workspace settings were overwritten');
    assert.ok(fs.existsSync(files[2]), 'a deleted example file is written again');
  });

  describe('on an empty tenant', () => {
    let sandbox: SandboxHandle;
    let env: SandboxEnvironment;

    beforeEach(async () => {
      sandbox = await startSandbox({ surfaces: 'legacy', clockSpeed: 1000, log: () => undefined });
      env = { sandbox, postgres: PG, env: {}, stop: () => sandbox.stop() };
    });
    afterEach(() => sandbox.stop());

    it('creates workflows from the files as the user left them and records the new names in them', async () => {
      const [analytics] = writeDemoWorkspace(workspace, PG);
      // An older start recorded a workflow this (reset) tenant does not have, and the user renamed the connection.
      const before = fs
        .readFileSync(analytics, 'utf8')
        .replace('"connectionName": "analytics-warehouse"', '"workflow": "atlan-postgres-1700000000",\n  "connectionName": "my-warehouse"');
      fs.writeFileSync(analytics, before);
      const lines: string[] = [];
      await populateDemoTenant(env, workspace, (l) => lines.push(l));

      const after = fs.readFileSync(analytics, 'utf8');
      const config = parseConfig(after).config;
      assert.ok(config, after);
      assert.equal(config.connectionName, 'my-warehouse', 'the user\'s edit is gone');
      assert.match(after, /The password lives in VS Code's secret storage/, 'the comments are gone');
      assert.notEqual(config.workflow, 'atlan-postgres-1700000000', 'the stale workflow name is still recorded');
      const onTenant = await sandbox.admin.state();
      assert.ok(config.workflow && lines.some((l) => l.includes(config.workflow!) && l.includes('my-warehouse')), lines.join('\n'));
      assert.ok(onTenant.workflows >= 2, JSON.stringify(onTenant));
      const unsubmitted = parseConfig(fs.readFileSync(path.join(workspace, 'new-crawler.atlan-postgres.json'), 'utf8')).config;
      assert.equal(unsubmitted?.workflow, undefined, 'the example meant to be submitted by the user was submitted');
    });
  });
});
