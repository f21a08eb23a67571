// Bundles the extension (and later the CLI and webview scripts) into dist/.
// Usage: node esbuild.mjs [--watch] [--dev]
import * as esbuild from 'esbuild';

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
];

const common = { bundle: true, minify: !dev, sourcemap: true, logLevel: 'info', legalComments: 'none' };

if (watch) {
  for (const t of targets) {
    const ctx = await esbuild.context({ ...common, ...t });
    await ctx.watch();
  }
} else {
  await Promise.all(targets.map((t) => esbuild.build({ ...common, ...t, metafile: true })));
}
