import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { closedAncestor, rootPermissionHint } from '../../../sandbox/postgres/closedAncestor';

describe('closedAncestor: the folder that keeps Postgres (run as root) out', () => {
  let top: string;
  beforeEach(() => {
    top = mkdtempSync(join(tmpdir(), 'closed-ancestor-'));
    chmodSync(top, 0o755);
  });
  afterEach(() => {
    chmodSync(top, 0o755);
    rmSync(top, { recursive: true, force: true });
  });

  it('names a 700 folder above the path, even when the path itself does not exist yet', () => {
    const clone = join(top, 'clone');
    mkdirSync(join(clone, 'node_modules'), { recursive: true });
    chmodSync(clone, 0o700);
    assert.deepEqual(closedAncestor(join(clone, 'node_modules', 'pg-data-not-yet')), { dir: clone, mode: '700' });
    const hint = rootPermissionHint([join(clone, 'node_modules')]);
    assert.match(hint, new RegExp(`cannot enter ${clone.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')} \\(mode 700\\)`));
    assert.match(hint, /chmod o\+x/);
  });

  it('finds nothing where every folder up to the root lets others through, and then gives the general advice', () => {
    const open = join(top, 'a', 'b');
    mkdirSync(open, { recursive: true });
    const closed = closedAncestor(open);
    // The machine's own folders above tmpdir() may be closed; ours are not.
    assert.ok(!closed || !closed.dir.startsWith(top), `an open folder reported closed: ${JSON.stringify(closed)}`);
    if (!closed) assert.match(rootPermissionHint([open]), /pick one under \/tmp/);
  });
});
