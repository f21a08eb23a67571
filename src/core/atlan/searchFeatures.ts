/**
 * What one tenant's indexsearch does with the optional request keys this client would like to
 * send (`collapse`, `_source`), learned from its answers and remembered for the client's life.
 *
 * Atlan's indexsearch passes requests to Elasticsearch, but nothing documents which keys survive,
 * so each key may be honoured, rejected (a 400) or silently dropped. A rejected key costs one
 * failed request per client, never one per call; an ignored key is detected by the caller (who
 * can tell from the hits) and then no longer sent.
 */
import { AtlanError } from './errors';
import type { SearchRequest } from './searchQueries';

export type SearchFeature = 'collapse' | '_source';
/** untested: never sent successfully; accepted: a request carrying it succeeded. */
export type FeatureVerdict = 'untested' | 'accepted' | 'rejected' | 'ignored';

export type OptionalKeys = Pick<SearchRequest, SearchFeature>;

/** A request body, or one that depends on which optional keys go with it (a collapse needs another size than a window). */
export type SearchBody = SearchRequest | ((keys: ReadonlySet<SearchFeature>) => SearchRequest);

export interface SearchOutcome<T> {
  response: T;
  /** The optional keys the successful request carried. */
  sent: ReadonlySet<SearchFeature>;
}

/** Most valuable first: when a 400 must be attributed, the key tried alone first is the one kept if it works. */
const PRIORITY: readonly SearchFeature[] = ['collapse', '_source'];

export class TenantSearchFeatures {
  private readonly verdicts = new Map<SearchFeature, FeatureVerdict>();

  verdict(feature: SearchFeature): FeatureVerdict {
    return this.verdicts.get(feature) ?? 'untested';
  }

  /** Worth sending: not known to be rejected or ignored. */
  usable(feature: SearchFeature): boolean {
    const v = this.verdict(feature);
    return v === 'untested' || v === 'accepted';
  }

  /** The tenant accepted the key but the answer shows it did not apply it. */
  noteIgnored(feature: SearchFeature): void {
    this.verdicts.set(feature, 'ignored');
  }

  /** Every verdict so far, for logs and benches. */
  snapshot(): Record<SearchFeature, FeatureVerdict> {
    return { collapse: this.verdict('collapse'), _source: this.verdict('_source') };
  }

  /**
   * Posts `base` plus the usable optional keys. When a request carrying untested keys gets a 400,
   * the keys are told apart by trying without the most suspect one (collapse) first: the keys
   * found refused are remembered, and the answer of the first request that passes is returned.
   * If even the plain request fails with a 400 the request itself is at fault: this call's
   * verdicts are undone and the error is thrown.
   */
  async send<T>(base: SearchBody, optional: OptionalKeys, post: (body: SearchRequest) => Promise<T>): Promise<SearchOutcome<T>> {
    const wanted = PRIORITY.filter((f) => optional[f] !== undefined && this.usable(f));
    const attempt = async (keys: readonly SearchFeature[]): Promise<SearchOutcome<T>> => {
      const sent = new Set(keys);
      const body: SearchRequest = { ...(typeof base === 'function' ? base(sent) : base) };
      for (const key of keys) Object.assign(body, { [key]: optional[key] });
      const response = await post(body);
      for (const key of keys) if (this.verdict(key) === 'untested') this.verdicts.set(key, 'accepted');
      return { response, sent };
    };
    /** A 400 passes through `undefined` so the next combination can be tried; anything else is thrown. */
    const tryKeys = async (keys: readonly SearchFeature[]): Promise<SearchOutcome<T> | undefined> => {
      try {
        return await attempt(keys);
      } catch (error) {
        if (isBadRequest(error)) return undefined;
        throw error;
      }
    };
    try {
      return await attempt(wanted);
    } catch (error) {
      const untested = wanted.filter((f) => this.verdict(f) === 'untested');
      if (!isBadRequest(error) || untested.length === 0) throw error;
      const accepted = wanted.filter((f) => this.verdict(f) === 'accepted');
      const refused: SearchFeature[] = [];
      const refuse = (key: SearchFeature): void => {
        refused.push(key);
        this.verdicts.set(key, 'rejected');
      };
      const [suspect, other] = untested;
      if (other === undefined) {
        // The failed request was exactly "accepted keys + this one".
        refuse(suspect);
      } else {
        // Both untested (there are only two optional keys): drop the more suspect one first.
        const withoutSuspect = await tryKeys([...accepted, other]);
        if (withoutSuspect) {
          refuse(suspect);
          return withoutSuspect;
        }
        refuse(other);
        const withSuspect = await tryKeys([...accepted, suspect]);
        if (withSuspect) return withSuspect;
        refuse(suspect);
      }
      try {
        return await attempt(accepted);
      } catch (plain) {
        if (isBadRequest(plain)) for (const key of refused) this.verdicts.delete(key);
        throw plain;
      }
    }
  }
}

function isBadRequest(error: unknown): boolean {
  return error instanceof AtlanError && error.status === 400;
}

/**
 * Whether a hit's `_source` went through the includes: a filtered document holds only top-level
 * keys some include starts with (a whole Argo object also has `apiVersion`, `kind`...).
 */
export function sourceLooksFiltered(source: Record<string, unknown>, includes: readonly string[]): boolean {
  const roots = new Set(includes.map((path) => path.split('.')[0]));
  return Object.keys(source).every((key) => roots.has(key));
}
