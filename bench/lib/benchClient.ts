/** The client under test, pointed at a bench sandbox, counting its requests. */
import { AtlanClient } from '../../src/core/atlan/atlanClient';
import type { CrawlerBackend } from '../../src/core/atlan/backend';
import { RequestTally } from './requestTally';

export interface BenchClient {
  client: AtlanClient;
  /** The legacy package-workflow backend: the surface whose request economy the benches measure. */
  backend: CrawlerBackend;
  tally: RequestTally;
  close(): Promise<void>;
}

export function benchClient(target: { url: string; apiToken: string }, tally = new RequestTally()): BenchClient {
  // Default options (retries included), as the extension builds it; the tally sees every attempt,
  // so a retry would show up as an extra request and a failure rather than hide in a timing.
  const client = new AtlanClient({ baseUrl: target.url, token: target.apiToken, onRequest: tally.onRequest });
  return { client, backend: client.backend('workflows'), tally, close: () => client.http.close() };
}
