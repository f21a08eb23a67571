import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as https from 'node:https';
import * as net from 'node:net';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import * as z from 'zod';
import { bypassesProxy, parseNoProxy, relaxedTlsWarning } from '../../../src/core/atlan/dispatcher';
import { ConfigurationError, NetworkError } from '../../../src/core/atlan/errors';
import { AtlanHttp, type AtlanHttpOptions } from '../../../src/core/atlan/http';
import { ScriptedServer } from './helpers';

/** A forward proxy: replays absolute-form requests, and tunnels CONNECT (https targets). */
class TinyProxy {
  readonly seen: { url: string; proxyAuthorization?: string }[] = [];
  private server!: http.Server;
  private readonly tunnels = new Set<net.Socket>();
  url = '';

  static async start(): Promise<TinyProxy> {
    const p = new TinyProxy();
    p.server = http.createServer((req, res) => {
      p.seen.push({ url: req.url ?? '', proxyAuthorization: req.headers['proxy-authorization'] });
      const target = new URL(req.url ?? '');
      const headers = { ...req.headers };
      delete headers['proxy-authorization'];
      delete headers['proxy-connection'];
      const upstream = http.request({ host: target.hostname, port: target.port, path: target.pathname + target.search, method: req.method, headers }, (up) => {
        res.writeHead(up.statusCode ?? 502, up.headers);
        up.pipe(res);
      });
      upstream.on('error', () => {
        res.writeHead(502);
        res.end();
      });
      req.pipe(upstream);
    });
    p.server.on('connect', (req: http.IncomingMessage, client: net.Socket, head: Buffer) => {
      p.seen.push({ url: `CONNECT ${req.url ?? ''}` });
      const [host, port] = (req.url ?? '').split(':');
      const upstream = net.connect(Number(port), host, () => {
        client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
        upstream.write(head);
        upstream.pipe(client).pipe(upstream);
      });
      for (const socket of [client, upstream]) {
        p.tunnels.add(socket);
        socket.on('error', () => undefined);
        socket.on('close', () => p.tunnels.delete(socket));
      }
    });
    await new Promise<void>((r) => p.server.listen(0, '127.0.0.1', r));
    p.url = `http://127.0.0.1:${(p.server.address() as AddressInfo).port}`;
    return p;
  }

  async stop(): Promise<void> {
    for (const socket of this.tunnels) socket.destroy();
    this.server.closeAllConnections();
    await new Promise<void>((r) => this.server.close(() => r()));
  }
}

const fixtures = path.join(__dirname, '../../../../test/unit/atlan/fixtures');
const whoami = z.object({ roles: z.array(z.object({ name: z.string() })) });

