import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse } from 'jsonc-parser';
import { parseConfig } from '../../../src/core/config/parse';
import { formatConfig } from '../../../src/core/config/write';
import { configToDraft, defaultSecretName, draftToConfig, emptyDraft, FormDraftSchema, rowsToFilter } from '../../../src/features/form/formDraft';
import { rewriteConfigText } from '../../../src/features/configFiles/jsonTextEdits';

const CONFIGS = path.resolve(__dirname, '..', '..', '..', '..', 'test', 'fixtures', 'configs');
const fixture = (name: string): string => fs.readFileSync(path.join(CONFIGS, name), 'utf8');

describe('form draft', () => {
  for (const file of fs.readdirSync(CONFIGS).filter((f) => f.endsWith('.atlan-postgres.json'))) {
    it(`round-trips ${file} without a change`, () => {
      const text = fixture(file);
      const value: unknown = parse(text, [], { allowTrailingComma: true });
      const draft = configToDraft(value);
      assert.ok(FormDraftSchema.safeParse(draft).success);
      const back = draftToConfig(structuredClone(draft), draft, value);
      assert.deepEqual(back, value);
    });
  }

  it('writes a valid configuration for a completed new draft, defaults explicit', () => {
    const draft = emptyDraft();
    draft.connectionName = 'warehouse';
    draft.admins.roles = ['$admin'];
    draft.extraction.host = 'db.internal';
    draft.extraction.database = 'analytics';
    draft.extraction.username = 'crawler';
    draft.include = [{ database: 'analytics', schemas: ['public'] }];
    const config = draftToConfig(draft);
    const parsed = parseConfig(formatConfig(config as never));
    assert.deepEqual(parsed.issues, []);
    assert.deepEqual(config.extraction, {
      method: 'direct',
      host: 'db.internal',
      port: 5432,
      database: 'analytics',
      auth: { type: 'basic', username: 'crawler', password: { secret: 'warehouse' } },
    });
    assert.equal(config.rowLimit, 10000);
    assert.equal('exclude' in config, false, 'an empty filter stays implicit');
    assert.equal('schedule' in config, false);
  });

  it('writes only the changed field into the current file value', () => {
    const text = fixture('iam-role.atlan-postgres.json');
    const value = parse(text) as Record<string, unknown>;
    const initial = configToDraft(value);
    const draft = structuredClone(initial);
    draft.extraction.database = 'reporting2';
    // Someone edited another field in the editor meanwhile: it survives.
    const current = structuredClone(value);
    current.connectionName = 'renamed-in-editor';
    const out = draftToConfig(draft, initial, current);
    assert.equal(out.connectionName, 'renamed-in-editor');
    assert.equal((out.extraction as { database: string }).database, 'reporting2');
    assert.equal('port' in (out.extraction as object), false, 'the implicit default port stays implicit');
  });

  it('switching the authentication type drops the other type\'s fields and names the secret', () => {
    const value = parse(fixture('warehouse-prod.atlan-postgres.json')) as Record<string, unknown>;
    const initial = configToDraft(value);
    const draft = structuredClone(initial);
    draft.extraction.authType = 'iam_user';
    draft.extraction.accessKey = 'AKIA123';
    const auth = (draftToConfig(draft, initial, value).extraction as { auth: unknown }).auth;
    assert.deepEqual(auth, { type: 'iam_user', username: 'crawler', accessKey: 'AKIA123', secretKey: { secret: 'warehouse-prod-aws-secret-key' } });
  });

  it('switching to offline S3 keeps only S3 fields', () => {
    const value = parse(fixture('warehouse-prod.atlan-postgres.json')) as Record<string, unknown>;
    const initial = configToDraft(value);
    const draft = structuredClone(initial);
    draft.extraction.method = 's3';
    draft.extraction.bucket = 'b';
    draft.extraction.prefix = 'p';
    assert.deepEqual(draftToConfig(draft, initial, value).extraction, { method: 's3', bucket: 'b', prefix: 'p' });
  });

  it('never carries a plain-text secret: the draft marks it, and an untouched save keeps the file as is', () => {
    const value = parse(fixture('invalid-many.atlan-postgres.json')) as Record<string, unknown>;
    const draft = configToDraft(value);
    assert.deepEqual(draft.extraction.password, { kind: 'literal' });
    assert.equal(JSON.stringify(draft).includes('hunter2'), false);
    const changed = structuredClone(draft);
    changed.connectionName = 'x';
    const out = draftToConfig(changed, draft, value);
    assert.equal((out.extraction as { auth: { password: string } }).auth.password, 'hunter2');
  });

  it('disabling the schedule removes it; changing the cron keeps the timezone as written', () => {
    const value = parse(fixture('warehouse-prod.atlan-postgres.json')) as Record<string, unknown>;
    const initial = configToDraft(value);
    const off = structuredClone(initial);
    off.schedule.enabled = false;
    assert.equal('schedule' in draftToConfig(off, initial, value), false);
    const cron = structuredClone(initial);
    cron.schedule.cron = '0 1 * * *';
    assert.deepEqual(draftToConfig(cron, initial, value).schedule, { cron: '0 1 * * *', timezone: 'Europe/Paris' });
  });

  it('keeps text that is not a number for validation to report', () => {
    const draft = emptyDraft();
    draft.extraction.port = '54a';
    draft.rowLimit = '';
    const out = draftToConfig(draft);
    assert.equal((out.extraction as { port: unknown }).port, '54a');
    assert.equal('rowLimit' in out, false);
  });

  it('merges filter rows of one database and skips rows still being typed', () => {
    assert.deepEqual(
      rowsToFilter([
        { database: 'a', schemas: ['x'] },
        { database: '', schemas: ['y'] },
        { database: 'a', schemas: ['x', 'z'] },
      ]),
      { a: ['x', 'z'] },
    );
  });

  it('derives secret names from the connection name within 64 characters', () => {
    assert.equal(defaultSecretName('warehouse prod', 'password'), 'warehouse-prod');
    assert.equal(defaultSecretName('', 'externalId'), 'postgres-external-id');
    assert.equal(defaultSecretName('x'.repeat(80), 'secretKey').length, 64);
  });
});

