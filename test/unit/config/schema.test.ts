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

  it('leaves a secret written into the file to parseConfig, so the editor shows one message for it, not two', () => {
    const validate = new Ajv({ strict: false }).compile(schema);
    const config = (auth: string) => `{
      "connectionName": "c", "admins": { "roles": ["$admin"] },
      "extraction": { "method": "direct", "host": "db", "database": "d", "auth": ${auth} } }`;
    for (const auth of [
      '{ "type": "basic", "username": "u", "password": "hunter2" }',
      '{ "type": "iam_user", "username": "u", "accessKey": "AKIA", "secretKey": 12345 }',
      '{ "type": "iam_role", "username": "u", "roleArn": "arn:aws:iam::123456789012:role/r", "externalId": "ext" }',
    ]) {
      const text = config(auth);
      assert.equal(validate(parse(text)), true, `the JSON Schema flags the literal secret too: ${JSON.stringify(validate.errors)}`);
      assert.deepStrictEqual(parseConfig(text).issues.map((i) => i.code), ['literal-secret']);
    }
    // What completion offers stays the reference, and a wrong reference is still flagged.
    const password = properties(schema).find(([path]) => path === 'extraction.auth.password')?.[1];
    assert.equal((password?.anyOf as Schema[] | undefined)?.[0]?.type, 'object', `the reference is not the first alternative of password: ${JSON.stringify(password)}`);
    assert.equal(validate(parse(config('{ "type": "basic", "username": "u", "password": { "secret": "a b" } }'))), false);
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
