import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { findSecrets, startTrafficRecorder, type RecordedRequest, type TrafficRecorder } from '../../host/trafficRecorder';

describe('traffic recorder', () => {
  const secrets = { token: 'canary-token-1', password: 'canary-password-1' };
  let tenant: http.Server;
  let recorder: TrafficRecorder;
  let dir: string;
  const seen: { method?: string; url?: string; body: string; host?: string }[] = [];

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'atlan-recorder-test-'));
    tenant = http.createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        seen.push({ method: req.method, url: req.url, body, host: req.headers.host });
        res.writeHead(201, { 'content-type': 'application/json', 'x-tenant': 'yes' }).end(JSON.stringify({ echoed: body.length }));
      });
    });
    await new Promise<void>((resolve) => tenant.listen(0, '127.0.0.1', resolve));
    recorder = await startTrafficRecorder(`http://127.0.0.1:${(tenant.address() as AddressInfo).port}`, secrets, path.join(dir, 'traffic.jsonl'));
  });

  after(async () => {
    await recorder.stop();
    await new Promise<void>((resolve) => tenant.close(() => resolve()));
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('forwards requests and answers unchanged, and records where secrets appeared without the secrets', async () => {
    const first = await fetch(`${recorder.url}/api/meta/whoami?x=1`, { headers: { authorization: `Bearer ${secrets.token}` } });
    assert.equal(first.status, 201);
    assert.equal(first.headers.get('x-tenant'), 'yes');
    const body = JSON.stringify({ password: secrets.password });
    const second = await fetch(`${recorder.url}/api/credentials/test`, { method: 'POST', headers: { 'x-debug': secrets.token }, body });
    assert.deepEqual(await second.json(), { echoed: body.length });
    assert.deepEqual(
      seen.map((s) => [s.method, s.url, s.body]),
      [
        ['GET', '/api/meta/whoami?x=1', ''],
        ['POST', '/api/credentials/test', body],
      ],
    );
    assert.equal(seen[0].host, new URL(`http://127.0.0.1:${(tenant.address() as AddressInfo).port}`).host);
    const text = fs.readFileSync(recorder.file, 'utf8');
    for (const value of Object.values(secrets)) assert.equal(text.includes(value), false, 'the record holds a secret');
    const records = text.split('\n').filter(Boolean).map((l) => JSON.parse(l) as RecordedRequest);
    assert.deepEqual(records, [
      { method: 'GET', path: '/api/meta/whoami', sightings: [{ secret: 'token', where: 'authorization-bearer' }] },
      {
        method: 'POST',
        path: '/api/credentials/test',
        sightings: [
          { secret: 'token', where: 'header:x-debug' },
          { secret: 'password', where: 'body' },
        ],
      },
    ]);
  });

  it('finds secrets in the URL, URL-encoded too, and a token that is not exactly the bearer', () => {
    const sightings = findSecrets({ pw: 'p w/1' }, `/x?q=${encodeURIComponent('p w/1')}`, { authorization: 'Bearer p w/1 extra' }, Buffer.alloc(0));
    assert.deepEqual(sightings, [
      { secret: 'pw', where: 'url' },
      { secret: 'pw', where: 'header:authorization' },
    ]);
  });
});
