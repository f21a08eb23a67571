// Bundles the extension (and later the CLI and webview scripts) into dist/.
// Usage: node esbuild.mjs [--watch] [--dev]
import * as esbuild from 'esbuild';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { chmod, mkdir, rm, stat, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import * as path from 'node:path';

const watch = process.argv.includes('--watch');
const dev = process.argv.includes('--dev') || watch;

/**
 * Code the lazily required bundles (tenantTools, configTools, postgresChecks) have in common, built
 * once into dist/shared.js and required at run time by each of them: CommonJS bundles cannot share
 * chunks, and each used to carry its own zod (~95 KB), croner, jsonc-parser and configuration model.
 * A package import (`zod`) or a module under one of the folders becomes
 * `require('./shared.js')[key]`; dist/extension.js stays out of it (activation loads none of this).
 */
const SHARED = {
  packages: ['zod', 'croner', 'jsonc-parser'],
  folders: ['src/core/config', 'src/core/workflow'],
};

/** Repository-relative paths (with `/`) of the TypeScript modules under the shared folders. */
function sharedSourceFiles() {
  return SHARED.folders.flatMap((folder) =>
    readdirSync(folder, { recursive: true })
      .map((f) => `${folder}/${String(f).replace(/\\/g, '/')}`)
      .filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts')),
  );
}

/**
 * The zod names the given sources use (`z.object`, `z.ZodError`, ...) that exist at run time.
 * Exporting zod's whole namespace would keep all of it, its ~40 locales included (~470 KB); the
 * names the code reaches let esbuild drop the rest, as it did inside each bundle before. `z.core`
 * is named in types only (`z.core.$ZodIssue`), and its run-time namespace holds every locale.
 */
const ZOD_TYPE_ONLY = new Set(['core']);
function zodNamesIn(files) {
  const runtime = new Set(Object.keys(createRequire(import.meta.url)('zod')));
  const names = new Set();
  for (const file of files) {
    for (const m of readFileSync(file, 'utf8').matchAll(/\bz\.([A-Za-z_$][\w$]*)/g)) {
      if (runtime.has(m[1]) && !ZOD_TYPE_ONLY.has(m[1])) names.add(m[1]);
    }
  }
  return [...names].sort();
}

/** The entry of dist/shared.js: each shared module (key) as a namespace, zod as the names given. */
function sharedEntry(keys, zodNames) {
  const modules = keys.filter((key) => key !== 'zod');
  return [`import { ${zodNames.map((n) => `${n} as zod_${n}`).join(', ')} } from 'zod';`]
    .concat(modules.map((key, i) => `import * as m${i} from ${JSON.stringify(key.startsWith('src/') ? `./${key}` : key)};`))
    .concat(
      `module.exports = { zod: { ${zodNames.map((n) => `${n}: zod_${n}`).join(', ')} }, ${modules.map((key, i) => `${JSON.stringify(key)}: m${i}`).join(', ')} };`,
    )
    .join('\n');
}

/** dist/shared.js's target: the given modules, or (watch mode) every one it could be asked for. */
function sharedTarget(keys = [...SHARED.packages, ...sharedSourceFiles()], zodNames = zodNamesIn(tsFilesUnder('src'))) {
  return {
    stdin: { contents: sharedEntry(keys, zodNames), resolveDir: '.', sourcefile: 'shared-entry.js', loader: 'js' },
    outfile: 'dist/shared.js',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
  };
}

function tsFilesUnder(folder) {
  return readdirSync(folder, { recursive: true }).map((f) => path.join(folder, String(f))).filter((f) => f.endsWith('.ts'));
}

/**
 * Builds dist/shared.js with exactly what the lazy bundles' builds asked of it (their metafiles):
 * those modules, and the zod names that they and the modules they pull in use.
 */
async function buildShared(lazyMetafiles) {
  const inputsOf = (metafiles) => metafiles.flatMap((m) => Object.keys(m.inputs));
  const keys = [...new Set(inputsOf(lazyMetafiles).filter((i) => i.startsWith('shared:')).map((i) => i.slice('shared:'.length)))].sort();
  // A first pass (nothing written) finds the sources the shared modules pull in.
  const probe = await esbuild.build({ ...optionsOf(sharedTarget(keys, [])), write: false, metafile: true, logLevel: 'warning' });
  const sources = [...new Set(inputsOf([probe.metafile, ...lazyMetafiles]))].filter((i) => /^src\/.*\.ts$/.test(i));
  return esbuild.build({ ...optionsOf(sharedTarget(keys, zodNamesIn(sources))), metafile: true });
}

/** Points a lazy bundle's imports of shared modules at dist/shared.js (see SHARED). */
const useShared = {
  name: 'use-shared',
  setup(build) {
    const folders = SHARED.folders.map((f) => path.resolve(f) + path.sep);
    build.onResolve({ filter: /.*/ }, (args) => {
      if (args.namespace === 'shared' && args.path === './shared.js') return { path: './shared.js', external: true };
      if (SHARED.packages.includes(args.path)) return { path: args.path, namespace: 'shared' };
      if (!args.path.startsWith('.') || args.kind === 'entry-point') return undefined;
      const target = path.resolve(args.resolveDir, args.path);
      if (!folders.some((f) => target.startsWith(f))) return undefined;
      const file = [`${target}.ts`, path.join(target, 'index.ts'), target].find((f) => f.endsWith('.ts') && existsSync(f));
      if (!file) return undefined;
      return { path: path.relative('.', file).replace(/\\/g, '/'), namespace: 'shared' };
    });
    build.onLoad({ filter: /.*/, namespace: 'shared' }, (args) => ({
      contents: `module.exports = require('./shared.js')[${JSON.stringify(args.path)}];`,
      loader: 'js',
      resolveDir: '.',
    }));
  },
};

/** @type {import('esbuild').BuildOptions[]} */
const targets = [
  {
    entryPoints: ['src/extension.ts'],
    outfile: 'dist/extension.js',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['vscode'],
  },
  {
    // The atlan-postgres CLI ("bin" in package.json): core/ only, no vscode.
    entryPoints: ['src/cli/bin.ts'],
    outfile: 'dist/cli.js',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    banner: { js: '#!/usr/bin/env node' },
  },
  {
    // Direct Postgres checks of the crawler form (pg inside): required lazily by the extension,
    // so pg stays out of dist/extension.js. pg-native is pg's optional native binding, never used.
    entryPoints: { postgresChecks: 'src/core/postgres/index.ts' },
    outdir: 'dist',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['pg-native'],
    plugins: [useShared],
  },
  {
    // The Atlan client, configuration model and builders: required on first use (tenantTools.ts),
    // so activation does not pay for undici and the wire models.
    entryPoints: { tenantTools: 'src/features/tenantToolsBundle.ts' },
    outdir: 'dist',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['vscode'],
    plugins: [useShared],
  },
  {
    // Config-file tools and the crawler form's extension side: required lazily (configToolsLoader.ts).
    entryPoints: { configTools: 'src/features/configFiles/configToolsBundle.ts' },
    outdir: 'dist',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['vscode'],
    plugins: [useShared],
  },
  {
    // The crawler form's webview: script and styles.
    entryPoints: { form: 'media/form/main.ts', 'form.styles': 'media/form/form.css' },
    outdir: 'dist/webview',
    platform: 'browser',
    format: 'iife',
    target: 'chrome120',
    tsconfig: 'media/tsconfig.json',
    mainFields: ['browser', 'module', 'main'],
    plugins: [],
  },
];

/**
 * undici's HTTP/1 parser ships as two WebAssembly modules (SIMD and plain) in base64 JavaScript
 * (72 KB each), required lazily on the first connection. They go beside the bundle as binary
 * .wasm files (54 KB each), read by a two-line stand-in for undici's module: nothing of them is
 * parsed at activation, and base64's third is gone. undici loads the one it needs.
 */
const LLHTTP_WASM = { 'llhttp_simd-wasm.js': 'llhttp_simd.wasm', 'llhttp-wasm.js': 'llhttp.wasm' };
const llhttpSidecars = {
  name: 'llhttp-sidecars',
  setup(build) {
    build.onResolve({ filter: /\/llhttp\/llhttp(_simd)?-wasm\.js$/ }, (args) => ({ path: args.path.split('/').pop(), namespace: 'llhttp-wasm' }));
    build.onLoad({ filter: /.*/, namespace: 'llhttp-wasm' }, (args) => ({
      contents: `module.exports = require('node:fs').readFileSync(require('node:path').join(__dirname, ${JSON.stringify(LLHTTP_WASM[args.path])}));`,
      loader: 'js',
    }));
    build.onEnd(async (result) => {
      if (!Object.keys(result.metafile?.inputs ?? {}).some((input) => input.startsWith('llhttp-wasm:'))) return;
      const require = createRequire(import.meta.url);
      for (const [module, wasm] of Object.entries(LLHTTP_WASM)) {
        await writeFile(`dist/${wasm}`, require(`undici/lib/llhttp/${module}`));
      }
    });
  },
};

/**
 * Parts of dependencies on code paths the extension never takes, replaced by stubs that throw if
 * reached. undici: HTTP/2 (never enabled), SOCKS proxies (dispatcher.ts accepts http(s) proxies
 * only) and the fetch body machinery that client-h1 loads only to send FormData or Blob bodies (we
 * send JSON strings): about 60 KB. pg: its Pool (src/core/postgres opens one Client per check;
 * pg's index extends the class at load, so the stub is a class), its native binding (pg-native
 * is never installed; pg asks for it only when NODE_PG_FORCE_NATIVE is set or `pg.native` is
 * read), connection strings (we pass host, port and database), SCRAM channel binding (off unless
 * asked for) and ~/.pgpass, which pg reads when no password is given: a check must see what Atlan
 * sees, which has no .pgpass, so "no password" fails as it would there: about 24 KB. zod: JSON
 * Schema generation (`toJSONSchema`, the `~standard.jsonSchema` methods), used only by the build
 * to write the schema file, which bundles zod on its own (generateJsonSchema): about 18 KB. And
 * llhttp's table of constants keeps only the tables client-h1 (its one reader) names: about 10 KB.
 * Unit tests run the full packages; the integration tests run these bundles.
 */
const UNUSED_MODULES = {
  'undici/lib/dispatcher/client-h2.js': 'module.exports = function connectH2() { throw new Error("HTTP/2 is not part of this bundle"); };',
  'undici/lib/dispatcher/socks5-proxy-agent.js':
    'module.exports = class Socks5ProxyAgent { constructor() { throw new Error("SOCKS proxies are not supported: use an http:// or https:// proxy"); } };',
  'undici/lib/web/fetch/body.js': 'module.exports = { extractBody() { throw new Error("FormData and Blob request bodies are not part of this bundle"); } };',
  'pg-pool/index.js': 'module.exports = class Pool { constructor() { throw new Error("pg.Pool is not part of this bundle: use a Client"); } };',
  'pg/lib/native/index.js':
    'throw Object.assign(new Error("pg-native is not part of this bundle"), { code: "MODULE_NOT_FOUND" });',
  'pg-connection-string/index.js': 'module.exports = { parse() { throw new Error("connection strings are not part of this bundle"); } };',
  'pgpass/lib/index.js': 'module.exports = function pgpass(_parameters, found) { found(undefined); };',
  // SCRAM channel binding (SCRAM-SHA-256-PLUS), which pg uses only with `enableChannelBinding` (never set).
  'pg/lib/crypto/cert-signatures.js':
    'module.exports = { signatureAlgorithmHashFromCertificate() { throw new Error("SCRAM channel binding is not part of this bundle"); } };',
  'zod/v4/core/json-schema-processors.js': (file) => throwingExportsOf(file, 'JSON Schema generation', { allProcessors: '{}' }),
  // zod builds `~standard.jsonSchema` from these factories on first access: they must return the thrower.
  'zod/v4/core/to-json-schema.js': (file) =>
    throwingExportsOf(file, 'JSON Schema generation', { createToJSONSchemaMethod: '() => unavailable', createStandardJSONSchemaMethod: '() => unavailable' }),
  'undici/lib/llhttp/constants.js': (file) => {
    const reader = readFileSync(path.join(path.dirname(file), '../dispatcher/client-h1.js'), 'utf8');
    const constants = createRequire(import.meta.url)(file);
    const used = [...new Set([...reader.matchAll(/\bconstants\.([A-Z_]+)/g)].map((m) => m[1]))];
    return `module.exports = ${JSON.stringify(Object.fromEntries(used.map((name) => [name, constants[name]])))};`;
  },
};

/** An ES module with the same exports as `file`, each a function that throws (or the given value). */
function throwingExportsOf(file, what, values) {
  const text = readFileSync(file, 'utf8');
  const names = new Set([...text.matchAll(/^export (?:async )?(?:function\*?|const|let|class) ([\w$]+)/gm)].map((m) => m[1]));
  for (const list of text.matchAll(/^export \{([^}]*)\}/gm)) {
    for (const item of list[1].split(',')) if (item.trim()) names.add(item.trim().split(/\s+as\s+/).pop());
  }
  return [`const unavailable = () => { throw new Error(${JSON.stringify(`${what} is not part of this bundle`)}); };`]
    .concat([...names].map((name) => `export const ${name} = ${values[name] ?? 'unavailable'};`))
    .join('\n');
}

