/**
 * The sandbox tenant from the command line:
 *
 *   node out/sandbox/main.js [--port N] [--state FILE] [--clock-speed N] [--surfaces both|legacy|apps]
 *                            [--seed N] [--index-lag-ms N]
 *
 * Prints one JSON line `{"url", "apiToken", "userToken", ...}` when ready; stops on SIGTERM/SIGINT.
 */
import { parseArgs } from 'node:util';
import { crawlPostgres, testPostgresCredential } from './crawler';
import { startSandbox, type SandboxOptions } from './server';

const USAGE =
  'usage: node out/sandbox/main.js [--port N] [--state FILE] [--clock-speed N] [--surfaces both|legacy|apps] [--seed N] [--index-lag-ms N]';

function intArg(name: string, value: string | undefined, min: number, max: number): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < min || n > max) throw new Error(`--${name} must be an integer from ${min} to ${max}, got '${value}'`);
  return n;
}

function parseCli(argv: string[]): SandboxOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      port: { type: 'string' },
      state: { type: 'string' },
      'clock-speed': { type: 'string' },
      surfaces: { type: 'string' },
      seed: { type: 'string' },
      'index-lag-ms': { type: 'string' },
      help: { type: 'boolean' },
    },
    strict: true,
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    process.exit(0);
  }
  const surfaces = values.surfaces;
  if (surfaces !== undefined && surfaces !== 'both' && surfaces !== 'legacy' && surfaces !== 'apps') {
    throw new Error(`--surfaces must be both, legacy or apps, got '${surfaces}'`);
  }
  const clockRaw = values['clock-speed'];
  const clockSpeed = clockRaw === undefined ? undefined : Number(clockRaw);
  if (clockSpeed !== undefined && !(clockSpeed > 0 && Number.isFinite(clockSpeed))) throw new Error(`--clock-speed must be a positive number, got '${clockRaw}'`);
  const seed = intArg('seed', values.seed, 0, 10_000);
  return {
    port: intArg('port', values.port, 0, 65535) ?? 0,
    ...(values.state ? { stateFile: values.state } : {}),
    ...(clockSpeed !== undefined ? { clockSpeed } : {}),
    ...(surfaces ? { surfaces } : {}),
    ...(seed ? { seed: { workflows: seed, runsPerWorkflow: 5, inFlight: Math.min(2, seed) } } : {}),
    ...(values['index-lag-ms'] !== undefined ? { indexLagMs: intArg('index-lag-ms', values['index-lag-ms'], 0, 600_000) } : {}),
  };
}

async function main(): Promise<void> {
  let options: SandboxOptions;
  try {
    options = parseCli(process.argv.slice(2));
  } catch (err) {
    process.stderr.write(`${(err as Error).message}\n${USAGE}\n`);
    process.exit(2);
  }
  const sandbox = await startSandbox({ ...options, crawler: { crawlPostgres, testPostgresCredential } });
  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    sandbox.stop().then(
      () => process.exit(0),
      (err: unknown) => {
        process.stderr.write(`sandbox: error while stopping on ${signal}: ${(err as Error).message}\n`);
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
  // Only now say we are ready: a caller may signal us the moment it reads this line.
  process.stdout.write(
    `${JSON.stringify({ url: sandbox.url, apiToken: sandbox.tokens.apiToken, userToken: sandbox.tokens.userToken, port: sandbox.port, crawler: 'postgres' })}\n`,
  );
}

main().catch((err: unknown) => {
  process.stderr.write(`sandbox: ${(err as Error).message}\n`);
  process.exit(1);
});
