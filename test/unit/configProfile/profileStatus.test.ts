import * as assert from 'node:assert/strict';
import { profileStatus } from '../../../src/features/configProfile/profileStatus';

describe('profileStatus', () => {
  it('says a profile chosen for the workspace is the workspace\'s, and what the setting says underneath', () => {
    const status = profileStatus({ name: 'prod', from: 'workspace' }, 'staging');
    assert.equal(status.text, '$(layers) prod (workspace)');
    assert.match(status.tooltip, /profiles\.prod overrides apply, chosen for this workspace \(the setting atlan\.profile says "staging"\)/);
    assert.match(status.tooltip, /use the setting/);
  });

  it('says "none" chosen for the workspace overrides a setting that names a profile', () => {
    const status = profileStatus({ name: undefined, from: 'workspace' }, 'prod');
    assert.equal(status.text, '$(layers) No profile (workspace)');
    assert.match(status.tooltip, /no profile, the configuration files apply as written, chosen for this workspace \(the setting atlan\.profile says "prod"\)/);
  });

  it('says a profile from the setting comes from the setting', () => {
    const status = profileStatus({ name: 'prod', from: 'setting' }, 'prod');
    assert.equal(status.text, '$(layers) prod (setting)');
    assert.match(status.tooltip, /the setting atlan\.profile says "prod"/);
  });

  it('shows plain "No profile" when nothing is chosen and the setting is empty', () => {
    const status = profileStatus({ name: undefined, from: 'setting' }, undefined);
    assert.equal(status.text, '$(layers) No profile');
    assert.match(status.tooltip, /the setting atlan\.profile is empty/);
  });
});
