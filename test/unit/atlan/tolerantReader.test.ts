/**
 * Issue 14 §2-3: one odd item never empties a list, and what the App API does not send never
 * breaks a read. Each odd item kind, in the reader (itemReader.ts) and through the real client.
 */
import * as assert from 'node:assert/strict';
import * as z from 'zod';
import { AtlanClient } from '../../../src/core/atlan/atlanClient';
import type { AppBackend } from '../../../src/core/atlan/appBackend';
import type { LegacyBackend } from '../../../src/core/atlan/legacyBackend';
import { describeUnread, readItems } from '../../../src/core/atlan/itemReader';
import { isAtlanError } from '../../../src/core/atlan/errors';
import { phaseText } from '../../../src/cli/runFormat';
import { FakeClock, runHit, searchAnswer, ScriptedServer, templateHit } from './helpers';

const SECRET = 'pw-do-not-show-3e9a';

const appItem = (slug: string | null, name: string, extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  slug,
  name,
  app_id: 'postgres-crawler',
  version: 1,
  ...extra,
});

const dagInputs = (name: string, qualifiedName: string): Record<string, unknown> => ({
  extract: {
    entrypoint: 'crawler',
    inputs: {
      app_id: 'postgres-crawler',
      connection: { typeName: 'Connection', attributes: { name, qualifiedName } },
      extraction_method: 'direct',
      credential_guid: 'cred-guid-1',
      include_filter: '{}',
    },
  },
});