const trimUnused = {
  name: 'trim-unused',
  setup(build) {
    build.onLoad({ filter: /node_modules[\\/](undici|pg|pg-pool|pg-connection-string|pgpass|zod)[\\/].*\.js$/ }, (args) => {
      const rel = args.path.replace(/\\/g, '/').split('/node_modules/').pop();
      const stub = UNUSED_MODULES[rel];
      if (stub === undefined) return undefined;
      return { contents: typeof stub === 'function' ? stub(args.path) : stub, loader: 'js' };
    });
  },
};

/**
 * One copy of the VS Code API namespace per bundle. esbuild turns each `import * as vscode from
 * 'vscode'` (25 modules in dist/extension.js) into its own `__toESM(require('vscode'))`, which
 * defines a getter for each of the API's ~250 names on a fresh object: about 6,000 property
 * definitions while activation loads the bundle. Routed through one ES module re-exporting it,
 * the bundle copies the names once.
 */
const vscodeOnce = {
  name: 'vscode-once',
  setup(build) {
    build.onResolve({ filter: /^vscode$/ }, (args) =>
      args.namespace === 'vscode-once' ? { path: 'vscode', external: true } : { path: 'vscode', namespace: 'vscode-once' },
    );
    build.onLoad({ filter: /.*/, namespace: 'vscode-once' }, () => ({ contents: "export * from 'vscode';", loader: 'js', resolveDir: '.' }));
  },
};

