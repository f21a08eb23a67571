/** Entry point of dist/cli.js (bundled by esbuild, with a shebang). */
import { ExitCode } from './exitCodes';
import { processIo } from './io';
import { main } from './main';

// The first Ctrl-C asks the command to stop (watching ends, reads are cancelled, a create already
// sent still completes so its name gets recorded); a second one ends the process at once.
const interrupt = new AbortController();
process.on('SIGINT', () => {
  if (interrupt.signal.aborted) process.exit(ExitCode.interrupted);
  interrupt.abort(new Error('interrupted (Ctrl-C)'));
});

void main(process.argv.slice(2), processIo({ signal: interrupt.signal })).then((code) => {
  process.exitCode = code;
});
