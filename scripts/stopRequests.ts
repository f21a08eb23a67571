import * as z from 'zod';

/** What scripts/start.mjs sends over the IPC channel when npm start has to end. */
const StopMessage = z.object({ type: z.literal('stop'), reason: z.string(), immediate: z.boolean().optional() });

export interface StopRequest {
  /** For the log line: a signal name, or why start.mjs asked. */
  reason: string;
  /** The user asked twice: stop without waiting for a clean stop. */
  immediate: boolean;
}

/**
 * Every way the product of npm start is told to end, as one listener: a signal to this process
 * (it gets them itself when run without start.mjs), a stop message from start.mjs (which owns the
 * terminal's signals and watches npm), or start.mjs going away without a word (its IPC channel
 * closes, e.g. after a SIGKILL). A second signal asks for an immediate stop.
 */
export function onStopRequest(listener: (request: StopRequest) => void): void {
  let signals = 0;
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.on(signal, () => {
      signals++;
      listener({ reason: signal, immediate: signals > 1 });
    });
  }
  if (!process.send) return;
  process.on('message', (message: unknown) => {
    const parsed = StopMessage.safeParse(message);
    if (parsed.success) listener({ reason: parsed.data.reason, immediate: parsed.data.immediate ?? false });
  });
  process.on('disconnect', () => listener({ reason: 'npm start went away', immediate: false }));
}
