/**
 * `atlan-postgres catalog NAME|FILE` against the in-process sandbox of each API surface: before the
 * first crawl it says there is nothing yet; after it, the counts by type and the schemas with their
 * table counts, from the asset search; usage and unknown workflows as the other commands.
 */
import assert from 'node:assert/strict';
import { ExitCode } from '../../../src/cli/exitCodes';
import { cli, configText, recordedWorkflow, startTestTenant, writeConfig, type TestTenant } from './cliHarness';

for (const surfaces of ['legacy', 'apps'] as const) {
  describe(`atlan-postgres catalog (${surfaces} sandbox)`, function () {
    this.timeout(10_000);
    let tenant: TestTenant;

    before(async () => {
      tenant = await startTestTenant(surfaces);
    });
    after(async () => {
      await tenant.stop();
    });
    afterEach(() => tenant.crawler.release());

    it('says nothing is catalogued before the crawl, then prints counts by type and the schemas', async () => {
      const connection = `cli-catalog-${surfaces}`;
      const file = writeConfig(tenant, connection, configText(connection));
      tenant.crawler.mode = 'hold';
      assert.equal((await cli(tenant, ['submit', file])).code, ExitCode.ok);
      const name = recordedWorkflow(file);

      const before = await cli(tenant, ['catalog', name]);
      assert.equal(before.code, ExitCode.ok, before.err);
      assert.match(before.out, new RegExp(`^${connection} · connection default/postgres/\\d+\\n`));
      assert.match(before.out, /Atlan's catalog has no assets for this connection yet/);

      tenant.crawler.release();
      const waited = await cli(tenant, ['monitor', name]);
      assert.equal(waited.code, ExitCode.ok, waited.err);

      const after = await cli(tenant, ['catalog', file]);
      assert.equal(after.code, ExitCode.ok, after.err);
      // The fake crawler finds schemas public and sales of the credential's database (analytics).
      assert.equal(
        after.out.split('\n').slice(1).join('\n'),
        ['1 database, 2 schemas, 12 tables, 2 views, 1 materialised view, 87 columns', '', 'analytics (2 schemas)', '  public  6 tables, 1 view', '  sales   6 tables, 2 views', ''].join('\n'),
      );

      const json = await cli(tenant, ['catalog', name, '--json']);
      assert.equal(json.code, ExitCode.ok, json.err);
      const document = JSON.parse(json.out) as { crawled: boolean; counts: Record<string, number>; total: number; connectionQualifiedName: string; databases: { name: string; schemas: { name: string; tableCount: number }[] }[] };
      assert.equal(document.crawled, true);
      assert.deepEqual(document.counts, { Column: 87, Table: 12, Schema: 2, View: 2, Database: 1, MaterialisedView: 1 });
      assert.equal(document.total, 105);
      assert.deepEqual(document.databases.map((d) => [d.name, d.schemas.map((s) => `${s.name}:${s.tableCount}`)]), [['analytics', ['public:6', 'sales:6']]]);
    });

    it('exits 2 for a workflow the tenant does not have, and for a missing argument', async () => {
      const missing = await cli(tenant, ['catalog', 'atlan-postgres-1000000000', '--json']);
      assert.equal(missing.code, ExitCode.invalid);
      assert.equal((JSON.parse(missing.out) as { error: { kind: string } }).error.kind, 'notFound');
      const usage = await cli(tenant, ['catalog']);
      assert.equal(usage.code, ExitCode.invalid);
      assert.match(usage.err, /catalog needs exactly one NAME or FILE/);
    });
  });
}
