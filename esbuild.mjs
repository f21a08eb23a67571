// Bundles the extension (and later the CLI and webview scripts) into dist/.
// Usage: node esbuild.mjs [--watch] [--dev]
import * as esbuild from 'esbuild';
import { chmod, copyFile, mkdir, rm, stat, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';

const watch = process.argv.includes('--watch');
const dev = process.argv.includes('--dev') || watch;

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
  },
  {
    // Config-file tools and the crawler form's extension side: required lazily (configToolsLoader.ts).
    entryPoints: { configTools: 'src/features/configFiles/configToolsBundle.ts' },
    outdir: 'dist',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['vscode'],
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
 * undici's HTTP/1 parser ships as two base64 WebAssembly blobs (SIMD and plain, 72 KB each) that
 * it requires lazily, on the first connection. Keeping them as files beside the bundle instead of
 * inside it takes ~145 KB off what VS Code parses at activation; undici loads the one it needs.
 */
const LLHTTP_WASM = ['llhttp_simd-wasm.js', 'llhttp-wasm.js'];
const llhttpSidecars = {
  name: 'llhttp-sidecars',
  setup(build) {
    build.onResolve({ filter: /\/llhttp\/llhttp(_simd)?-wasm\.js$/ }, (args) => ({ path: `./${args.path.split('/').pop()}`, external: true }));
    build.onEnd(async () => {
      for (const file of LLHTTP_WASM) await copyFile(`node_modules/undici/lib/llhttp/${file}`, `dist/${file}`);
    });
  },
};

/**
 * Parts of undici on code paths the client never takes, replaced by stubs that throw if reached:
 * HTTP/2 (never enabled), SOCKS proxies (dispatcher.ts accepts http(s) proxies only) and the
 * fetch body machinery that client-h1 loads only to send FormData or Blob bodies (we send JSON
 * strings). About 60 KB less for VS Code to parse at activation. Unit tests run the full undici;
 * the integration tests run this bundle.
 */
const UNDICI_UNUSED = {
  'dispatcher/client-h2.js': 'module.exports = function connectH2() { throw new Error("HTTP/2 is not part of this bundle"); };',
  'dispatcher/socks5-proxy-agent.js':
    'module.exports = class Socks5ProxyAgent { constructor() { throw new Error("SOCKS proxies are not supported: use an http:// or https:// proxy"); } };',
  'web/fetch/body.js': 'module.exports = { extractBody() { throw new Error("FormData and Blob request bodies are not part of this bundle"); } };',
};
const undiciTrim = {
  name: 'undici-trim',
  setup(build) {
    build.onLoad({ filter: /node_modules[\\/]undici[\\/]lib[\\/].*\.js$/ }, (args) => {
      const rel = args.path.replace(/\\/g, '/').split('/undici/lib/')[1];
      return rel in UNDICI_UNUSED ? { contents: UNDICI_UNUSED[rel], loader: 'js' } : undefined;
    });
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
  plugins: [llhttpSidecars, undiciTrim],
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

await generateJsonSchema();
if (watch) {
  for (const t of targets) {
    const ctx = await esbuild.context({ ...common, ...t });
    await ctx.watch();
  }
} else {
  await Promise.all(targets.map((t) => esbuild.build({ ...common, ...t, metafile: true })));
  await chmod('dist/cli.js', 0o755);
  await checkBudgets();
}

/** What VS Code parses at activation must stay small: heavy code goes into lazily required bundles. */
async function checkBudgets() {
  // 200 KB, not the 400 KB target: the client (undici, wire models) alone would pass 400 KB's
  // worth of margin; anything that drags it back into activation should fail the build.
  const budgets = { 'dist/extension.js': 200 * 1024 };
  for (const [file, limit] of Object.entries(budgets)) {
    const { size } = await stat(file);
    if (!dev && size > limit) {
      console.error(`${file} is ${Math.round(size / 1024)} KB, over its ${limit / 1024} KB budget`);
      process.exitCode = 1;
    }
  }
}
