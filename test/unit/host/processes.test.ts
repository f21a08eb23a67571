import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/**
 * Signal handling of the harness's child processes, in a separate node process (the handlers are
 * process-wide): the default kills tracked children and exits 130; `signals: false` leaves the
 * signal to the caller's own clean stop, which still ends every child.
 */
const PROCESSES = path.join(__dirname, '..', '..', 'host', 'processes.js');

interface Outcome {
  code: number | null;
  output: string;
  grandchild: number;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** True once `pid` has ended (a zombie waiting for init to reap it counts as ended). */
async function gone(pid: number): Promise<boolean> {
  for (let i = 0; i < 40; i++) {
    if (!alive(pid)) return true;
    let stat: string | undefined;
    try {
      stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    } catch {
      stat = undefined; // ended between the two checks
    }
    if (stat === undefined || /^\d+ \(.*\) Z /.test(stat)) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return false;
}

/** Starts a script that tracks a `sleep`, waits until it runs, sends SIGINT, and reports how it ended. */
async function interrupt(script: string, dir: string): Promise<Outcome> {
  const file = path.join(dir, `script-${Date.now()}.js`);
  fs.writeFileSync(file, `const p = require(${JSON.stringify(PROCESSES)});\n${script}`);
  const child = spawn(process.execPath, [file], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (b: Buffer) => (output += b.toString()));
  child.stderr.on('data', (b: Buffer) => (output += b.toString()));
  const grandchild = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the script did not start its child: ${output}`)), 10_000);
    child.stdout.on('data', () => {
      const m = /sleeping (\d+)/.exec(output);
      if (m) {
        clearTimeout(timer);
        resolve(Number(m[1]));
      }
    });
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  child.kill('SIGINT');
  return { code: await exited, output, grandchild };
}

const startSleep = `const sleep = p.spawnTracked('sleep', ['30'], {});\nsleep.on('spawn', () => console.log('sleeping ' + sleep.pid));\n`;

describe('harness signal handling', function () {
  this.timeout(20_000);
  let dir: string;
  const leftovers: number[] = [];

  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'atlan-processes-test-'));
  });

  after(() => {
    for (const pid of leftovers) if (alive(pid)) process.kill(pid, 'SIGKILL');
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('by default Ctrl-C stops the tracked children and exits 130', async () => {
    const outcome = await interrupt(startSleep, dir);
    leftovers.push(outcome.grandchild);
    assert.equal(outcome.code, 130);
    assert.equal(await gone(outcome.grandchild), true, 'the tracked child outlived the harness');
  });

  it('with signals: false the caller stops cleanly first, and the children still end', async () => {
    const outcome = await interrupt(
      `p.installHandlers({ signals: false });\n${startSleep}` +
        `process.on('SIGINT', () => { console.log('own stop: flushing'); void p.stopAllTracked().then(() => { console.log('own stop: done'); process.exit(0); }); });\n`,
      dir,
    );
    leftovers.push(outcome.grandchild);
    assert.equal(outcome.code, 0, outcome.output);
    assert.match(outcome.output, /own stop: flushing\nown stop: done/);
    assert.equal(await gone(outcome.grandchild), true, 'the tracked child outlived the harness');
  });

  it('with signals: false a normal exit still kills what is left', async () => {
    const outcome = await interrupt(`p.installHandlers({ signals: false });\n${startSleep}process.on('SIGINT', () => process.exit(3));\n`, dir);
    leftovers.push(outcome.grandchild);
    assert.equal(outcome.code, 3);
    assert.equal(await gone(outcome.grandchild), true, 'the exit handler did not stop the child');
  });
});
