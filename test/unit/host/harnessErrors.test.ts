import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { freePort } from '../../host/processes';
import { desktopVsCode, probeInternet } from '../../host/runDesktop';
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
  // An empty cache: a desktop VS Code downloaded earlier on this machine must not change the outcome.
  const cacheHome = process.env.XDG_CACHE_HOME;
  let emptyCache: string;
  before(() => {
    emptyCache = fs.mkdtempSync(path.join(os.tmpdir(), 'atlan-empty-cache-'));
    process.env.XDG_CACHE_HOME = emptyCache;
  });
  after(() => {
    if (cacheHome === undefined) delete process.env.XDG_CACHE_HOME;
    else process.env.XDG_CACHE_HOME = cacheHome;
    fs.rmSync(emptyCache, { recursive: true, force: true });
  });

  it('lists pgrep with the Debian package that provides it', () => {
    const pgrep = SYSTEM_REQUIREMENTS.find((r) => r.what.startsWith('pgrep'));
    assert.ok(pgrep, 'pgrep is not a system requirement');
    assert.equal(pgrep.install, 'apt-get install -y procps');
    assert.throws(() => checkSystemRequirements([{ ...pgrep, present: () => false }]), /apt-get update && apt-get install -y procps/);
  });

  it('test:desktop fails at once, without trying to download, when the download host is unreachable', async () => {
    let starts = 0;
    await assert.rejects(
      desktopVsCode(
        () => {
          starts++;
          return Promise.resolve('/never');
        },
        () => Promise.resolve('update.code.visualstudio.com: ENOTFOUND'),
      ),
      (err: Error) => {
        assert.match(err.message, /could not download VS Code 1\.100\.3/);
        assert.match(err.message, /update\.code\.visualstudio\.com: ENOTFOUND/);
        assert.match(err.message, /npm run test:integration/);
        return true;
      },
    );
    assert.equal(starts, 0);
  });

  it('test:desktop explains a failed download the same way', async () => {
    let starts = 0;
    await assert.rejects(
      desktopVsCode(
        () => {
          starts++;
          return Promise.reject(new Error('getaddrinfo ENOTFOUND update.code.visualstudio.com'));
        },
        () => Promise.resolve(undefined),
      ),
      (err: Error) => {
        assert.match(err.message, /could not download VS Code 1\.100\.3/);
        assert.match(err.message, /ENOTFOUND/);
        assert.match(err.message, /npm run test:integration/);
        return true;
      },
    );
    assert.equal(starts, 1);
  });

  it('the internet probe reports a closed port quickly instead of hanging', async () => {
    const port = await freePort();
    const problem = await probeInternet('127.0.0.1', 2000, port);
    // A refusal, not the 2 s timeout's message: the probe did not wait it out (no wall-clock check, which a busy machine fails).
    assert.match(problem ?? '', /ECONNREFUSED/);
  });
});
