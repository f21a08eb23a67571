 
import * as assert from 'node:assert/strict';
import { connect } from 'node:net';
import type { CrawlerPort } from '../../../sandbox/crawlerPort';
import { startSandbox, type SandboxHandle } from '../../../sandbox/server';
import { call, fastSandbox } from './helpers';

describe('sandbox bad input', () => {
  let sandbox: SandboxHandle & { logs: string[] };
  const explodingCrawler: CrawlerPort = {
    crawlPostgres: () => Promise.reject(new Error('boom')),
    testPostgresCredential: (cred) => Promise.reject(new TypeError(`cannot read properties of undefined (${cred.password ?? ''})`)),
  };
  before(async () => {
    sandbox = await fastSandbox({ crawler: explodingCrawler });
  });
  after(async () => {
    await sandbox.stop();
  });

  it('answers malformed JSON with a 400', async () => {
    const res = await call(sandbox, 'POST', 'runs/indexsearch', { rawBody: '{"size": ' });
    assert.equal(res.status, 400);
    assert.match(res.json.errorMessage, /Malformed JSON body/);
  });

  it('answers a non-JSON content type with a 415', async () => {
    const res = await call(sandbox, 'POST', 'runs/indexsearch', { rawBody: 'size=1', contentType: 'application/x-www-form-urlencoded' });
    assert.equal(res.status, 415);
    assert.match(res.json.errorMessage, /application\/json/);
  });

  it('answers bodies over 1 MB with a 413', async () => {
    const res = await call(sandbox, 'POST', 'runs/indexsearch', { rawBody: `{"x": "${'a'.repeat(1024 * 1024 + 10)}"}` });
    assert.equal(res.status, 413);
    assert.match(res.json.errorMessage, /exceeds/);
  });

  it('answers a body of the wrong JSON type with a 400', async () => {
    const res = await call(sandbox, 'POST', 'workflows?submit=true', { body: [1, 2, 3] });
    assert.equal(res.status, 400);
    assert.match(res.json.errorMessage, /Invalid workflow/);
    assert.equal((await call(sandbox, 'POST', 'runs/indexsearch', { body: 'hello' })).status, 400);
  });

  it('answers unknown paths with 404 and wrong methods with 405', async () => {
    const unknown = await call(sandbox, 'GET', 'no/such/endpoint');
    assert.equal(unknown.status, 404);
    assert.match(unknown.json.errorMessage, /No endpoint GET/);
    const outside = await call(sandbox, 'GET', '/api/other');
    assert.equal(outside.status, 404);
    const wrong = await call(sandbox, 'GET', 'runs/indexsearch');
    assert.equal(wrong.status, 405);
    assert.equal(wrong.headers['allow'], 'POST');
  });

  it('answers unknown workflow and run names with 404 naming them', async () => {
    const res = await call(sandbox, 'POST', 'workflows/atlan-postgres-0000000000/archive');
    assert.equal(res.status, 404);
    assert.match(res.json.errorMessage, /atlan-postgres-0000000000/);
    assert.match((await call(sandbox, 'GET', 'runs/cron/nope-cron')).json.errorMessage, /nope/);
  });

  it('answers a malformed URL escape with a 400', async () => {
    const res = await call(sandbox, 'POST', 'runs/%E0%A4%A/stop');
    assert.equal(res.status, 400);
  });

  it('turns an exception in a handler into a 500 with an error id, logged', async () => {
    const res = await call(sandbox, 'POST', 'credentials/test', { body: { host: 'h', port: 5432, authType: 'basic', username: 'u', password: 'test-password' } });
    assert.equal(res.status, 500);
    assert.match(res.json.errorId, /^[0-9a-f-]{36}$/);
    assert.ok(res.json.errorMessage.includes(res.json.errorId));
    assert.ok(sandbox.logs.some((l) => l.includes(res.json.errorId) && l.includes('cannot read properties')));
    assert.equal(sandbox.logs.some((l) => l.includes('test-password')), false);
    // The server is still fine.
    assert.equal((await call(sandbox, 'GET', 'whoami')).status, 200);
  });

  it('answers unsupported search shapes with a 400 that says what to send instead', async () => {
    const text = await call(sandbox, 'POST', 'runs/indexsearch', { body: { query: { term: { 'status.phase': 'Failed' } } } });
    assert.equal(text.status, 400);
    assert.match(text.json.errorCode, /^ATLAN-SANDBOX-400/);
    assert.match(text.json.errorMessage, /^Unsupported or invalid search request: .*status\.phase is a text field: use status\.phase\.keyword for exact matches/);
    const mode = await call(sandbox, 'POST', 'workflows/indexsearch', { body: { sort: [{ 'status.startedAt': { order: 'desc', mode: 'min' } }] } });
    assert.equal(mode.status, 400);
    assert.match(mode.json.errorMessage, /unsupported sort parameter 'mode'/);
  });

  it('answers a 20 KB query string with a 431 in Atlan JSON and keeps serving', async () => {
    const res = await rawExchange(sandbox.port, `GET /api/service/whoami?q=${'a'.repeat(20 * 1024)} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n`);
    assert.match(res.statusLine, /^HTTP\/1\.1 431 /);
    assert.match(res.headers, /content-type: application\/json/i);
    assert.equal(res.json.status, 431);
    assert.match(res.json.errorCode, /^ATLAN-SANDBOX-431/);
    assert.match(res.json.errorMessage, /header fields too large/i);
    assert.equal((await call(sandbox, 'GET', 'whoami')).status, 200);
  });

  it('answers a 20 KB header with a 431 in Atlan JSON', async () => {
    const res = await rawExchange(sandbox.port, `GET /api/service/whoami HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: ${'b'.repeat(20 * 1024)}\r\n\r\n`);
    assert.match(res.statusLine, /^HTTP\/1\.1 431 /);
    assert.match(res.json.errorMessage, /exceed/);
    assert.equal((await call(sandbox, 'GET', 'whoami')).status, 200);
  });

  it('answers a garbage request line with a 400 in Atlan JSON', async () => {
    const res = await rawExchange(sandbox.port, 'this is not http at all\r\n\r\n');
    assert.match(res.statusLine, /^HTTP\/1\.1 400 /);
    assert.equal(res.json.status, 400);
    assert.match(res.json.errorMessage, /could not be parsed/);
    assert.ok(res.json.errorId);
    assert.equal((await call(sandbox, 'GET', 'whoami')).status, 200);
  });

  it('refuses invalid start options with a clear error', async () => {
    await assert.rejects(() => startSandbox({ host: '0.0.0.0' as '127.0.0.1' }), /host/);
    await assert.rejects(() => startSandbox({ clockSpeed: -1 }), /clockSpeed/);
    await assert.rejects(() => startSandbox({ tokens: { apiToken: 'same-token-1', userToken: 'same-token-1' } }), /must differ/);
    await assert.rejects(() => startSandbox({ faults: [{ path: '(' }] }), /faults/);
  });
});

interface AtlanErrorJson {
  status: number;
  errorCode: string;
  errorMessage: string;
  errorId?: string;
}

/** Writes raw bytes to the sandbox and reads the whole reply until the server closes the socket. */
function rawExchange(port: number, request: string): Promise<{ statusLine: string; headers: string; json: AtlanErrorJson }> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.write(request));
    const chunks: Buffer[] = [];
    socket.setTimeout(3000, () => socket.destroy(new Error('no reply within 3 s')));
    socket.on('data', (c: Buffer) => chunks.push(c));
    socket.on('error', reject);
    socket.on('close', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      const split = text.indexOf('\r\n\r\n');
      const head = split < 0 ? text : text.slice(0, split);
      const [statusLine = '', ...headerLines] = head.split('\r\n');
      try {
        resolve({ statusLine, headers: headerLines.join('\n'), json: JSON.parse(text.slice(split + 4)) as AtlanErrorJson });
      } catch {
        reject(new Error(`reply is not JSON: ${text.slice(0, 200)}`));
      }
    });
  });
}
