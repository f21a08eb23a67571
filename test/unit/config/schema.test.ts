import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import Ajv from 'ajv';
import { parse } from 'jsonc-parser';
import { parseConfig } from '../../../src/core/config/parse';
import { buildJsonSchema } from '../../../src/core/config/schema';
import { fixturePath } from '../workflow/goldenCases';

type Schema = Record<string, unknown>;

/** Every property schema under `properties`, with its path. */
function properties(schema: Schema, path = ''): [string, Schema][] {
  const out: [string, Schema][] = [];
  for (const variant of [schema, ...((schema.oneOf ?? schema.anyOf ?? []) as Schema[])]) {
    for (const [key, child] of Object.entries((variant.properties ?? {}) as Record<string, Schema>)) {
      out.push([`${path}${key}`, child], ...properties(child, `${path}${key}.`));
    }
    if (variant.additionalProperties && typeof variant.additionalProperties === 'object') {
      out.push(...properties(variant.additionalProperties as Schema, `${path}*.`));
    }
  }
  return out;
}

describe('JSON Schema generated from the zod model', () => {
  const schema = buildJsonSchema();

  it('is draft 7, closed, and requires what the model requires', () => {
    assert.equal(schema.$schema, 'http://json-schema.org/draft-07/schema#');
    assert.equal(schema.additionalProperties, false);
    assert.deepStrictEqual(schema.required, ['connectionName', 'admins', 'extraction']);
  });

  it('documents every property (hover docs)', () => {
    const all = properties(schema);
    assert.ok(all.length > 30, `only ${all.length} properties found`);
    const undocumented = all.filter(([, s]) => typeof s.description !== 'string' || s.description === '').map(([p]) => p);
    assert.deepStrictEqual(undocumented, []);
  });

  it('offers the extraction methods and auth types as constants, and the defaults', () => {
    const extraction = (schema.properties as Record<string, Schema>).extraction;
    const methods = (extraction.oneOf as Schema[]).map((v) => ((v.properties as Record<string, Schema>).method).const);
    assert.deepStrictEqual(methods, ['direct', 's3']);
    const props = schema.properties as Record<string, Schema>;
    assert.equal(props.rowLimit.default, 10000);
    assert.equal(props.jdbcInternalMethods.default, true);
  });

  it('agrees with parseConfig on every fixture file (the editor and the CLI accept the same files)', () => {
    // strict: false because allowComments / allowTrailingCommas are VS Code extensions to JSON Schema.
    const validate = new Ajv({ strict: false }).compile(schema);
    const files = readdirSync(fixturePath('configs')).filter((f) => f.endsWith('.atlan-postgres.json'));
    assert.ok(files.length >= 5);
    for (const file of files) {
      const text = readFileSync(fixturePath('configs', file), 'utf8');
      const structurallyValid = parseConfig(text).issues.every((i) => i.severity === 'warning' || ['invalid-regex', 'invalid-cron', 'unknown-timezone', 'missing-admin', 'invalid-host'].includes(i.code));
      assert.equal(validate(parse(text)), structurallyValid, file);
    }
  });
});