describe('rewriteConfigText', () => {
  it('changes one value in place and keeps comments and layout', () => {
    const text = fixture('warehouse-prod.atlan-postgres.json');
    const value = parse(text) as Record<string, unknown>;
    const target = structuredClone(value);
    (target.extraction as { database: string }).database = 'analytics2';
    const out = rewriteConfigText(text, target);
    assert.equal(out, text.replace('"database": "analytics"', '"database": "analytics2"'));
  });

  it('adds a property where the documented key order puts it, in the file\'s indentation', () => {
    const text = fixture('iam-role.atlan-postgres.json');
    const target = parse(text) as Record<string, unknown>;
    target.rowLimit = 500;
    const out = rewriteConfigText(text, target);
    assert.deepEqual(parse(out), target);
    assert.ok(out.indexOf('"rowLimit"') > out.indexOf('"admins"') && out.indexOf('"rowLimit"') < out.indexOf('"extraction"'), out);
    assert.match(out, /\n {2}"rowLimit": 500,\n/);
  });

  it('removes properties and keeps a one-line value on one line', () => {
    const text = fixture('warehouse-prod.atlan-postgres.json');
    const target = parse(text) as Record<string, unknown>;
    delete target.schedule;
    (target.admins as { roles: string[] }).roles = ['$admin', '$member'];
    const out = rewriteConfigText(text, target);
    assert.deepEqual(parse(out), target);
    assert.match(out, /"roles": \["\$admin", "\$member"\]/);
    assert.equal(out.includes('schedule'), false);
    assert.ok(out.includes('// The production warehouse crawler.'));
  });

  it('refuses text with syntax errors', () => {
    assert.throws(() => rewriteConfigText('{ "a": ', {}), /syntax errors/);
  });
});
