import * as assert from 'node:assert/strict';
import { InvalidRequestError, ServerError } from '../../../src/core/atlan/errors';
import { sourceLooksFiltered, TenantSearchFeatures, type SearchFeature } from '../../../src/core/atlan/searchFeatures';
import { latestRunsSearch, type SearchRequest } from '../../../src/core/atlan/searchQueries';

const origin = 'https://acme.atlan.com';
const badRequest = (): InvalidRequestError => new InvalidRequestError({ origin, status: 400, errorMessage: 'no' });
const optional = { collapse: { field: 'f.keyword' }, _source: { includes: ['metadata.name'] } };

/** A tenant that answers 400 to any body carrying one of `refused`, and records what it got. */
function tenant(refused: readonly SearchFeature[]) {
  const bodies: SearchRequest[] = [];
  const post = (body: SearchRequest): Promise<string> => {
    bodies.push(body);
    return refused.some((key) => key in body) ? Promise.reject(badRequest()) : Promise.resolve('ok');
  };
  return { bodies, post };
}

describe('atlan/searchFeatures', () => {
  it('sends both keys while untested, and keeps sending them once accepted', async () => {
    const features = new TenantSearchFeatures();
    const t = tenant([]);
    const outcome = await features.send(latestRunsSearch(['a'], 2), optional, t.post);
    assert.deepEqual([...outcome.sent].sort(), ['_source', 'collapse']);
    assert.deepEqual(t.bodies[0]?.collapse, optional.collapse);
    assert.deepEqual(features.snapshot(), { collapse: 'accepted', _source: 'accepted' });
  });

  it('builds the body for the keys that go with it', async () => {
    const features = new TenantSearchFeatures();
    const t = tenant(['collapse']);
    await features.send((keys) => latestRunsSearch(['a'], keys.has('collapse') ? 2 : 30), optional, t.post);
    assert.deepEqual(t.bodies.map((b) => [b.size, 'collapse' in b]), [[2, true], [30, false]]);
  });

  it('does not blame the optional keys for errors other than a 400', async () => {
    const features = new TenantSearchFeatures();
    const boom = new ServerError({ origin, status: 503 });
    await assert.rejects(features.send(latestRunsSearch(['a'], 2), optional, () => Promise.reject(boom)), ServerError);
    assert.deepEqual(features.snapshot(), { collapse: 'untested', _source: 'untested' });
  });

  it('does not blame an accepted key for a later 400', async () => {
    const features = new TenantSearchFeatures();
    await features.send(latestRunsSearch(['a'], 2), optional, tenant([]).post);
    await assert.rejects(features.send(latestRunsSearch(['a'], 2), optional, () => Promise.reject(badRequest())), InvalidRequestError);
    assert.deepEqual(features.snapshot(), { collapse: 'accepted', _source: 'accepted' });
  });

  it('stops sending a key noted as ignored', async () => {
    const features = new TenantSearchFeatures();
    features.noteIgnored('_source');
    const t = tenant([]);
    const outcome = await features.send(latestRunsSearch(['a'], 2), optional, t.post);
    assert.deepEqual([...outcome.sent], ['collapse']);
    assert.equal(t.bodies[0]?._source, undefined);
  });

  it('tells a filtered _source from a whole document', () => {
    const includes = ['metadata.name', 'status.phase'];
    assert.equal(sourceLooksFiltered({ metadata: { name: 'r' }, status: { phase: 'Running' } }, includes), true);
    assert.equal(sourceLooksFiltered({ apiVersion: 'argoproj.io/v1alpha1', kind: 'Workflow', metadata: { name: 'r' } }, includes), false);
  });
});
