import { snappyDecompress } from './snappy';

/**
 * What LevelDB files hold, as bytes the canary scan can search. Chromium keeps IndexedDB and
 * Local Storage in LevelDB, where a stored value is not always its bytes on disk:
 * - a table file (.ldb/.sst) stores blocks that may be Snappy-compressed: every block is read
 *   through the table's index and decompressed;
 * - a log file (.log, and MANIFEST) cuts records into 32 KB blocks with a 7-byte header at each
 *   boundary, so a value can be split in two on disk: the record payloads are joined again.
 * Formats: google/leveldb doc/table_format.md and doc/log_format.md.
 */
const TABLE_MAGIC = Buffer.from([0x57, 0xfb, 0x80, 0x8b, 0x24, 0x75, 0x47, 0xdb]);
const FOOTER_BYTES = 48;
const BLOCK_TRAILER_BYTES = 5;
const LOG_BLOCK_BYTES = 32_768;
const LOG_HEADER_BYTES = 7;

export interface TableBlocks {
  /** Decompressed contents of the blocks stored compressed (the raw file already shows the rest). */
  decompressed: { offset: number; contents: Buffer }[];
  /** Blocks in the index: data blocks read. */
  blocks: number;
  /** Blocks with a compression this reader does not know (they could hide a value). */
  unreadable: string[];
}

export function isLevelDbTable(data: Buffer): boolean {
  return data.length >= FOOTER_BYTES && data.subarray(data.length - 8).equals(TABLE_MAGIC);
}

interface Handle {
  offset: number;
  size: number;
}

function varint(data: Buffer, at: number): { value: number; next: number } {
  let value = 0;
  for (let shift = 0, i = at; i < data.length && shift <= 63; shift += 7, i++) {
    value += (data[i] & 0x7f) * 2 ** shift;
    if ((data[i] & 0x80) === 0) return { value, next: i + 1 };
  }
  throw new Error(`bad varint at ${at}`);
}

function handleAt(data: Buffer, at: number): { handle: Handle; next: number } {
  const offset = varint(data, at);
  const size = varint(data, offset.next);
  return { handle: { offset: offset.value, size: size.value }, next: size.next };
}

/** A block's contents and how it was stored (0: as is, 1: Snappy). */
function readBlock(data: Buffer, h: Handle): { type: number; contents: Buffer } {
  if (h.offset + h.size + BLOCK_TRAILER_BYTES > data.length) throw new Error(`block at ${h.offset} (${h.size} bytes) runs past the end of the file`);
  const type = data[h.offset + h.size];
  const stored = data.subarray(h.offset, h.offset + h.size);
  if (type === 0) return { type, contents: stored };
  if (type === 1) return { type, contents: snappyDecompress(stored) };
  return { type, contents: Buffer.alloc(0) };
}

/** The values of a block's entries (for the index block: the data blocks' handles). */
function blockValues(block: Buffer): Buffer[] {
  if (block.length < 4) throw new Error('block too short');
  const restarts = block.readUInt32LE(block.length - 4);
  const end = block.length - 4 - 4 * restarts;
  if (end < 0) throw new Error('bad restart count');
  const values: Buffer[] = [];
  for (let at = 0; at < end; ) {
    const shared = varint(block, at);
    const unshared = varint(block, shared.next);
    const valueLength = varint(block, unshared.next);
    const valueStart = valueLength.next + unshared.value;
    values.push(block.subarray(valueStart, valueStart + valueLength.value));
    at = valueStart + valueLength.value;
  }
  return values;
}

export function readTableBlocks(data: Buffer): TableBlocks {
  const footer = data.subarray(data.length - FOOTER_BYTES);
  const metaindex = handleAt(footer, 0);
  const index = handleAt(footer, metaindex.next).handle;
  const indexBlock = readBlock(data, index);
  if (indexBlock.type > 1) return { decompressed: [], blocks: 0, unreadable: [`index block with compression type ${indexBlock.type}`] };
  const result: TableBlocks = { decompressed: [], blocks: 0, unreadable: [] };
  for (const value of blockValues(indexBlock.contents)) {
    const h = handleAt(value, 0).handle;
    const block = readBlock(data, h);
    result.blocks++;
    if (block.type === 1) result.decompressed.push({ offset: h.offset, contents: block.contents });
    else if (block.type > 1) result.unreadable.push(`block at ${h.offset} with compression type ${block.type}`);
  }
  return result;
}

/** The payloads of a LevelDB log's records, joined in order: a value cut at a 32 KB boundary is whole again. */
export function joinLogRecords(data: Buffer): Buffer {
  const parts: Buffer[] = [];
  for (let block = 0; block < data.length; block += LOG_BLOCK_BYTES) {
    const end = Math.min(block + LOG_BLOCK_BYTES, data.length);
    for (let at = block; at + LOG_HEADER_BYTES <= end; ) {
      const length = data.readUInt16LE(at + 4);
      const type = data[at + 6];
      // Type 0 with length 0 is the zero padding a writer leaves at a block's end.
      if (type === 0 && length === 0) break;
      const start = at + LOG_HEADER_BYTES;
      parts.push(data.subarray(start, Math.min(start + length, end)));
      at = start + length;
    }
  }
  return Buffer.concat(parts);
}
