// Bundles the extension (and later the CLI and webview scripts) into dist/.
// Usage: node esbuild.mjs [--watch] [--dev]
import * as esbuild from 'esbuild';
import { chmod, mkdir, rm, writeFile } from 'node:fs/promises';
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
];

const common = {
  bundle: true,
  minify: !dev,
  sourcemap: true,
  logLevel: 'info',
  legalComments: 'none',
  // jsonc-parser's UMD "main" build requires its files dynamically, which esbuild cannot bundle.
  mainFields: ['module', 'main'],
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
}
