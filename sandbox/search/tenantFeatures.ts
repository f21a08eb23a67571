/**
 * Optional search features a real tenant may lack. Atlan's indexsearch is an Elasticsearch
 * pass-through, but nothing documents which request keys it forwards, so a client must cope with
 * three behaviours per key; the sandbox can play each of them, per index:
 *
 * - `supported`: evaluated with Elasticsearch's semantics (the default);
 * - `rejected`: a 400 naming the key, as a tenant that validates its request model would send;
 * - `ignored`: the key is dropped before evaluation, as a tenant that forwards only known keys would.
 */
import { QueryError } from './queryError';

export type FeatureSupport = 'supported' | 'rejected' | 'ignored';

export interface SearchFeatures {
  /** `collapse: {field}`. */
  collapse: FeatureSupport;
  /** `_source` (includes / excludes / false). */
  sourceFilter: FeatureSupport;
}

export const ALL_SUPPORTED: Readonly<SearchFeatures> = Object.freeze({ collapse: 'supported', sourceFilter: 'supported' });

const KEYS: Readonly<Record<keyof SearchFeatures, string>> = { collapse: 'collapse', sourceFilter: '_source' };

/** The request body as this tenant would evaluate it (a shallow copy when a key is dropped). */
export function applySearchFeatures(body: unknown, features: Readonly<SearchFeatures>): unknown {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return body;
  let out = body as Record<string, unknown>;
  for (const feature of Object.keys(KEYS) as (keyof SearchFeatures)[]) {
    const key = KEYS[feature];
    if (!(key in out) || out[key] === null) continue;
    if (features[feature] === 'rejected') {
      throw new QueryError(`unsupported search parameter ${key} (this tenant does not accept it)`);
    }
    if (features[feature] === 'ignored') {
      const { [key]: _dropped, ...rest } = out;
      out = rest;
    }
  }
  return out;
}
