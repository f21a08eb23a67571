// `npm start`: installs what is missing, builds, then starts the product (see scripts/start.ts).
// Plain JavaScript on purpose: it runs before TypeScript is installed.
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const step = (cmd, args) => {
  const result = spawnSync(cmd, args, { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
};
step(process.execPath, [join(root, 'scripts', 'ensure-deps.mjs')]);
step('npm', ['run', '--silent', 'compile']);
step('npm', ['run', '--silent', 'build']);
// Ctrl-C reaches both processes; start.js stops everything cleanly, so this one waits for it.
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => undefined);
step(process.execPath, [join(root, 'out', 'scripts', 'start.js'), ...process.argv.slice(2)]);
