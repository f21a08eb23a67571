 
import * as assert from 'node:assert/strict';
import type { SandboxHandle } from '../../../sandbox/server';
import { call, fastSandbox, fixture } from './helpers';

describe('sandbox auth and directory', () => {
  let sandbox: SandboxHandle;
  before(async () => {
    sandbox = await fastSandbox();
  });
  after(async () => {
    await sandbox.stop();
  });

  it('answers 401 without a token or with an unknown one, in Atlan error shape', async () => {
    const missing = await call(sandbox, 'GET', 'whoami', { token: null });
    assert.equal(missing.status, 401);
    assert.match(missing.json.errorMessage, /Authorization: Bearer/);
    assert.ok(missing.json.errorCode);
    const wrong = await call(sandbox, 'GET', 'whoami', { token: 'not-a-token' });
    assert.equal(wrong.status, 401);
    assert.match(wrong.json.errorMessage, /not valid/);
  });

  it('whoami lists the API-token role for the API token and $member for the user', async () => {
    const token = await call(sandbox, 'GET', 'whoami');
    assert.deepEqual(token.json.roles.map((r: { name: string }) => r.name), ['$api-token-default-access']);
    assert.match(token.json.username, /^service-account-apikey-/);
    const user = await call(sandbox, 'GET', 'whoami', { token: sandbox.tokens.userToken });
    assert.deepEqual(user.json.roles.map((r: { name: string }) => r.name), ['$member']);
    const current = await call(sandbox, 'GET', 'users/current', { token: sandbox.tokens.userToken });
    assert.equal(current.json.username, 'demo.user');
  });

  it('sends each caller to its own legacy endpoint family with a 403 that names it', async () => {
    const userOnTokenFamily = await call(sandbox, 'POST', 'workflows?submit=true', { token: sandbox.tokens.userToken, body: fixture('postgres_direct_basic') });
    assert.equal(userOnTokenFamily.status, 403);
    assert.match(userOnTokenFamily.json.errorMessage, /must use the \/api\/service\/package-workflows endpoints/);
    const tokenOnUserFamily = await call(sandbox, 'POST', 'package-workflows/submit', { body: { resourceName: 'x' } });
    assert.equal(tokenOnUserFamily.status, 403);
    assert.match(tokenOnUserFamily.json.errorMessage, /must use the \/api\/service\/workflows endpoints/);
    // The user family works for the user.
    const ok = await call(sandbox, 'POST', 'package-workflows?submit=true', { token: sandbox.tokens.userToken, body: fixture('postgres_direct_basic', 1_700_000_111) });
    assert.equal(ok.status, 200);
  });

  it('lists roles with the pyatlan role-cache filter and count envelope', async () => {
    const filter = encodeURIComponent('{"name":{"$ilike":"$%"}}');
    const res = await call(sandbox, 'GET', `roles?count=true&offset=0&limit=100&filter=${filter}`);
    assert.equal(res.status, 200);
    assert.equal(res.json.totalRecord, 4);
    const names = res.json.records.map((r: { name: string }) => r.name);
    assert.deepEqual(names.sort(), ['$admin', '$api-token-default-access', '$guest', '$member']);
    assert.ok(res.json.records.every((r: { id: string }) => typeof r.id === 'string'));
  });

  it('pages users and groups and ends with an empty page', async () => {
    const first = await call(sandbox, 'GET', 'users?offset=0&limit=3&sort=username');
    assert.equal(first.json.records.length, 3);
    assert.equal(first.json.totalRecord, 7);
    const usernames = first.json.records.map((u: { username: string }) => u.username);
    assert.deepEqual(usernames, [...usernames].sort());
    const end = await call(sandbox, 'GET', 'users?offset=7&limit=3');
    assert.deepEqual(end.json.records, []);
    const groups = await call(sandbox, 'GET', 'v2/groups?offset=0&limit=10&sort=-name');
    assert.deepEqual(groups.json.records.map((g: { name: string }) => g.name), ['platform', 'data-engineering', 'analytics']);
    const filtered = await call(sandbox, 'GET', `users?filter=${encodeURIComponent('{"$or":[{"username":"ada.lovelace"},{"email":{"$ilike":"GRACE%"}}]}')}`);
    assert.equal(filtered.json.filterRecord, 2);
  });

  it('rejects bad list parameters with a 400 naming them', async () => {
    assert.match((await call(sandbox, 'GET', 'users?limit=abc')).json.errorMessage, /'limit'/);
    assert.match((await call(sandbox, 'GET', 'users?filter=%7Bnot-json')).json.errorMessage, /'filter' is not valid JSON/);
    assert.match((await call(sandbox, 'GET', `users?filter=${encodeURIComponent('{"username":{"$regex":"x"}}')}`)).json.errorMessage, /\$regex/);
  });
});
