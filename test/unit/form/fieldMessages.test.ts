import * as assert from 'node:assert/strict';
import { parseConfig } from '../../../src/core/config/parse';
import { messageUnderField } from '../../../src/features/form/fieldMessages';

/** Under its own field, an issue does not repeat the internal path its label already stands for. */
describe('form: messages under a field', () => {
  it('drops the leading path of parseConfig\'s messages and capitalises what is left', () => {
    const text = `{ "connectionName": "c", "admins": { "roles": ["$admin"] },
      "extraction": { "method": "direct", "host": "db", "port": 70000, "database": "d",
        "auth": { "type": "basic", "username": "u", "password": { "secret": "s" } } },
      "schedule": { "cron": "0 0 30 2 *" } }`;
    const shown = parseConfig(text).issues.map((i) => messageUnderField(i.path, i.message));
    assert.ok(shown.includes('Never fires (this schedule never runs): day-of-month "30" does not occur in month "2"'), shown.join('\n'));
    assert.ok(shown.some((m) => /^Must be between 1 and 65535/.test(m)), shown.join('\n'));
    assert.ok(shown.every((m) => !/schedule\.cron|extraction\.port/.test(m)), shown.join('\n'));
  });

  it('leaves a message that does not start with its path as it is', () => {
    assert.equal(messageUnderField(['schedule', 'cron'], 'A message of its own'), 'A message of its own');
    assert.equal(messageUnderField([], 'the file is empty'), 'the file is empty');
  });
});
