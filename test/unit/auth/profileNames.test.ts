import * as assert from 'node:assert/strict';
import { normaliseBaseUrl, profileNameFor } from '../../../src/features/auth/profileNames';

describe('profileNameFor', () => {
  it('names a tenant by its full host, so tenants on sibling hosts never share a name', () => {
    const first = profileNameFor('https://acme.atlan.com', []);
    const second = profileNameFor('https://acme.eu.atlan.com/', [{ name: first, baseUrl: 'https://acme.atlan.com' }]);
    assert.equal(first, 'acme.atlan.com');
    assert.equal(second, 'acme.eu.atlan.com');
  });

  it('keeps the name of the profile that already has this URL (however it is spelt)', () => {
    assert.equal(profileNameFor('https://ACME.atlan.com/', [{ name: 'work', baseUrl: 'https://acme.atlan.com' }]), 'work');
  });

  it('calls a loopback tenant "sandbox", and a second one by its address', () => {
    assert.equal(profileNameFor('http://127.0.0.1:4000', []), 'sandbox');
    assert.equal(profileNameFor('http://127.0.0.1:5000', [{ name: 'sandbox', baseUrl: 'http://127.0.0.1:4000' }]), 'sandbox 127.0.0.1:5000');
  });

  it('takes a longer spelling, then a number, when a name is taken by another URL', () => {
    const existing = [
      { name: 'acme.atlan.com', baseUrl: 'https://acme.atlan.com/a' },
      { name: 'acme.atlan.com/b', baseUrl: 'https://acme.atlan.com/c' },
    ];
    assert.equal(profileNameFor('https://acme.atlan.com/b', existing), 'acme.atlan.com/b (2)');
    assert.equal(profileNameFor('https://acme.atlan.com:8443', existing), 'acme.atlan.com:8443');
  });

  it('ignores malformed URLs among the existing profiles', () => {
    assert.equal(profileNameFor('https://acme.atlan.com', [{ name: 'broken', baseUrl: 'not a url' }]), 'acme.atlan.com');
  });
});

describe('normaliseBaseUrl', () => {
  it('drops trailing slashes and lower-cases the origin', () => {
    assert.equal(normaliseBaseUrl(' https://Acme.Atlan.com/x/ '), 'https://acme.atlan.com/x');
  });
});
