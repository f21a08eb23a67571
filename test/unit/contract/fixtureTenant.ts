/**
 * Serves corpus fixtures over loopback HTTP (a ScriptedServer) to the real client: each request
 * gets the fixture that answers its method, path and query. Search fixtures are not replayed
 * blindly: their documents go into the sandbox's Elasticsearch evaluator and the client's own
 * query decides which hits come back, as on a tenant (a query that cannot match a documented
 * workflow must not find it here either).
 */
import { QueryError } from '../../../sandbox/search/queryError';
import { executeSearch } from '../../../sandbox/search/search';
import { SearchIndex } from '../../../sandbox/search/searchIndex';
import type { RecordedRequest, Reply, ScriptedServer } from '../atlan/helpers';
import { CORPUS_DIR, fillPath, fixture, type Corpus, type CorpusFixture } from './corpus';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';

/**
 * The corpus documents the App API as `v1/app` answers it; a client that first asks the asset
 * search for App runs gets the documented "nothing matched" answer, as on a tenant that does not
 * catalogue App runs (asset-search/README.md names its source).
 */
const ASSET_SEARCH_PATH = '/api/meta/search/indexsearch';
const NO_MATCH: unknown = JSON.parse(readFileSync(path.join(CORPUS_DIR, 'asset-search', 'search-response-no-match.json'), 'utf8'));

const SEARCH_SHAPES: ReadonlySet<string> = new Set(['workflowSearchAnswer', 'runSearchAnswer']);

interface Candidate {
  fx: CorpusFixture;
  /** Answered once, then the next candidate for the same request takes over (the last one stays). */
  used: boolean;
  index?: SearchIndex;
}

export interface FixtureTenant {
  /** Requests no fixture of the check answered (they got a 404): the client asked for something unexpected. */
  readonly unanswered: string[];
}

function matches(fx: CorpusFixture, request: RecordedRequest): boolean {
  const { answers } = fx.entry;
  if (answers.method !== request.method || fillPath(answers.path, answers.params) !== request.path) return false;
  return Object.entries(answers.query ?? {}).every(([key, value]) => request.query.get(key) === value);
}

function searchIndexOf(fx: CorpusFixture): SearchIndex {
  const index = new SearchIndex(fx.path, {});
  const hits = (fx.file.body as { hits: { hits: { _id: string; _source: Record<string, unknown> }[] } }).hits.hits;
  for (const hit of hits) index.put(hit._id, structuredClone(hit._source), 0);
  return index;
}

function answer(candidate: Candidate, request: RecordedRequest, now: number): Reply {
  const { file } = candidate.fx;
  if (candidate.index) {
    try {
      return { status: file.status, body: executeSearch(candidate.index, request.body, now) };
    } catch (error) {
      if (!(error instanceof QueryError)) throw error;
      return { status: 400, body: { errorCode: 'CONTRACT-400', errorMessage: `the evaluator refused the client's query: ${error.message}` } };
    }
  }
  return file.body === undefined ? { status: file.status, rawBody: '' } : { status: file.status, body: file.body };
}

/**
 * Answers with `fixtures` (in order: several answering one request are served one after the
 * other, the last repeating), falling back to the corpus baseline (whoami and the current user).
 */
export function serveFixtures(server: ScriptedServer, corpus: Corpus, fixtures: readonly string[]): FixtureTenant {
  const toCandidate = (p: string): Candidate => {
    const fx = fixture(corpus, p);
    return { fx, used: false, ...(SEARCH_SHAPES.has(fx.entry.shape) ? { index: searchIndexOf(fx) } : {}) };
  };
  const own = fixtures.map(toCandidate);
  const baseline = corpus.baseline.filter((p) => !fixtures.includes(p)).map(toCandidate);
  const unanswered: string[] = [];
  server.fallback = (request) => {
    for (const pool of [own, baseline]) {
      const candidates = pool.filter((c) => matches(c.fx, request));
      if (candidates.length === 0) continue;
      const next = candidates.find((c) => !c.used) ?? candidates[candidates.length - 1];
      next.used = true;
      return answer(next, request, corpus.now);
    }
    if (request.method === 'POST' && request.path === ASSET_SEARCH_PATH) return { status: 200, body: structuredClone(NO_MATCH) };
    const query = request.query.toString();
    unanswered.push(`${request.method} ${request.path}${query ? `?${query}` : ''}`);
    return { status: 404, body: { errorCode: 'CONTRACT-404', errorMessage: `no fixture of this check answers ${request.method} ${request.path}` } };
  };
  return { unanswered };
}
