import { createRequire } from 'node:module';
import * as path from 'node:path';
import type * as ConfigTools from './configToolsBundle';

export type ConfigToolsModule = typeof ConfigTools;

let loaded: ConfigToolsModule | undefined;

/** dist/configTools.js, required once on first use (see configToolsBundle.ts for why it is separate). */
export function loadConfigTools(extensionPath: string): ConfigToolsModule {
  // A runtime path, so esbuild leaves this require alone instead of inlining the tools.
  loaded ??= createRequire(__filename)(path.join(extensionPath, 'dist', 'configTools.js')) as ConfigToolsModule;
  return loaded;
}
