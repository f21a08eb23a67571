/**
 * The legacy duplicate guard (`findByConnectionName`) and crawlers whose `connection` parameter
 * does not name their connection (old UI-made ones hold plain text): matched through the
 * Connection assets of that name, one asset search made only when such a crawler exists.
 */
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { AtlanClient } from '../../../src/core/atlan/atlanClient';
import { isAtlanError } from '../../../src/core/atlan/errors';
import type { LegacyBackend } from '../../../src/core/atlan/legacyBackend';
import { connectionsByNameRequest } from '../../../src/core/atlan/legacyWorkflows';
import { FakeClock, searchAnswer, ScriptedServer, templateHit } from './helpers';

const CONTRACT = path.resolve(__dirname, '../../../../test/fixtures/atlan-contract/asset-search');
const contract = (file: string): Record<string, unknown> => JSON.parse(readFileSync(path.join(CONTRACT, file), 'utf8')) as Record<string, unknown>;
const ASSET_SEARCH = '/api/meta/search/indexsearch';
/** The name the contract's Connection answer holds. */
const NAME = 'warehouse-legacy';

type Hit = { _source: { spec: { templates: { dag: { tasks: { arguments: { parameters: { name: string; value: string }[] } }[] } }[] } } };

/** A Postgres crawler whose connection parameter is the connection's qualified name as plain text. */
function plainTextHit(name: string, text = 'default/postgres/1', annotations: Record<string, string> = {}): Record<string, unknown> {
  const hit = templateHit(name, 'unused', annotations);
  const connection = (hit as Hit)._source.spec.templates[0].dag.tasks[0].arguments.parameters.find((p) => p.name === 'connection');
  assert.ok(connection);
  connection.value = text;
  return hit;
}

