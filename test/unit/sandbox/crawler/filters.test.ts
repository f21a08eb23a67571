import assert from 'node:assert/strict';
import { compileFilters, stripAnchors } from '../../../../sandbox/crawler/filters';

describe('sandbox crawler: filter compilation (Atlan semantics)', () => {
  it('strips every leading and trailing anchor, as Atlan does before re-anchoring', () => {
    assert.equal(stripAnchors('^db$'), 'db');
    assert.equal(stripAnchors('^^db$$'), 'db');
    assert.equal(stripAnchors('db'), 'db');
    assert.equal(stripAnchors('a$b'), 'a$b');
  });

  it('matches everything and excludes nothing when both maps are empty', () => {
    assert.deepEqual(compileFilters({ include: {}, exclude: {}, excludeRegex: '' }), {
      includeSchemas: '.*',
      excludeSchemas: '^$',
      includeDatabases: '.*',
      excludeDatabases: '^$',
      excludeRelations: undefined,
    });
  });

  it('anchors each database.schema pair and joins them', () => {
    const compiled = compileFilters({ include: { '^db$': ['^a$', '^b$'], '^other$': [] }, exclude: {}, excludeRegex: '.*_TEST' });
    assert.equal(compiled.includeSchemas, '^db\\.a$|^db\\.b$|^other\\..*$');
    assert.equal(compiled.includeDatabases, '^(db|other)$');
    assert.equal(compiled.excludeRelations, '.*_TEST');
  });

  it('excludes a whole database only when its exclude entry lists no schema', () => {
    const compiled = compileFilters({ include: {}, exclude: { '^db$': ['^a$'], '^gone$': '*' }, excludeRegex: '' });
    assert.equal(compiled.excludeSchemas, '^db\\.a$|^gone\\..*$');
    assert.equal(compiled.excludeDatabases, '^(gone)$');
  });
});
