import * as assert from 'node:assert/strict';
import { AppBackend } from '../../../src/core/atlan/appBackend';
import { AtlanHttp } from '../../../src/core/atlan/http';
import { runFromDoc } from '../../../src/core/atlan/legacyMapping';
import type { RunDoc } from '../../../src/core/atlan/models';
import { redactPatterns, REDACTED } from '../../../src/core/atlan/redact';
import { FakeAppTenant } from './fakeAppTenant';
import { FakeClock, ScriptedServer } from './helpers';

describe('atlan: run failure messages from the tenant are redacted', () => {
  it('redactPatterns hides key=value and "key": "value" secrets and leaves the rest as written', () => {
    assert.equal(redactPatterns('connect failed: password=hunter2 host=db'), `connect failed: password=${REDACTED} host=db`);
    assert.equal(redactPatterns('{"secret": "abc", "n": [1, 2]}'), `{"secret": ${REDACTED}, "n": [1, 2]}`, 'no JSON re-encoding');
    assert.equal(redactPatterns('FATAL: password authentication failed for user "jane"'), 'FATAL: password authentication failed for user "jane"');
    const long = `x${'y'.repeat(5000)}`;
    assert.equal(redactPatterns(long), long, 'never cut');
  });

  it('legacy runs: the run message and failed-step messages', () => {
    const doc = {
      metadata: { name: 'w-abcde', namespace: 'default', labels: {}, annotations: {} },
      spec: { workflowTemplateRef: { name: 'w' } },
      status: {
        phase: 'Failed',
        message: 'child failed: jdbc:postgresql://db?user=u&password=hunter2',
        nodes: {
          'w-abcde': { phase: 'Failed', type: 'DAG', message: 'child failed' },
          'w-abcde-1': { phase: 'Failed', type: 'Pod', displayName: 'extract', message: 'error: api_key: sk-999 rejected; token="t-1"' },
        },
      },
    } as unknown as RunDoc;
    const run = runFromDoc(doc);
    assert.equal(run.message, `child failed: jdbc:postgresql://db?user=u&password=${REDACTED}`);
    assert.deepEqual(run.failedSteps, [{ name: 'extract', phase: 'Failed', message: `error: api_key: ${REDACTED} rejected; token=${REDACTED}` }]);
    assert.ok(!JSON.stringify(run).includes('hunter2') && !JSON.stringify(run).includes('sk-999'));
  });

  describe('App API runs', () => {
    let server: ScriptedServer;
    let http: AtlanHttp;
    before(async () => {
      server = await ScriptedServer.start();
    });
    after(async () => {
      await http.close();
      await server.stop();
    });

    it('the message (or error) of a run read by id', async () => {
      const tenant = new FakeAppTenant(server);
      http = new AtlanHttp({ baseUrl: server.url, token: 'tok-run-redaction', clock: new FakeClock() });
      const backend = new AppBackend({ http, clock: new FakeClock() });
      const app = tenant.addApp('pg');
      const a = tenant.startRun(app.slug);
      const b = tenant.startRun(app.slug);
      Object.assign(tenant.runs.get(a.run_id)!, { status: 'Failed', message: 'could not connect with password=x' });
      Object.assign(tenant.runs.get(b.run_id)!, { status: 'Failed', error: 'secret: s3cr3t-value leaked' });
      const runs = await backend.getRuns([
        { id: a.run_id, workflowName: app.slug },
        { id: b.run_id, workflowName: app.slug },
      ]);
      assert.equal(runs.get(a.run_id)?.message, `could not connect with password=${REDACTED}`);
      assert.equal(runs.get(b.run_id)?.message, `secret: ${REDACTED} leaked`);
    });
  });
});
