import * as assert from 'node:assert/strict';
import * as net from 'node:net';
import { freePort } from '../../host/processes';
import { desktopVsCode } from '../../host/runDesktop';
import { checkSystemRequirements, SYSTEM_REQUIREMENTS } from '../../host/vscodeHostInstall';

describe('test harness errors', () => {
  it('names every missing system package and how to install it', () => {
    assert.throws(
      () =>
        checkSystemRequirements([
          { what: 'Chromium', present: () => false, install: 'apt-get install -y chromium' },
          { what: 'ripgrep', present: () => true, install: 'apt-get install -y ripgrep' },
          { what: 'Kerberos headers', present: () => false, install: 'apt-get install -y libkrb5-dev' },
        ]),
      (err: Error) => {
        assert.match(err.message, /Chromium: apt-get install -y chromium/);
        assert.match(err.message, /apt-get install -y chromium libkrb5-dev/);
        assert.doesNotMatch(err.message, /ripgrep/);
        return true;
      },
    );
  });

  it('says which port is busy instead of hanging', async () => {
    const blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as net.AddressInfo).port;
    try {
      await assert.rejects(freePort(port), new RegExp(`Port ${port} on 127\\.0\\.0\\.1 is busy`));
    } finally {
      blocker.close();
    }
  });

  it('hands out a free port when none is requested', async () => {
    const port = await freePort();
    assert.ok(port > 0 && port < 65536);
  });
});

describe('test harness requirements', () => {
  it('lists pgrep with the Debian package that provides it', () => {
    const pgrep = SYSTEM_REQUIREMENTS.find((r) => r.what.startsWith('pgrep'));
    assert.ok(pgrep, 'pgrep is not a system requirement');
    assert.equal(pgrep.install, 'apt-get install -y procps');
    assert.throws(() => checkSystemRequirements([{ ...pgrep, present: () => false }]), /apt-get update && apt-get install -y procps/);
  });

  it('test:desktop fails at once with what it needs when VS Code cannot be downloaded', async () => {
    let starts = 0;
    await assert.rejects(
      desktopVsCode(() => {
        starts++;
        return Promise.reject(new Error('getaddrinfo ENOTFOUND update.code.visualstudio.com'));
      }),
      (err: Error) => {
        assert.match(err.message, /could not download VS Code 1\.100\.3/);
        assert.match(err.message, /ENOTFOUND/);
        assert.match(err.message, /npm run test:integration/);
        return true;
      },
    );
    assert.equal(starts, 1);
  });
});
