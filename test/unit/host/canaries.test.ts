import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { canaryNeedles, findCanaries, makeCanaries, type Canaries } from '../../host/canaries';
import { snappyDecompress } from '../../host/snappy';

/**
 * Canaries whose every base64 alignment contains a `+` (the run of `~`), so the standard and
 * url-safe forms differ and a planted form can be told from the others.
 */
function plantableCanaries(): Canaries {
  const base = makeCanaries();
  return { token: `${base.token}~~~~~~`, password: `${base.password}~~~~~~`, awsSecretKey: `${base.awsSecretKey}~~~~~~`, externalId: `${base.externalId}~~~~~~` };
}

function varint(n: number): Buffer {
  const out: number[] = [];
  while (n >= 0x80) {
    out.push((n & 0x7f) | 0x80);
    n = Math.floor(n / 128);
  }
  out.push(n);
  return Buffer.from(out);
}

type SnappyElement = { literal: Buffer } | { copy: { offset: number; length: number } };

/** A hand-made Snappy stream: literals and 1-byte-offset copies. */
function snappy(elements: SnappyElement[]): Buffer {
  const parts: Buffer[] = [];
  let length = 0;
  for (const e of elements) {
    if ('literal' in e) {
      const n = e.literal.length;
      parts.push(n <= 60 ? Buffer.from([(n - 1) << 2]) : Buffer.from([60 << 2, n - 1]), e.literal);
      length += n;
    } else {
      const { offset, length: n } = e.copy;
      parts.push(Buffer.from([((n - 4) << 2) | 1 | ((offset >> 8) << 5), offset & 0xff]));
      length += n;
    }
  }
  return Buffer.concat([varint(length), ...parts]);
}

/** A LevelDB block of one entry (key, value), as stored before compression. */
function block(key: string, value: Buffer): Buffer {
  return Buffer.concat([varint(0), varint(key.length), varint(value.length), Buffer.from(key), value, Buffer.from([0, 0, 0, 0, 1, 0, 0, 0])]);
}

const trailer = (type: number): Buffer => Buffer.from([type, 0, 0, 0, 0]);

/** A LevelDB table with one Snappy-compressed data block, stored as `compressed`. */
function levelDbTable(compressed: Buffer): Buffer {
  const data = Buffer.concat([compressed, trailer(1)]);
  const index = block('l', Buffer.concat([varint(0), varint(compressed.length)]));
  const indexAt = data.length;
  const metaindex = Buffer.from([0, 0, 0, 0, 1, 0, 0, 0]);
  const metaAt = indexAt + index.length + 5;
  const handles = Buffer.concat([varint(metaAt), varint(metaindex.length), varint(indexAt), varint(index.length)]);
  const footer = Buffer.concat([handles, Buffer.alloc(40 - handles.length), Buffer.from([0x57, 0xfb, 0x80, 0x8b, 0x24, 0x75, 0x47, 0xdb])]);
  return Buffer.concat([data, index, trailer(0), metaindex, trailer(0), footer]);
}

/** A LevelDB log whose one record crosses the 32 KB block boundary right inside `secret`. */
function levelDbLog(secret: Buffer): Buffer {
  const firstPayload = 32_768 - 7;
  const half = Math.floor(secret.length / 2);
  const first = Buffer.concat([Buffer.alloc(firstPayload - half, 'a'), secret.subarray(0, half)]);
  const last = Buffer.concat([secret.subarray(half), Buffer.from('tail')]);
  const header = (length: number, type: number): Buffer => {
    const h = Buffer.alloc(7);
    h.writeUInt16LE(length, 4);
    h[6] = type;
    return h;
  };
  return Buffer.concat([header(first.length, 2), first, header(last.length, 4), last]);
}

