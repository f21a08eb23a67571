import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import type { CrawlerConfigInput } from '../../../src/core/config/model';
import { parseConfig } from '../../../src/core/config/parse';
import { formatConfig, setWorkflowName } from '../../../src/core/config/write';
import { fixturePath } from '../workflow/goldenCases';

describe('formatConfig', () => {
  it('writes 2-space JSON with the documented key order, whatever the input order', () => {
    const config: CrawlerConfigInput = {
      schedule: { timezone: 'UTC', cron: '0 0 * * *' },
      extraction: { auth: { password: { secret: 'pw' }, username: 'u', type: 'basic' }, database: 'd', host: 'h', method: 'direct' },
      admins: { users: ['jane'], roles: ['$admin'] },
      connectionName: 'c',
      include: { zeta: ['b'], alpha: ['a'] },
    };
    const text = formatConfig(config);
    const keys = [...text.matchAll(/^ {2}"([^"]+)"/gm)].map((m) => m[1]);
    assert.deepStrictEqual(keys, ['connectionName', 'admins', 'extraction', 'include', 'schedule']);
    assert.ok(text.indexOf('"roles"') < text.indexOf('"users"'));
    assert.ok(text.indexOf('"method"') < text.indexOf('"host"') && text.indexOf('"host"') < text.indexOf('"auth"'));
    assert.ok(text.indexOf('"type"') < text.indexOf('"username"') && text.indexOf('"username"') < text.indexOf('"password"'));
    assert.ok(text.indexOf('"zeta"') < text.indexOf('"alpha"'), 'database names keep their own order');
    assert.ok(text.indexOf('"cron"') < text.indexOf('"timezone"'));
    assert.ok(text.startsWith('{\n  "connectionName"') && text.endsWith('}\n'));
  });

  it('round trips through parseConfig', () => {
    const original = parseConfig(readFileSync(fixturePath('configs', 'warehouse-prod.atlan-postgres.json'), 'utf8')).config!;
    assert.deepStrictEqual(parseConfig(formatConfig(original)).config, original);
  });
});

describe('setWorkflowName', () => {
  const text = readFileSync(fixturePath('configs', 'warehouse-prod.atlan-postgres.json'), 'utf8');

  it('inserts "workflow" after "profile" and keeps every comment and line', () => {
    const edited = setWorkflowName(text, 'atlan-postgres-1714638976');
    assert.equal(parseConfig(edited).config?.workflow, 'atlan-postgres-1714638976');
    assert.match(edited, /"profile": "sandbox",\n {2}"workflow": "atlan-postgres-1714638976",\n {2}"admins"/);
    assert.equal(edited.replace('  "workflow": "atlan-postgres-1714638976",\n', ''), text);
  });

  it('replaces an existing name in place', () => {
    const once = setWorkflowName(text, 'atlan-postgres-1');
    const twice = setWorkflowName(once, 'atlan-postgres-2');
    assert.equal(twice, once.replace('atlan-postgres-1', 'atlan-postgres-2'));
  });

  it('keeps a trailing line comment on its own property', () => {
    const source = '{\n    // crawler\n    "connectionName": "x", // the name\n    "admins": {}\n}\n';
    assert.equal(setWorkflowName(source, 'w'), '{\n    // crawler\n    "connectionName": "x", // the name\n    "workflow": "w",\n    "admins": {}\n}\n');
  });

  it('keeps CRLF line endings', () => {
    const edited = setWorkflowName('{\r\n  "connectionName": "x",\r\n  "admins": {}\r\n}\r\n', 'w');
    assert.equal(edited, '{\r\n  "connectionName": "x",\r\n  "workflow": "w",\r\n  "admins": {}\r\n}\r\n');
  });

  it('falls back to a formatted insert for other layouts', () => {
    assert.deepStrictEqual(JSON.parse(setWorkflowName('{"connectionName": "x"}', 'w')), { connectionName: 'x', workflow: 'w' });
    assert.deepStrictEqual(JSON.parse(setWorkflowName('{}', 'w')), { workflow: 'w' });
  });

  it('refuses text that is not an object', () => {
    assert.throws(() => setWorkflowName('[1]', 'w'), /does not hold a JSON object/);
    assert.throws(() => setWorkflowName('', 'w'), /does not hold a JSON object/);
  });
});
