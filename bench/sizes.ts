/**
 * Bench 3: what ships. The extension bundle (what VS Code parses at activation, minified; the
 * 400 KB target applies to it), the bundles it requires lazily, all the code the extension host
 * can load (the 700 KB target), the .vsix (what users download) and the CLI bundle.
 *
 * A missing or stale artefact (older than the sources it is built from) is built first:
 * `node esbuild.mjs` for the bundles, `npm run package` for the .vsix. When a build fails the
 * artefact is reported missing, with the reason.
 *
 *   npx tsc -p . && node out/bench/sizes.js [--json FILE]
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { gzipSync } from 'node:zlib';
import { runAsProgram } from './lib/cli';
import { count, formatTable, kb } from './lib/table';

/** The repository root (this file runs from out/bench/). */
export const ROOT = path.resolve(__dirname, '..', '..');

export interface Artefact {
  name: string;
  file: string;
  /** Bytes; undefined when missing. */
  bytes?: number;
  gzipBytes?: number;
  /** Bytes the target allows (strictly less than), in decimal units as the targets are stated. */
  limit?: number;
  /** The target as the brief states it, e.g. `< 400 KB`. */
  target?: string;
  /** 'existing' when a fresh file was there, 'built' when this run built it, or why it is missing. */
  origin: 'existing' | 'built' | { missing: string };
}

export interface SizesReport {
  bench: 'sizes';
  artefacts: Artefact[];
}

const EXTENSION = 'dist/extension.js';
const CLI = 'dist/cli.js';
const VSIX = 'dist/atlan-postgres-workflows.vsix';
/** undici's HTTP/1 parser, SIMD and plain: it loads one of them, on its first connection. */
const LLHTTP_WASM = ['dist/llhttp_simd.wasm', 'dist/llhttp.wasm'];
/** Bundles the extension requires on first use, not at activation (see esbuild.mjs). */
const LAZY_BUNDLES = [
  { name: 'lazy: Atlan client + builders (first tenant call)', file: 'dist/tenantTools.js' },
  { name: 'lazy: config-file tools + form (first config file)', file: 'dist/configTools.js' },
  { name: 'lazy: direct Postgres checks (first Test connection)', file: 'dist/postgresChecks.js' },
  { name: 'lazy: what those three share (zod, croner, jsonc-parser, config model)', file: 'dist/shared.js' },
];
const HOST_JS = [EXTENSION, ...LAZY_BUNDLES.map((b) => b.file)];
/** All the code the extension host can load, as issue 16 (point 19) states the target. */
export const HOST_CODE_LIMIT = 700_000;

/** Newest modification time under the given paths (files or directories), in ms. */
export function newestMtime(root: string, paths: readonly string[]): number {
  let newest = 0;
  const visit = (p: string): void => {
    if (!existsSync(p)) return;
    const stat = statSync(p);
    if (stat.isDirectory()) {
      for (const entry of readdirSync(p)) visit(path.join(p, entry));
    } else {
      newest = Math.max(newest, stat.mtimeMs);
    }
  };
  for (const p of paths) visit(path.join(root, p));
  return newest;
}

function isFresh(root: string, file: string, inputs: readonly string[]): boolean {
  const full = path.join(root, file);
  return existsSync(full) && statSync(full).mtimeMs >= newestMtime(root, inputs);
}

/** Runs a build step; returns undefined on success, else a one-line reason. */
function build(root: string, command: string, args: readonly string[]): string | undefined {
  const result = spawnSync(command, args, { cwd: root, encoding: 'utf8', timeout: 120_000 });
  if (result.error) return `${command} ${args.join(' ')} could not run: ${result.error.message}`;
  if (result.status !== 0) {
    const lines = `${result.stderr}\n${result.stdout}`.split('\n').map((l) => l.trim()).filter((l) => l !== '');
    const errors = lines.filter((l) => /error/i.test(l) && !/complete log/i.test(l));
    const reason = (errors.length > 0 ? errors.slice(0, 3) : lines.slice(-3)).join(' / ');
    return `${path.basename(command)} ${args.join(' ')} exited with ${result.status ?? result.signal}: ${reason}`;
  }
  return undefined;
}

/** Size of one artefact (the sum when it is several files); missing when any file is. */
function measure(
  root: string,
  name: string,
  files: readonly string[],
  origin: Artefact['origin'],
  options: { limit?: number; target?: string; gzip?: boolean } = {},
): Artefact {
  const file = files.join(' + ');
  const limit = options.limit !== undefined ? { limit: options.limit, target: options.target ?? `< ${kb(options.limit)}` } : {};
  const full = files.map((f) => path.join(root, f));
  if (full.some((f) => !existsSync(f))) {
    return { name, file, origin: typeof origin === 'object' ? origin : { missing: 'not found after the build' }, ...limit };
  }
  const bytes = full.reduce((sum, f) => sum + statSync(f).size, 0);
  const gzip = options.gzip ? { gzipBytes: full.reduce((sum, f) => sum + gzipSync(readFileSync(f)).length, 0) } : {};
  return { name, file, bytes, ...gzip, ...limit, origin };
}

