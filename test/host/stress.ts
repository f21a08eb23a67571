import { spawnTracked, stopTracked } from './processes';

/**
 * Load for a test run: a busy-loop process that keeps one core at 100% for as long as the run
 * lasts, so a test that only passes on an idle machine fails here first. Asked for with
 * `--stress` (the integration runner) or `STRESS=1` in the environment (every runner, so
 * `STRESS=1 npm test` and `STRESS=1 .ci/run` stress the whole suite). The loop is a tracked child:
 * it stops with the run, on failure and on Ctrl-C too (see processes.ts).
 */
export const STRESS_ENV = 'STRESS';

export function stressRequested(argv: readonly string[] = [], env: NodeJS.ProcessEnv = process.env): boolean {
  return argv.includes('--stress') || env[STRESS_ENV] === '1' || env[STRESS_ENV] === 'true';
}

export interface BusyLoop {
  pid: number | undefined;
  stop(): Promise<void>;
}

export function startBusyLoop(): BusyLoop {
  const child = spawnTracked(process.execPath, ['-e', 'for (;;) {}'], {});
  return { pid: child.pid, stop: () => stopTracked(child) };
}
