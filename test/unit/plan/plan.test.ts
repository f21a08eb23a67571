/** The plan as a pure function: examples of every action and conflict, and its properties against a model tenant. */
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { Surface } from '../../../src/core/atlan/backend';
import { CrawlerConfigSchema, type CrawlerConfigInput } from '../../../src/core/config/model';
import { countActions, definitionsToRead, planFiles, tenantFailures, type PlanInputFile } from '../../../src/core/plan/plan';
import { applyOn, createOn, folderFor, GONE, modelTenant, planOn, ROLE_NAMES, type ModelTenant } from './planModel';

const SEED = 20261205;

function config(connectionName: string, extra: Partial<CrawlerConfigInput> = {}) {
  return CrawlerConfigSchema.parse({
    connectionName,
    admins: { roles: ['$admin'] },
    extraction: { method: 'direct', host: 'db.internal', database: 'analytics', auth: { type: 'basic', username: 'crawler', password: { secret: 'pg' } } },
    ...extra,
  });
}

function emptyTenant(surface: Surface = 'workflows'): ModelTenant {
  return { surface, crawlers: [], definitions: new Map(), sources: new Map(), nextEpoch: 1_700_000_000 };
}

describe('plan: examples', () => {
  it('create, unchanged, update (with the fields), adopt, and the unmanaged crawler', () => {
    const tenant = emptyTenant();
    const same = createOn(tenant, config('same'));
    const drifted = createOn(tenant, config('drifted', { rowLimit: 10 }));
    const uiMade = createOn(tenant, config('ui-made', { admins: { users: ['demo.user'] } }));
    const other = createOn(tenant, config('nobody'));
    const files: PlanInputFile[] = [
      { file: 'new.json', config: config('new') },
      { file: 'same.json', config: config('same', { workflow: same }) },
      { file: 'drifted.json', config: config('drifted', { workflow: drifted, rowLimit: 20 }) },
      { file: 'adopt.json', config: config('ui-made') },
    ];
    const { plan, reads } = planOn(tenant, files);
    assert.deepEqual(
      plan.files.map((f) => [f.file, f.action, f.workflow]),
      [
        ['new.json', 'create', undefined],
        ['same.json', 'unchanged', same],
        ['drifted.json', 'update', drifted],
        ['adopt.json', 'adopt', uiMade],
      ],
    );
    assert.deepEqual(plan.files[2].fields, [{ path: 'rowLimit', file: 20, tenant: 10 }]);
    assert.deepEqual(plan.files[3].fields.map((f) => f.path).sort(), ['admins.roles', 'admins.users']);
    assert.deepEqual(plan.unmanaged.map((w) => w.name), [other]);
    assert.deepEqual(reads.sort(), [same, drifted, uiMade].sort(), 'one definition read per file that records or adopts a workflow, none for creates');
    assert.deepEqual(countActions(plan), { create: 1, update: 1, unchanged: 1, adopt: 1, conflict: 0 });
  });

  it('every conflict, with a reason that names what is wrong', () => {
    const tenant = emptyTenant('apps');
    const twice1 = createOn(tenant, config('twice'));
    createOn(tenant, config('twice'));
    const claimed = createOn(tenant, config('claimed'));
    const files: PlanInputFile[] = [
      { file: 'a.json', config: config('shared') },
      { file: 'b.json', config: config('shared') },
      { file: 'gone.json', config: config('gone', { workflow: GONE }) },
      { file: 'bad.json', invalid: 'bad.json:3:5: error invalid-json: expected a comma' },
      { file: 'nosecret.json', config: config('fresh'), missingSecrets: ['pg'] },
      { file: 'ambiguous.json', config: config('twice') },
      { file: 'owner.json', config: config('renamed', { workflow: claimed }) },
      { file: 'second.json', config: config('claimed') },
    ];
    const { plan } = planOn(tenant, files);
    const conflicts = plan.files.map((f) => [f.file, f.action, f.conflict]);
    assert.deepEqual(conflicts, [
      ['a.json', 'conflict', 'sharedConnection'],
      ['b.json', 'conflict', 'sharedConnection'],
      ['gone.json', 'conflict', 'workflowGone'],
      ['bad.json', 'conflict', 'invalidFile'],
      ['nosecret.json', 'conflict', 'missingSecret'],
      ['ambiguous.json', 'conflict', 'ambiguousConnection'],
      ['owner.json', 'update', undefined],
      ['second.json', 'conflict', 'sharedConnection'],
    ]);
    assert.match(plan.files[0].reason ?? '', /b\.json also names connection "shared"/);
    assert.match(plan.files[2].reason ?? '', new RegExp(`no workflow ${GONE}`));
    assert.match(plan.files[3].reason ?? '', /expected a comma/);
    assert.match(plan.files[4].reason ?? '', /secret "pg", which is not set/);
    assert.match(plan.files[5].reason ?? '', new RegExp(`2 crawlers of connection "twice" \\(.*${twice1}`));
    assert.match(plan.files[7].reason ?? '', new RegExp(`crawled by ${claimed}, which owner\\.json records`));
    assert.deepEqual(plan.unmanaged, [], 'every crawler is claimed by a workflow or a connection name');
  });

  it('an unreadable definition is a conflict of that file only', () => {
    const tenant = emptyTenant();
    const one = createOn(tenant, config('one'));
    const two = createOn(tenant, config('two'));
    const files: PlanInputFile[] = [
      { file: 'one.json', config: config('one', { workflow: one }) },
      { file: 'two.json', config: config('two', { workflow: two }) },
    ];
    assert.deepEqual(definitionsToRead(files, tenant.crawlers).sort(), [one, two].sort());
    const plan = planFiles(files, tenant.crawlers, {
      roleNamesById: ROLE_NAMES,
      byWorkflow: new Map([
        [one, { error: 'server error (500)' }],
        [two, tenant.definitions.get(two) as never],
      ]),
    });
    assert.deepEqual(plan.files.map((f) => [f.action, f.conflict]), [['conflict', 'unreadableWorkflow'], ['unchanged', undefined]]);
    assert.match(plan.files[0].reason ?? '', /could not read atlan-postgres-\d+: server error \(500\)/);
  });

  it('a definition the tenant failed to read (a 5xx) is a tenant failure of that file only, never a conflict of the file', () => {
    const tenant = emptyTenant();
    const one = createOn(tenant, config('one'));
    const two = createOn(tenant, config('two'));
    const files: PlanInputFile[] = [
      { file: 'one.json', config: config('one', { workflow: one }) },
      { file: 'two.json', config: config('two', { workflow: two }) },
    ];
    const plan = planFiles(files, tenant.crawlers, {
      roleNamesById: ROLE_NAMES,
      byWorkflow: new Map([
        [one, { error: 'Atlan answered 503', server: true }],
        [two, tenant.definitions.get(two) as never],
      ]),
    });
    assert.deepEqual(plan.files.map((f) => [f.action, f.conflict]), [['conflict', 'tenantFailure'], ['unchanged', undefined]]);
    assert.deepEqual(tenantFailures(plan).map((f) => f.file), ['one.json']);
    assert.match(plan.files[0].reason ?? '', /the tenant failed reading atlan-postgres-\d+: Atlan answered 503; plan again/);
  });
});

