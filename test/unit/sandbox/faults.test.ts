 
import * as assert from 'node:assert/strict';
import { request } from 'undici';
import type { SandboxHandle } from '../../../sandbox/server';
import { call, fastSandbox } from './helpers';

describe('sandbox fault injection and request log', () => {
  let sandbox: SandboxHandle;
  before(async () => {
    sandbox = await fastSandbox({ faults: [{ path: '^/api/service/users$', status: 503, times: 1 }] });
  });
  afterEach(async () => {
    await sandbox.admin.clearFaults();
  });
  after(async () => {
    await sandbox.stop();
  });

  it('applies faults configured in the start options', async () => {
    assert.equal((await call(sandbox, 'GET', 'users')).status, 503);
    assert.equal((await call(sandbox, 'GET', 'users')).status, 200);
  });

  for (const status of [401, 403, 404, 409, 429, 500, 503] as const) {
    it(`answers an injected ${status} in Atlan error shape`, async () => {
      await sandbox.admin.addFault({ path: 'whoami', status, times: 1 });
      const res = await call(sandbox, 'GET', 'whoami');
      assert.equal(res.status, status);
      assert.ok(res.json.errorCode);
      assert.match(res.json.errorMessage, /Injected fault/);
      assert.equal((await call(sandbox, 'GET', 'whoami')).status, 200);
    });
  }

  it('sends Retry-After with an injected 429', async () => {
    await sandbox.admin.addFault({ method: 'post', path: 'indexsearch$', status: 429, retryAfter: 7 });
    const res = await call(sandbox, 'POST', 'runs/indexsearch', { body: {} });
    assert.equal(res.status, 429);
    assert.equal(res.headers['retry-after'], '7');
    // The method filter spares GETs.
    assert.equal((await call(sandbox, 'GET', 'whoami')).status, 200);
  });

  it('sends Retry-After: 1 with an injected 429 that gives none, and none with other statuses', async () => {
    await sandbox.admin.addFault({ path: 'whoami', status: 429, times: 1 });
    const limited = await call(sandbox, 'GET', 'whoami');
    assert.equal(limited.status, 429);
    assert.equal(limited.headers['retry-after'], '1');
    await sandbox.admin.addFault({ path: 'whoami', status: 503, times: 1 });
    const unavailable = await call(sandbox, 'GET', 'whoami');
    assert.equal(unavailable.status, 503);
    assert.equal(unavailable.headers['retry-after'], undefined);
    // An explicit 0 is kept.
    await sandbox.admin.addFault({ path: 'whoami', status: 429, retryAfter: 0, times: 1 });
    assert.equal((await call(sandbox, 'GET', 'whoami')).headers['retry-after'], '0');
  });

  it('counts down `times` and then lets requests through', async () => {
    await sandbox.admin.addFault({ path: 'roles', status: 500, times: 2 });
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await call(sandbox, 'GET', 'roles')).status);
    assert.deepEqual(statuses, [500, 500, 200]);
    assert.deepEqual(await sandbox.admin.faults(), []);
  });

  it('delays a response', async () => {
    await sandbox.admin.addFault({ path: 'whoami', delayMs: 120, times: 1 });
    const started = Date.now();
    const res = await call(sandbox, 'GET', 'whoami');
    assert.equal(res.status, 200);
    assert.ok(Date.now() - started >= 110, `took ${Date.now() - started} ms`);
  });

  it('resets the connection', async () => {
    await sandbox.admin.addFault({ path: 'whoami', reset: true, times: 1 });
    await assert.rejects(() => request(`${sandbox.url}/api/service/whoami`, { headers: { authorization: `Bearer ${sandbox.tokens.apiToken}` } }).then((r) => r.body.text()));
    assert.equal((await call(sandbox, 'GET', 'whoami')).status, 200);
  });

  it('answers malformed JSON', async () => {
    await sandbox.admin.addFault({ path: 'runs/indexsearch', malformedJson: true, times: 1 });
    const res = await call(sandbox, 'POST', 'runs/indexsearch', { body: {} });
    assert.equal(res.status, 200);
    assert.equal(res.json, undefined);
    assert.throws(() => JSON.parse(res.text) as unknown);
  });

  it('rejects fault rules that are invalid or do nothing', async () => {
    await assert.rejects(() => sandbox.admin.addFault({ path: '(' }), /regular expression/);
    await assert.rejects(() => sandbox.admin.addFault({ path: 'x' }), /at least one effect/);
    await assert.rejects(() => sandbox.admin.addFault({ path: 'x', status: 418 as 500 }), /400/);
  });

  it('logs requests with their status and counts them', async () => {
    await sandbox.admin.clearRequests();
    await call(sandbox, 'GET', 'whoami');
    await call(sandbox, 'GET', 'whoami', { token: null });
    await call(sandbox, 'POST', 'runs/indexsearch', { body: { size: 1 } });
    const log = await sandbox.admin.requests();
    assert.deepEqual(log.map((r) => [r.method, r.path, r.status]), [
      ['GET', '/api/service/whoami', 200],
      ['GET', '/api/service/whoami', 401],
      ['POST', '/api/service/runs/indexsearch', 200],
    ]);
    assert.deepEqual(await sandbox.admin.counters(), { 'GET /api/service/whoami': 2, 'POST /api/service/runs/indexsearch': 1 });
    assert.equal((await sandbox.admin.requests({ method: 'POST' })).length, 1);
    assert.equal((await sandbox.admin.requests({ path: 'whoami' })).length, 2);
  });
});
