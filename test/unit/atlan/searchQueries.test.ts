import * as assert from 'node:assert/strict';
import {
  currentRunsSearch,
  latestRunsSearch,
  postgresWorkflowsSearch,
  runsByIdSearch,
  unstampedRunsSearch,
  workflowByNameSearch,
} from '../../../src/core/atlan/searchQueries';

describe('atlan/searchQueries', () => {
  it('finds Postgres crawlers by the names Atlan gives them or by package identity, in one nested clause', () => {
    assert.deepEqual(postgresWorkflowsSearch(20, 10), {
      from: 20,
      size: 10,
      track_total_hits: true,
      query: {
        bool: {
          filter: [
            {
              nested: {
                path: 'metadata',
                query: {
                  bool: {
                    should: [
                      // pyatlan's find_by_type pattern, widened to the UI's atlan-postgres-default-postgres-<epoch>
                      { regexp: { 'metadata.name.keyword': { value: 'atlan[-]postgres[-](default[-]postgres[-])?[0-9]{10}' } } },
                      // the package annotation Atlan's own clients filter packages by, and argopm's label twin
                      { term: { 'metadata.annotations.package.argoproj.io/name.keyword': { value: '@atlan/postgres' } } },
                      { term: { 'metadata.labels.package.argoproj.io/name.keyword': { value: 'a-t-ratlans-l-a-s-hpostgres' } } },
                    ],
                    minimum_should_match: 1,
                  },
                },
              },
            },
          ],
        },
      },
      sort: [{ 'metadata.creationTimestamp': { order: 'desc', nested: { path: 'metadata' } } }],
    });
  });

  it('finds one workflow by name', () => {
    const body = workflowByNameSearch('atlan-postgres-1700000000');
    assert.equal(body.size, 1);
    assert.deepEqual(body.query, {
      bool: { filter: [{ nested: { path: 'metadata', query: { bool: { must: [{ term: { 'metadata.name.keyword': { value: 'atlan-postgres-1700000000' } } }] } } } }] },
    });
  });

  it('asks for the runs of many workflows with one terms query, newest first', () => {
    const body = latestRunsSearch(['a', 'b'], 22);
    assert.equal(body.size, 22);
    assert.deepEqual(body.sort, [{ 'status.startedAt': { order: 'desc' } }]);
    assert.deepEqual(body.query, { bool: { filter: [{ nested: { path: 'spec', query: { terms: { 'spec.workflowTemplateRef.name.keyword': ['a', 'b'] } } } }] } });
  });

  it('asks for the runs not stamped with their template yet, the group a collapse lumps together', () => {
    const body = unstampedRunsSearch(['a'], 2);
    assert.deepEqual(body.query, {
      bool: {
        filter: [{ nested: { path: 'spec', query: { terms: { 'spec.workflowTemplateRef.name.keyword': ['a'] } } } }],
        must_not: [{ exists: { field: 'status.storedWorkflowTemplateSpec.workflowTemplateRef.name' } }],
      },
    });
    assert.equal('collapse' in body || '_source' in body, false, 'optional keys are added by the backend, per tenant');
  });

  it('looks for the current run in the 50 newest (pyatlan size)', () => {
    const body = currentRunsSearch('w');
    assert.equal(body.size, 50);
    assert.deepEqual(body.query, { bool: { filter: [{ nested: { path: 'spec', query: { term: { 'spec.workflowTemplateRef.name.keyword': { value: 'w' } } } } }] } });
  });

  it('reads runs by _id, with placeholder workflows in the same request', () => {
    assert.deepEqual(runsByIdSearch(['r1', 'r2'], [], 2).query, { bool: { filter: [{ terms: { _id: ['r1', 'r2'] } }] } });
    assert.deepEqual(runsByIdSearch(['r1'], ['w'], 6).query, {
      bool: {
        should: [{ terms: { _id: ['r1'] } }, { nested: { path: 'spec', query: { terms: { 'spec.workflowTemplateRef.name.keyword': ['w'] } } } }],
        minimum_should_match: 1,
      },
    });
  });
});
