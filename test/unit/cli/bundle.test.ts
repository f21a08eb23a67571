/** The CLI as users run it: bundled by esbuild (same options as esbuild.mjs) and spawned with node. */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as esbuild from 'esbuild';
import { REPO_ROOT, fixturePath } from '../workflow/goldenCases';

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
});
