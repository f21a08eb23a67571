/**
 * `atlan-postgres plan` and `apply` against an in-process sandbox of each surface: a folder with
 * a new file, an unchanged one, a drifted one and one whose connection a crawler made elsewhere
 * (Atlan's UI on the legacy surface) already crawls.
 */
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ExitCode } from '../../../src/cli/exitCodes';
import { cli, configText, readConfig, recordedWorkflow, startTestTenant, type TestTenant } from './cliHarness';

interface PlanDoc {
  tenant: string;
  surface: string;
  files: { file: string; action: string; workflow: string | null; fields: { path: string }[]; reason: string | null; conflict?: string }[];
  unmanaged: { workflow: string; connectionName: string | null }[];
}

for (const surfaces of ['legacy', 'apps'] as const) {
  describe(`atlan-postgres plan and apply (${surfaces} sandbox)`, function () {
    this.timeout(30_000);
    let tenant: TestTenant;
    let folderCount = 0;
    let epoch = 1_653_600_000;

    before(async () => {
      tenant = await startTestTenant(surfaces);
    });
    after(async () => {
      await tenant.stop();
    });
    afterEach(() => tenant.crawler.release());

    function folder(): string {
      const dir = join(tenant.dir, `repo-${++folderCount}`);
      mkdirSync(join(dir, 'crawlers'), { recursive: true });
      return dir;
    }

    function write(dir: string, name: string, text: string): string {
      const path = join(dir, 'crawlers', `${name}.atlan-postgres.json`);
      writeFileSync(path, text);
      return path;
    }

    /** A crawler of `connection` made outside this folder: in Atlan's UI (legacy), by another client (App API). */
    async function madeElsewhere(connection: string): Promise<string> {
      if (surfaces === 'legacy') {
        const created = await tenant.sandbox.admin.createUiCrawler({
          connectionName: connection,
          credential: { host: 'db.internal', database: 'analytics', username: 'crawler', password: 'ui-password' },
          include: { analytics: ['public'] },
          epoch: epoch++,
          run: true,
        });
        return created.name;
      }
      const elsewhere = join(tenant.dir, `elsewhere-${connection}.json`);
      writeFileSync(elsewhere, configText(connection, { rowLimit: 5 }));
      const submitted = await cli(tenant, ['submit', elsewhere]);
      assert.equal(submitted.code, ExitCode.ok, submitted.err);
      return recordedWorkflow(elsewhere);
    }

    /** new, unchanged, drifted, adopt: the issue's folder. */
    async function issueFolder(): Promise<{ dir: string; files: Record<'fresh' | 'same' | 'drifted' | 'adopt', string>; adopted: string }> {
      const dir = folder();
      const n = folderCount;
      const same = write(dir, 'same', configText(`same-${surfaces}-${n}`));
      const drifted = write(dir, 'drifted', configText(`drifted-${surfaces}-${n}`));
      for (const file of [same, drifted]) {
        const submitted = await cli(tenant, ['submit', file]);
        assert.equal(submitted.code, ExitCode.ok, submitted.err);
      }
      writeFileSync(drifted, readConfig(drifted).replace('"rowLimit": 10000', '"rowLimit": 250'));
      const adopted = await madeElsewhere(`adopt-${surfaces}-${n}`);
      const adopt = write(dir, 'adopt', configText(`adopt-${surfaces}-${n}`));
      const fresh = write(dir, 'fresh', configText(`fresh-${surfaces}-${n}`));
      // Skipped: hidden folders and node_modules.
      mkdirSync(join(dir, 'node_modules', 'x'), { recursive: true });
      writeFileSync(join(dir, 'node_modules', 'x', 'skip.atlan-postgres.json'), '{');
      mkdirSync(join(dir, '.git'), { recursive: true });
      writeFileSync(join(dir, '.git', 'skip.atlan-postgres.json'), '{');
      return { dir, files: { fresh, same, drifted, adopt }, adopted };
    }

    function actions(doc: PlanDoc): Record<string, string> {
      return Object.fromEntries(doc.files.map((f) => [f.file.replace(/^.*\//, '').replace('.atlan-postgres.json', ''), f.action]));
    }

    it('plans create, unchanged, update (with its fields) and adopt: exit 6; lists unmanaged crawlers', async () => {
      const { dir, files, adopted } = await issueFolder();
      const result = await cli(tenant, ['plan', dir, '--json']);
      assert.equal(result.code, ExitCode.differs, result.err);
      const doc = JSON.parse(result.out) as PlanDoc;
      assert.equal(doc.surface, surfaces === 'legacy' ? 'workflows' : 'apps');
      assert.equal(doc.tenant, tenant.sandbox.url);
      assert.deepEqual(actions(doc), { adopt: 'adopt', drifted: 'update', fresh: 'create', same: 'unchanged' });
      const byName = new Map(doc.files.map((f) => [f.file, f]));
      assert.deepEqual(byName.get(files.drifted)?.fields.map((f) => f.path), ['rowLimit']);
      assert.equal(byName.get(files.drifted)?.workflow, recordedWorkflow(files.drifted));
      assert.equal(byName.get(files.adopt)?.workflow, adopted);
      assert.equal(byName.get(files.fresh)?.workflow, null);
      assert.ok(doc.files.every((f) => !f.file.includes('node_modules') && !f.file.includes('.git')), 'skips node_modules and hidden folders');
      // Crawlers of the earlier tests' folders are not this folder's: unmanaged here.
      assert.ok(!doc.unmanaged.some((w) => w.workflow === adopted || w.workflow === recordedWorkflow(files.same)), JSON.stringify(doc.unmanaged));

      const text = await cli(tenant, ['plan', dir]);
      assert.equal(text.code, ExitCode.differs, text.err);
      assert.match(text.out, /^ {2}update +\S+drifted\.atlan-postgres\.json +\S+: rowLimit$/m);
      assert.match(text.out, /rowLimit: 10000 -> 250/);
      assert.match(text.out, /1 to create, 1 to update, 1 to adopt, 1 unchanged\.$/m);

      const markdown = await cli(tenant, ['plan', dir, '--format', 'markdown']);
      assert.equal(markdown.code, ExitCode.differs, markdown.err);
      assert.match(markdown.out, /^\| File \| Action \| Workflow \| Details \|$/m);
      assert.match(markdown.out, /\| adopt \| `[^`]+` \|/);
      assert.match(markdown.out, /`rowLimit`: `10000` → `250`/);
    });

  });
}
