import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { connectionEpochFromIdentity, connectionQualifiedNameFromIdentity, epochOfPostgresConnection, isPostgresCrawlerTemplate } from '../../../src/core/atlan/crawlerIdentity';
import { epochOf } from '../../../src/core/workflow/postgres';

const fixtures = path.join(__dirname, '../../../../test/fixtures/sdk-payloads');

/** pyatlan's expected Postgres crawler template (its own unit-test payload), renamed. */
function sdkTemplate(name: string): { metadata: { name: string; labels: Record<string, string>; annotations: Record<string, string> }; spec: unknown } {
  const workflow = JSON.parse(fs.readFileSync(path.join(fixtures, 'postgres_direct_basic.json'), 'utf8')) as {
    metadata: { name: string; labels: Record<string, string>; annotations: Record<string, string> };
    spec: unknown;
  };
  workflow.metadata.name = name;
  return workflow;
}

/** Another package's template: its labels, annotation and DAG task all name it. */
function packageTemplate(name: string, pkg: string, label: string, templateRef: string) {
  return {
    metadata: { name, labels: { 'package.argoproj.io/name': label }, annotations: { 'package.argoproj.io/name': pkg } },
    spec: { templates: [{ name: 'main', dag: { tasks: [{ name: 'run', templateRef: { name: templateRef, template: 'main' } }] } }] },
  };
}

describe('atlan/crawlerIdentity', () => {
  it('accepts the SDK payload of a Postgres crawler under the SDK name and the name Atlan UI gives it', () => {
    assert.equal(isPostgresCrawlerTemplate(sdkTemplate('atlan-postgres-1653533778')), true);
    assert.equal(isPostgresCrawlerTemplate(sdkTemplate('atlan-postgres-default-postgres-1653533778')), true);
  });

  it('accepts any name when the package identity says Postgres crawler', () => {
    assert.equal(isPostgresCrawlerTemplate(sdkTemplate('nightly-warehouse-crawl')), true);
  });

  it('refuses the Postgres miner and other packages, whatever their names', () => {
    const miner = packageTemplate('atlan-postgres-miner-1653533778', '@atlan/postgres-miner', 'a-t-ratlans-l-a-s-hpostgres-miner', 'atlan-postgres-miner');
    assert.equal(isPostgresCrawlerTemplate(miner), false);
    const snowflake = packageTemplate('atlan-snowflake-default-snowflake-1645488678', '@atlan/snowflake', 'a-t-ratlans-l-a-s-hsnowflake', 'atlan-snowflake');
    assert.equal(isPostgresCrawlerTemplate(snowflake), false);
    // A miner named like a crawler is still a miner.
    assert.equal(isPostgresCrawlerTemplate({ ...miner, metadata: { ...miner.metadata, name: 'atlan-postgres-1653533778' } }), false);
  });

  it('refuses a template whose pieces of identity disagree', () => {
    const crawler = sdkTemplate('atlan-postgres-1653533778');
    const otherAnnotation = { ...crawler, metadata: { ...crawler.metadata, annotations: { 'package.argoproj.io/name': '@atlan/postgres-miner' } } };
    assert.equal(isPostgresCrawlerTemplate(otherAnnotation), false);
    const otherTask = { ...crawler, spec: { templates: [{ dag: { tasks: [{ templateRef: { name: 'atlan-postgres-miner' } }] } }] } };
    assert.equal(isPostgresCrawlerTemplate(otherTask), false);
  });

  it('judges a template without any package identity by the names Atlan gives crawlers', () => {
    const bare = (name: string) => ({ metadata: { name, labels: {}, annotations: {} } });
    assert.equal(isPostgresCrawlerTemplate(bare('atlan-postgres-1653533778')), true);
    assert.equal(isPostgresCrawlerTemplate(bare('atlan-postgres-default-postgres-1653533778')), true);
    assert.equal(isPostgresCrawlerTemplate(bare('atlan-postgres-miner-1653533778')), false);
    assert.equal(isPostgresCrawlerTemplate(bare('atlan-postgres-165353377')), false, 'nine digits');
    assert.equal(isPostgresCrawlerTemplate({ metadata: { name: 'atlan-postgres-1653533778', labels: null, annotations: null } }), true);
  });
});

describe('workflow/postgres epochOf', () => {
  it('reads the epoch of SDK-style and UI-style names and of the connection', () => {
    assert.equal(epochOf('atlan-postgres-1653533778'), 1653533778);
    assert.equal(epochOf('atlan-postgres-default-postgres-1653533778'), 1653533778);
    assert.equal(epochOf('default/postgres/1653533778'), 1653533778);
  });

  it('finds none in other packages, runs or other names', () => {
    assert.equal(epochOf('atlan-postgres-miner-1653533778'), undefined);
    assert.equal(epochOf('atlan-snowflake-default-snowflake-1645488678'), undefined);
    assert.equal(epochOf('atlan-postgres-default-postgres-1653533778-xhtgk'), undefined);
    assert.equal(epochOf('warehouse-prod-0a1b2c3d'), undefined);
  });

  describe('the connection told by a crawler\'s identity (for a connection parameter that cannot be read)', () => {
    const meta = (name: string, labels: Record<string, string> = {}, annotations: Record<string, string> = {}) => ({ metadata: { name, labels, annotations } });

    it('a UI name is the connection\'s qualified name, dashed: exact', () => {
      assert.deepEqual(connectionEpochFromIdentity(meta('atlan-postgres-default-postgres-1698710400')), { epoch: 1698710400, exact: true });
      assert.equal(connectionQualifiedNameFromIdentity(meta('atlan-postgres-default-postgres-1698710400')), 'default/postgres/1698710400');
    });

    it('an SDK name, label or atlanName annotation is the crawler\'s own second: not exact, and no qualified name is guessed', () => {
      const sdk = sdkTemplate('atlan-postgres-1701302400');
      assert.deepEqual(connectionEpochFromIdentity(sdk), { epoch: 1701302400, exact: false });
      assert.equal(connectionQualifiedNameFromIdentity(sdk), undefined);
      assert.deepEqual(connectionEpochFromIdentity(meta('nightly', { 'orchestration.atlan.com/default-postgres-1701302500': 'true' })), { epoch: 1701302500, exact: false });
      assert.deepEqual(
        connectionEpochFromIdentity(meta('nightly', {}, { 'orchestration.atlan.com/atlanName': 'atlan-postgres-default-postgres-1701302600' })),
        { epoch: 1701302600, exact: false },
      );
    });

    it('nothing that holds an epoch: undefined; a miner\'s name is no crawler\'s', () => {
      assert.equal(connectionEpochFromIdentity(meta('nightly-warehouse-crawl')), undefined);
      assert.equal(connectionEpochFromIdentity(meta('atlan-postgres-miner-1701302400')), undefined);
      assert.equal(connectionQualifiedNameFromIdentity(meta('nightly-warehouse-crawl')), undefined);
    });

    it('reads the epoch of a Postgres connection\'s qualified name only', () => {
      assert.equal(epochOfPostgresConnection('default/postgres/1701302401'), 1701302401);
      assert.equal(epochOfPostgresConnection('default/snowflake/1701302401'), undefined);
      assert.equal(epochOfPostgresConnection('default/postgres/1701302401/db'), undefined);
    });
  });
});
