/** Per-profile overrides: the configuration one profile's tenant sees, and recording its workflow. */
import assert from 'node:assert/strict';
import { parseConfig } from '../../../src/core/config/parse';
import { parse } from 'jsonc-parser';
import { configForProfile, profileProblem, recordedWorkflowFor } from '../../../src/core/config/profiles';
import { draftToConfig, configToDraft } from '../../../src/features/form/formDraft';
import { overridesNote, profileOverrides } from '../../../src/features/form/profileOverrides';
import { rewriteConfigText } from '../../../src/features/configFiles/jsonTextEdits';
import { setProfileWorkflowName } from '../../../src/core/config/write';

const TEXT = `{
  "connectionName": "orders",
  "workflow": "atlan-postgres-1700000000", // development's, from before profiles
  "admins": { "users": ["jane"] },
  "extraction": { "method": "direct", "host": "db.dev", "database": "orders", "auth": { "type": "basic", "username": "crawler", "password": { "secret": "pg" } } },
  "profiles": {
    // Production: another host and its own admins.
    "prod": { "workflow": "atlan-postgres-1800000000", "extraction": { "host": "db.prod", "port": 6432 }, "admins": { "roles": ["$admin"] } }
  }
}
`;

describe('config profiles', () => {
  it('applies the profile\'s overrides and takes the workflow from the profile only', () => {
    const { config, issues } = parseConfig(TEXT);
    assert.ok(config, JSON.stringify(issues));
    const prod = configForProfile(config, 'prod');
    assert.equal(prod.workflow, 'atlan-postgres-1800000000');
    assert.deepEqual(prod.admins, { roles: ['$admin'] });
    assert.deepEqual(prod.extraction.method === 'direct' && [prod.extraction.host, prod.extraction.port, prod.extraction.database], ['db.prod', 6432, 'orders']);
    const staging = configForProfile(config, 'staging');
    assert.equal(staging.workflow, undefined, 'a profile without a record has none, whatever the top level says');
    assert.equal(staging.extraction.method === 'direct' && staging.extraction.host, 'db.dev');
    assert.equal(configForProfile(config, undefined), config);
    assert.equal(profileProblem(config, 'prod'), undefined);
  });

  it('validates overrides like the values they replace', () => {
    const bad = parseConfig(TEXT.replace('"host": "db.prod"', '"host": "https://db.prod"').replace('"port": 6432', '"port": 0').replace('"prod": {', '"prod": { "rowLimit": 5,'));
    assert.equal(bad.config, undefined);
    const paths = bad.issues.map((i) => i.path.join('.'));
    assert.ok(paths.includes('profiles.prod.extraction.host'), paths.join(' '));
    assert.ok(paths.includes('profiles.prod.extraction.port'), paths.join(' '));
    assert.ok(paths.some((p) => p.startsWith('profiles.prod')) && bad.issues.some((i) => /rowLimit/.test(i.message)), bad.issues.map((i) => i.message).join(' | '));
  });

  it('records a profile\'s workflow keeping comments and the other profiles', () => {
    const text = setProfileWorkflowName(setProfileWorkflowName(TEXT, 'dev', 'atlan-postgres-1700000001'), 'prod', 'atlan-postgres-1800000001');
    const { config } = parseConfig(text);
    assert.equal(config?.profiles?.dev?.workflow, 'atlan-postgres-1700000001');
    assert.equal(config?.profiles?.prod?.workflow, 'atlan-postgres-1800000001');
    assert.equal(config?.profiles?.prod?.extraction?.host, 'db.prod');
    assert.equal(config?.workflow, 'atlan-postgres-1700000000');
    assert.match(text, /\/\/ Production: another host and its own admins\./);
    assert.match(text, /\/\/ development's, from before profiles/);
  });

  it('names the workflow recorded for the profile\'s tenant, even in a file that does not validate (lenses)', () => {
    const value: unknown = parse(TEXT);
    assert.equal(recordedWorkflowFor(value, undefined), 'atlan-postgres-1700000000');
    assert.equal(recordedWorkflowFor(value, 'prod'), 'atlan-postgres-1800000000');
    assert.equal(recordedWorkflowFor(value, 'staging'), undefined, 'never the top-level one for a profile');
    assert.equal(recordedWorkflowFor(parse(TEXT.replace('"connectionName": "orders"', '"connectionName": 7')), 'prod'), 'atlan-postgres-1800000000');
    assert.equal(recordedWorkflowFor({ profiles: { prod: { workflow: '' } } }, 'prod'), undefined);
    assert.equal(recordedWorkflowFor('not an object', undefined), undefined);
  });

  it('the form edits the base values and keeps every override when it saves', () => {
    const value = parse(TEXT) as Record<string, unknown>;
    const draft = configToDraft(value);
    const edited = structuredClone(draft);
    edited.extraction.host = 'db.dev2';
    edited.connectionName = 'orders-2';
    const saved = draftToConfig(edited, draft, value);
    assert.deepEqual(saved.profiles, value.profiles, 'the overrides are kept as they were');
    const text = rewriteConfigText(TEXT, saved);
    assert.match(text, /\/\/ Production: another host and its own admins\./);
    const { config } = parseConfig(text);
    assert.equal(config?.extraction.method === 'direct' && config.extraction.host, 'db.dev2');
    assert.equal(config?.profiles?.prod?.extraction?.host, 'db.prod', 'the override still wins for prod');
    assert.equal(config && configForProfile(config, 'prod').connectionName, 'orders-2');
  });

  it('tells the form which profiles override what', () => {
    const overrides = profileOverrides(parse(TEXT) as Record<string, unknown>);
    assert.deepEqual(overrides, [{ profile: 'prod', paths: ['workflow', 'extraction.host', 'extraction.port', 'admins'] }]);
    assert.match(overridesNote(overrides), /the profile "prod" \(workflow, extraction\.host, extraction\.port, admins\)\. The form edits the base values; the overrides are kept/);
    assert.deepEqual(profileOverrides({ connectionName: 'x' }), []);
    assert.deepEqual(profileOverrides({ profiles: { dev: {} } }), [{ profile: 'dev', paths: [] }]);
  });
});
