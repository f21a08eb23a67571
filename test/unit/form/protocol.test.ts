import * as assert from 'node:assert/strict';
import { emptyDraft } from '../../../src/features/form/formDraft';
import { fieldKeyOf, parseFromWebview, parseToWebview } from '../../../src/features/form/protocol';

describe('form protocol', () => {
  it('accepts every webview message in its exact shape', () => {
    const draft = emptyDraft();
    const messages = [
      { type: 'ready' },
      { type: 'ready', state: { draft, initialDraft: draft, rev: 3, fileUri: 'file:///w/a.atlan-postgres.json' } },
      { type: 'draftChanged', rev: 4, draft },
      { type: 'storeSecret', field: 'password', name: 'warehouse-prod', value: 'pw' },
      { type: 'moveLiteralSecret', field: 'secretKey', name: 'k' },
      ...['testConnection', 'runPreflight', 'loadDirectory', 'save', 'saveAndSubmit', 'previewPayload', 'previewScope', 'signIn', 'openFile', 'reloadFromFile'].map((type) => ({ type })),
    ];
    for (const m of messages) assert.ok(parseFromWebview(m).ok, JSON.stringify(m));
  });

  it('refuses unknown types, extra keys and bad secret names, naming the path and never the value', () => {
    const secret = 'correct horse battery staple';
    const cases: [unknown, RegExp][] = [
      [{ type: 'deleteEverything' }, /type/],
      [{ type: 'save', force: true }, /force|Unrecognized/i],
      [{ type: 'storeSecret', field: 'password', name: 'has space?'.repeat(10), value: secret }, /name/],
      [{ type: 'storeSecret', field: 'token', name: 'n', value: secret }, /field/],
      [{ type: 'storeSecret', field: 'password', name: 'n', value: '' }, /value/],
      [{ type: 'draftChanged', rev: -1, draft: emptyDraft() }, /rev/],
      ['not an object', /message|expected/i],
    ];
    for (const [message, why] of cases) {
      const parsed = parseFromWebview(message);
      assert.equal(parsed.ok, false, JSON.stringify(message));
      if (!parsed.ok) {
        assert.match(parsed.error, why);
        assert.equal(parsed.error.includes(secret), false, 'the error echoes the secret');
      }
    }
  });

  it('checks what the extension posts too (no secret field can ride along)', () => {
    assert.ok(parseToWebview({ type: 'secretStatus', secrets: { a: true } }).ok);
    assert.equal(parseToWebview({ type: 'secretStatus', secrets: { a: true }, value: 'pw' }).ok, false);
    assert.equal(parseToWebview({ type: 'testResult', results: [{ target: 'tenant', status: 'maybe', message: '' }] }).ok, false);
  });

  it('maps issue paths to the form field that shows them', () => {
    assert.equal(fieldKeyOf(['extraction', 'auth', 'password', 'secret']), 'extraction.auth.password');
    assert.equal(fieldKeyOf(['extraction', 'port']), 'extraction.port');
    assert.equal(fieldKeyOf(['include', 'analytics', 0]), 'include');
    assert.equal(fieldKeyOf(['schedule', 'cron']), 'schedule.cron');
    assert.equal(fieldKeyOf(['admins']), 'admins');
    assert.equal(fieldKeyOf([]), '');
  });
});
