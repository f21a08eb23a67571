/** The contract corpus itself: complete, sourced, each fixture a documented shape, each one used. */
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import * as z from 'zod';
import { SHAPES } from '../../fixtures/atlan-contract/shapes';
import { allChecks, CORPUS_DIR, fixtureFilesOnDisk, loadCorpus } from './corpus';
import { SCENARIOS } from './sandboxScenarios';

const ERROR_SHAPES: ReadonlySet<string> = new Set(['errorBody', 'appConflictBody']);

describe('contract corpus: the corpus', () => {
  const corpus = loadCorpus();

  it('lists every fixture file in the manifest, and only files that exist', () => {
    assert.deepEqual([...corpus.fixtures.keys()].sort(), fixtureFilesOnDisk());
  });

  it('has each fixture satisfy its documented shape, with an error status exactly for error shapes', () => {
    for (const fx of corpus.fixtures.values()) {
      const parsed = SHAPES[fx.entry.shape].safeParse(fx.file.body);
      assert.ok(parsed.success, `${fx.path} is not a ${fx.entry.shape}: ${parsed.success ? '' : z.prettifyError(parsed.error)}`);
      assert.equal(fx.file.status >= 400, ERROR_SHAPES.has(fx.entry.shape), `${fx.path}: status ${fx.file.status} for shape ${fx.entry.shape}`);
    }
  });

  it('refers only to fixtures and sandbox scenarios that exist, and uses every scenario', () => {
    const referenced = [...corpus.baseline, ...allChecks(corpus).flatMap((row) => row.check.with ?? [])];
    for (const p of referenced) assert.ok(corpus.fixtures.has(p), `${p} is referred to but not in the manifest`);
    const used = new Set([...corpus.fixtures.values()].map((fx) => fx.entry.sandbox));
    for (const name of used) assert.ok(SCENARIOS[name], `no sandbox scenario named ${name}`);
    assert.deepEqual(Object.keys(SCENARIOS).filter((name) => !used.has(name)), [], 'scenarios no fixture uses');
  });

  it('exercises every fixture in at least one check of the client', () => {
    const exercised = new Set(allChecks(corpus).flatMap((row) => [row.fixture.path, ...(row.check.with ?? [])]));
    for (const p of corpus.fixtures.keys()) assert.ok(exercised.has(p), `${p} is never served to the client by a check`);
  });

  it('names the issue section each awaiting check waits for', () => {
    for (const row of allChecks(corpus)) assert.equal(row.check.awaits === undefined, row.check.section === undefined, `${row.label}: awaits and section go together`);
  });

  it('describes every fixture in its README, one line each', () => {
    const readme = readFileSync(path.join(CORPUS_DIR, 'README.md'), 'utf8');
    for (const p of corpus.fixtures.keys()) assert.equal(readme.split('\n').filter((line) => line.includes(`\`${p}\``)).length, 1, `README line for ${p}`);
  });
});