describe('canary scan', () => {
  let root: string;
  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'canary-'));
  });
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  const write = (name: string, content: string | Buffer): void => {
    fs.mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
    fs.writeFileSync(path.join(root, name), content);
  };
  const found = (canaries: Canaries): string[] =>
    findCanaries(canaries, [root])
      .findings.map((f) => `${f.canary} ${f.form} x${f.count} ${path.relative(root, f.file)} (${f.where})`)
      .sort();

  it('makes distinct random canaries each run, with characters that URL and form encoding change', () => {
    const a = makeCanaries();
    const b = makeCanaries();
    assert.equal(new Set(Object.values(a)).size, 4);
    for (const key of Object.keys(a) as (keyof Canaries)[]) {
      assert.notEqual(a[key], b[key]);
      assert.notEqual(encodeURIComponent(a[key]), a[key], `${key} looks the same URL-encoded`);
    }
  });

  it('finds each planted canary, in text and in binary files, and nothing in clean files', () => {
    const canaries = makeCanaries();
    write('logs/Atlan.log', `GET /whoami token=${canaries.token} and again ${canaries.token}\n`);
    write('state.vscdb', Buffer.concat([Buffer.from([0, 1, 2]), Buffer.from(canaries.externalId), Buffer.from([255])]));
    write('clean.json', '{"ok": true}');
    const scan = findCanaries(canaries, [root]);
    assert.equal(scan.filesScanned, 3);
    assert.deepEqual(found(canaries), ['externalId UTF-8 x1 state.vscdb (file bytes)', 'token UTF-8 x2 logs/Atlan.log (file bytes)']);
  });

  it('finds a UTF-16LE canary and names the form', () => {
    const canaries = plantableCanaries();
    write('Local Storage/leveldb/000005.ldb-like', Buffer.concat([Buffer.from([9, 9]), Buffer.from(`{"v":"${canaries.password}"}`, 'utf16le')]));
    assert.deepEqual(found(canaries), ['password UTF-16LE x1 Local Storage/leveldb/000005.ldb-like (file bytes)']);
  });

  it('finds a base64 canary at each of the three alignments, standard and url-safe, and names which', () => {
    const canaries = plantableCanaries();
    for (const offset of [0, 1, 2]) {
      const encoded = Buffer.concat([Buffer.alloc(offset, 'x'), Buffer.from(canaries.awsSecretKey), Buffer.from('-and-more')]).toString('base64');
      write(`b64-${offset}.txt`, `prefix ${encoded} suffix`);
      write(`b64url-${offset}.txt`, `prefix ${encoded.replace(/\+/g, '-').replace(/\//g, '_')} suffix`);
    }
    assert.deepEqual(found(canaries), [
      'awsSecretKey base64 (offset 0) x1 b64-0.txt (file bytes)',
      'awsSecretKey base64 (offset 1) x1 b64-1.txt (file bytes)',
      'awsSecretKey base64 (offset 2) x1 b64-2.txt (file bytes)',
      'awsSecretKey base64url (offset 0) x1 b64url-0.txt (file bytes)',
      'awsSecretKey base64url (offset 1) x1 b64url-1.txt (file bytes)',
      'awsSecretKey base64url (offset 2) x1 b64url-2.txt (file bytes)',
    ]);
  });

  it('finds URL-encoded, form-encoded and JSON-escaped canaries', () => {
    const canaries = plantableCanaries();
    write('url.txt', `https://tenant/?t=${encodeURIComponent(canaries.token)}&x=1`);
    write('form.txt', new URLSearchParams({ password: canaries.password }).toString());
    write('escaped.json', `{"key":"${canaries.awsSecretKey.replace(/\//g, '\\/')}"}`);
    assert.deepEqual(found(canaries), [
      'awsSecretKey JSON-escaped x1 escaped.json (file bytes)',
      'password form-encoded x1 form.txt (file bytes)',
      'token URL-encoded x1 url.txt (file bytes)',
    ]);
  });

  it('decompresses Snappy blocks of LevelDB tables: a canary the compression split on disk is found', () => {
    const canaries = plantableCanaries();
    const secret = Buffer.from(canaries.token);
    const contents = block('key', Buffer.concat([Buffer.from('abcdabcd'), secret]));
    const at = contents.indexOf(secret);
    // "abcd", a copy of it, then the rest as two literals cut inside the canary: the file never holds it whole.
    const compressed = snappy([
      { literal: contents.subarray(0, at - 8) },
      { literal: Buffer.from('abcd') },
      { copy: { offset: 4, length: 4 } },
      { literal: contents.subarray(at, at + 10) },
      { literal: contents.subarray(at + 10) },
    ]);
    assert.ok(snappyDecompress(compressed).equals(contents), 'the hand-made stream decompresses to the block');
    const table = levelDbTable(compressed);
    assert.equal(table.indexOf(secret), -1, 'the canary must not appear whole in the file itself');
    write('IndexedDB/https_127.0.0.1_0.indexeddb.leveldb/000007.ldb', table);
    const scan = findCanaries(canaries, [root]);
    assert.equal(scan.compressedBlocks, 1);
    assert.deepEqual(scan.unreadable, []);
    assert.deepEqual(found(canaries), ['token UTF-8 x1 IndexedDB/https_127.0.0.1_0.indexeddb.leveldb/000007.ldb (LevelDB block at 0 (Snappy))']);
  });

  it('joins LevelDB log records: a canary cut by a 32 KB block boundary is found', () => {
    const canaries = plantableCanaries();
    const log = levelDbLog(Buffer.from(canaries.externalId));
    assert.equal(log.indexOf(Buffer.from(canaries.externalId)), -1, 'the canary must not appear whole in the file itself');
    write('leveldb/000003.log', log);
    write('leveldb/CURRENT', 'MANIFEST-000001\n');
    assert.deepEqual(found(canaries), ['externalId UTF-8 x1 leveldb/000003.log (LevelDB log records, joined)']);
  });

  it('reports a LevelDB block it cannot decompress instead of passing over it', () => {
    const canaries = plantableCanaries();
    const table = levelDbTable(Buffer.from('not snappy at all'));
    table[Buffer.from('not snappy at all').length] = 2;
    write('db/000009.ldb', table);
    const scan = findCanaries(canaries, [root]);
    assert.deepEqual(scan.unreadable.map((u) => [path.relative(root, u.file), u.what]), [['db/000009.ldb', 'block at 0 with compression type 2']]);
  });

  it('searches every form of every canary once', () => {
    const needles = canaryNeedles(plantableCanaries());
    const forms = needles.filter((n) => n.canary === 'token').map((n) => n.form);
    assert.deepEqual(forms, [
      'UTF-8',
      'UTF-16LE',
      'JSON-escaped',
      'URL-encoded',
      'form-encoded',
      'base64 (offset 0)',
      'base64url (offset 0)',
      'base64 (offset 1)',
      'base64url (offset 1)',
      'base64 (offset 2)',
      'base64url (offset 2)',
    ]);
  });
});
