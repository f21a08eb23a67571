import * as assert from 'node:assert/strict';
import { isSecretKey, REDACTED, redactText, redactValue } from '../../../src/core/atlan/redact';

describe('atlan/redact', () => {
  it('recognises secret-shaped keys but not guids', () => {
    for (const key of ['password', 'aws_secret_key', 'AWS_SECRET', 'apiToken', 'api-key', 'externalId', 'aws_external_id', 'Authorization', 'credential', 'postgres_crawler_credential']) {
      assert.equal(isSecretKey(key), true, key);
    }
    for (const key of ['credential_guid', 'credentialGuid', 'defaultCredentialGuid', 'username', 'host', 'name']) {
      assert.equal(isSecretKey(key), false, key);
    }
  });

  it('redacts nested secrets and the access key of a credential body', () => {
    const body = {
      payload: [
        {
          parameter: 'credentialGuid',
          body: { name: 'c', host: 'db', authType: 'iam_user', username: 'AKIAXXXX', password: 'secret-key', extra: { aws_external_id: 'ext', database: 'd' } },
        },
      ],
      inputs: { credential: { password: 'p' }, credential_guid: 'g-1' },
      token: '',
    };
    const out = JSON.stringify(redactValue(body));
    for (const secret of ['AKIAXXXX', 'secret-key', '"ext"', '"p"']) assert.ok(!out.includes(secret), secret);
    assert.ok(out.includes('g-1') && out.includes('"database":"d"') && out.includes('"host":"db"'));
    assert.ok(out.includes('"token":""'), 'empty values stay empty');
  });

  it('redacts free text by pattern and known secrets, and truncates', () => {
    const text = 'Authorization: Bearer abc.def-123 failed; password=hunter2, secret: "x y" token zzzzzzzzzz';
    const out = redactText(text, ['zzzzzzzzzz']);
    assert.ok(!out.includes('abc.def-123') && !out.includes('hunter2') && !out.includes('x y') && !out.includes('zzzzzzzzzz'), out);
    assert.ok(out.includes(REDACTED));
    assert.match(redactText('a'.repeat(50), [], 10), /^a{10}… \(40 more characters\)$/);
  });

  it('redacts JSON text structurally', () => {
    const out = redactText(JSON.stringify({ errorMessage: 'no', causes: [{ password: 'pw' }] }));
    assert.deepEqual(JSON.parse(out), { errorMessage: 'no', causes: [{ password: REDACTED }] });
  });
});
