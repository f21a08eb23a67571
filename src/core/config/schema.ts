/**
 * The JSON Schema of `*.atlan-postgres.json`, generated from the zod model so the editor's
 * completion, hover docs and basic validation can never disagree with parseConfig. Written
 * to dist/atlan-postgres.schema.json at build time (esbuild.mjs) and contributed through
 * `contributes.jsonValidation`.
 */
import * as z from 'zod';
import { SECRET_FIELDS } from './literalSecrets';
import { CrawlerConfigSchema } from './model';

export const SCHEMA_FILE_NAME = 'atlan-postgres.schema.json';
export { CONFIG_FILE_SUFFIX } from './names';

export function buildJsonSchema(): Record<string, unknown> {
  // Draft 7: what VS Code's JSON language service understands fully. `input` so that
  // properties with defaults are optional, as in the file.
  const schema = z.toJSONSchema(CrawlerConfigSchema, { target: 'draft-7', io: 'input', unrepresentable: 'any' });
  return {
    ...(tolerateLiteralSecrets(schema) as Record<string, unknown>),
    title: 'Atlan Postgres crawler',
    // Comments and trailing commas are fine in these files (opened as JSONC).
    allowComments: true,
    allowTrailingCommas: true,
  };
}

/**
 * Lets a secret field hold a plain string or number as far as the editor's JSON validation is
 * concerned: parseConfig reports a secret written into the file with a message of its own (and a
 * quick fix), and VS Code's "Incorrect type. Expected object" beside it would say the same thing
 * twice, less clearly. Completion still offers only the `{"secret": ...}` reference.
 */
function tolerateLiteralSecrets(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(tolerateLiteralSecrets);
  if (typeof node !== 'object' || node === null) return node;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node as Record<string, unknown>)) {
    if (key !== 'properties' || typeof value !== 'object' || value === null) {
      out[key] = tolerateLiteralSecrets(value);
      continue;
    }
    out[key] = Object.fromEntries(
      Object.entries(value as Record<string, unknown>).map(([name, property]) => {
        const walked = tolerateLiteralSecrets(property) as Record<string, unknown>;
        if (!(SECRET_FIELDS as readonly string[]).includes(name)) return [name, walked];
        const { description, ...reference } = walked;
        return [name, { description, anyOf: [reference, { type: ['string', 'number'], doNotSuggest: true }] }];
      }),
    );
  }
  return out;
}

/** The schema as the file text written at build time. */
export function jsonSchemaText(): string {
  return `${JSON.stringify(buildJsonSchema(), null, 2)}\n`;
}
