/** A bounded log of the requests the sandbox answered, for tests that count calls. */

export interface LoggedRequest {
  at: string;
  method: string;
  path: string;
  query: string;
  status: number;
  /** Which fault rule answered, when one did. */
  fault?: string;
  durationMs: number;
}

export class RequestLog {
  private entries: LoggedRequest[] = [];

  constructor(private readonly capacity = 10_000) {}

  add(entry: LoggedRequest): void {
    this.entries.push(entry);
    if (this.entries.length > this.capacity) this.entries.splice(0, this.entries.length - this.capacity);
  }

  list(filter: { method?: string; path?: RegExp } = {}): LoggedRequest[] {
    return this.entries.filter((e) => (!filter.method || e.method === filter.method) && (!filter.path || filter.path.test(e.path)));
  }

  /** `"METHOD path" -> count`. */
  counters(): Record<string, number> {
    const out: Record<string, number> = {};
    for (const e of this.entries) {
      const key = `${e.method} ${e.path}`;
      out[key] = (out[key] ?? 0) + 1;
    }
    return out;
  }

  clear(): void {
    this.entries = [];
  }
}
