import assert from 'node:assert/strict';
import type { CrawlerConfigInput } from '../../../src/core/config/model';
import { CrawlerConfigSchema } from '../../../src/core/config/model';
import { buildCrawler } from '../../../src/core/workflow/build';
import { detectDrift } from '../../../src/core/workflow/drift';
import { GOLDEN_CASES, ROLE_NAMES, goldenContext, loadGolden } from './goldenCases';

describe('detectDrift', () => {
  const basic = GOLDEN_CASES[0];

  it('finds no drift between a config and the workflow built from it', () => {
    const report = detectDrift(basic.config, { surface: 'workflows', workflow: loadGolden(basic.fixture) }, { roleNamesById: ROLE_NAMES });
    assert.equal(report.inSync, true);
    assert.deepStrictEqual(report.differences, []);
    assert.equal(report.fileText, report.tenantText);
  });

  it('lists each difference with both values and shows them in the texts', () => {
    const edited: CrawlerConfigInput = {
      ...basic.config,
      rowLimit: 500,
      include: { 'test-include': ['test-asset-1'] },
      admins: { roles: ['$admin'], users: ['jane'] },
      schedule: { cron: '0 1 * * *' },
    };
    const report = detectDrift(edited, { surface: 'workflows', workflow: loadGolden(basic.fixture) }, { roleNamesById: ROLE_NAMES });
    assert.equal(report.inSync, false);
    assert.deepStrictEqual(
      report.differences.map((d) => [d.path, d.file, d.tenant]),
      [
        ['admins.users', ['jane'], undefined],
        ['rowLimit', 500, 10000],
        ['include["test-include"]', ['test-asset-1'], ['test-asset-1', 'test-asset-2']],
        ['schedule', { cron: '0 1 * * *', timezone: 'UTC' }, undefined],
      ],
    );
    assert.match(report.fileText, /"rowLimit": 500/);
    assert.match(report.tenantText, /"rowLimit": 10000/);
  });

  it('ignores order, anchoring and duplicates in lists and filters', () => {
    const config: CrawlerConfigInput = { ...basic.config, include: { '^test-include$': ['test-asset-2', 'test-asset-1', 'test-asset-1'] } };
    assert.equal(detectDrift(config, { surface: 'workflows', workflow: loadGolden(basic.fixture) }, { roleNamesById: ROLE_NAMES }).inSync, true);
  });

  it('compares secrets only by whether one is set, never by value', () => {
    const config: CrawlerConfigInput = {
      ...basic.config,
      extraction: { method: 'direct', host: 'test.com', port: 5432, database: 'test-db', auth: { type: 'basic', username: 'test-user', password: { secret: 'other-name' } } },
    };
    const report = detectDrift(config, { surface: 'workflows', workflow: loadGolden(basic.fixture) }, { roleNamesById: ROLE_NAMES });
    assert.equal(report.inSync, true);
    assert.equal(report.tenantText.includes('test-password'), false);
  });

  it('leaves out what the tenant does not return and says so', () => {
    const workflow = structuredClone(loadGolden(basic.fixture));
    workflow.payload = [];
    const config: CrawlerConfigInput = { ...basic.config, extraction: { ...basic.config.extraction, host: 'elsewhere' } as CrawlerConfigInput['extraction'] };
    const report = detectDrift(config, { surface: 'workflows', workflow }, { roleNamesById: ROLE_NAMES });
    assert.equal(report.inSync, true);
    assert.deepStrictEqual(report.notCompared, ['extraction.host', 'extraction.port', 'extraction.database', 'extraction.auth']);
  });

  it('compares the credential details when the caller fetched them', () => {
    const workflow = structuredClone(loadGolden(basic.fixture));
    workflow.payload = [];
    const credential = { authType: 'basic', host: 'test.com', port: 5432, username: 'test-user', extra: { database: 'prod' } };
    const report = detectDrift(basic.config, { surface: 'workflows', workflow }, { roleNamesById: ROLE_NAMES, credential });
    assert.deepStrictEqual(report.differences.map((d) => [d.path, d.file, d.tenant]), [['extraction.database', 'test-db', 'prod']]);
  });

  it('works on App API bodies', () => {
    const config = CrawlerConfigSchema.parse({
      ...basic.config,
      extraction: { method: 'direct', host: 'test.com', database: 'test-db', auth: { type: 'basic', username: 'test-user', password: { secret: 'pg-password' } } },
    });
    const built = buildCrawler(config, goldenContext(basic.secrets), 'apps');
    assert.equal(detectDrift(config, built, { roleNamesById: ROLE_NAMES }).inSync, true);
    const report = detectDrift({ ...config, jdbcInternalMethods: false }, built, { roleNamesById: ROLE_NAMES });
    assert.deepStrictEqual(report.differences.map((d) => d.path), ['jdbcInternalMethods']);
  });
});

describe('detectDrift: a definition the tenant did not send whole', () => {
  const basic = GOLDEN_CASES[0];
  it('carries the caveat of where the definition came from, also when nothing differs', () => {
    const caveat = "Atlan's answer for workflow w does not include its inputs; its definition was read from the workflow list instead (the item's DAG).";
    const report = detectDrift(basic.config, { surface: 'workflows', workflow: loadGolden(basic.fixture), caveat }, { roleNamesById: ROLE_NAMES });
    assert.equal(report.inSync, true);
    assert.equal(report.caveat, caveat);
    assert.equal(detectDrift(basic.config, { surface: 'workflows', workflow: loadGolden(basic.fixture) }, { roleNamesById: ROLE_NAMES }).caveat, undefined);
  });
});
