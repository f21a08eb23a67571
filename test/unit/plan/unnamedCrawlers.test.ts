/**
 * The plan next to crawlers whose connection parameter is not JSON (old UI-made ones): a file
 * whose connection such a crawler holds is never planned `create` (apply would meet the duplicate
 * guard); one asset search, only when such a crawler exists; a failed search refuses only the
 * files it concerned. Against an in-process legacy sandbox, through the snapshot the CLI and the
 * editor read; then the attribution itself, pure.
 */
import assert from 'node:assert/strict';
import { startSandbox, type SandboxHandle } from '../../../sandbox/server';
import { AtlanClient } from '../../../src/core/atlan/atlanClient';
import type { CrawlerBackend, CrawlerWorkflow } from '../../../src/core/atlan/backend';
import { CrawlerConfigSchema } from '../../../src/core/config/model';
import { connectionsToLookUp, planFiles, tenantFailures, type PlanInputFile } from '../../../src/core/plan/plan';
import { attributeUnnamedCrawlers, connectionsByNamesRequest } from '../../../src/core/plan/unnamedCrawlers';
import { readTenantSnapshot } from '../../../src/core/tenant/tenantSnapshot';

function file(connectionName: string, workflow?: string): PlanInputFile {
  const config = CrawlerConfigSchema.parse({
    connectionName,
    admins: { roles: ['$admin'] },
    extraction: { method: 'direct', host: 'db.internal', database: 'analytics', auth: { type: 'basic', username: 'crawler', password: { secret: 'pg' } } },
    ...(workflow !== undefined ? { workflow } : {}),
  });
  return { file: `${connectionName}.json`, config };
}

/** The asset searches the sandbox answered (the workflow searches have other paths). */
const ASSET_SEARCH = /\/api\/meta\/search\/indexsearch$/;

describe('plan: crawlers that do not name their connection (legacy sandbox)', function () {
  this.timeout(10_000);
  let sandbox: SandboxHandle;
  let client: AtlanClient;
  let backend: CrawlerBackend;
  let epoch = 1_653_600_000;

  before(async () => {
    sandbox = await startSandbox({ clockSpeed: 1000, surfaces: 'legacy', log: () => {} });
  });
  after(async () => {
    await client?.close();
    await sandbox.stop();
  });
  beforeEach(async () => {
    await sandbox.admin.reset();
    await client?.close();
    client = new AtlanClient({ baseUrl: sandbox.url, token: sandbox.tokens.apiToken, retryPolicy: { maxAttempts: 2, baseDelayMs: 1, maxDelayMs: 2, maxRetryAfterMs: 2 } });
    backend = client.backend('workflows');
  });

  async function uiCrawler(connectionName: string, connectionParameter: 'json' | 'qualifiedName'): Promise<string> {
    const made = await sandbox.admin.createUiCrawler({ connectionName, connectionParameter, epoch: epoch++ });
    return made.name;
  }

  async function assetSearches(): Promise<number> {
    return (await sandbox.admin.requests()).filter((r) => r.method === 'POST' && ASSET_SEARCH.test(r.path)).length;
  }

  async function plan(files: PlanInputFile[]) {
    await sandbox.admin.clearRequests();
    const snapshot = await readTenantSnapshot(client, backend, files);
    return planFiles(files, snapshot.crawlers, snapshot.definitions);
  }

  it('a file whose connection an old UI crawler holds is planned against that crawler, not create; others still create; one asset search', async () => {
    const old = await uiCrawler('ui-old', 'qualifiedName');
    const result = await plan([file('ui-old'), file('brand-new')]);
    const held = result.files[0];
    assert.notEqual(held.action, 'create', `ui-old.json planned ${held.action}: ${held.reason ?? ''}`);
    // As for any crawler the file would adopt: its definition is read, and one whose connection
    // parameter is not JSON cannot be compared (apply refuses it the same way).
    assert.deepEqual([held.action, held.conflict, held.workflow], ['conflict', 'unreadableWorkflow', old]);
    assert.match(held.reason ?? '', /"connection" parameter is not valid JSON/);
    assert.equal(result.files[1].action, 'create');
    assert.equal(await assetSearches(), 1, 'one asset search for both names');
    assert.ok(!result.unmanaged.some((w) => w.name === old), 'the old crawler is claimed by ui-old.json, not unmanaged');
  });

  it('an old UI crawler of another connection leaves the file a create', async () => {
    const old = await uiCrawler('ui-old-elsewhere', 'qualifiedName');
    const result = await plan([file('not-crawled')]);
    assert.equal(result.files[0].action, 'create');
    assert.equal(await assetSearches(), 1, 'the look-up was made: an old crawler exists');
    assert.deepEqual(result.unmanaged.map((w) => w.name), [old]);
  });

  it('no request for Connection assets when every crawler names its connection', async () => {
    const named = await uiCrawler('ui-json', 'json');
    const result = await plan([file('ui-json'), file('fresh')]);
    assert.deepEqual(result.files.map((f) => [f.action, f.workflow]), [['adopt', named], ['create', undefined]]);
    assert.equal(await assetSearches(), 0);
  });

  it('a failed asset search makes the files it concerned tenantFailure, never create; the others are planned', async () => {
    const old = await uiCrawler('ui-old-down', 'qualifiedName');
    const named = await uiCrawler('ui-json-up', 'json');
    await sandbox.admin.addFault({ method: 'post', path: 'meta/search/indexsearch$', status: 500 });
    const result = await plan([file('ui-old-down'), file('ui-json-up')]);
    assert.equal(result.files[0].action, 'conflict');
    assert.equal(result.files[0].conflict, 'tenantFailure');
    assert.match(result.files[0].reason ?? '', new RegExp(`${old}[\\s\\S]*connection "ui-old-down"[\\s\\S]*plan again`));
    assert.deepEqual([result.files[1].action, result.files[1].workflow], ['adopt', named]);
    assert.deepEqual(tenantFailures(result).map((f) => f.file), ['ui-old-down.json']);
  });
});

