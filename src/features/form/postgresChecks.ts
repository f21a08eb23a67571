/**
 * The direct Postgres checks (core/postgres with `pg`) ship as their own bundle,
 * dist/postgresChecks.js, loaded the first time the user asks for one: `pg` would otherwise add
 * ~100 KB to what VS Code parses at every activation.
 */
import { createRequire } from 'node:module';
import * as path from 'node:path';
import type * as PostgresChecks from '../../core/postgres';

export type PostgresChecksModule = typeof PostgresChecks;

let loaded: PostgresChecksModule | undefined;

export function loadPostgresChecks(extensionPath: string): PostgresChecksModule {
  if (!loaded) {
    const file = path.join(extensionPath, 'dist', 'postgresChecks.js');
    // A runtime path, so esbuild leaves this require alone instead of inlining pg.
    loaded = createRequire(__filename)(file) as PostgresChecksModule;
  }
  return loaded;
}
