import * as assert from 'node:assert/strict';
import { transportOptionsFromEnv } from '../../../src/core/atlan/environment';
import { ConfigurationError } from '../../../src/core/atlan/errors';

describe('atlan/environment', () => {
  const files: Record<string, string> = { '/ca.pem': '-----BEGIN CERTIFICATE-----\nx\n-----END CERTIFICATE-----\n' };
  const read = (p: string): string => {
    const content = files[p];
    if (content === undefined) throw new Error('ENOENT');
    return content;
  };

  it('picks the proxy for the scheme, NO_PROXY and the CA file', () => {
    const env = { HTTPS_PROXY: 'http://proxy:3128', http_proxy: 'http://plain:80', no_proxy: 'localhost,.corp', NODE_EXTRA_CA_CERTS: '/ca.pem' };
    assert.deepEqual(transportOptionsFromEnv('https://acme.atlan.com', env, read), {
      proxy: { url: 'http://proxy:3128', noProxy: 'localhost,.corp' },
      extraCaCertificates: [files['/ca.pem']],
    });
    assert.equal(transportOptionsFromEnv('http://127.0.0.1:1', env, read).proxy?.url, 'http://plain:80');
  });

  it('returns nothing when nothing is set', () => {
    assert.deepEqual(transportOptionsFromEnv('https://acme.atlan.com', {}, read), {});
  });

  it('says which CA file cannot be read', () => {
    assert.throws(() => transportOptionsFromEnv('https://acme.atlan.com', { NODE_EXTRA_CA_CERTS: '/missing.pem' }, read), (e: unknown) => e instanceof ConfigurationError && e.message.includes('/missing.pem'));
  });
});
