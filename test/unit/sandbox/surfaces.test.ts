 
import * as assert from 'node:assert/strict';
import type { SandboxHandle } from '../../../sandbox/server';
import { call, fastSandbox } from './helpers';

describe('sandbox surfaces switch', () => {
  let sandbox: SandboxHandle;
  before(async () => {
    sandbox = await fastSandbox({ surfaces: 'legacy' });
  });
  after(async () => {
    await sandbox.stop();
  });

  it('a legacy-only tenant answers 404 on App API endpoints', async () => {
    const res = await call(sandbox, 'GET', 'v1/app');
    assert.equal(res.status, 404);
    assert.match(res.json.errorMessage, /does not run the App API/);
    assert.equal((await call(sandbox, 'POST', 'runs/indexsearch', { body: {} })).status, 200);
  });

  it('an apps-only tenant answers 404 on legacy endpoints but keeps whoami', async () => {
    await sandbox.admin.setSurfaces('apps');
    try {
      const res = await call(sandbox, 'POST', 'workflows/indexsearch', { body: {} });
      assert.equal(res.status, 404);
      assert.match(res.json.errorMessage, /package-workflow API/);
      assert.equal((await call(sandbox, 'GET', 'v1/app')).status, 200);
      assert.equal((await call(sandbox, 'GET', 'whoami')).status, 200);
      // The credentials service belongs to neither surface.
      const tested = await call(sandbox, 'POST', 'credentials/test', { body: { host: 'h', port: 5432, authType: 'basic', username: 'u', password: 'p', extra: { database: 'd' } } });
      assert.equal(tested.json.message, 'successful');
    } finally {
      await sandbox.admin.setSurfaces('both');
    }
    assert.equal((await call(sandbox, 'GET', 'v1/app')).status, 200);
    assert.equal((await call(sandbox, 'POST', 'workflows/indexsearch', { body: {} })).status, 200);
  });
});
