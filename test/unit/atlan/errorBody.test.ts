import * as assert from 'node:assert/strict';
import { errorFromResponse, parseErrorBody, parseRetryAfter } from '../../../src/core/atlan/errorBody';
import { AuthenticationError, InvalidRequestError, isAtlanError, NotFoundError, RedirectError, ServerError } from '../../../src/core/atlan/errors';

const base = { origin: 'https://acme.atlan.com', method: 'GET', path: '/api/service/x', headers: {}, knownSecrets: [], now: 0 };

describe('atlan/errorBody', () => {
  it('reads every spelling of code and message', () => {
    assert.deepEqual(parseErrorBody('{"errorCode":"A","errorMessage":"m"}'), { code: 'A', message: 'm', causes: [], slug: undefined, slugs: undefined });
    assert.equal(parseErrorBody('{"code":1000,"message":"m2"}').code, '1000');
    assert.equal(parseErrorBody('{"status":"BAD","message":"m3"}').message, 'm3');
    assert.equal(parseErrorBody('{"message":"x","error":"Unauthorized"}').message, 'x');
    assert.equal(parseErrorBody('{"error":"only error"}').message, 'only error');
    assert.deepEqual(parseErrorBody('<html>').causes, []);
    assert.deepEqual(parseErrorBody('{"causes":"not a list","message":"still read"}'), { code: undefined, message: 'still read', causes: [], slug: undefined, slugs: undefined });
  });

  it('keeps errorCause, a string or a list (as pyatlan reads it), as a cause unless the message already says it', () => {
    const listed = parseErrorBody('{"errorCode":4001,"errorMessage":"Invalid submission","errorCause":["template is archived",""]}');
    assert.deepEqual(listed, { code: '4001', message: 'Invalid submission', causes: [{ errorMessage: 'template is archived' }], slug: undefined, slugs: undefined });
    assert.deepEqual(parseErrorBody('{"errorCode":"E","errorMessage":"same","errorCause":"same"}').causes, []);
    assert.deepEqual(parseErrorBody('{"errorCode":"E","errorMessage":"m","errorCause":[]}').causes, []);
    assert.equal(parseErrorBody('{"errorCode":"E","errorCause":["a","b"]}').message, 'a; b');
    const error = errorFromResponse({
      ...base,
      status: 400,
      knownSecrets: ['tok-123456789'],
      bodyText: '{"errorCode":"E","errorMessage":"m","errorCause":"rejected tok-123456789","causes":[{"errorType":"T","errorMessage":"password=hunter22 refused","location":"L"}]}',
    });
    assert.ok(error instanceof InvalidRequestError);
    assert.match(error.message, /\(T password=\[REDACTED\] refused at L; rejected \[REDACTED\]\)/);
    assert.ok(!error.message.includes('hunter22') && !error.message.includes('tok-123456789'), error.message);
  });

  it('parses Retry-After as seconds or an HTTP date', () => {
    assert.equal(parseRetryAfter('5', 0), 5000);
    assert.equal(parseRetryAfter('1.5', 0), 1500);
    const now = Date.parse('2026-01-01T00:00:00Z');
    assert.equal(parseRetryAfter('Thu, 01 Jan 2026 00:00:10 GMT', now), 10_000);
    assert.equal(parseRetryAfter('soon', now), undefined);
    assert.equal(parseRetryAfter(undefined, now), undefined);
  });

  it('maps statuses to error classes', () => {
    assert.ok(errorFromResponse({ ...base, status: 404, bodyText: '' }) instanceof NotFoundError);
    assert.ok(errorFromResponse({ ...base, status: 418, bodyText: '' }) instanceof InvalidRequestError);
    assert.ok(errorFromResponse({ ...base, status: 504, bodyText: '' }) instanceof ServerError);
    const redirect = errorFromResponse({ ...base, status: 307, headers: { location: 'https://evil.example/x?token=1' }, bodyText: '' });
    assert.ok(redirect instanceof RedirectError);
    assert.match(redirect.message, /another origin \(https:\/\/evil\.example\/x\)/);
    assert.ok(!redirect.message.includes('token=1'), 'the query of the target is not repeated');
  });
});

describe('isAtlanError across bundles', () => {
  it('recognises an error built by another copy of the client (a separate bundle)', () => {
    const own = new AuthenticationError({ origin: 'https://x.atlan.com' });
    // What a second copy of errors.ts in another bundle creates: same shape, a different class.
    const foreign = Object.assign(new Error('The API token was rejected'), { kind: 'authentication', [Symbol.for('atlan-postgres-workflows.AtlanError')]: true });
    assert.equal(isAtlanError(own), true);
    assert.equal(isAtlanError(foreign), true);
    assert.equal(isAtlanError(new Error('plain')), false);
    assert.equal(isAtlanError({ kind: 'authentication' }), false);
  });
});
