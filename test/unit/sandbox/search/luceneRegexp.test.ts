import * as assert from 'node:assert/strict';
import { luceneRegexp } from '../../../../sandbox/search/luceneRegexp';
import { QueryError } from '../../../../sandbox/search/queryError';

describe('sandbox luceneRegexp', () => {
  it('matches the whole value, as Elasticsearch does', () => {
    const re = luceneRegexp('atlan[-]postgres[-][0-9]{10}');
    assert.equal(re.test('atlan-postgres-1700000000'), true);
    assert.equal(re.test('atlan-postgres-17000000001'), false);
    assert.equal(re.test('xatlan-postgres-1700000000'), false);
    assert.equal(re.test('atlan-postgres-123'), false);
  });

  it('supports classes, groups, alternation, quantifiers and quoted literals', () => {
    assert.equal(luceneRegexp('a(b|c)+d?').test('abcbc'), true);
    assert.equal(luceneRegexp('[^x-z]*').test('abc'), true);
    assert.equal(luceneRegexp('[^x-z]*').test('abz'), false);
    assert.equal(luceneRegexp('"a.b"c').test('a.bc'), true);
    assert.equal(luceneRegexp('"a.b"c').test('axbc'), false);
    assert.equal(luceneRegexp('\\d{2,3}').test('123'), true);
    assert.equal(luceneRegexp('a.c').test('a\nc'), true);
  });

  it('treats ^ and $ outside classes as literals (Lucene has no anchors)', () => {
    assert.equal(luceneRegexp('^a$').test('^a$'), true);
    assert.equal(luceneRegexp('^a$').test('a'), false);
  });

  it('supports @ (any string) and # (empty) and can turn operators off with flags', () => {
    assert.equal(luceneRegexp('ab@').test('abxyz'), true);
    assert.equal(luceneRegexp('ab@', { flags: 'NONE' }).test('ab@'), true);
    assert.equal(luceneRegexp('ab@', { flags: 'NONE' }).test('abx'), false);
  });

  it('refuses operators it cannot translate rather than guessing', () => {
    assert.throws(() => luceneRegexp('ab~c'), (e: unknown) => e instanceof QueryError && /complement/.test(e.message));
    assert.throws(() => luceneRegexp('a&b'), /intersection/);
    assert.throws(() => luceneRegexp('<1-10>'), /interval/);
    assert.equal(luceneRegexp('a~b', { flags: 'NONE' }).test('a~b'), true);
  });

  it('reports malformed patterns clearly', () => {
    assert.throws(() => luceneRegexp('(ab'), /unclosed/);
    assert.throws(() => luceneRegexp('ab)'), /unmatched/);
    assert.throws(() => luceneRegexp('[ab'), /character class/);
    assert.throws(() => luceneRegexp('*a'), /nothing to repeat/);
    assert.throws(() => luceneRegexp('a{x}'), /invalid repeat/);
    assert.throws(() => luceneRegexp('a', { flags: 'BOGUS' }), /not a Lucene regexp flag/);
  });

  it('honours case_insensitive', () => {
    assert.equal(luceneRegexp('abc', { caseInsensitive: true }).test('ABC'), true);
    assert.equal(luceneRegexp('abc').test('ABC'), false);
  });
});
