/**
 * The sandbox against the same documented shapes: for every corpus fixture, the sandbox is sent
 * the same request (same method and path template) and its answer must have the fixture's
 * status class and satisfy the fixture's shape. The client passes on the documented answers
 * (clientContract.test.ts) and the sandbox sends documented answers, so neither can drift
 * with the other away from Atlan's shapes.
 */
import * as assert from 'node:assert/strict';
import * as z from 'zod';
import { SHAPES } from '../../fixtures/atlan-contract/shapes';
import { loadCorpus } from './corpus';
import { SandboxWorld, SCENARIOS } from './sandboxScenarios';

/** The item counts of the lists documented answers carry (search hits, App workflows, paged records, schedules). */
function listsOf(body: unknown): Map<string, number> {
  const found = new Map<string, number>();
  const record = (value: unknown): Record<string, unknown> | undefined =>
    value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  const lists: Record<string, unknown> = {
    'hits.hits': record(record(body)?.hits)?.hits,
    workflows: record(body)?.workflows,
    records: record(body)?.records,
    items: record(body)?.items,
    roles: record(body)?.roles,
  };
  for (const [where, value] of Object.entries(lists)) if (Array.isArray(value)) found.set(where, value.length);
  return found;
}

describe('contract corpus: the sandbox sends documented answers', function () {
  this.timeout(20_000);
  const corpus = loadCorpus();
  let world: SandboxWorld;
  before(async () => {
    world = await SandboxWorld.start();
  });
  after(async () => {
    await world.stop();
  });

  for (const fx of corpus.fixtures.values()) {
    const { answers, shape, sandbox: scenarioName } = fx.entry;
    it(`${fx.path}: ${answers.method} ${answers.path} answers as ${shape}`, async () => {
      const scenario = SCENARIOS[scenarioName];
      assert.ok(scenario, `no sandbox scenario named ${scenarioName}`);
      const request = await scenario(world);
      try {
        assert.equal(`${request.method} ${request.path}`, `${answers.method} ${answers.path}`, 'the sandbox is sent the request the fixture answers');
        assert.deepEqual(Object.keys(request.query ?? {}).filter((k) => k in (answers.query ?? {})), Object.keys(answers.query ?? {}), 'the query keys the fixture is selected by');
        const apiPath = request.path.replace(/\{([^}]+)\}/g, (_m, name: string) => encodeURIComponent(request.params?.[name] ?? `{${name}}`));
        const reply = await world.send({ ...request, path: apiPath });
        assert.equal(reply.status, fx.file.status, `status (body: ${reply.text.slice(0, 400)})`);
        const parsed = SHAPES[shape].safeParse(reply.text === '' ? undefined : reply.json);
        assert.ok(parsed.success, `the sandbox's answer is not a documented ${shape}: ${parsed.success ? '' : z.prettifyError(parsed.error)}\n${reply.text.slice(0, 600)}`);
        // An empty list satisfies any list shape: where the fixture shows items, the sandbox must show some too.
        for (const [where, items] of listsOf(fx.file.body)) {
          if (items > 0) assert.ok((listsOf(reply.json).get(where) ?? 0) > 0, `the sandbox's answer has no ${where} to check (body: ${reply.text.slice(0, 300)})`);
        }
      } finally {
        await request.after?.();
      }
    });
  }
});
