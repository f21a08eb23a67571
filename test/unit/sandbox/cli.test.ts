/* eslint-disable @typescript-eslint/no-explicit-any -- these tests read the sandbox's untyped JSON replies, as a client would before validating them. */
import * as assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { request } from 'undici';

const MAIN = path.resolve(__dirname, '../../../sandbox/main.js');

function start(args: string[]): { child: ChildProcess; ready: Promise<any>; exited: Promise<{ code: number | null; stderr: string }> } {
  const child = spawn(process.execPath, [MAIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  const ready = new Promise((resolve, reject) => {
    child.stdout?.on('data', (d: Buffer) => {
      stdout += d.toString();
      const line = stdout.split('\n')[0];
      if (stdout.includes('\n') && line) resolve(JSON.parse(line));
    });
    child.once('exit', (code) => reject(new Error(`exited with ${code}: ${stderr}`)));
  });
  // Tests that expect a failure never await `ready`; keep its rejection from going unhandled.
  ready.catch(() => undefined);
  const exited = new Promise<{ code: number | null; stderr: string }>((resolve) => child.once('exit', (code) => resolve({ code, stderr })));
  return { child, ready, exited };
}

describe('sandbox CLI (main.js)', function () {
  this.timeout(10_000);
  let dir: string;
  const children: ChildProcess[] = [];
  before(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'sandbox-cli-'));
  });
  after(() => {
    for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  });

  it('prints one JSON line when ready, serves requests and stops cleanly on SIGTERM, saving state', async () => {
    const stateFile = path.join(dir, 'state.json');
    const { child, ready, exited } = start(['--port', '0', '--clock-speed', '1000', '--seed', '2', '--state', stateFile]);
    children.push(child);
    const info = await ready;
    assert.match(info.url, /^http:\/\/127\.0\.0\.1:\d+$/);
    assert.equal(typeof info.apiToken, 'string');
    const res = await request(`${info.url as string}/api/service/whoami`, { headers: { authorization: `Bearer ${info.apiToken as string}` } });
    assert.equal(res.statusCode, 200);
    await res.body.text();
    child.kill('SIGTERM');
    const { code } = await exited;
    assert.equal(code, 0);
    assert.ok(existsSync(stateFile));
  });

  it('stops on SIGINT too', async () => {
    const { child, ready, exited } = start(['--port', '0']);
    children.push(child);
    await ready;
    child.kill('SIGINT');
    assert.equal((await exited).code, 0);
  });

  it('rejects bad arguments with usage and exit code 2', async () => {
    for (const args of [['--clock-speed', 'fast'], ['--surfaces', 'all'], ['--port', '99999'], ['--bogus']]) {
      const { child, exited } = start(args);
      children.push(child);
      const { code, stderr } = await exited;
      assert.equal(code, 2, `args ${args.join(' ')}`);
      assert.match(stderr, /usage: node out\/sandbox\/main\.js/);
    }
  });
});
