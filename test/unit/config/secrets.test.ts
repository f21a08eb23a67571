import assert from 'node:assert/strict';
import { CrawlerConfigSchema } from '../../../src/core/config/model';
import { MissingSecretsError, cliSecretEnvName, envSecretLookup, listSecretRefs, resolveSecrets } from '../../../src/core/config/secrets';

const withAuth = (auth: unknown) =>
  CrawlerConfigSchema.parse({ connectionName: 'c', admins: { users: ['u'] }, extraction: { method: 'direct', host: 'h', database: 'd', auth } });

describe('secret references', () => {
  it('lists the reference of each auth type', () => {
    assert.deepStrictEqual(listSecretRefs(withAuth({ type: 'basic', username: 'u', password: { secret: 'pw' } })), [
      { name: 'pw', path: ['extraction', 'auth', 'password'], label: 'database password' },
    ]);
    assert.deepStrictEqual(listSecretRefs(withAuth({ type: 'iam_user', username: 'u', accessKey: 'A', secretKey: { secret: 'sk' } })).map((r) => r.name), ['sk']);
    assert.deepStrictEqual(
      listSecretRefs(withAuth({ type: 'iam_role', username: 'u', roleArn: 'arn:aws:iam::123456789012:role/r', externalId: { secret: 'ext' } })).map((r) => r.label),
      ['AWS external id'],
    );
    assert.deepStrictEqual(listSecretRefs(withAuth({ type: 'iam_role', username: 'u', roleArn: 'arn:aws:iam::123456789012:role/r' })), []);
    const s3 = CrawlerConfigSchema.parse({ connectionName: 'c', admins: { users: ['u'] }, extraction: { method: 's3', bucket: 'b', prefix: 'p' } });
    assert.deepStrictEqual(listSecretRefs(s3), []);
  });

  it('names the CLI environment variable', () => {
    assert.equal(cliSecretEnvName('warehouse-prod'), 'ATLAN_SECRET_WAREHOUSE_PROD');
    assert.equal(cliSecretEnvName('a.b_c-D9'), 'ATLAN_SECRET_A_B_C_D9');
  });

  it('resolves through the injected lookup', async () => {
    const secrets = await resolveSecrets(withAuth({ type: 'basic', username: 'u', password: { secret: 'warehouse-prod' } }), envSecretLookup({ ATLAN_SECRET_WAREHOUSE_PROD: 'v' }));
    assert.deepStrictEqual([...secrets], [['warehouse-prod', 'v']]);
  });

  it('lists every missing secret and where to set it, never a value', async () => {
    const config = withAuth({ type: 'iam_user', username: 'u', accessKey: 'A', secretKey: { secret: 'aws-prod' } });
    await assert.rejects(resolveSecrets(config, envSecretLookup({ ATLAN_SECRET_AWS_PROD: '' })), (e: unknown) => {
      assert.ok(e instanceof MissingSecretsError);
      assert.deepStrictEqual(e.missing.map((m) => m.name), ['aws-prod']);
      assert.equal(e.message, 'missing secret: "aws-prod" (AWS secret key, extraction.auth.secretKey): set the environment variable ATLAN_SECRET_AWS_PROD');
      return true;
    });
    await assert.rejects(
      resolveSecrets(config, () => Promise.resolve(undefined), { whereToSet: (name) => `run "Atlan: Set Secret" for ${name}` }),
      /run "Atlan: Set Secret" for aws-prod/,
    );
  });
});
