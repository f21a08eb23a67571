import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as https from 'node:https';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import * as tls from 'node:tls';
import * as z from 'zod';
import { CaCertificateError, trustedCaCertificates } from '../../../src/core/atlan/caCertificates';
import { AtlanHttp } from '../../../src/core/atlan/http';

const fixtures = path.join(__dirname, '../../../../test/unit/atlan/fixtures');
const cert = fs.readFileSync(path.join(fixtures, 'loopback.cert.pem'), 'utf8').trim() + '\n';
const ROOT = '-----BEGIN CERTIFICATE-----\nROOT\n-----END CERTIFICATE-----\n';
const LABEL = 'the setting atlan.http.extraCaCertificates';

describe('atlan/caCertificates', () => {
  const files: Record<string, string> = {
    '/etc/corp/ca.pem': `# corporate root\n${cert}`,
    // Another real certificate (any of Node's roots), with CRLF line ends.
    '/etc/node-extra.pem': `${tls.rootCertificates[0]}\n`.replace(/\n/g, '\r\n'),
    '/etc/empty.pem': 'no certificate here\n',
    '/etc/broken.pem': '-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydA==\n-----END CERTIFICATE-----\n',
  };
  const readFile = (file: string): string => {
    const content = files[file];
    if (content === undefined) throw Object.assign(new Error(`ENOENT: ${file}`), { code: 'ENOENT' });
    return content;
  };
  const resolve = (configured: string[], nodeExtraCaCertsFile?: string) =>
    trustedCaCertificates({ configured, configuredLabel: LABEL, readFile, rootCertificates: [ROOT], ...(nodeExtraCaCertsFile ? { nodeExtraCaCertsFile } : {}) });

  it('nothing configured: undefined, so Node keeps its default store (roots + NODE_EXTRA_CA_CERTS)', () => {
    assert.equal(resolve([], '/etc/node-extra.pem'), undefined);
    assert.equal(resolve(['  '], '/etc/node-extra.pem'), undefined);
  });

  it('roots + the NODE_EXTRA_CA_CERTS file + configured files and PEM text, duplicates once', () => {
    const bundle = resolve(['/etc/corp/ca.pem', cert], '/etc/node-extra.pem');
    assert.ok(bundle);
    assert.equal(bundle[0], ROOT, "Node's roots first");
    assert.ok(bundle.every((pem) => /^-----BEGIN CERTIFICATE-----[\s\S]+-----END CERTIFICATE-----\n$/.test(pem)));
    assert.equal(bundle[1], `${tls.rootCertificates[0]}\n`, 'the NODE_EXTRA_CA_CERTS certificate, read from its file (CRLF normalised)');
    assert.equal(bundle[2], cert, 'the configured one');
    assert.equal(bundle.length, 3, 'the configured file and PEM text hold the same certificate: kept once');
  });

  it('uses the real roots by default', () => {
    const bundle = trustedCaCertificates({ configured: [cert], configuredLabel: LABEL, readFile });
    assert.ok(bundle && bundle.length > 10, 'tls.rootCertificates kept');
  });

  it('names the file that cannot be read, or holds no (readable) certificate', () => {
    assert.throws(() => resolve(['/etc/missing.pem']), (e: unknown) => e instanceof CaCertificateError && e.message === `The CA certificate file /etc/missing.pem (from ${LABEL}) cannot be read (ENOENT).`);
    assert.throws(() => resolve(['/etc/empty.pem']), (e: unknown) => e instanceof CaCertificateError && e.message === `The CA certificate file /etc/empty.pem (from ${LABEL}) holds no PEM certificate (-----BEGIN CERTIFICATE-----).`);
    assert.throws(() => resolve(['/etc/broken.pem']), (e: unknown) => e instanceof CaCertificateError && /\/etc\/broken\.pem .*holds a certificate that cannot be read \(certificate 1 of 1\)/.test(e.message));
    assert.throws(() => resolve([cert], '/etc/gone.pem'), (e: unknown) => e instanceof CaCertificateError && e.message === 'The CA certificate file /etc/gone.pem (from NODE_EXTRA_CA_CERTS) cannot be read (ENOENT).');
  });

  it('names the entry that is neither PEM text nor an absolute path', () => {
    assert.throws(() => resolve([cert, 'certs/ca.pem']), (e: unknown) => e instanceof CaCertificateError && e.message.startsWith(`Entry 2 of ${LABEL} ("certs/ca.pem") is neither PEM text`));
    assert.throws(() => resolve(['-----BEGIN CERTIFICATE-----\nunfinished']), (e: unknown) => e instanceof CaCertificateError && e.message.startsWith(`Entry 1 of ${LABEL} holds no PEM certificate`));
  });

  describe('against a TLS server whose CA is only in a configured file', () => {
    let server: https.Server;
    let url = '';
    before(async () => {
      server = https.createServer({ cert, key: fs.readFileSync(path.join(fixtures, 'loopback.key.pem')) }, (_req, res) => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end('{"ok":true}');
      });
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
      url = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
    });
    after(async () => {
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    });

    it('the combined store is trusted by the client', async () => {
      const caCertificates = trustedCaCertificates({ configured: [path.join(fixtures, 'loopback.cert.pem')], configuredLabel: LABEL, readFile: (f) => fs.readFileSync(f, 'utf8') });
      assert.ok(caCertificates);
      const http = new AtlanHttp({ baseUrl: url, token: 'tok-ca-test', caCertificates });
      try {
        assert.deepEqual(await http.request({ method: 'GET', path: 'whoami', schema: z.unknown() }), { ok: true });
      } finally {
        await http.close();
      }
    });
  });
});