describe('atlan/tolerant reader', () => {
  describe('readItems', () => {
    const schema = z.looseObject({ slug: z.string(), name: z.string().nullish() });

    it('keeps the items that parse, in order, and gives one reason per other item naming it and the field', () => {
      const read = readItems([{ slug: 'a' }, { slug: null, name: 'orders' }, 'text', { slug: 'b' }], schema, 'App workflow');
      assert.deepEqual(
        read.items.map((i) => i.slug),
        ['a', 'b'],
      );
      assert.equal(read.unread.length, 2);
      assert.match(read.unread[0], /^App workflow 2 \(orders\): slug: expected string, received null$/);
      assert.match(read.unread[1], /^App workflow 3: /);
    });

    it('never puts an item value in a reason', () => {
      const read = readItems([{ slug: 42, name: 'x', password: SECRET }, { slug: 7, name: SECRET.repeat(20) }], schema, 'item');
      assert.equal(read.unread.length, 2);
      for (const reason of read.unread) assert.ok(!reason.includes(SECRET), reason);
    });

    it('describes many reasons with a count, a few of them and how many more', () => {
      const text = describeUnread(['r1', 'r2', 'r3', 'r4', 'r5']);
      assert.equal(text, '5 items could not be read: r1; r2; r3; and 2 more');
      assert.equal(describeUnread(['only']), '1 item could not be read: only');
    });
  });

  describe('through the client', () => {
    let server: ScriptedServer;
    let client: AtlanClient;
    let notes: string[];
    before(async () => {
      server = await ScriptedServer.start();
    });
    beforeEach(() => {
      server.reset();
      notes = [];
      client = new AtlanClient({ baseUrl: server.url, token: 'tok-tolerant', clock: new FakeClock(Date.parse('2026-03-05T12:00:00Z')), indexLagMs: 0, createLookupAttempts: 1 });
    });
    afterEach(async () => {
      await client.close();
    });
    after(async () => {
      await server.stop();
    });

    const apps = (): AppBackend => {
      const backend = client.backend('apps') as AppBackend;
      backend.onNote = (note) => notes.push(note);
      return backend;
    };
    const legacy = (): LegacyBackend => {
      const backend = client.backend('workflows') as LegacyBackend;
      backend.onNote = (note) => notes.push(note);
      return backend;
    };

    describe('App list', () => {
      it('a slug: null item is left out with its reason; the rest of the list is shown and the log says why', async () => {
        server.route('GET', 'v1/app', {
          body: { workflows: [appItem('orders-1a2b', 'orders'), appItem(null, 'broken'), 'not an item', appItem('sales-3c4d', 'sales')], has_more: false },
        });
        const page = await apps().listWorkflows({ size: 50 });
        assert.deepEqual(
          page.items.map((w) => w.name),
          ['orders-1a2b', 'sales-3c4d'],
        );
        assert.equal(page.unread?.length, 2);
        assert.match(page.unread?.[0] ?? '', /\(broken\): slug/);
        assert.equal(notes.length, 1);
        assert.match(notes[0], /2 items could not be read/);
      });

      it('a schedule that cannot be read is left out (logged); the workflow and its other schedule are shown', async () => {
        const schedules = [{ trigger_id: 't-1', cron: 5 }, { trigger_id: 't-2', cron: '0 9 * * *', timezone: 'Europe/Paris' }];
        server.route('GET', 'v1/app', { body: { workflows: [appItem('orders-1a2b', 'orders', { schedules })] } });
        const page = await apps().listWorkflows({ size: 50 });
        assert.deepEqual(page.items[0]?.schedule, { cron: '0 9 * * *', timezone: 'Europe/Paris', triggerId: 't-2' });
        assert.equal(page.unread, undefined, 'the workflow itself was read');
        assert.equal(notes.length, 1);
        assert.match(notes[0], /schedules of orders-1a2b .* schedule 1 \(t-1\): cron: expected string, received number/);
      });

      it('a list with nothing odd says nothing is missing', async () => {
        server.route('GET', 'v1/app', { body: { workflows: [appItem('orders-1a2b', 'orders')] } });
        const page = await apps().listWorkflows({ size: 50 });
        assert.equal(page.unread, undefined);
        assert.deepEqual(notes, []);
      });

      it('the duplicate guard still finds a workflow of that name next to an odd item', async () => {
        server.route('GET', 'v1/app', { body: { workflows: [appItem(null, 'orders'), appItem('orders-1a2b', 'orders')] } });
        const found = await apps().findByConnectionName('orders');
        assert.deepEqual(
          found.map((w) => w.name),
          ['orders-1a2b'],
        );
        assert.equal(notes.length, 1);
      });
    });

    describe('legacy hits', () => {
      it('a workflow hit without a name is left out with a reason; paging still counts it', async () => {
        const broken = { _id: 'x', _source: { metadata: { namespace: 'default' } } };
        server.route('POST', 'workflows/indexsearch', {
          body: searchAnswer([templateHit('atlan-postgres-1700000001', 'orders'), broken, templateHit('atlan-postgres-1700000002', 'sales')], 5),
        });
        const page = await legacy().listWorkflows({ size: 3 });
        assert.deepEqual(
          page.items.map((w) => w.connectionName),
          ['orders', 'sales'],
        );
        assert.equal(page.unread?.length, 1);
        assert.match(page.unread?.[0] ?? '', /^workflow hit 2 \(x\): _source\.metadata\.name/);
        assert.equal(page.next, '3', 'the next page starts after the three hits the tenant sent');
      });

      it('a connection parameter that is not JSON: the workflow is shown without its connection name (its qualified name told by its UI name), and the log says why', async () => {
        const hit = templateHit('atlan-postgres-default-postgres-1700000003', 'orders') as { _source: { spec: { templates: { dag: { tasks: { arguments: { parameters: { name: string; value: string }[] } }[] } }[] } } };
        const connection = hit._source.spec.templates[0].dag.tasks[0].arguments.parameters.find((p) => p.name === 'connection');
        assert.ok(connection);
        connection.value = 'default/postgres/1700000003';
        server.route('POST', 'workflows/indexsearch', { body: searchAnswer([hit, templateHit('atlan-postgres-1700000004', 'sales')]) });
        const page = await legacy().listWorkflows({ size: 10 });
        assert.deepEqual(
          page.items.map((w) => [w.name, w.connectionName, w.connectionQualifiedName]),
          [
            ['atlan-postgres-default-postgres-1700000003', undefined, 'default/postgres/1700000003'],
            ['atlan-postgres-1700000004', 'sales', 'default/postgres/1700000004'],
          ],
        );
        assert.equal(page.unread, undefined, 'shown, not left out');
        assert.equal(notes.length, 1);
        assert.match(notes[0], /atlan-postgres-default-postgres-1700000003 .* is shown only with the qualified name of its connection \(told by its name, default\/postgres\/1700000003\): its connection parameter is not JSON/);
      });

      it('a template without a dag is listed, its connection read from the workflow arguments', async () => {
        const hit = templateHit('atlan-postgres-1700000005', 'unused') as { _source: { spec: Record<string, unknown> } };
        hit._source.spec = {
          entrypoint: 'main',
          arguments: { parameters: [{ name: 'connection', value: JSON.stringify({ attributes: { name: 'billing', qualifiedName: 'default/postgres/1700000005' } }) }] },
          templates: [{ name: 'main', steps: [[{ name: 'run' }]] }],
        };
        server.route('POST', 'workflows/indexsearch', { body: searchAnswer([hit]) });
        const page = await legacy().listWorkflows({ size: 10 });
        assert.deepEqual(
          page.items.map((w) => [w.name, w.connectionName, w.connectionQualifiedName]),
          [['atlan-postgres-1700000005', 'billing', 'default/postgres/1700000005']],
        );
      });

      it('runs: an unknown phase is kept as it is (not an error), a run without startedAt is listed first, an unreadable hit is left out', async () => {
        const workflow = 'atlan-postgres-1700000001';
        const unreadable = { _id: `${workflow}-zzzzz`, _source: { metadata: null } };
        server.route('POST', 'runs/indexsearch', {
          body: searchAnswer([
            runHit(`${workflow}-aaaaa`, workflow, 'Archived', '2026-03-05T10:00:00Z', { finishedAt: '2026-03-05T10:05:00Z' }),
            unreadable,
            runHit(`${workflow}-bbbbb`, workflow, 'Pending'),
          ]),
        });
        const page = await legacy().listRuns(workflow, { size: 10 });
        assert.deepEqual(
          page.items.map((r) => [r.id, r.phase, r.startedAt]),
          [
            [`${workflow}-bbbbb`, 'Pending', undefined],
            [`${workflow}-aaaaa`, 'Archived', '2026-03-05T10:00:00Z'],
          ],
        );
        assert.equal(page.unread?.length, 1);
        assert.match(page.unread?.[0] ?? '', /run hit 2 \(atlan-postgres-1700000001-zzzzz\)/);
        const archived = page.items[1];
        assert.equal(archived.failedSteps.length, 0);
        assert.ok(phaseText(archived, Date.parse('2026-03-05T12:00:00Z')).startsWith('Archived'), 'the CLI shows the phase as it is');
      });

      it('latest runs: an unreadable hit is reported, the other workflows keep their latest run', async () => {
        server.route('POST', 'runs/indexsearch', {
          body: searchAnswer([runHit('atlan-postgres-1700000001-aaaaa', 'atlan-postgres-1700000001', 'Succeeded', '2026-03-05T10:00:00Z'), { _id: 'odd', _source: 'text' }]),
        });
        const latest = await legacy().latestRuns(['atlan-postgres-1700000001', 'atlan-postgres-1700000002']);
        assert.equal(latest.get('atlan-postgres-1700000001')?.phase, 'Succeeded');
        assert.ok((latest.unread?.length ?? 0) >= 1, 'the unreadable hit is counted');
      });
    });

    describe('App get without inputs', () => {
      const slug = 'orders-1a2b';

      it("uses the list item's DAG, with a caveat that says so", async () => {
        server.route('GET', `v1/app/${slug}`, { body: appItem(slug, 'orders') });
        server.route('GET', 'v1/app', { body: { workflows: [appItem(slug, 'orders', { dag: dagInputs('orders', 'default/postgres/1700000000') })] } });
        const definition = await apps().getDefinition(slug);
        assert.equal(definition.surface, 'apps');
        assert.equal(definition.surface === 'apps' ? (definition.body.inputs.connection as { attributes: { qualifiedName: string } }).attributes.qualifiedName : '', 'default/postgres/1700000000');
        assert.match(definition.caveat ?? '', /does not include its inputs; its definition was read from the workflow list/);
        assert.equal(server.requests.find((r) => r.path === 'v1/app')?.query.get('name'), 'orders');
      });

      it('uses the body this client created it with (never a secret of its inline credential), with a caveat; remembered across sessions', async () => {
        server.route('POST', 'v1/app', { body: { slug, version: 1 } });
        server.route('GET', 'v1/app', (request) => ({ body: { workflows: request.query.get('name') === 'orders' && server.count('POST', 'v1/app') > 0 ? [appItem(slug, 'orders')] : [] } }));
        server.route('GET', `v1/app/${slug}`, { body: appItem(slug, 'orders') });
        const backend = apps();
        let saved: Record<string, unknown> = {};
        backend.onDidChangeSentBodies = (known) => (saved = known);
        const inputs = { ...(dagInputs('orders', 'default/postgres/1700000000').extract as { inputs: Record<string, unknown> }).inputs, credential: { password: SECRET } };
        await backend.create({ surface: 'apps', body: { app_id: 'postgres-crawler', name: 'orders', inputs } });
        assert.ok(!JSON.stringify(saved).includes(SECRET), 'the recorded body has no secret');
        assert.ok(saved[slug], 'the body is recorded under its slug');

        // A later session: a new client that only knows what was saved.
        const laterClient = new AtlanClient({ baseUrl: server.url, token: 'tok-tolerant', clock: new FakeClock(Date.parse('2026-03-06T12:00:00Z')) });
        const later = laterClient.backend('apps') as AppBackend;
        later.rememberSentBodies(saved as Parameters<AppBackend['rememberSentBodies']>[0]);
        const definition = await later.getDefinition(slug).finally(() => laterClient.close());
        assert.match(definition.caveat ?? '', /this is the definition this client sent on 2026-03-05T12:00:00\.000Z/);
        assert.ok(definition.surface === 'apps' && !JSON.stringify(definition.body.inputs).includes(SECRET), 'the definition holds no secret');
      });

      it('with neither: an error that says what is missing and what still works', async () => {
        server.route('GET', `v1/app/${slug}`, { body: appItem(slug, 'orders') });
        server.route('GET', 'v1/app', { body: { workflows: [appItem(slug, 'orders')] } });
        await assert.rejects(apps().getDefinition(slug), (error: unknown) => {
          assert.ok(isAtlanError(error));
          assert.equal(error.kind, 'invalidArgument');
          assert.match(error.message, /does not include its inputs, nor does the workflow list, and this client did not create it/);
          assert.match(error.message, /update the workflow from it/);
          return true;
        });
      });
    });
  });
});