describe('plan: properties (model tenant)', () => {
  for (const surface of ['workflows', 'apps'] as const) {
    const scenario = modelTenant(surface).chain((tenant) => fc.tuple(fc.constant(tenant), folderFor(tenant)));

    it(`never proposes two creates, or a create and an adopt, for one connection (${surface})`, () => {
      fc.assert(
        fc.property(scenario, ([tenant, files]) => {
          const { plan } = planOn(tenant, files);
          const claims = plan.files.filter((f) => f.action === 'create' || f.action === 'adopt').map((f) => f.connectionName);
          assert.equal(new Set(claims).size, claims.length, JSON.stringify(plan.files));
          for (const f of plan.files.filter((p) => p.action === 'create')) {
            assert.ok(!tenant.crawlers.some((w) => w.connectionName === f.connectionName), `${f.file} creates a connection the tenant already crawls`);
          }
          assert.equal(plan.files.length, files.length, 'one entry per file');
        }),
        { numRuns: 400, seed: SEED },
      );
    });

    it(`apply then plan: every file that was not in conflict is unchanged, and nothing is created twice (${surface})`, () => {
      const seen = new Set<string>();
      fc.assert(
        fc.property(scenario, ([tenant, files]) => {
          const first = planOn(tenant, files).plan;
          for (const f of first.files) seen.add(f.conflict ?? f.action);
          const before = tenant.crawlers.length;
          const applied = applyOn(tenant, files, first);
          assert.equal(tenant.crawlers.length, before + countActions(first).create);
          const second = planOn(tenant, applied).plan;
          first.files.forEach((entry, i) => {
            if (entry.action === 'conflict') return;
            assert.equal(second.files[i].action, 'unchanged', `${entry.file} was ${entry.action}, then ${second.files[i].action}: ${JSON.stringify(second.files[i])}`);
          });
          // Apply touches no crawler that no file claims.
          assert.deepEqual(second.unmanaged.map((w) => w.name), first.unmanaged.map((w) => w.name));
        }),
        { numRuns: 400, seed: SEED },
      );
      // The generators must reach every branch, or the property says little.
      const every = ['create', 'update', 'unchanged', 'adopt', 'sharedConnection', 'sharedWorkflow', 'workflowGone', 'invalidFile', 'missingSecret', 'ambiguousConnection'];
      assert.deepEqual(every.filter((a) => !seen.has(a)), [], 'plans the generated folders never produced');
    });
  }
});
