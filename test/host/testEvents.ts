import * as fs from 'node:fs';
import * as z from 'zod';

/**
 * What the integration test module (test/integration/index.ts, inside the extension host) tells
 * the runner while it runs, one JSON line per event appended to a file the runner tails: the plan
 * (what every suite file declares and what this run selects, counted before anything runs), each
 * test's result as it finishes, and the end. The runner prints results as they come and judges
 * the run on them (see runVerdict.ts).
 */
export const TEST_EVENTS_ENV = 'ATLAN_IT_EVENTS';
/** The regex (source) of the tests a run selects, matched against each test's full title. */
export const TEST_SELECTION_ENV = 'ATLAN_IT_GREP';

export const PlanEvent = z.object({
  type: z.literal('plan'),
  /** Per suite file: the tests it declares and how many of them this run selects. */
  files: z.array(
    z.object({
      file: z.string(),
      declared: z.number().int().min(0),
      selected: z.number().int().min(0),
      /** Another suite file imported it first, so its tests were counted with that file. */
      loadedEarlier: z.boolean(),
    }),
  ),
  declared: z.number().int().min(0),
  selected: z.number().int().min(0),
  selection: z.string().optional(),
});
export type PlanEvent = z.infer<typeof PlanEvent>;

export const LoadErrorEvent = z.object({ type: z.literal('loadError'), file: z.string(), error: z.string() });

export const TestResultEvent = z.object({
  type: z.literal('test'),
  state: z.enum(['passed', 'failed', 'pending']),
  /** A failing before/after hook is reported as a failure of its own (its tests never run). */
  kind: z.enum(['test', 'hook']).default('test'),
  title: z.string(),
  ms: z.number().optional(),
  error: z.string().optional(),
});
export type TestResultEvent = z.infer<typeof TestResultEvent>;

export const EndEvent = z.object({ type: z.literal('end'), passed: z.number(), failed: z.number(), pending: z.number() });

export const TestEvent = z.discriminatedUnion('type', [PlanEvent, LoadErrorEvent, TestResultEvent, EndEvent]);
export type TestEvent = z.infer<typeof TestEvent>;

/** Appends one event (the test module's side). A line at a time: the runner may read between two. */
export function appendTestEvent(file: string, event: z.input<typeof TestEvent>): void {
  fs.appendFileSync(file, `${JSON.stringify(event)}\n`);
}

/**
 * Reads the events file as it grows (the runner's side): `poll()` returns the events completed
 * since the last call; a line still being written waits for its newline.
 */
export class TestEventTail {
  private offset = 0;
  private partial = '';

  constructor(private readonly file: string) {}

  poll(): TestEvent[] {
    if (!fs.existsSync(this.file)) return [];
    const size = fs.statSync(this.file).size;
    if (size <= this.offset) return [];
    const fd = fs.openSync(this.file, 'r');
    let chunk: Buffer;
    try {
      chunk = Buffer.alloc(size - this.offset);
      fs.readSync(fd, chunk, 0, chunk.length, this.offset);
    } finally {
      fs.closeSync(fd);
    }
    this.offset = size;
    const lines = (this.partial + chunk.toString('utf8')).split('\n');
    this.partial = lines.pop() ?? '';
    return lines.filter((l) => l.trim()).map((line) => parseEvent(line));
  }
}

function parseEvent(line: string): TestEvent {
  let json: unknown;
  try {
    json = JSON.parse(line);
  } catch {
    throw new Error(`The test module wrote a line that is not JSON to its events file: ${line.slice(0, 200)}`);
  }
  const parsed = TestEvent.safeParse(json);
  if (!parsed.success) throw new Error(`The test module wrote an event the runner does not understand (${z.prettifyError(parsed.error)}): ${line.slice(0, 200)}`);
  return parsed.data;
}

/** One line per result, as the runner prints it while the run goes on. */
export function formatResult(e: TestResultEvent): string {
  const mark = e.state === 'passed' ? '  ✓' : e.state === 'failed' ? '  ✗' : '  -';
  const head = `${mark} ${e.title}${e.ms !== undefined ? ` (${e.ms} ms)` : ''}${e.state === 'pending' ? ' (skipped)' : ''}`;
  return e.error ? `${head}\n${e.error.split('\n').map((l) => `      ${l}`).join('\n')}` : head;
}
