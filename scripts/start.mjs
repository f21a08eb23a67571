// `npm start`: installs what is missing, builds, then starts the product (see scripts/start.ts).
// Plain JavaScript on purpose: it runs before TypeScript is installed.
//
// This process owns the lifetime of everything npm start runs. package.json runs it with `exec`,
// so the SIGINT and SIGTERM npm passes on reach it instead of a shell that would sit on them. npm
// passes nothing else on and may end first (SIGHUP, or npm killed), so this process also watches
// the ones that launched it, up to npm itself: when one of them ends, npm start ends too. The
// product runs in its own process group and is told to stop over an IPC channel, so it stops in
// its own order and saves the sandbox state; if this process dies outright, the channel closes
// and the product stops all the same.
import { execFileSync, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { constants } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'];
const LAUNCHER_POLL_MS = 500;

// Writes to a terminal that was closed (SIGHUP) fail; stopping must go on regardless.
for (const stream of [process.stdout, process.stderr]) stream.on('error', () => undefined);

/** Parent pid and command line of a process, or undefined when it is gone or cannot be read. */
function describeProcess(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    const command = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ');
    return { ppid, command };
  } catch {
    // No /proc (macOS): ps says the same.
    try {
      const out = execFileSync('ps', ['-o', 'ppid=,command=', '-p', String(pid)], { encoding: 'utf8' }).trim();
      const match = /^(\d+)\s+(.*)$/.exec(out);
      return match ? { ppid: Number(match[1]), command: match[2] } : undefined;
    } catch {
      return undefined;
    }
  }
}

/**
 * The processes between this one and the package manager that ran the script (npm, or yarn /
 * pnpm), that one included; just the parent when there is none (`node scripts/start.mjs`).
 */
function launchers() {
  const chain = [process.ppid];
  if (!process.env.npm_lifecycle_event) return chain;
  for (let pid = process.ppid, depth = 0; pid > 1 && depth < 4; depth++) {
    const info = describeProcess(pid);
    if (!info) break;
    if (/(^|[\s/])(npm|npm-cli\.js|yarn|pnpm)(\s|$)/.test(info.command)) return chain;
    pid = info.ppid;
    if (pid > 1) chain.push(pid);
  }
  // No package manager found: the direct parent is the one to follow.
  return chain.slice(0, 1);
}

/** Whether a process still runs; a zombie (ended, not yet reaped by its parent) does not. */
function running(pid) {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return true; // no /proc: kill(pid, 0) has answered
  }
}

/** The child running now: a build step, or the product (the one with an IPC channel). */
let current;
let stopReason;
let firstSignalAt;
/**
 * Ctrl-C reaches this process twice, from the terminal and again from npm, which passes SIGINT on
 * to its child: only a signal well after the first one is the user asking again.
 */
const REPEAT_AFTER_MS = 1000;

function stop(reason, fromSignal) {
  const first = stopReason === undefined;
  stopReason ??= reason;
  const again = fromSignal && firstSignalAt !== undefined && Date.now() - firstSignalAt > REPEAT_AFTER_MS;
  if (fromSignal) firstSignalAt ??= Date.now();
  if (!current) process.exit(130);
  if (!first && !again) return;
  if (current.connected) {
    // The product stops itself cleanly; asked again, it stops at once.
    current.send({ type: 'stop', reason, immediate: again });
    return;
  }
  // A build step (or a product that lost its channel): end its whole process group.
  try {
    process.kill(-current.pid, again ? 'SIGKILL' : 'SIGTERM');
  } catch {
    /* already gone */
  }
}

for (const signal of SIGNALS) process.on(signal, () => stop(signal, true));

const watched = launchers();
const originalParent = process.ppid;
setInterval(() => {
  if (stopReason !== undefined) return;
  const gone = process.ppid !== originalParent ? originalParent : watched.find((pid) => !running(pid));
  if (gone !== undefined) stop(`the process that started npm start (pid ${gone}) ended`, false);
}, LAUNCHER_POLL_MS).unref();

/** Runs a child in its own process group (so it can be stopped as a whole); resolves with its exit code. */
function run(cmd, args, options = {}) {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, {
      cwd: root,
      stdio: options.ipc ? ['inherit', 'inherit', 'inherit', 'ipc'] : 'inherit',
      detached: true,
    });
    current = child;
    child.on('error', (err) => {
      console.error(`Could not run ${cmd}: ${err.message}`);
      resolve(1);
    });
    child.on('exit', (code, signal) => {
      current = undefined;
      resolve(code ?? 128 + (constants.signals[signal] ?? 0));
    });
  });
}

async function step(cmd, args) {
  const code = await run(cmd, args);
  if (stopReason !== undefined) process.exit(130);
  if (code !== 0) process.exit(code);
}

// ATLAN_START_SKIP_BUILD: the process test runs npm start on a tree it has already compiled.
if (!process.env.ATLAN_START_SKIP_BUILD) {
  await step(process.execPath, [join(root, 'scripts', 'ensure-deps.mjs')]);
  await step('npm', ['run', '--silent', 'compile']);
  await step('npm', ['run', '--silent', 'build']);
}
if (stopReason !== undefined) process.exit(130);
process.exit(await run(process.execPath, [join(root, 'out', 'scripts', 'start.js'), ...process.argv.slice(2)], { ipc: true }));
