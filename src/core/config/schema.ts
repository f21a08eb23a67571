/**
 * The JSON Schema of `*.atlan-postgres.json`, generated from the zod model so the editor's
 * completion, hover docs and basic validation can never disagree with parseConfig. Written
 * to dist/atlan-postgres.schema.json at build time (esbuild.mjs) and contributed through
 * `contributes.jsonValidation`.
 */
import * as z from 'zod';
import { CrawlerConfigSchema } from './model';

export const SCHEMA_FILE_NAME = 'atlan-postgres.schema.json';
export { CONFIG_FILE_SUFFIX } from './names';

export function buildJsonSchema(): Record<string, unknown> {
  // Draft 7: what VS Code's JSON language service understands fully. `input` so that
  // properties with defaults are optional, as in the file.
  const schema = z.toJSONSchema(CrawlerConfigSchema, { target: 'draft-7', io: 'input', unrepresentable: 'any' });
  return {
    ...schema,
    title: 'Atlan Postgres crawler',
    // Comments and trailing commas are fine in these files (opened as JSONC).
    allowComments: true,
    allowTrailingCommas: true,
  };
}

/** The schema as the file text written at build time. */
export function jsonSchemaText(): string {
  return `${JSON.stringify(buildJsonSchema(), null, 2)}\n`;
}
