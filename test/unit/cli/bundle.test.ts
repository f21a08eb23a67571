/** The CLI as users run it: bundled by esbuild (same options as esbuild.mjs) and spawned with node. */
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as esbuild from 'esbuild';
import { REPO_ROOT, fixturePath } from '../workflow/goldenCases';
import { PG_PASSWORD, configText, startTestTenant, writeConfig } from './cliHarness';

describe('atlan-postgres CLI (bundled, spawned)', function () {
  this.timeout(20000);
  let dir: string;
  let cli: string;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'atlan-cli-'));
    cli = join(dir, 'cli.js');
    await esbuild.build({
      entryPoints: [join(REPO_ROOT, 'src', 'cli', 'bin.ts')],
      outfile: cli,
      bundle: true,
      platform: 'node',
      format: 'cjs',
      target: 'node20',
      mainFields: ['module', 'main'],
      banner: { js: '#!/usr/bin/env node' },
      logLevel: 'silent',
    });
  });

  after(() => rmSync(dir, { recursive: true, force: true }));

  const run = (...args: string[]) => spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', env: { PATH: process.env.PATH } });

  it('starts with a shebang', () => {
    assert.ok(readFileSync(cli, 'utf8').startsWith('#!/usr/bin/env node\n'));
  });

  it('validate exits 0 on a valid file and 2 on an invalid one', () => {
    const ok = run('validate', fixturePath('configs', 'warehouse-prod.atlan-postgres.json'));
    assert.equal(ok.status, 0, ok.stderr);
    assert.match(ok.stdout, /valid \(0 errors, 0 warnings\)/);
    const bad = run('validate', '--json', fixturePath('configs', 'invalid-many.atlan-postgres.json'));
    assert.equal(bad.status, 2);
    assert.equal((JSON.parse(bad.stdout) as { files: { errors: number }[] }).files[0].errors, 8);
  });

  it('preview prints redacted JSON and exits 0; a usage error exits 2', () => {
    const preview = run('preview', fixturePath('configs', 'iam-user.atlan-postgres.json'), '--epoch', '1700000000');
    assert.equal(preview.status, 0, preview.stderr);
    const workflow = JSON.parse(preview.stdout) as { metadata: { name: string }; payload: { body: { password: string } }[] };
    assert.equal(workflow.metadata.name, 'atlan-postgres-1700000000');
    assert.equal(workflow.payload[0].body.password, '<redacted>');
    assert.equal(run('preview').status, 2);
  });

  it('submits to a tenant, and stops monitoring on Ctrl-C (SIGINT) with exit 130', async () => {
    const tenant = await startTestTenant('legacy');
    try {
      tenant.crawler.mode = 'hold';
      const file = writeConfig(tenant, 'spawned', configText('spawned'));
      const env = {
        PATH: process.env.PATH,
        ATLAN_BASE_URL: tenant.sandbox.url,
        ATLAN_API_KEY: tenant.sandbox.tokens.apiToken,
        ATLAN_SECRET_PG: PG_PASSWORD,
        ATLAN_CLI_STATE_DIR: join(tenant.dir, 'state'),
      };
      const submit = await new Promise<{ code: number | null; out: string }>((resolve) => {
        const child = spawn(process.execPath, [cli, 'submit', file], { env });
        let out = '';
        child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
        child.on('close', (code) => resolve({ code, out }));
      });
      assert.equal(submit.code, 0, submit.out);
      assert.match(readFileSync(file, 'utf8'), /"workflow": "atlan-postgres-\d{10}"/);

      const monitor = await new Promise<{ code: number | null; out: string }>((resolve) => {
        const child = spawn(process.execPath, [cli, 'monitor', file], { env });
        let out = '';
        child.stdout.on('data', (chunk: Buffer) => {
          out += chunk.toString();
          if (/Running/.test(out) && !child.killed) child.kill('SIGINT');
        });
        child.on('close', (code) => resolve({ code, out }));
      });
      assert.equal(monitor.code, 130, monitor.out);
      assert.match(monitor.out, /Stopped watching .*; the run goes on/);
      assert.ok(!monitor.out.includes(PG_PASSWORD) && !submit.out.includes(PG_PASSWORD));
    } finally {
      await tenant.stop();
    }
  });
});
