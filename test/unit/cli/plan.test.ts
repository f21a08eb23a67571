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

    /** Crawler workflows on the tenant, of the surface under test. */
    async function crawlerCount(): Promise<number> {
      const state = await tenant.sandbox.admin.state();
      return surfaces === 'legacy' ? state.workflows : state.apps;
    }

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

    it('apply --yes carries it out; a second plan exits 0 with every file unchanged; comments are kept', async () => {
      const { dir, files, adopted } = await issueFolder();
      const before = await crawlerCount();
      const applied = await cli(tenant, ['apply', dir, '--yes', '--json']);
      assert.equal(applied.code, ExitCode.ok, applied.err);
      const doc = JSON.parse(applied.out) as { files: { file: string; action: string; outcome: string; workflow: string | null }[] };
      assert.ok(doc.files.every((f) => f.outcome === 'applied' || f.outcome === 'unchanged'), applied.out);
      assert.equal(await crawlerCount(), before + 1, 'one create: the new file; the adopted connection is not created again');
      assert.equal(recordedWorkflow(files.adopt), adopted);
      assert.match(readConfig(files.adopt), /comments must survive the submit/);
      assert.match(readConfig(files.fresh), /"workflow": "[^"]+"/);

      const again = await cli(tenant, ['plan', dir, '--json']);
      assert.equal(again.code, ExitCode.ok, again.out + again.err);
      assert.deepEqual(actions(JSON.parse(again.out) as PlanDoc), { adopt: 'unchanged', drifted: 'unchanged', fresh: 'unchanged', same: 'unchanged' });
    });

    it('conflicts: two files of one connection, a gone workflow, an invalid file, a missing secret: exit 2, nothing applied for them', async () => {
      const dir = folder();
      const n = folderCount;
      write(dir, 'a', configText(`shared-${surfaces}-${n}`));
      write(dir, 'b', configText(`shared-${surfaces}-${n}`));
      write(dir, 'gone', configText(`gone-${surfaces}-${n}`, { workflow: surfaces === 'legacy' ? 'atlan-postgres-1000000001' : 'postgres-gone-1' }));
      write(dir, 'bad', '{ "connectionName": 3 }');
      const secretless = write(dir, 'secretless', configText(`secretless-${surfaces}-${n}`).replace('"secret": "pg"', '"secret": "unset-secret"'));
      const fine = write(dir, 'fine', configText(`fine-${surfaces}-${n}`));
      const result = await cli(tenant, ['plan', dir, '--json']);
      assert.equal(result.code, ExitCode.invalid, result.err);
      const doc = JSON.parse(result.out) as PlanDoc;
      const conflicts = Object.fromEntries(doc.files.map((f) => [f.file.replace(/^.*\//, ''), f.conflict ?? f.action]));
      assert.deepEqual(conflicts, {
        'a.atlan-postgres.json': 'sharedConnection',
        'b.atlan-postgres.json': 'sharedConnection',
        'bad.atlan-postgres.json': 'invalidFile',
        'fine.atlan-postgres.json': 'create',
        'gone.atlan-postgres.json': 'workflowGone',
        'secretless.atlan-postgres.json': 'missingSecret',
      });
      assert.match(doc.files.find((f) => f.conflict === 'missingSecret')?.reason ?? '', /"unset-secret"/);

      const before = await crawlerCount();
      const applied = await cli(tenant, ['apply', dir, '--yes']);
      assert.equal(applied.code, ExitCode.invalid, applied.err);
      assert.equal(await crawlerCount(), before + 1, 'only the fine file is created');
      assert.match(readConfig(fine), /"workflow"/);
      assert.doesNotMatch(readConfig(secretless), /"workflow"/);
      assert.match(applied.out + applied.err, /5 files left/);
    });

    /** Two files whose workflows differ from them, submitted and then edited. */
    async function twoDrifted(): Promise<{ dir: string; a: string; b: string }> {
      const dir = folder();
      const n = folderCount;
      const a = write(dir, 'a', configText(`drift-a-${surfaces}-${n}`));
      const b = write(dir, 'b', configText(`drift-b-${surfaces}-${n}`));
      for (const file of [a, b]) {
        assert.equal((await cli(tenant, ['submit', file, '--wait'])).code, ExitCode.ok);
        writeFileSync(file, readConfig(file).replace('"rowLimit": 10000', '"rowLimit": 77'));
      }
      return { dir, a, b };
    }

    function updatePath(name: string): string {
      return surfaces === 'legacy' ? `^/api/service/(package-)?workflows/${name}$` : `^/api/service/v1/app/${name}$`;
    }

    it('a failed update ends only its file: exit 5, the other is applied, and a second apply does only what is left', async () => {
      const { dir, a, b } = await twoDrifted();
      const failing = recordedWorkflow(a);
      await tenant.sandbox.admin.addFault({ method: surfaces === 'legacy' ? 'POST' : 'PUT', path: updatePath(failing), status: 500 });
      try {
        const first = await cli(tenant, ['apply', dir, '--yes', '--json']);
        assert.equal(first.code, ExitCode.network, first.err);
        const doc = JSON.parse(first.out) as { files: { file: string; outcome: string; error?: { kind: string } }[]; left: string[] };
        assert.deepEqual(doc.files.map((f) => [f.file, f.outcome]), [[a, 'failed'], [b, 'applied']]);
        assert.equal(doc.files[0].error?.kind, 'server');
        assert.deepEqual(doc.left, [a]);
        assert.match(first.err, new RegExp(`1 file left: \\S*a\\.atlan-postgres\\.json \\(updating ${failing} failed`));
      } finally {
        await tenant.sandbox.admin.clearFaults();
      }
      const second = await cli(tenant, ['apply', dir, '--yes', '--json']);
      assert.equal(second.code, ExitCode.ok, second.err);
      const doc = JSON.parse(second.out) as { files: { file: string; action: string; outcome: string }[] };
      assert.deepEqual(doc.files.map((f) => [f.action, f.outcome]), [['update', 'applied'], ['unchanged', 'unchanged']]);
      assert.equal((await cli(tenant, ['plan', dir])).code, ExitCode.ok);
    });

    // Only the App API reads one definition with a request of its own (GET v1/app/<slug>); the legacy
    // surface reads it through the same search as the list, so a fault there fails the whole plan.
    if (surfaces === 'apps') {
      it('a 5xx on one definition read is a server failure (exit 5) naming the file; the other file is still planned', async () => {
        const { dir, a, b } = await twoDrifted();
        const failing = recordedWorkflow(a);
        await tenant.sandbox.admin.addFault({ method: 'GET', path: `^/api/service/v1/app/${failing}$`, status: 503 });
        try {
          const planned = await cli(tenant, ['plan', dir, '--json']);
          assert.equal(planned.code, ExitCode.network, planned.err);
          const doc = JSON.parse(planned.out) as PlanDoc;
          assert.deepEqual(doc.files.map((f) => [f.file, f.action, f.conflict ?? null]), [[a, 'conflict', 'tenantFailure'], [b, 'update', null]]);
          assert.match(planned.err, new RegExp(`error: \\S*a\\.atlan-postgres\\.json: the tenant failed reading ${failing}`));
          const applied = await cli(tenant, ['apply', dir, '--yes', '--json']);
          assert.equal(applied.code, ExitCode.network, applied.err);
          const result = JSON.parse(applied.out) as { files: { outcome: string }[]; left: string[] };
          assert.deepEqual(result.files.map((f) => f.outcome), ['conflict', 'applied']);
          assert.deepEqual(result.left, [a]);
        } finally {
          await tenant.sandbox.admin.clearFaults();
        }
      });
    }

    it('--rerun-changed reruns what an update changed and exits 4 when that run fails', async () => {
      const { dir, a } = await twoDrifted();
      tenant.crawler.mode = 'fail';
      const result = await cli(tenant, ['apply', join(dir, 'crawlers', 'a.atlan-postgres.json'), '--yes', '--rerun-changed', '--json']);
      assert.equal(result.code, ExitCode.runFailed, result.err);
      const doc = JSON.parse(result.out) as { files: { outcome: string; rerun?: { outcome: string; run: { workflowName: string } } }[] };
      assert.equal(doc.files.length, 1, 'a PATH that is a file plans that file only');
      assert.equal(doc.files[0].outcome, 'applied');
      assert.equal(doc.files[0].rerun?.outcome, 'failed');
      assert.equal(doc.files[0].rerun?.run.workflowName, recordedWorkflow(a));
    });

    it('asks on a terminal: anything but "yes" applies nothing; "yes" applies', async () => {
      const dir = folder();
      const file = write(dir, 'asked', configText(`asked-${surfaces}-${folderCount}`));
      const questions: string[] = [];
      const declined = await cli(tenant, ['apply', dir], { ask: (q) => (questions.push(q), Promise.resolve('n')) });
      assert.equal(declined.code, ExitCode.ok, declined.err);
      assert.equal(questions[0], `Apply to ${tenant.sandbox.url}: create 1? Type "yes" to go on: `);
      assert.match(declined.out, /Nothing applied\./);
      assert.doesNotMatch(readConfig(file), /"workflow"/);
      const accepted = await cli(tenant, ['apply', dir], { ask: () => Promise.resolve('yes') });
      assert.equal(accepted.code, ExitCode.ok, accepted.err);
      assert.match(readConfig(file), /"workflow"/);
    });

    it('apply refuses without a terminal and without --yes, and changes nothing', async () => {
      const dir = folder();
      const file = write(dir, 'one', configText(`noyes-${surfaces}-${folderCount}`));
      const before = await crawlerCount();
      const result = await cli(tenant, ['apply', dir]);
      assert.equal(result.code, ExitCode.invalid, result.err);
      assert.match(result.err, /--yes/);
      assert.equal(await crawlerCount(), before);
      assert.doesNotMatch(readConfig(file), /"workflow"/);
    });
  });
}

describe('atlan-postgres apply to two tenants through two profiles', function () {
  this.timeout(30_000);
  let dev: TestTenant;
  let prod: TestTenant;

  before(async () => {
    dev = await startTestTenant('legacy');
    prod = await startTestTenant('apps');
  });
  after(async () => {
    await dev.stop();
    await prod.stop();
  });

  /** One file, overrides for two profiles: another host and admins in production. */
  function profiledText(connection: string): string {
    return configText(connection).replace(
      '"include": { "analytics": ["public"] } /* only public */',
      `"include": { "analytics": ["public"] } /* only public */,
  // Production differs in host and admins only.
  "profiles": {
    "dev": {},
    "prod": { "extraction": { "host": "db.prod.internal" }, "admins": { "roles": ["$admin"] } }
  }`,
    );
  }

  const on = (tenant: TestTenant, profile: string) => ({
    env: { ATLAN_BASE_URL: tenant.sandbox.url, ATLAN_API_KEY: tenant.sandbox.tokens.apiToken, ATLAN_PROFILE: profile },
  });

  it('records each tenant\'s workflow under its profile; each plans unchanged after; the other profile is untouched', async () => {
    const dir = join(dev.dir, 'profiles-repo');
    mkdirSync(dir, { recursive: true });
    const file = join(dir, 'orders.atlan-postgres.json');
    writeFileSync(file, profiledText('orders'));

    const toDev = await cli(dev, ['apply', dir, '--yes', '--json'], on(dev, 'dev'));
    assert.equal(toDev.code, ExitCode.ok, toDev.err);
    assert.equal(JSON.parse(toDev.out).profile, 'dev');
    const afterDev = JSON.parse(readConfig(file).replace(/\/\/.*$/gm, '').replace(/\/\*.*?\*\//g, '')) as { workflow?: string; profiles: Record<string, { workflow?: string }> };
    assert.match(afterDev.profiles.dev.workflow ?? '', /^atlan-postgres-\d{10}$/);
    assert.equal(afterDev.workflow, undefined, 'nothing recorded at the top level');
    assert.equal(afterDev.profiles.prod.workflow, undefined);

    // Production: created anew (its own connection on its own tenant), with its host and admins.
    const prodPlan = await cli(prod, ['plan', dir, '--json'], on(prod, 'prod'));
    assert.equal(prodPlan.code, ExitCode.differs, prodPlan.err);
    assert.deepEqual((JSON.parse(prodPlan.out) as PlanDoc).files.map((f) => f.action), ['create']);
    // --profile wins over ATLAN_PROFILE.
    const withProfile = await cli(prod, ['apply', dir, '--yes', '--profile', 'prod'], on(prod, 'dev'));
    assert.equal(withProfile.code, ExitCode.ok, withProfile.err);
    const afterProd = JSON.parse(readConfig(file).replace(/\/\/.*$/gm, '').replace(/\/\*.*?\*\//g, '')) as { workflow?: string; profiles: Record<string, { workflow?: string }> };
    assert.equal(afterProd.profiles.dev.workflow, afterDev.profiles.dev.workflow, 'dev\'s record untouched');
    assert.ok(afterProd.profiles.prod.workflow, 'prod\'s workflow recorded under prod');
    assert.equal(afterProd.workflow, undefined, 'still nothing at the top level');
    assert.match(readConfig(file), /\/\/ Production differs in host and admins only\./);

    for (const [tenant, profile] of [[dev, 'dev'], [prod, 'prod']] as const) {
      const again = await cli(tenant, ['plan', dir, '--json'], on(tenant, profile));
      assert.equal(again.code, ExitCode.ok, again.out + again.err);
      assert.deepEqual((JSON.parse(again.out) as PlanDoc).files.map((f) => [f.action, f.workflow]), [['unchanged', afterProd.profiles[profile].workflow]]);
    }
  });

  it('submit, diff, preview, rerun and runs take --profile / ATLAN_PROFILE: they act on the workflow recorded for that profile', async () => {
    const dir = join(prod.dir, 'profiles-commands');
    mkdirSync(dir, { recursive: true });
    const file = join(dir, 'billing.atlan-postgres.json');
    writeFileSync(file, profiledText('billing'));
    const submitted = await cli(prod, ['submit', file, '--profile', 'prod']);
    assert.equal(submitted.code, ExitCode.ok, submitted.err);
    const recorded = JSON.parse(readConfig(file).replace(/\/\/.*$/gm, '').replace(/\/\*.*?\*\//g, '')) as { workflow?: string; profiles: Record<string, { workflow?: string }> };
    const name = recorded.profiles.prod.workflow;
    assert.ok(name, 'submit --profile prod records profiles.prod.workflow');
    assert.equal(recorded.workflow, undefined, 'nothing at the top level');
    assert.match(readConfig(file), /\/\/ Production differs in host and admins only\./);

    const diff = await cli(prod, ['diff', file, '--json'], on(prod, 'prod'));
    assert.equal(diff.code, ExitCode.ok, diff.err);
    assert.equal((JSON.parse(diff.out) as { workflow: string }).workflow, name);
    const preview = await cli(prod, ['preview', file, '--profile', 'prod', '--surface', 'apps', '--json']);
    assert.equal(preview.code, ExitCode.ok, preview.err);
    assert.match(preview.out, /db\.prod\.internal/, 'the preview has the profile\'s host');
    const runs = await cli(prod, ['runs', file, '--json'], on(prod, 'prod'));
    assert.equal(runs.code, ExitCode.ok, runs.err);
    assert.equal((JSON.parse(runs.out) as { workflow: string }).workflow, name);
    const rerunDev = await cli(prod, ['rerun', file, '--profile', 'dev']);
    assert.equal(rerunDev.code, ExitCode.invalid, 'dev recorded nothing in this file');
    assert.match(rerunDev.err, /records no workflow for the profile "dev"/);
  });
});
