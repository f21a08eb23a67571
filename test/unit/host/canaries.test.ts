import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { findCanaries, makeCanaries } from '../../host/canaries';

describe('canary scan', () => {
  it('finds each planted canary, in text and in binary files, and nothing in clean files', () => {
    const canaries = makeCanaries();
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'canary-'));
    try {
      fs.mkdirSync(path.join(root, 'logs'));
      fs.writeFileSync(path.join(root, 'logs', 'Atlan.log'), `GET /whoami token=${canaries.token} and again ${canaries.token}\n`);
      fs.writeFileSync(path.join(root, 'state.vscdb'), Buffer.concat([Buffer.from([0, 1, 2]), Buffer.from(canaries.externalId), Buffer.from([255])]));
      fs.writeFileSync(path.join(root, 'clean.json'), '{"ok": true}');
      const { findings, filesScanned } = findCanaries(canaries, [root]);
      assert.equal(filesScanned, 3);
      assert.deepEqual(
        findings.map((f) => [f.canary, path.basename(f.file), f.count]).sort(),
        [['externalId', 'state.vscdb', 1], ['token', 'Atlan.log', 2]],
      );
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });
});
