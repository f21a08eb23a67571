import * as assert from 'node:assert/strict';
import { parse } from 'jsonc-parser';
import { parseConfig } from '../../../src/core/config/parse';
import type { IssueCode } from '../../../src/core/config/issues';
import { quickFixesFor } from '../../../src/features/configFiles/quickFixEdits';

const BASE = {
  connectionName: 'c',
  admins: { roles: ['$admin'] },
  extraction: { method: 'direct', host: 'db', port: 5432, database: 'd', auth: { type: 'basic', username: 'u', password: { secret: 's' } } },
};

function withChange(change: (v: typeof BASE & Record<string, unknown>) => void): string {
  const value = structuredClone(BASE) as typeof BASE & Record<string, unknown>;
  change(value);
  return `{\n  // comment kept\n${JSON.stringify(value, null, 2).slice(2)}`;
}

/** Applies the first edit fix for the first issue with `code`; returns the new text. */
function fix(text: string, code: IssueCode): string {
  const issue = parseConfig(text).issues.find((i) => i.code === code);
  assert.ok(issue, `no ${code} issue in ${text}`);
  const edit = quickFixesFor(text, issue).find((f) => f.kind === 'edit');
  assert.ok(edit && edit.kind === 'edit', `no fix for ${code}`);
  const r = edit.replacement;
  return text.slice(0, r.offset) + r.text + text.slice(r.offset + r.length);
}

function assertValid(text: string): void {
  assert.deepEqual(parseConfig(text).issues.filter((i) => i.severity === 'error'), []);
  assert.ok(text.includes('// comment kept'));
}

describe('quick fixes', () => {
  it('port-type: unquotes the port', () => {
    const out = fix(withChange((v) => ((v.extraction as { port: unknown }).port = '5433')), 'port-type');
    assertValid(out);
    assert.match(out, /"port": 5433/);
  });

  it('missing-admin: adds $admin when admins is absent or empty', () => {
    for (const text of [withChange((v) => delete (v as Partial<typeof BASE>).admins), withChange((v) => (v.admins = {} as never))]) {
      const out = fix(text, 'missing-admin');
      assertValid(out);
      assert.deepEqual((parse(out) as typeof BASE).admins, { roles: ['$admin'] });
    }
  });

  it('literal-secret: offers the move to secret storage (a command, not an edit)', () => {
    const text = withChange((v) => ((v.extraction.auth as { password: unknown }).password = 'hunter2'));
    const issue = parseConfig(text).issues.find((i) => i.code === 'literal-secret')!;
    assert.deepEqual(quickFixesFor(text, issue), [{ title: 'Move to secret storage', kind: 'moveSecret', path: ['extraction', 'auth', 'password'] }]);
  });

  it('literal-secret: a numeric password is moved too; a secret under a wire spelling gets no move (its key is unknown)', () => {
    const numeric = withChange((v) => ((v.extraction.auth as { password: unknown }).password = 12345678));
    const issue = parseConfig(numeric).issues.find((i) => i.code === 'literal-secret')!;
    assert.deepEqual(quickFixesFor(numeric, issue).map((f) => f.kind), ['moveSecret']);
    const wire = withChange((v) => ((v.extraction.auth as Record<string, unknown>).aws_secret_access_key = 'abcdefgh'));
    const wireIssue = parseConfig(wire).issues.find((i) => i.code === 'literal-secret' && i.path.at(-1) === 'aws_secret_access_key');
    assert.ok(wireIssue, 'the wire spelling is reported');
    assert.deepEqual(quickFixesFor(wire, wireIssue).filter((f) => f.kind === 'moveSecret'), []);
  });

  it('unknown-key: renames a typo to the suggested key, unless that key exists', () => {
    const out = fix(withChange((v) => (v.alowQuery = false)), 'unknown-key');
    assertValid(out);
    assert.equal((parse(out) as { allowQuery: boolean }).allowQuery, false);
    const taken = withChange((v) => Object.assign(v, { allowQuery: true, alowQuery: false }));
    const issue = parseConfig(taken).issues.find((i) => i.code === 'unknown-key')!;
    assert.deepEqual(quickFixesFor(taken, issue), []);
  });

  it('unknown-timezone, invalid-cron, invalid-host: the obvious corrections', () => {
    assertValid(fix(withChange((v) => (v.schedule = { cron: '0 1 * * *', timezone: 'europe/paris' })), 'unknown-timezone'));
    const cron = fix(withChange((v) => (v.schedule = { cron: '@daily' })), 'invalid-cron');
    assertValid(cron);
    assert.match(cron, /"cron": "0 0 \* \* \*"/);
    const scheme = fix(withChange((v) => (v.extraction.host = 'postgres://db.internal:5432/x')), 'invalid-host');
    assertValid(scheme);
    assert.match(scheme, /"host": "db.internal"/);
    const port = fix(withChange((v) => (v.extraction.host = 'db.internal:6432')), 'invalid-host');
    assertValid(port);
    assert.deepEqual([(parse(port) as typeof BASE).extraction.host, (parse(port) as typeof BASE).extraction.port], ['db.internal', 6432]);
  });

  it('duplicate-entry: removes the repeat', () => {
    const out = fix(withChange((v) => (v.admins = { roles: ['$admin', '$admin'] })), 'duplicate-entry');
    assert.deepEqual((parse(out) as typeof BASE).admins.roles, ['$admin']);
  });
});
