import * as assert from 'node:assert/strict';
import type { SandboxHandle } from '../../../sandbox/server';
import { workflowUrl } from '../../../src/features/runs/atlanLinks';
import { call, fastSandbox } from './helpers';

/** "Open in Atlan" against the sandbox: the URLs the extension opens lead to a page, not to a 404. */
describe('sandbox: the workflow pages "Open in Atlan" opens', () => {
  let sandbox: SandboxHandle;

  before(async () => {
    sandbox = await fastSandbox({ surfaces: 'both' });
    await sandbox.admin.seed({ workflows: 2, runsPerWorkflow: 3, surface: 'legacy' });
    await sandbox.admin.seed({ workflows: 1, runsPerWorkflow: 2, surface: 'apps' });
  });
  after(() => sandbox.stop());

  /** A browser's GET: no token. */
  const open = (url: string) => call(sandbox, 'GET', url.slice(sandbox.url.length), { token: null });

  it("shows a legacy workflow's page with its runs, marking the run asked for, without a token", async () => {
    const template = [...sandbox.app.tenant.workflows.values()][0];
    const runs = [...(sandbox.app.tenant.runs.lookup('spec.workflowTemplateRef.name', [template.id]) ?? [])];
    assert.equal(runs.length, 3);
    const runId = (runs[1].source as { metadata: { name: string } }).metadata.name;
    await sandbox.admin.clearRequests();

    const reply = await open(workflowUrl(sandbox.url, 'workflows', template.id, runId));
    assert.equal(reply.status, 200, reply.text);
    assert.match(String(reply.headers['content-type']), /^text\/html/);
    assert.match(reply.text, /sandbox tenant/);
    assert.match(reply.text, new RegExp(`<h1>${template.id}</h1>`));
    assert.match(reply.text, /A package workflow for the connection <strong>[^<]+<\/strong>, 3 runs/);
    assert.match(reply.text, new RegExp(`<tr class="wanted" aria-current="true"><td><code>${runId}</code>`));
    assert.deepEqual(await sandbox.admin.requests(), [], 'a page for a browser counted as API traffic');

    const list = await open(workflowUrl(sandbox.url, 'workflows', template.id));
    assert.equal(list.status, 200);
    assert.doesNotMatch(list.text, /aria-current/);
  });

  it("shows an App API workflow's page", async () => {
    const app = [...sandbox.app.tenant.apps.values()][0];
    const reply = await open(workflowUrl(sandbox.url, 'apps', app.slug));
    assert.equal(reply.status, 200, reply.text);
    assert.match(reply.text, /An App API workflow[^]*2 runs/);
  });

  it('says plainly when the workflow or run is not there, and escapes what the URL carries', async () => {
    const missing = await open(workflowUrl(sandbox.url, 'workflows', '<script>alert(1)</script>'));
    assert.equal(missing.status, 404);
    assert.match(String(missing.headers['content-type']), /^text\/html/);
    assert.match(missing.text, /no workflow named <code>&#60;script&#62;alert\(1\)&#60;\/script&#62;<\/code>/);
    assert.doesNotMatch(missing.text, /<script>/);
    assert.match(String(missing.headers['content-security-policy']), /default-src 'none'/);

    const template = [...sandbox.app.tenant.workflows.values()][0];
    const noRun = await open(workflowUrl(sandbox.url, 'workflows', template.id, 'gone-run'));
    assert.equal(noRun.status, 200);
    assert.match(noRun.text, /Run <code>gone-run<\/code> is not on this tenant/);
  });

  it('keeps the API behind its token: the page paths serve pages only', async () => {
    const template = [...sandbox.app.tenant.workflows.values()][0];
    const post = await call(sandbox, 'POST', `/workflows/profile/${template.id}`, { token: null, body: {} });
    assert.equal(post.status, 401);
  });
});
