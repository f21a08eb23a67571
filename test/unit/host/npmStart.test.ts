import * as assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { adminClient } from '../../../sandbox/admin/adminClient';
import { DEMO_SUPERUSER } from '../../../sandbox/postgres/demoSchema';
import { freePort } from '../../host/processes';
import { ensureVsCodeHost } from '../../host/vscodeHostInstall';

/**
 * The real `npm start` (the repository's package.json script, start.mjs and start.js, with a real
 * demo Postgres, the sandbox tenant and the VS Code server) on free ports and in temporary folders,
 * stopped the ways a terminal, a process manager or a user stops it. After each, no process that
 * npm start's tree held, and none left in any of its process groups, may still run, and the
 * sandbox state must be on disk. The tree is read from /proc before the signal: once npm is gone,
 * its orphans hang off init and a walk from npm would find none.
 */
const REPO = path.resolve(__dirname, '..', '..', '..', '..');
const STARTED = /Atlan Postgres Workflows is running/;

interface ProcessInfo {
  pid: number;
  ppid: number;
  pgid: number;
  state: string;
  command: string;
}

function readProcess(pid: number): ProcessInfo | undefined {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const command = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ').trim();
    return { pid, state: fields[0], ppid: Number(fields[1]), pgid: Number(fields[2]), command };
  } catch {
    return undefined; // ended while being read
  }
}

function allProcesses(): ProcessInfo[] {
  return fs
    .readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .map((name) => readProcess(Number(name)))
    .filter((p): p is ProcessInfo => p !== undefined);
}

/** `root` and everything below it. */
function processTree(root: number): ProcessInfo[] {
  const all = allProcesses();
  const tree = all.filter((p) => p.pid === root);
  for (let i = 0; i < tree.length; i++) tree.push(...all.filter((p) => p.ppid === tree[i].pid));
  return tree;
}

/** Processes still running (zombies have ended) that were in `tree` or share a process group with it. */
function survivors(tree: ProcessInfo[]): ProcessInfo[] {
  const pids = new Set(tree.map((p) => p.pid));
  const groups = new Set(tree.map((p) => p.pgid));
  return allProcesses().filter((p) => p.state !== 'Z' && (pids.has(p.pid) || groups.has(p.pgid)));
}