describe('plan: attributing crawlers that do not name their connection', () => {
  const sdk = (epoch: number): CrawlerWorkflow => ({ name: `atlan-postgres-${epoch}`, surface: 'workflows' });
  const named: CrawlerWorkflow = { name: 'atlan-postgres-1700000000', connectionName: 'named', surface: 'workflows' };

  it('asks for no connection without such a crawler, and only for the files that would be created with one', () => {
    const files = [file('a'), file('named'), file('b', 'atlan-postgres-1700000000')];
    assert.deepEqual(connectionsToLookUp(files, [named]), []);
    assert.deepEqual(connectionsToLookUp(files, [named, sdk(1_700_000_100)]), ['a']);
    const app: CrawlerWorkflow = { name: 'postgres-app-1', connectionQualifiedName: 'default/postgres/1700000200', surface: 'apps' };
    assert.deepEqual(connectionsToLookUp(files, [app]), [], 'App API crawlers are not looked up (its guard does not either)');
  });

  it('one terms query for every name', () => {
    const request = connectionsByNamesRequest(['a', 'b'], 100);
    assert.equal(request.dsl.from, 100);
    assert.match(JSON.stringify(request.dsl.query), /"terms":\{"name\.keyword":\["a","b"\]\}/);
  });

  it('an SDK-named crawler takes the name whose connection was made in its second or the next; two such names refuse both files', () => {
    const one = attributeUnnamedCrawlers([sdk(1_700_000_100)], new Map([['a', ['default/postgres/1700000101']], ['b', ['default/postgres/1700000300']]]));
    assert.deepEqual(one.crawlers.map((w) => [w.connectionName, w.connectionQualifiedName]), [['a', 'default/postgres/1700000101']]);
    assert.equal(one.unresolved.size, 0);
    const two = attributeUnnamedCrawlers([sdk(1_700_000_100)], new Map([['a', ['default/postgres/1700000100']], ['b', ['default/postgres/1700000101']]]));
    assert.equal(two.crawlers[0].connectionName, undefined);
    assert.deepEqual([...two.unresolved.keys()], ['a', 'b']);
    assert.equal(two.unresolved.get('a')?.conflict, 'ambiguousConnection');
    const plan = planFiles([file('a'), file('b')], two.crawlers, { roleNamesById: new Map(), byWorkflow: new Map(), unresolvedConnections: two.unresolved });
    assert.deepEqual(plan.files.map((f) => f.conflict), ['ambiguousConnection', 'ambiguousConnection']);
  });
});
