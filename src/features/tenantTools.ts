import { createRequire } from 'node:module';
import * as path from 'node:path';
import type * as TenantToolsBundle from './tenantToolsBundle';

export type TenantTools = typeof TenantToolsBundle;

let loaded: TenantTools | undefined;

/**
 * The client, configuration model and builders, required on first use (see tenantToolsBundle.ts).
 * Every bundle in dist/ finds dist/tenantTools.js beside itself; the TypeScript output the unit
 * tests run requires the module directly.
 */
export function tenantTools(): TenantTools {
  if (!loaded) {
    const load = createRequire(__filename);
    // A runtime path: esbuild leaves this require alone instead of inlining the tools.
    const bundled = path.basename(__dirname) === 'dist' ? path.join(__dirname, 'tenantTools.js') : undefined;
    loaded = (bundled ? load(bundled) : load('./tenantToolsBundle')) as TenantTools;
  }
  return loaded;
}
