/**
 * Decompression of a raw Snappy stream (the block compression of LevelDB, which Chromium uses
 * for IndexedDB and Local Storage), so the canary scan can read blocks whose bytes on disk are
 * not the bytes stored. Format: a varint of the uncompressed length, then literals and copies
 * (back-references); see the format description in google/snappy, format_description.txt.
 */
export class SnappyError extends Error {}

function readVarint32(data: Buffer, at: number): { value: number; next: number } {
  let value = 0;
  for (let shift = 0, i = at; i < data.length && shift <= 28; shift += 7, i++) {
    const byte = data[i];
    value += (byte & 0x7f) * 2 ** shift;
    if ((byte & 0x80) === 0) return { value, next: i + 1 };
  }
  throw new SnappyError('bad length preamble');
}

export function snappyDecompress(data: Buffer): Buffer {
  const { value: length, next } = readVarint32(data, 0);
  // A corrupt preamble must not allocate gigabytes: a copy yields at most 64 bytes from 2 to 5, so no stream expands 32x.
  if (length > Math.max(1024, data.length * 32)) throw new SnappyError(`implausible uncompressed length ${length}`);
  const out = Buffer.alloc(length);
  let written = 0;
  let at = next;
  while (at < data.length) {
    const tag = data[at++];
    const kind = tag & 3;
    if (kind === 0) {
      let len = tag >> 2;
      if (len >= 60) {
        const bytes = len - 59;
        if (at + bytes > data.length) throw new SnappyError('truncated literal length');
        len = data.readUIntLE(at, bytes);
        at += bytes;
      }
      len += 1;
      if (at + len > data.length || written + len > length) throw new SnappyError('literal runs past the end');
      data.copy(out, written, at, at + len);
      at += len;
      written += len;
      continue;
    }
    let len: number;
    let offset: number;
    if (kind === 1) {
      if (at + 1 > data.length) throw new SnappyError('truncated copy');
      len = ((tag >> 2) & 7) + 4;
      offset = ((tag >> 5) << 8) | data[at];
      at += 1;
    } else {
      const bytes = kind === 2 ? 2 : 4;
      if (at + bytes > data.length) throw new SnappyError('truncated copy');
      len = (tag >> 2) + 1;
      offset = data.readUIntLE(at, bytes);
      at += bytes;
    }
    if (offset === 0 || offset > written || written + len > length) throw new SnappyError('copy out of range');
    // Byte by byte: a copy may overlap what it writes (a run of a repeated pattern).
    for (let i = 0; i < len; i++) out[written + i] = out[written - offset + i];
    written += len;
  }
  if (written !== length) throw new SnappyError(`decompressed ${written} bytes, the preamble says ${length}`);
  return out;
}
