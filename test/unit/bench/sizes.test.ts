import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { formatSizesReport, newestMtime, runSizesBench } from '../../../bench/sizes';

describe('bench/sizes', function () {
  this.timeout(30_000);
  let root: string;

  beforeEach(() => {
    root = mkdtempSync(path.join(tmpdir(), 'bench-sizes-'));
    mkdirSync(path.join(root, 'dist'));
    mkdirSync(path.join(root, 'src'));
    writeFileSync(path.join(root, 'src', 'a.ts'), 'old source');
    const old = new Date(Date.now() - 60_000);
    utimesSync(path.join(root, 'src', 'a.ts'), old, old);
  });

  afterEach(() => {
    rmSync(root, { recursive: true, force: true });
  });

  function writeDist(name: string, bytes: number): void {
    writeFileSync(path.join(root, 'dist', name), 'x'.repeat(bytes));
  }

  it('measures fresh artefacts as they are and reads them against the targets', () => {
    writeDist('extension.js', 450_000);
    writeDist('cli.js', 1_234);
    writeDist('llhttp.wasm', 10);
    writeDist('llhttp_simd.wasm', 20);
    for (const lazy of ['tenantTools.js', 'configTools.js', 'postgresChecks.js', 'shared.js']) writeDist(lazy, 50_000);
    writeDist('atlan-postgres-workflows.vsix', 999_999);
    const report = runSizesBench(root);
    const byName = new Map(report.artefacts.map((a) => [a.name, a]));
    assert.equal(byName.get('extension bundle')?.bytes, 450_000);
    assert.equal(byName.get('extension bundle')?.origin, 'existing');
    assert.ok((byName.get('extension bundle')?.gzipBytes ?? 0) < 10_000, 'a run of one letter compresses well');
    assert.equal(byName.get('llhttp wasm, SIMD and plain (one read on first connection)')?.bytes, 30);
    // The host loads one wasm of the two: the larger counts against the target, both for context.
    assert.equal(byName.get('all extension-host JS + the llhttp wasm loaded')?.bytes, 450_000 + 4 * 50_000 + 20);
    assert.equal(byName.get('all extension-host JS + both llhttp wasm')?.bytes, 450_000 + 4 * 50_000 + 30);
    assert.equal(byName.get('.vsix')?.bytes, 999_999);
    const text = formatSizesReport(report);
    assert.match(text, /extension bundle .*< 400 KB \| NOT met/);
    assert.match(text, /all extension-host JS \+ the llhttp wasm loaded .*< 700 KB +\| met/);
    assert.match(text, /\.vsix .*< 1 MB +\| met/);
  });

  it('reads all extension-host code against 700 KB, and reports it missing when a bundle is', () => {
    writeDist('extension.js', 100_000);
    writeDist('cli.js', 1);
    writeDist('llhttp.wasm', 54_000);
    writeDist('llhttp_simd.wasm', 54_200);
    for (const lazy of ['tenantTools.js', 'configTools.js', 'postgresChecks.js', 'shared.js']) writeDist(lazy, 130_000);
    const host = (): string => formatSizesReport(runSizesBench(root)).split('\n').find((l) => l.includes('the llhttp wasm loaded')) ?? '';
    assert.match(host(), /674,200 B .*< 700 KB +\| met/);
    writeDist('shared.js', 160_000);
    assert.match(host(), /704,200 B .*< 700 KB +\| NOT met/);
    rmSync(path.join(root, 'dist', 'configTools.js'));
    assert.match(host(), /missing/);
  });

  it('reports an artefact it cannot build as missing, with the reason', () => {
    writeDist('extension.js', 100);
    writeDist('cli.js', 100);
    writeDist('llhttp.wasm', 1);
    writeDist('llhttp_simd.wasm', 1);
    // No .vsix and no package.json: `npm run package` fails here.
    const report = runSizesBench(root);
    const vsix = report.artefacts.find((a) => a.name === '.vsix');
    assert.equal(vsix?.bytes, undefined);
    assert.ok(vsix && typeof vsix.origin === 'object', 'origin says why it is missing');
    assert.match(vsix.origin.missing, /npm run package/);
    assert.match(formatSizesReport(report), /\.vsix .*missing/);
  });

  it('newestMtime looks through directories and ignores paths that do not exist', () => {
    const now = new Date();
    writeFileSync(path.join(root, 'src', 'b.ts'), 'new');
    utimesSync(path.join(root, 'src', 'b.ts'), now, now);
    assert.equal(Math.round(newestMtime(root, ['src', 'nope'])), Math.round(now.getTime()));
    assert.equal(newestMtime(root, ['nope']), 0);
  });
});