/**
 * Every bundle the extension host can load plus the llhttp wasm undici loads: one of the two (the
 * SIMD one wherever the CPU has SIMD, which V8 on every platform VS Code ships does), so the
 * larger counts. Before the shared bundle this was ~1.1 MB: each bundle carried its own zod.
 */
function hostCode(root: string, origin: Artefact['origin']): Artefact {
  const js = measure(root, 'js', HOST_JS, origin);
  const wasm = LLHTTP_WASM.map((f) => measure(root, f, [f], origin));
  const name = 'all extension-host JS + the llhttp wasm loaded';
  const file = `the ${HOST_JS.length} bundles above + the larger wasm`;
  const limit = { limit: HOST_CODE_LIMIT, target: '< 700 KB' };
  if (js.bytes === undefined || wasm.some((w) => w.bytes === undefined)) {
    return { name, file, origin: typeof origin === 'object' ? origin : { missing: 'not found after the build' }, ...limit };
  }
  const largest = Math.max(...wasm.map((w) => w.bytes ?? 0));
  return { name, file, bytes: js.bytes + largest, ...limit, origin };
}

export function runSizesBench(root: string = ROOT, log: (line: string) => void = () => {}): SizesReport {
  const bundleInputs = ['src', 'media', 'package.json', 'package-lock.json', 'esbuild.mjs'];
  let bundles: Artefact['origin'] = 'existing';
  if (!isFresh(root, EXTENSION, bundleInputs) || !isFresh(root, CLI, bundleInputs)) {
    log('sizes: building the bundles (node esbuild.mjs)');
    const failure = build(root, process.execPath, ['esbuild.mjs']);
    bundles = failure ? { missing: failure } : 'built';
  }
  let vsix: Artefact['origin'] = 'existing';
  if (!isFresh(root, VSIX, [EXTENSION, CLI, 'package.json', 'README.md', 'media', '.vscodeignore'])) {
    log('sizes: packaging the .vsix (npm run package)');
    const failure = build(root, process.platform === 'win32' ? 'npm.cmd' : 'npm', ['run', 'package']);
    vsix = failure ? { missing: failure } : 'built';
  }
  return {
    bench: 'sizes',
    artefacts: [
      measure(root, 'extension bundle', [EXTENSION], bundles, { limit: 400_000, target: '< 400 KB', gzip: true }),
      ...LAZY_BUNDLES.map(({ name, file }) => measure(root, name, [file], bundles, { gzip: true })),
      measure(root, 'llhttp wasm, SIMD and plain (one read on first connection)', LLHTTP_WASM, bundles),
      hostCode(root, bundles),
      // Context: both wasm files, as the .vsix carries them.
      { ...measure(root, 'all extension-host JS + both llhttp wasm', [...HOST_JS, ...LLHTTP_WASM], bundles), file: 'the bundles above + both wasm' },
      measure(root, '.vsix', [VSIX], vsix, { limit: 1_000_000, target: '< 1 MB' }),
      measure(root, 'CLI bundle', [CLI], bundles, { gzip: true }),
    ],
  };
}

export function formatSizesReport(report: SizesReport): string {
  const rows = report.artefacts.map((a) => [
    a.name,
    a.file,
    a.bytes === undefined ? 'missing' : `${count(a.bytes)} B (${kb(a.bytes)})`,
    a.gzipBytes === undefined ? '' : kb(a.gzipBytes),
    a.target ?? '',
    a.limit === undefined ? '' : a.bytes === undefined ? 'unknown' : a.bytes < a.limit ? 'met' : 'NOT met',
    typeof a.origin === 'object' ? `missing: ${a.origin.missing}` : a.origin,
  ]);
  return [
    'Sizes (1 KB = 1,000 bytes)',
    '',
    formatTable(['artefact', 'file', 'size', 'gzip', 'target', 'verdict', 'source'], rows, {
      align: ['left', 'left', 'right', 'right', 'left', 'left', 'left'],
    }),
  ].join('\n');
}

if (require.main === module) {
  runAsProgram((flags) => {
    const report = runSizesBench(ROOT, (line) => process.stderr.write(`${line}\n`));
    process.stdout.write(`${formatSizesReport(report)}\n`);
    if (flags.json) writeFileSync(flags.json, `${JSON.stringify(report, null, 2)}\n`);
    return Promise.resolve();
  });
}
