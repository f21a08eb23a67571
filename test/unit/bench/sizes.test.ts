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
    writeDist('llhttp-wasm.js', 10);
    writeDist('llhttp_simd-wasm.js', 20);
    writeDist('atlan-postgres-workflows.vsix', 999_999);
    const report = runSizesBench(root);
    const byName = new Map(report.artefacts.map((a) => [a.name, a]));
    assert.equal(byName.get('extension bundle')?.bytes, 450_000);
    assert.equal(byName.get('extension bundle')?.origin, 'existing');
    assert.ok((byName.get('extension bundle')?.gzipBytes ?? 0) < 10_000, 'a run of one letter compresses well');
    assert.equal(byName.get('llhttp wasm sidecars (read on first connection)')?.bytes, 30);
    assert.equal(byName.get('.vsix')?.bytes, 999_999);
    const text = formatSizesReport(report);
    assert.match(text, /extension bundle .*< 400 KB \| NOT met/);
    assert.match(text, /\.vsix .*< 1 MB +\| met/);
  });

  it('reports an artefact it cannot build as missing, with the reason', () => {
    writeDist('extension.js', 100);
    writeDist('cli.js', 100);
    writeDist('llhttp-wasm.js', 1);
    writeDist('llhttp_simd-wasm.js', 1);
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