const common = {
  bundle: true,
  minify: !dev,
  sourcemap: true,
  logLevel: 'info',
  legalComments: 'none',
  // jsonc-parser's UMD "main" build requires its files dynamically, which esbuild cannot bundle.
  mainFields: ['module', 'main'],
  plugins: [llhttpSidecars, trimUnused, vscodeOnce],
};

/**
 * Writes dist/atlan-postgres.schema.json (contributes.jsonValidation) from the zod model:
 * bundles src/core/config/schema.ts to a temporary CommonJS file, loads it, writes the text.
 */
async function generateJsonSchema() {
  const tmp = 'dist/.schema-gen.cjs';
  await mkdir('dist', { recursive: true });
  await esbuild.build({
    entryPoints: ['src/core/config/schema.ts'],
    outfile: tmp,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    mainFields: ['module', 'main'],
    logLevel: 'warning',
  });
  try {
    const require = createRequire(import.meta.url);
    const { jsonSchemaText, SCHEMA_FILE_NAME } = require(`./${tmp}`);
    await writeFile(`dist/${SCHEMA_FILE_NAME}`, jsonSchemaText());
    console.log(`  dist/${SCHEMA_FILE_NAME} written`);
  } finally {
    await rm(tmp, { force: true });
  }
}

/** A target's options on top of the common ones; plugins add up. */
function optionsOf(target) {
  return { ...common, ...target, plugins: [...common.plugins, ...(target.plugins ?? [])] };
}

