/**
 * An in-memory document index with exact-value lookups on a few immutable fields (names), so a
 * `terms` query over a thousand template names touches only their runs instead of every run.
 */
import { WORKFLOW_FIELDS, type FieldMapping } from './fieldTypes';
import type { CandidateSource, DocView } from './query';
import { ALL_SUPPORTED, type SearchFeatures } from './tenantFeatures';

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
  private readonly keys = new Map<string, Map<string, Set<StoredDoc>>>();
  private seq = 0;
  private inserted = 0;
  /**
   * How this index's search treats optional request keys (tests and benches play tenants that
   * reject or ignore `collapse` / `_source`). Survives `clear()`: it describes the tenant, not its data.
   */
  features: SearchFeatures = { ...ALL_SUPPORTED };

  constructor(
    readonly name: string,
    private readonly keyFields: Readonly<Record<string, KeyExtractor>>,
    /** How the index maps its fields (which clauses on which fields are valid). */
    readonly mapping: FieldMapping = WORKFLOW_FIELDS,
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

  lookup(fieldPath: string, values: readonly string[]): ReadonlySet<DocView> | undefined {
    if (fieldPath === '_id') {
      const out = new Set<DocView>();
      for (const v of values) {
        const doc = this.docs.get(v);
        if (doc) out.add(doc);
      }
      return out;
    }
    const byValue = this.keys.get(fieldPath);
    if (!byValue) return undefined;
    if (values.length === 1) return byValue.get(values[0]) ?? new Set();
    const parts: Set<StoredDoc>[] = [];
    for (const v of new Set(values)) {
      const docs = byValue.get(v);
      if (docs) parts.push(docs);
    }
    return new UnionSet(parts);
  }

  private index(doc: StoredDoc): void {
    for (const [field, extract] of Object.entries(this.keyFields)) {
      const value = extract(doc.source);
      if (value === undefined) continue;
      const byValue = this.keys.get(field) as Map<string, Set<StoredDoc>>;
      let docs = byValue.get(value);
      if (!docs) byValue.set(value, (docs = new Set()));
      docs.add(doc);
    }
  }

  private unindex(doc: StoredDoc): void {
    for (const [field, extract] of Object.entries(this.keyFields)) {
      const value = extract(doc.source);
      if (value === undefined) continue;
      const byValue = this.keys.get(field) as Map<string, Set<StoredDoc>>;
      const docs = byValue.get(value);
      docs?.delete(doc);
      if (docs?.size === 0) byValue.delete(value);
    }
  }
}

/**
 * The union of disjoint sets (each document has one value of an indexed field), iterated
 * without copying; membership tests build a real set only if someone asks.
 */
class UnionSet implements ReadonlySet<DocView> {
  readonly size: number;
  private merged: Set<DocView> | undefined;

  constructor(private readonly parts: readonly Set<StoredDoc>[]) {
    this.size = parts.reduce((n, p) => n + p.size, 0);
  }

  *[Symbol.iterator](): SetIterator<DocView> {
    for (const part of this.parts) yield* part;
  }

  has(doc: DocView): boolean {
    this.merged ??= new Set(this);
    return this.merged.has(doc);
  }

  forEach(fn: (value: DocView, key: DocView, set: ReadonlySet<DocView>) => void): void {
    for (const part of this.parts) for (const doc of part) fn(doc, doc, this);
  }

  entries(): SetIterator<[DocView, DocView]> {
    return new Set(this).entries();
  }

  keys(): SetIterator<DocView> {
    return this[Symbol.iterator]();
  }

  values(): SetIterator<DocView> {
    return this[Symbol.iterator]();
  }
}