describe('atlan/duplicate guard (legacy): crawlers whose connection parameter does not name the connection', () => {
  let server: ScriptedServer;
  let client: AtlanClient;
  let notes: string[];

  before(async () => {
    server = await ScriptedServer.start();
  });
  beforeEach(() => {
    server.reset();
    notes = [];
    client = new AtlanClient({ baseUrl: server.url, token: 'tok-dupguard', clock: new FakeClock(), random: () => 0.5, indexLagMs: 0, createLookupAttempts: 1 });
  });
  afterEach(async () => {
    await client.close();
  });
  after(async () => {
    await server.stop();
  });

  const legacy = (): LegacyBackend => {
    const backend = client.backend('workflows') as LegacyBackend;
    backend.onNote = (note) => notes.push(note);
    return backend;
  };
  const templates = (hits: unknown[]): void => void server.route('POST', 'workflows/indexsearch', { body: searchAnswer(hits) });
  const assetSearches = (): number => server.count('POST', ASSET_SEARCH);

  it('asks for the Postgres Connection assets of that name as the contract says', () => {
    assert.deepEqual(connectionsByNameRequest(NAME), contract('connections-by-name-request.json'));
  });

  it('a UI-made crawler with a plain-text parameter and a Connection asset of that name is a duplicate, named from the asset', async () => {
    templates([templateHit('atlan-postgres-1700000001', NAME), plainTextHit('atlan-postgres-default-postgres-1698710400'), templateHit('atlan-postgres-1700000002', 'other')]);
    server.route('POST', ASSET_SEARCH, { body: contract('connections-by-name-response.json') });
    const found = await legacy().findByConnectionName(NAME);
    assert.deepEqual(
      found.map((w) => [w.name, w.connectionName, w.connectionQualifiedName]),
      [
        ['atlan-postgres-1700000001', NAME, 'default/postgres/1700000001'],
        ['atlan-postgres-default-postgres-1698710400', NAME, 'default/postgres/1698710400'],
      ],
    );
    assert.equal(assetSearches(), 1, 'one asset search');
    assert.deepEqual(server.requests.find((r) => r.path === ASSET_SEARCH)?.body, contract('connections-by-name-request.json'));
  });

  it('an SDK-named one matches the connection made in its second or the next; a UI-named one only its own second', async () => {
    templates([
      plainTextHit('atlan-postgres-1701302400'), // connection 1701302401: the next second
      plainTextHit('atlan-postgres-1701302399'), // two seconds before it: another crawler's
      plainTextHit('atlan-postgres-1701302402'), // after it: a crawler is never made after its connection
      plainTextHit('atlan-postgres-default-postgres-1701302400'), // the UI names it after its connection exactly
    ]);
    server.route('POST', ASSET_SEARCH, { body: contract('connections-by-name-response.json') });
    const found = await legacy().findByConnectionName(NAME);
    assert.deepEqual(
      found.map((w) => [w.name, w.connectionQualifiedName]),
      [['atlan-postgres-1701302400', 'default/postgres/1701302401']],
    );
    assert.equal(assetSearches(), 1, 'one asset search for all of them');
  });

  it('an SDK-named one is listed without a guessed connection', async () => {
    templates([plainTextHit('atlan-postgres-1701302400')]);
    const page = await legacy().listWorkflows({ size: 10 });
    assert.deepEqual(
      page.items.map((w) => [w.name, w.connectionName, w.connectionQualifiedName]),
      [['atlan-postgres-1701302400', undefined, undefined]],
    );
    assert.match(notes[0] ?? '', /atlan-postgres-1701302400 .* is shown without its connection: its connection parameter is not JSON/);
  });

  it('no Connection asset of that name: the odd crawler is not a duplicate, the readable ones still are', async () => {
    templates([plainTextHit('atlan-postgres-default-postgres-1698710400'), templateHit('atlan-postgres-1700000001', NAME)]);
    server.route('POST', ASSET_SEARCH, { body: contract('search-response-no-match.json') });
    const found = await legacy().findByConnectionName(NAME);
    assert.deepEqual(
      found.map((w) => w.name),
      ['atlan-postgres-1700000001'],
    );
    assert.equal(assetSearches(), 1);
  });

  it('a Connection of that name made for another crawler does not make the odd one a duplicate', async () => {
    templates([plainTextHit('atlan-postgres-default-postgres-1650000000')]);
    server.route('POST', ASSET_SEARCH, { body: contract('connections-by-name-response.json') });
    assert.deepEqual(await legacy().findByConnectionName(NAME), []);
  });

  it('no odd crawler: no asset search at all', async () => {
    templates([templateHit('atlan-postgres-1700000001', NAME), templateHit('atlan-postgres-1700000002', 'other')]);
    server.route('POST', ASSET_SEARCH, { body: contract('connections-by-name-response.json') });
    const found = await legacy().findByConnectionName(NAME);
    assert.deepEqual(
      found.map((w) => w.name),
      ['atlan-postgres-1700000001'],
    );
    assert.equal(assetSearches(), 0);
  });

  it('an odd crawler whose identity holds no epoch cannot be matched: no asset search for it', async () => {
    templates([plainTextHit('nightly-warehouse-crawl', 'default/postgres/1', { 'package.argoproj.io/name': '@atlan/postgres' })]);
    server.route('POST', ASSET_SEARCH, { body: contract('connections-by-name-response.json') });
    assert.deepEqual(await legacy().findByConnectionName(NAME), []);
    assert.equal(assetSearches(), 0);
    assert.equal((await legacy().listWorkflows({ size: 10 })).items[0]?.name, 'nightly-warehouse-crawl', 'a Postgres crawler all the same');
  });

  it('a Connection entity that cannot be read is logged and left out; the others still match', async () => {
    templates([plainTextHit('atlan-postgres-default-postgres-1698710400')]);
    const answer = contract('connections-by-name-response.json') as { entities: Record<string, unknown>[] };
    answer.entities.unshift({ typeName: 'Connection', attributes: { qualifiedName: 'default/postgres/1' } }, { typeName: 'Connection', guid: 'g-odd', attributes: { qualifiedName: 17 } });
    server.route('POST', ASSET_SEARCH, { body: answer });
    const found = await legacy().findByConnectionName(NAME);
    assert.deepEqual(
      found.map((w) => w.name),
      ['atlan-postgres-default-postgres-1698710400'],
    );
    assert.equal(notes.length, 2, notes.join('\n'));
    assert.match(notes[1], /^Some Connection assets called "warehouse-legacy" \(looking for duplicates\) on http:\/\/127\.0\.0\.1:\d+ were left out: 2 items could not be read: Connection 1: guid: .*; Connection g-odd: attributes\.qualifiedName: not a string\.$/);
  });

  it('a failed search over many odd crawlers names a few of them and how many more', async () => {
    templates([1, 2, 3, 4, 5].map((i) => plainTextHit(`atlan-postgres-default-postgres-169871040${i}`)));
    server.route('POST', ASSET_SEARCH, { status: 403, body: { errorCode: 'ATLAS-403-00-001', errorMessage: 'not allowed to search assets' } });
    await assert.rejects(
      legacy().findByConnectionName(NAME),
      /^AtlanError: Could not check whether workflows atlan-postgres-default-postgres-1698710401, atlan-postgres-default-postgres-1698710402, atlan-postgres-default-postgres-1698710403 and 2 more \(whose connection parameters do not name their connection\) already crawl connection "warehouse-legacy"/,
    );
  });

  it('an asset search that fails fails the guard, naming the crawler it could not check and why', async () => {
    templates([plainTextHit('atlan-postgres-default-postgres-1698710400'), templateHit('atlan-postgres-1700000001', NAME)]);
    server.route('POST', ASSET_SEARCH, { status: 403, body: { errorCode: 'ATLAS-403-00-001', errorMessage: 'not allowed to search assets' } });
    await assert.rejects(legacy().findByConnectionName(NAME), (error: unknown) => {
      assert.ok(isAtlanError(error), String(error));
      assert.equal(error.kind, 'permission', 'the kind of the failure is kept');
      assert.match(
        error.message,
        /^Could not check whether workflow atlan-postgres-default-postgres-1698710400 \(whose connection parameter does not name its connection\) already crawls connection "warehouse-legacy": looking up the connections of that name failed\. .*refused POST \/api\/meta\/search\/indexsearch/,
      );
      assert.ok(!error.message.includes('tok-dupguard'), 'no token in the message');
      return true;
    });
  });
});