await generateJsonSchema();
if (watch) {
  for (const t of [...targets, sharedTarget()]) {
    const ctx = await esbuild.context(optionsOf(t));
    await ctx.watch();
  }
} else {
  const isLazy = (t) => t.plugins?.includes(useShared) ?? false;
  const results = await Promise.all(targets.map((t) => esbuild.build({ ...optionsOf(t), metafile: true })));
  const shared = await buildShared(results.filter((_, i) => isLazy(targets[i])).map((r) => r.metafile));
  await chmod('dist/cli.js', 0o755);
  const hostTargets = targets.filter((t) => t.platform === 'node' && t.outfile !== 'dist/cli.js');
  const hostBundles = [...results.filter((_, i) => hostTargets.includes(targets[i])), shared]
    .flatMap((r) => Object.keys(r.metafile.outputs))
    .filter((f) => f.endsWith('.js'));
  await checkBudgets(hostBundles);
}

/**
 * What VS Code parses at activation must stay small (heavy code goes into lazily required
 * bundles), and so must all the code the extension host can load (issue 16, point 19): every
 * bundle and the llhttp wasm it loads. undici loads one of the two (SIMD where the CPU has it,
 * which V8 on every platform VS Code ships does; the plain one otherwise), so the larger counts.
 */
async function checkBudgets(hostBundles) {
  const size = async (f) => (await stat(f)).size;
  const wasm = await Promise.all(Object.values(LLHTTP_WASM).map((w) => size(`dist/${w}`)));
  const bundles = await Promise.all(hostBundles.map(size));
  // 200 KB, not the 400 KB target: the client (undici, wire models) alone would pass 400 KB's
  // worth of margin; anything that drags it back into activation should fail the build.
  const checks = [
    { what: 'dist/extension.js', size: await size('dist/extension.js'), limit: 200 * 1024, unit: 1024 },
    {
      what: `all extension-host JS (${hostBundles.length} bundles) + the llhttp wasm loaded`,
      size: bundles.reduce((a, b) => a + b, 0) + Math.max(...wasm),
      // Issue 16's target: one copy of zod and of each library, the unused parts of them trimmed.
      limit: 700_000,
      unit: 1000,
    },
  ];
  for (const { what, size: bytes, limit, unit } of checks) {
    const kb = (n) => `${(n / unit).toFixed(1)} KB`;
    if (!dev && bytes > limit) {
      console.error(`${what} is ${kb(bytes)}, over its ${kb(limit)} budget`);
      console.error(hostBundles.map((f, i) => `  ${f}: ${(bundles[i] / 1000).toFixed(1)} KB`).join('\n'));
      process.exitCode = 1;
    } else {
      console.log(`  ${what}: ${kb(bytes)} of ${kb(limit)}`);
    }
  }
}
