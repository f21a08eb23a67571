/** Command-line flags shared by the benches, and the wrapper that runs a bench as a program. */
import { parseArgs } from 'node:util';
import * as z from 'zod';

export const BenchFlags = z
  .object({
    /** Few iterations, for a smoke run (figures are then not worth quoting). */
    quick: z.boolean().default(false),
    /** Runs seeded per workflow in the refresh bench (the sandbox allows 0 to 50). */
    runsPerWorkflow: z.coerce.number().int().min(1).max(50).default(5),
    /** Write the results as JSON to this file as well. */
    json: z.string().min(1).optional(),
  })
  .strict();
export type BenchFlags = z.infer<typeof BenchFlags>;

export const USAGE = 'usage: node out/bench/<bench>.js [--quick] [--runs-per-workflow N] [--json FILE]';

export function parseBenchFlags(argv: readonly string[]): BenchFlags {
  let values: Record<string, unknown>;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: {
        quick: { type: 'boolean' },
        'runs-per-workflow': { type: 'string' },
        json: { type: 'string' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (err) {
    throw new Error(`${err instanceof Error ? err.message : String(err)}\n${USAGE}`);
  }
  const given = { quick: values.quick, runsPerWorkflow: values['runs-per-workflow'], json: values.json };
  const parsed = BenchFlags.safeParse(Object.fromEntries(Object.entries(given).filter(([, v]) => v !== undefined)));
  if (!parsed.success) throw new Error(`${z.prettifyError(parsed.error)}\n${USAGE}`);
  return parsed.data;
}

/** Runs a bench program: any failure becomes one clear line on stderr and exit code 1. */
export function runAsProgram(main: (flags: BenchFlags) => Promise<void>): void {
  let flags: BenchFlags;
  try {
    flags = parseBenchFlags(process.argv.slice(2));
  } catch (err) {
    process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 2;
    return;
  }
  main(flags).catch((err: unknown) => {
    process.stderr.write(`bench failed: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
  });
}
