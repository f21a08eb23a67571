import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { isLevelDbTable, joinLogRecords, readTableBlocks } from './levelDbFiles';

/**
 * Canary secrets for one integration run: the API token the sandbox accepts, and the values the
 * security suite stores as a database password, an AWS secret key and an external id. After the
 * run, every file the host and the browser wrote is searched for them: each must occur 0 times,
 * in any of the forms a leak could take on disk (canaryNeedles), inside LevelDB's compressed
 * blocks and split log records too.
 */
export interface Canaries {
  token: string;
  password: string;
  awsSecretKey: string;
  externalId: string;
}

/**
 * Each a distinct random value per run. `/` and `+` (valid in a bearer token, common in AWS
 * secret keys) make the URL-encoded and form-encoded forms differ from the plain one, and `/`
 * the JSON-escaped one, so each form is really searched for.
 */
export function makeCanaries(): Canaries {
  const random = (): string => randomBytes(8).toString('hex');
  return {
    token: `canary-token-${random()}/+`,
    password: `canary-password-${random()}/+=`,
    awsSecretKey: `canary-aws-secret-${random()}/+=`,
    externalId: `canary-external-id-${random()}+=`,
  };
}

export interface CanaryNeedle {
  canary: keyof Canaries;
  /** How the value is encoded: "UTF-8", "UTF-16LE", "base64 (offset 1)", "form-encoded"… */
  form: string;
  bytes: Buffer;
}

/**
 * The bytes of each form of a base64 encoding of `value` that appear whatever surrounds it, for
 * each of the three alignments the value can have in the encoded stream (its offset modulo 3):
 * only the 4-character groups made of the value's bytes alone.
 */
function base64Cores(value: Buffer): { offset: number; standard: string; urlSafe: string }[] {
  return [0, 1, 2].map((offset) => {
    const padded = Buffer.concat([Buffer.alloc(offset), value]);
    const text = padded.toString('base64');
    const core = text.slice((offset === 0 ? 0 : 1) * 4, Math.floor(padded.length / 3) * 4);
    return { offset, standard: core, urlSafe: core.replace(/\+/g, '-').replace(/\//g, '_') };
  });
}

/** The forms a secret can take on disk or on the wire (forms that give the same bytes appear once). */
export function secretForms(value: string): { form: string; bytes: Buffer }[] {
  const utf8 = Buffer.from(value, 'utf8');
  // No UTF-16BE: for ASCII it is UTF-16LE shifted by one byte, so the LE search already finds it.
  const forms: [string, Buffer][] = [
    ['UTF-8', utf8],
    ['UTF-16LE', Buffer.from(value, 'utf16le')],
    ['JSON-escaped', Buffer.from(value.replace(/\//g, '\\/'))],
    ['URL-encoded', Buffer.from(encodeURIComponent(value))],
    ['form-encoded', Buffer.from(new URLSearchParams({ v: value }).toString().slice(2))],
  ];
  for (const core of base64Cores(utf8)) {
    forms.push([`base64 (offset ${core.offset})`, Buffer.from(core.standard)], [`base64url (offset ${core.offset})`, Buffer.from(core.urlSafe)]);
  }
  const out: { form: string; bytes: Buffer }[] = [];
  for (const [form, bytes] of forms) if (!out.some((o) => o.bytes.equals(bytes))) out.push({ form, bytes });
  return out;
}

/** Every form of every canary the scan looks for. */
export function canaryNeedles(canaries: Canaries): CanaryNeedle[] {
  return (Object.entries(canaries) as [keyof Canaries, string][]).flatMap(([canary, value]) => secretForms(value).map((f) => ({ canary, ...f })));
}

export interface CanaryFinding {
  canary: keyof Canaries;
  form: string;
  file: string;
  /** Where in the file: its bytes, a decompressed LevelDB block, or a LevelDB log's joined records. */
  where: string;
  count: number;
}

export interface CanaryScan {
  findings: CanaryFinding[];
  filesScanned: number;
  /** Snappy blocks of LevelDB tables decompressed and searched. */
  compressedBlocks: number;
  /** Parts of files the scan could not read (an unknown compression): a leak there would go unseen. */
  unreadable: { file: string; what: string }[];
}

function count(haystack: Buffer, needle: Buffer): number {
  let n = 0;
  for (let at = haystack.indexOf(needle); at >= 0; at = haystack.indexOf(needle, at + needle.length)) n++;
  return n;
}

/** A LevelDB log or manifest: record-framed files in a folder that has a CURRENT file. */
function isLevelDbLog(file: string): boolean {
  return /^(\d+\.log|MANIFEST-\d+)$/.test(path.basename(file)) && fs.existsSync(path.join(path.dirname(file), 'CURRENT'));
}

/** The byte views of one file to search: the file itself, and what LevelDB stores in it. */
function views(file: string, content: Buffer, scan: CanaryScan): { where: string; bytes: Buffer }[] {
  const out = [{ where: 'file bytes', bytes: content }];
  try {
    if (isLevelDbTable(content)) {
      const table = readTableBlocks(content);
      scan.compressedBlocks += table.decompressed.length;
      for (const what of table.unreadable) scan.unreadable.push({ file, what });
      for (const block of table.decompressed) out.push({ where: `LevelDB block at ${block.offset} (Snappy)`, bytes: block.contents });
    } else if (isLevelDbLog(file)) {
      out.push({ where: 'LevelDB log records, joined', bytes: joinLogRecords(content) });
    }
  } catch (err) {
    scan.unreadable.push({ file, what: `not readable as LevelDB: ${err instanceof Error ? err.message : String(err)}` });
  }
  return out;
}

/** Every occurrence of a canary, in any form, in the files under `roots`. */
export function findCanaries(canaries: Canaries, roots: string[]): CanaryScan {
  const scan: CanaryScan = { findings: [], filesScanned: 0, compressedBlocks: 0, unreadable: [] };
  const needles = canaryNeedles(canaries);
  const visit = (p: string): void => {
    const stat = fs.lstatSync(p, { throwIfNoEntry: false });
    if (!stat || stat.isSymbolicLink()) return;
    if (stat.isDirectory()) {
      for (const entry of fs.readdirSync(p)) visit(path.join(p, entry));
      return;
    }
    if (!stat.isFile()) return;
    scan.filesScanned++;
    const content = fs.readFileSync(p);
    const inFile = needles.map((needle) => count(content, needle.bytes));
    for (const view of views(p, content, scan)) {
      needles.forEach((needle, i) => {
        const n = view.bytes === content ? inFile[i] : count(view.bytes, needle.bytes);
        // A log's joined records repeat the file's bytes: only what the joining revealed is new.
        const found = view.where.startsWith('LevelDB log') ? n - inFile[i] : n;
        if (found > 0) scan.findings.push({ canary: needle.canary, form: needle.form, file: p, where: view.where, count: found });
      });
    }
  };
  for (const root of roots) visit(root);
  return scan;
}
