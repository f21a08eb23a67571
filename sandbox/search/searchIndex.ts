/**
 * An in-memory document index with exact-value lookups on a few immutable fields (names), so a
 * `terms` query over a thousand template names touches only their runs instead of every run.
 */
import type { CandidateSource } from './query';

export interface StoredDoc {
  id: string;
  seqNo: number;
  /** Insertion order, fixed for the document's life (unsorted results keep it). */
  position: number;
  /** Epoch ms from which searches see the document (index lag). */
  visibleAt: number;
  source: Record<string, unknown>;
}

/** Extracts the exact value of an indexed field; these fields must never change after insert. */
export type KeyExtractor = (source: Record<string, unknown>) => string | undefined;

export class SearchIndex implements CandidateSource {
  private readonly docs = new Map<string, StoredDoc>();
  private readonly keys = new Map<string, Map<string, Set<string>>>();
  private seq = 0;
  private inserted = 0;

  constructor(
    readonly name: string,
    private readonly keyFields: Readonly<Record<string, KeyExtractor>>,
  ) {
    for (const field of Object.keys(keyFields)) this.keys.set(field, new Map());
  }

  get size(): number {
    return this.docs.size;
  }

  get(id: string): StoredDoc | undefined {
    return this.docs.get(id);
  }

  values(): IterableIterator<StoredDoc> {
    return this.docs.values();
  }

  /** Inserts or replaces a document; a replaced document keeps its position and visibility. */
  put(id: string, source: Record<string, unknown>, visibleAt: number): StoredDoc {
    const existing = this.docs.get(id);
    if (existing) {
      this.unindex(existing);
      existing.source = source;
      existing.seqNo = ++this.seq;
      this.index(existing);
      return existing;
    }
    const doc: StoredDoc = { id, seqNo: ++this.seq, position: ++this.inserted, visibleAt, source };
    this.docs.set(id, doc);
    this.index(doc);
    return doc;
  }

  /** Records an in-place change to a document's source (new sequence number). */
  touch(id: string): void {
    const doc = this.docs.get(id);
    if (doc) doc.seqNo = ++this.seq;
  }

  delete(id: string): boolean {
    const doc = this.docs.get(id);
    if (!doc) return false;
    this.unindex(doc);
    return this.docs.delete(id);
  }

  clear(): void {
    this.docs.clear();
    for (const m of this.keys.values()) m.clear();
  }

  lookup(fieldPath: string, values: readonly string[]): ReadonlySet<string> | undefined {
    if (fieldPath === '_id') return new Set(values.filter((v) => this.docs.has(v)));
    const byValue = this.keys.get(fieldPath);
    if (!byValue) return undefined;
    const out = new Set<string>();
    for (const v of values) {
      const ids = byValue.get(v);
      if (ids) for (const id of ids) out.add(id);
    }
    return out;
  }

  private index(doc: StoredDoc): void {
    for (const [field, extract] of Object.entries(this.keyFields)) {
      const value = extract(doc.source);
      if (value === undefined) continue;
      const byValue = this.keys.get(field) as Map<string, Set<string>>;
      let ids = byValue.get(value);
      if (!ids) byValue.set(value, (ids = new Set()));
      ids.add(doc.id);
    }
  }

  private unindex(doc: StoredDoc): void {
    for (const [field, extract] of Object.entries(this.keyFields)) {
      const value = extract(doc.source);
      if (value === undefined) continue;
      const byValue = this.keys.get(field) as Map<string, Set<string>>;
      const ids = byValue.get(value);
      ids?.delete(doc.id);
      if (ids?.size === 0) byValue.delete(value);
    }
  }
}
