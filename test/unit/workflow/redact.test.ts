import assert from 'node:assert/strict';
import { CrawlerConfigSchema } from '../../../src/core/config/model';
import { buildCrawler } from '../../../src/core/workflow/build';
import { REDACTED, redactCrawler, redactValue } from '../../../src/core/workflow/redact';
import { GOLDEN_CASES, goldenContext } from './goldenCases';

describe('redactCrawler', () => {
  for (const golden of GOLDEN_CASES.slice(0, 3)) {
    it(`hides every secret of ${golden.fixture} and nothing else`, () => {
      const built = buildCrawler(golden.config, goldenContext(golden.secrets), 'workflows');
      const redacted = redactCrawler(built);
      const text = JSON.stringify(redacted);
      for (const secret of Object.values(golden.secrets)) {
        assert.equal(JSON.stringify(built).includes(secret), true, 'the unredacted build carries the secret');
        assert.equal(text.includes(secret), false, `"${secret}" must not survive redaction`);
      }
      assert.equal(text.includes(REDACTED), true);
      assert.equal(text.includes('test.com'), true, 'non-secret fields stay');
      assert.equal(text.includes('test-user'), true);
    });
  }

  it('hides the App API inline credential secrets', () => {
    const config = CrawlerConfigSchema.parse({
      connectionName: 'c',
      admins: { users: ['u'] },
      extraction: {
        method: 'direct',
        host: 'h',
        database: 'd',
        auth: { type: 'iam_role', username: 'u', roleArn: 'arn:aws:iam::123456789012:role/r', externalId: { secret: 'x' }, awsRegion: 'eu-west-1' },
      },
    });
    const built = buildCrawler(config, { epoch: 1, adminRoleIds: [], secrets: new Map([['x', 'very-secret-ext']]) }, 'apps');
    const redacted = redactCrawler(built);
    assert.equal(JSON.stringify(redacted).includes('very-secret-ext'), false);
    assert.equal(redacted.surface === 'apps' && (redacted.body.inputs.credential as { extra: Record<string, string> }).extra.aws_external_id, REDACTED);
  });

  it('does not modify its input', () => {
    const input = { body: { password: 'p', nested: [{ secretKey: 'k' }] } };
    const out = redactValue(input);
    assert.deepStrictEqual(out, { body: { password: REDACTED, nested: [{ secretKey: REDACTED }] } });
    assert.equal(input.body.password, 'p');
  });
});
