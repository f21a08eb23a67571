/** One line about the machine, printed with the figures: a loaded 2-core box gives noisy p95s. */
import * as os from 'node:os';

export function describeMachine(): string {
  const cpus = os.cpus();
  const model = cpus[0]?.model.trim() ?? 'unknown CPU';
  return `Node ${process.version}, ${cpus.length} x ${model}, ${(os.totalmem() / 1e9).toFixed(0)} GB`;
}

/** The 1-minute load average: above the CPU count means other work competed with the bench. */
export function loadAverage(): string {
  return `load ${os.loadavg()[0]?.toFixed(1) ?? '?'} on ${os.cpus().length} CPUs`;
}
