import * as assert from 'node:assert/strict';
import * as net from 'node:net';
import { freePort } from '../../host/processes';
import { checkSystemRequirements } from '../../host/vscodeHostInstall';

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
