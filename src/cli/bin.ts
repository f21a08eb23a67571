/** Entry point of dist/cli.js (bundled by esbuild, with a shebang). */
import { main } from './main';

void main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