async function until<T>(probe: () => T | undefined | false, timeoutMs: number, what: () => string): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms: ${what()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

interface Started {
  npm: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
  ports: { vscode: number; sandbox: number; postgres: number };
}

describe('npm start: stopping it stops everything it started', function () {
  // Each start runs a real Postgres and a VS Code server: a few seconds, more on a loaded machine.
  this.timeout(120_000);
  let dir: string;
  let stateDir: string;
  let postgresData: string;
  const trees: ProcessInfo[][] = [];

  before(function () {
    if (process.platform !== 'linux') this.skip(); // reads /proc
    this.timeout(15 * 60_000); // a first run on a fresh machine installs the VS Code host
    ensureVsCodeHost(() => undefined);
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'atlan-npm-start-test-'));
    stateDir = path.join(dir, 'state');
    // As root, Postgres runs as the `postgres` user, which can create a folder in /tmp but not in ours.
    postgresData = path.join('/tmp', `atlan-npm-start-test-pg-${randomBytes(4).toString('hex')}`);
  });

  after(() => {
    // Whatever a failed case left behind must not outlive the test run.
    for (const tree of trees) {
      for (const p of survivors(tree)) {
        try {
          process.kill(p.pid, 'SIGKILL');
        } catch {
          /* gone meanwhile */
        }
      }
    }
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
    if (postgresData) fs.rmSync(postgresData, { recursive: true, force: true });
  });

  async function startNpm(): Promise<Started> {
    const ports = { vscode: await freePort(), sandbox: await freePort(), postgres: await freePort() };
    const args = ['--port', ports.vscode, '--sandbox-port', ports.sandbox, '--postgres-port', ports.postgres, '--state-dir', stateDir, '--postgres-data', postgresData];
    // Its own process group, as a terminal gives a foreground job: the Ctrl-C case signals the group.
    const npm = spawn('npm', ['start', '--', ...args.map(String)], {
      cwd: REPO,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, ATLAN_START_SKIP_BUILD: '1' },
    });
    let output = '';
    npm.stdout?.on('data', (b: Buffer) => (output += b.toString()));
    npm.stderr?.on('data', (b: Buffer) => (output += b.toString()));
    const exited = new Promise<number | null>((resolve) => npm.on('exit', (code) => resolve(code)));
    let ended = false;
    void exited.then(() => (ended = true));
    await until(() => STARTED.test(output) || ended, 90_000, () => `npm start did not say it was running:\n${output}`);
    assert.ok(!ended, `npm start ended before it was running:\n${output}`);
    return { npm, output: () => output, exited, ports };
  }

  /** Starts npm start, signals it, and checks that nothing of it survives and the sandbox state was saved. */
  async function stopAndCheck(signal: NodeJS.Signals, target: 'npm' | 'process group'): Promise<string> {
    const started = await startNpm();
    const npmPid = started.npm.pid;
    assert.ok(npmPid);
    const tree = processTree(npmPid);
    trees.push(tree);
    const commands = tree.map((p) => p.command).join('\n');
    for (const expected of [/scripts\/start\.mjs/, /out\/scripts\/start\.js/, /server-main\.js/, /bin\/postgres/]) {
      assert.match(commands, expected, `npm start's tree has no process matching ${expected}:\n${commands}`);
    }
    const userDataDir = /--user-data-dir (\S+)/.exec(commands)?.[1];
    assert.ok(userDataDir, 'the VS Code server was started without --user-data-dir');

    // A change the sandbox must save on the way out.
    const admin = adminClient(`http://127.0.0.1:${started.ports.sandbox}`);
    await admin.seed({ workflows: 3, runsPerWorkflow: 1 });
    const workflows = (await admin.state()).workflows;

    process.kill(target === 'npm' ? npmPid : -npmPid, signal);
    await until(
      () => survivors(tree).length === 0,
      60_000,
      () => `still running after ${signal} to ${target}:\n${survivors(tree).map((p) => `${p.pid} ${p.command}`).join('\n')}\n--- npm start said:\n${started.output()}`,
    );
    await started.exited;
    assert.equal(fs.existsSync(path.dirname(userDataDir)), false, `the VS Code server's data folder ${path.dirname(userDataDir)} was left behind`);
    const saved = JSON.parse(fs.readFileSync(path.join(stateDir, 'state.json'), 'utf8')) as { workflows: unknown[] };
    assert.equal(saved.workflows.length, workflows, 'the sandbox state on disk lacks what the tenant had when npm start was stopped');
    return started.output();
  }

  it('SIGTERM to npm alone (a process manager, `kill <pid>`) stops it all; it prints how to reach the demo Postgres', async () => {
    const output = await stopAndCheck('SIGTERM', 'npm');
    // Point 3: the URL comes with what it takes to reach the demo database and where its secret comes from.
    assert.match(output, new RegExp(`port \\d+, user ${DEMO_SUPERUSER.user}, password ${DEMO_SUPERUSER.password}`));
    assert.match(output, /secret "demo-postgres"/);
    // Point 4: the demo workspace sits inside this repository's state folder; Git must not offer the parent repository.
    const settings = JSON.parse(fs.readFileSync(path.join(stateDir, 'workspace', '.vscode', 'settings.json'), 'utf8')) as Record<string, unknown>;
    assert.equal(settings['git.openRepositoryInParentFolders'], 'never');
  });

  it('SIGINT to npm alone stops it all', async () => {
    await stopAndCheck('SIGINT', 'npm');
  });

  it('SIGHUP to npm alone stops it all', async () => {
    await stopAndCheck('SIGHUP', 'npm');
  });

  it('Ctrl-C (SIGINT to the whole foreground process group) stops it all', async () => {
    await stopAndCheck('SIGINT', 'process group');
  });

  it('SIGHUP to the whole process group (the terminal closed) stops it all', async () => {
    await stopAndCheck('SIGHUP', 'process group');
  });
});