describe('atlan/proxy and TLS options', () => {
  let target: ScriptedServer;
  let proxy: TinyProxy;
  const clients: AtlanHttp[] = [];
  const client = (o: Partial<AtlanHttpOptions>): AtlanHttp => {
    const c = new AtlanHttp({ baseUrl: target.url, token: 'tok-proxy-test', ...o });
    clients.push(c);
    return c;
  };

  before(async () => {
    target = await ScriptedServer.start();
    proxy = await TinyProxy.start();
    target.route('GET', 'whoami', { body: { roles: [{ name: '$admin' }] } });
  });
  after(async () => {
    await Promise.all(clients.map((c) => c.close()));
    await proxy.stop();
    await target.stop();
  });

  it('sends requests through the proxy URL', async () => {
    proxy.seen.length = 0;
    const answer = await client({ proxy: { url: proxy.url } }).request({ method: 'GET', path: 'whoami', schema: whoami });
    assert.deepEqual(answer, { roles: [{ name: '$admin' }] });
    assert.equal(proxy.seen.length, 1);
    assert.equal(proxy.seen[0].url, `${target.url}/api/service/whoami`);
  });

  it('sends proxy credentials from the proxy URL to the proxy only', async () => {
    proxy.seen.length = 0;
    target.requests.length = 0;
    const withAuth = proxy.url.replace('http://', 'http://alice:s3cret@');
    await client({ proxy: { url: withAuth } }).request({ method: 'GET', path: 'whoami', schema: whoami });
    assert.equal(proxy.seen[0].proxyAuthorization, `Basic ${Buffer.from('alice:s3cret').toString('base64')}`);
    assert.equal(target.requests[0].headers['proxy-authorization'], undefined);
  });

  it('reports an unreachable proxy without its password', async () => {
    const dead = 'http://alice:pa55word-long@127.0.0.1:9';
    await assert.rejects(
      client({ proxy: { url: dead }, retryPolicy: { maxAttempts: 1, baseDelayMs: 0, maxDelayMs: 0, maxRetryAfterMs: 0 } }).request({ method: 'GET', path: 'whoami', schema: whoami }),
      (e: unknown) => e instanceof NetworkError && !e.message.includes('pa55word-long') && e.message.includes(target.url),
    );
  });

  it('bypasses the proxy for NO_PROXY hosts', async () => {
    proxy.seen.length = 0;
    await client({ proxy: { url: proxy.url, noProxy: 'example.com, 127.0.0.1' } }).request({ method: 'GET', path: 'whoami', schema: whoami });
    assert.equal(proxy.seen.length, 0);
  });

  it('reports an unusable proxy URL as a configuration error', () => {
    assert.throws(() => client({ proxy: { url: 'not a url' } }), ConfigurationError);
    assert.throws(() => client({ proxy: { url: 'socks5://127.0.0.1:1' } }), /must start with http/);
  });

  it('matches NO_PROXY entries as curl does', () => {
    const u = (s: string) => new URL(s);
    const entries = parseNoProxy(['.corp.example', 'localhost:8080', '10.0.0.1', '[::1]']);
    assert.deepEqual(entries, ['.corp.example', 'localhost:8080', '10.0.0.1', '[::1]']);
    assert.equal(bypassesProxy(u('https://a.corp.example'), entries), true);
    assert.equal(bypassesProxy(u('https://corp.example'), entries), true);
    assert.equal(bypassesProxy(u('https://xcorp.example'), entries), false);
    assert.equal(bypassesProxy(u('http://localhost:8080'), entries), true);
    assert.equal(bypassesProxy(u('http://localhost:9090'), entries), false);
    assert.equal(bypassesProxy(u('http://10.0.0.1:1'), entries), true);
    assert.equal(bypassesProxy(u('http://[::1]:3000'), entries), true);
    assert.equal(bypassesProxy(u('https://acme.atlan.com'), parseNoProxy('*')), true);
    assert.equal(bypassesProxy(u('https://acme.atlan.com'), parseNoProxy('atlan.com')), true);
    assert.equal(bypassesProxy(u('https://acme.atlan.com'), parseNoProxy('*.atlan.com:443')), true);
    assert.equal(bypassesProxy(u('https://acme.atlan.com'), parseNoProxy('')), false);
  });

  describe('extra CA certificates', () => {
    let tlsServer: https.Server;
    let tlsUrl = '';
    const cert = fs.readFileSync(path.join(fixtures, 'loopback.cert.pem'), 'utf8');

    before(async () => {
      tlsServer = https.createServer({ cert, key: fs.readFileSync(path.join(fixtures, 'loopback.key.pem')) }, (_req, res) => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end('{"roles":[]}');
      });
      await new Promise<void>((r) => tlsServer.listen(0, '127.0.0.1', r));
      tlsUrl = `https://127.0.0.1:${(tlsServer.address() as AddressInfo).port}`;
    });
    after(async () => {
      tlsServer.closeAllConnections();
      await new Promise<void>((r) => tlsServer.close(() => r()));
    });

    it('refuses an unknown CA with an actionable message', async () => {
      await assert.rejects(
        client({ baseUrl: tlsUrl, retryPolicy: { maxAttempts: 1, baseDelayMs: 0, maxDelayMs: 0, maxRetryAfterMs: 0 } }).request({ method: 'GET', path: 'whoami', schema: whoami }),
        (e: unknown) => e instanceof NetworkError && /not trusted/.test(e.message),
      );
    });

    it('trusts a CA given as PEM', async () => {
      const answer = await client({ baseUrl: tlsUrl, extraCaCertificates: [cert] }).request({ method: 'GET', path: 'whoami', schema: whoami });
      assert.deepEqual(answer, { roles: [] });
    });

    const once = { maxAttempts: 1, baseDelayMs: 0, maxDelayMs: 0, maxRetryAfterMs: 0 };
    const notTrusted = (e: unknown) => e instanceof NetworkError && /not trusted/.test(e.message);

    it('skips verification on connections through the proxy only when its strict TLS is off', async () => {
      proxy.seen.length = 0;
      const strict = client({ baseUrl: tlsUrl, proxy: { url: proxy.url }, retryPolicy: once });
      await assert.rejects(strict.request({ method: 'GET', path: 'whoami', schema: whoami }), notTrusted);
      const relaxed = client({ baseUrl: tlsUrl, proxy: { url: proxy.url, rejectUnauthorized: false } });
      assert.deepEqual(await relaxed.request({ method: 'GET', path: 'whoami', schema: whoami }), { roles: [] });
      assert.ok(proxy.seen.some((r) => r.url === `CONNECT ${new URL(tlsUrl).host}`), JSON.stringify(proxy.seen));
    });

    it('checks the certificate of a tenant reached directly even when the proxy\'s strict TLS is off', async () => {
      proxy.seen.length = 0;
      const direct = client({ baseUrl: tlsUrl, proxy: { url: proxy.url, noProxy: '127.0.0.1', rejectUnauthorized: false }, retryPolicy: once });
      await assert.rejects(direct.request({ method: 'GET', path: 'whoami', schema: whoami }), notTrusted);
      assert.deepEqual(proxy.seen, [], 'the request went through the proxy');
    });

    it('warns when the proxy\'s certificate checks are off, and says when they do not apply', () => {
      const target = new URL(tlsUrl);
      assert.equal(relaxedTlsWarning(target, { proxy: { url: proxy.url } }), undefined);
      assert.equal(relaxedTlsWarning(target, {}), undefined);
      assert.match(relaxedTlsWarning(target, { proxy: { url: proxy.url, rejectUnauthorized: false } }) ?? '', /certificates are not checked on connections to https:\/\/127\.0\.0\.1:\d+ through the proxy/);
      assert.match(
        relaxedTlsWarning(target, { proxy: { url: proxy.url, noProxy: '127.0.0.1', rejectUnauthorized: false } }) ?? '',
        /reached without the proxy, so its certificate is still checked/,
      );
    });
  });
});
